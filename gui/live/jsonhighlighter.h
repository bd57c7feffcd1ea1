#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace mqhook {

// Colours JSON text: member names, strings, numbers, true/false/null and
// punctuation, in colours that work on light and dark palettes.
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit JsonHighlighter(QTextDocument *document);

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

protected:
    void highlightBlock(const QString &text) override;

private:
    void updateFormats();

    bool m_enabled = true;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
    QTextCharFormat m_punctuation;
};

} // namespace mqhook
