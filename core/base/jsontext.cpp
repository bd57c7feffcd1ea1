#include "jsontext.h"

#include <charconv>

namespace mqhook {

namespace {

// A recursive-descent check of RFC 8259 JSON text: grammar, string escapes and
// UTF-8 (no overlong forms, no surrogates), nesting as deep as Qt's parser
// takes it inside a wrapping array.
class JsonChecker
{
public:
    explicit JsonChecker(QByteArrayView text)
        : m_p(text.data())
        , m_end(text.data() + text.size())
    {}

    bool document()
    {
        skipSpace();
        if (!value(0))
            return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    static constexpr int maxDepth = 1023;

    bool at(char c) const { return m_p != m_end && *m_p == c; }
    bool isDigit() const { return m_p != m_end && *m_p >= '0' && *m_p <= '9'; }

    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool word(QByteArrayView expected)
    {
        if (m_end - m_p < expected.size() || QByteArrayView(m_p, expected.size()) != expected)
            return false;
        m_p += expected.size();
        return true;
    }

    bool value(int depth)
    {
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case '{':
            return container(depth + 1, '}', true);
        case '[':
            return container(depth + 1, ']', false);
        case '"':
            return string();
        case 't':
            return word("true");
        case 'f':
            return word("false");
        case 'n':
            return word("null");
        default:
            return number();
        }
    }

    // An object (members "key": value) or an array, from its opening bracket.
    bool container(int depth, char close, bool members)
    {
        if (depth > maxDepth)
            return false;
        ++m_p;
        skipSpace();
        if (at(close)) {
            ++m_p;
            return true;
        }
        for (;;) {
            skipSpace();
            if (members) {
                if (!at('"') || !string())
                    return false;
                skipSpace();
                if (!at(':'))
                    return false;
                ++m_p;
                skipSpace();
            }
            if (!value(depth))
                return false;
            skipSpace();
            if (at(',')) {
                ++m_p;
                continue;
            }
            if (!at(close))
                return false;
            ++m_p;
            return true;
        }
    }

    bool digits()
    {
        if (!isDigit())
            return false;
        while (isDigit())
            ++m_p;
        return true;
    }

    bool number()
    {
        if (at('-'))
            ++m_p;
        if (at('0'))
            ++m_p;
        else if (!digits())
            return false;
        if (at('.')) {
            ++m_p;
            if (!digits())
                return false;
        }
        if (at('e') || at('E')) {
            ++m_p;
            if (at('+') || at('-'))
                ++m_p;
            if (!digits())
                return false;
        }
        return true;
    }

    // `count` continuation bytes, the first within [low, high].
    bool continuation(int count, uchar low = 0x80, uchar high = 0xbf)
    {
        for (int i = 0; i < count; ++i, ++m_p) {
            if (m_p == m_end)
                return false;
            const auto c = static_cast<uchar>(*m_p);
            if (c < (i == 0 ? low : 0x80) || c > (i == 0 ? high : 0xbf))
                return false;
        }
        return true;
    }

    bool string()
    {
        ++m_p; // the opening quote
        while (m_p != m_end) {
            const auto c = static_cast<uchar>(*m_p++);
            if (c == '"')
                return true;
            if (c < 0x20)
                return false;
            if (c == '\\') {
                if (m_p == m_end)
                    return false;
                const char escaped = *m_p++;
                if (escaped == 'u') {
                    for (int i = 0; i < 4; ++i, ++m_p) {
                        if (m_p == m_end ||
                            QByteArrayView("0123456789abcdefABCDEF").indexOf(*m_p) < 0)
                            return false;
                    }
                } else if (!QByteArrayView("\"\\/bfnrt").contains(escaped)) {
                    return false;
                }
                continue;
            }
            if (c < 0x80)
                continue;
            // UTF-8, RFC 3629 §4.
            bool ok = false;
            if (c >= 0xc2 && c <= 0xdf)
                ok = continuation(1);
            else if (c == 0xe0)
                ok = continuation(2, 0xa0, 0xbf);
            else if (c == 0xed)
                ok = continuation(2, 0x80, 0x9f);
            else if (c >= 0xe1 && c <= 0xef)
                ok = continuation(2);
            else if (c == 0xf0)
                ok = continuation(3, 0x90, 0xbf);
            else if (c >= 0xf1 && c <= 0xf3)
                ok = continuation(3);
            else if (c == 0xf4)
                ok = continuation(3, 0x80, 0x8f);
            if (!ok)
                return false;
        }
        return false; // no closing quote
    }

    const char *m_p;
    const char *m_end;
};

// The characters of `utf8`, escaped, without the quotes.
void appendEscaped(QByteArray *out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    qsizetype plain = 0; // start of the bytes not yet appended
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out->append(utf8.sliced(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"':
            out->append("\\\"");
            break;
        case '\\':
            out->append("\\\\");
            break;
        case '\n':
            out->append("\\n");
            break;
        case '\r':
            out->append("\\r");
            break;
        case '\t':
            out->append("\\t");
            break;
        default: {
            const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out->append(escape, sizeof escape);
        }
        }
    }
    out->append(utf8.sliced(plain));
}

} // namespace

bool isJsonText(QByteArrayView text)
{
    return JsonChecker(text).document();
}

void appendJsonString(QByteArray *out, QByteArrayView utf8)
{
    out->append('"');
    appendEscaped(out, utf8);
    out->append('"');
}

void appendJsonString(QByteArray *out, QStringView text)
{
    // Most text here (topics, client ids, addresses) is ASCII that needs no
    // escape: it is copied straight in, and only the rest, from the first
    // character that is not, goes through UTF-8 and the escapes.
    const qsizetype start = out->size();
    out->resize(start + text.size() + 2);
    char *p = out->data() + start;
    *p++ = '"';
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') {
            out->resize(p - out->constData());
            appendEscaped(out, text.sliced(i).toUtf8());
            out->append('"');
            return;
        }
        *p++ = char(c);
    }
    *p = '"';
}

void appendJsonNumber(QByteArray *out, qint64 value)
{
    char digits[24];
    const std::to_chars_result end = std::to_chars(digits, digits + sizeof digits, value);
    out->append(digits, end.ptr - digits);
}

} // namespace mqhook
