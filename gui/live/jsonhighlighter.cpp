#include "jsonhighlighter.h"

#include "issuecolors.h"

#include <QGuiApplication>
#include <QPalette>

namespace mqhook {

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    updateFormats();
}

void JsonHighlighter::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    rehighlight();
}

void JsonHighlighter::updateFormats()
{
    const bool dark = IssueColors::isDark(QGuiApplication::palette());
    m_key.setForeground(dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x1f, 0x4e, 0x9c));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15));
    m_number.setForeground(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58));
    m_literal.setForeground(dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x00, 0x00, 0xff));
    m_punctuation.setForeground(QGuiApplication::palette().color(QPalette::PlaceholderText));
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    if (!m_enabled)
        return;
    // Pretty JSON keeps strings on one line, so each block stands alone.
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text.at(i);
        if (c == u'"') {
            qsizetype end = i + 1;
            while (end < n && text.at(end) != u'"')
                end += text.at(end) == u'\\' ? 2 : 1;
            end = std::min(end + 1, n);
            qsizetype after = end;
            while (after < n && text.at(after).isSpace())
                ++after;
            const bool key = after < n && text.at(after) == u':';
            setFormat(int(i), int(end - i), key ? m_key : m_string);
            i = end;
        } else if (c == u'-' || c.isDigit()) {
            qsizetype end = i + 1;
            while (end < n &&
                   (text.at(end).isDigit() || QStringView(u".eE+-").contains(text.at(end))))
                ++end;
            setFormat(int(i), int(end - i), m_number);
            i = end;
        } else if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < n && text.at(end).isLetter())
                ++end;
            const QStringView word = QStringView(text).mid(i, end - i);
            if (word == u"true" || word == u"false" || word == u"null")
                setFormat(int(i), int(end - i), m_literal);
            i = end;
        } else {
            if (QStringView(u"{}[],:").contains(c))
                setFormat(int(i), 1, m_punctuation);
            ++i;
        }
    }
}

} // namespace mqhook
