#include "payloadtext.h"

#include "base/jsontext.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace mqhook::PayloadText {

namespace {

void newline(QString &out, int depth)
{
    out += u'\n';
    out += QString(depth * 2, u' ');
}

QString escapeByte(uchar byte)
{
    return u"\\x%1"_s.arg(uint(byte), 2, 16, QChar(u'0'));
}

} // namespace

std::optional<QString> prettyJson(const QByteArray &payload)
{
    const QByteArray trimmed = payload.trimmed();
    if (trimmed.isEmpty() || !isJsonText(trimmed))
        return std::nullopt;
    // Re-indents the text rather than parsing it into QJsonObject, which
    // would sort the members and rewrite the numbers.
    const QString text = QString::fromUtf8(trimmed);
    QString out;
    out.reserve(text.size() * 2);
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            out += c;
            if (c == u'\\' && i + 1 < text.size())
                out += text.at(++i);
            else if (c == u'"')
                inString = false;
            continue;
        }
        switch (c.unicode()) {
        case u'"':
            inString = true;
            out += c;
            break;
        case u'{':
        case u'[': {
            // An empty object or array stays on one line.
            qsizetype next = i + 1;
            while (next < text.size() && text.at(next).isSpace())
                ++next;
            if (next < text.size() && (text.at(next) == u'}' || text.at(next) == u']')) {
                out += c;
                out += text.at(next);
                i = next;
                break;
            }
            out += c;
            newline(out, ++depth);
            break;
        }
        case u'}':
        case u']':
            newline(out, --depth);
            out += c;
            break;
        case u',':
            out += c;
            newline(out, depth);
            break;
        case u':':
            out += u": "_s;
            break;
        case u' ':
        case u'\t':
        case u'\n':
        case u'\r':
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString plain(const QByteArray &payload)
{
    QString out;
    out.reserve(payload.size());
    qsizetype i = 0;
    while (i < payload.size()) {
        const uchar lead = uchar(payload.at(i));
        int length = 1;
        if (lead >= 0xc2 && lead <= 0xdf)
            length = 2;
        else if (lead >= 0xe0 && lead <= 0xef)
            length = 3;
        else if (lead >= 0xf0 && lead <= 0xf4)
            length = 4;
        else if (lead >= 0x80)
            length = 0; // not a lead byte
        if (length == 1) {
            const bool printable = lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r';
            out += printable && lead != 0x7f ? QString(QChar(lead)) : escapeByte(lead);
            ++i;
            continue;
        }
        if (length > 1 && i + length <= payload.size()) {
            QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString decoded = decoder(payload.mid(i, length));
            if (!decoder.hasError() && decoded.size() >= 1 &&
                !decoded.contains(QChar::ReplacementCharacter)) {
                out += decoded;
                i += length;
                continue;
            }
        }
        out += escapeByte(lead);
        ++i;
    }
    return out;
}

QString hexDump(const QByteArray &payload)
{
    QString out;
    for (qsizetype offset = 0; offset < payload.size(); offset += 16) {
        const QByteArray line = payload.mid(offset, 16);
        out += u"%1  "_s.arg(uint(offset), 8, 16, QChar(u'0'));
        for (int i = 0; i < 16; ++i) {
            if (i < line.size())
                out += u"%1 "_s.arg(uint(uchar(line.at(i))), 2, 16, QChar(u'0'));
            else
                out += u"   "_s;
            if (i == 7)
                out += u' ';
        }
        out += u' ';
        for (const char c : line)
            out += (c >= 0x20 && c < 0x7f) ? QChar(uchar(c)) : u'.';
        out += u'\n';
    }
    return out;
}

QString oneLine(const QByteArray &payload, int chars)
{
    QString text = plain(payload.left(chars * 4));
    text.replace(u"\r\n"_s, u" "_s);
    text.replace(u'\n', u' ');
    text.replace(u'\r', u' ');
    text.replace(u'\t', u' ');
    if (text.size() > chars || payload.size() > chars * 4)
        text = text.left(chars - 1) + u'…';
    return text;
}

} // namespace mqhook::PayloadText
