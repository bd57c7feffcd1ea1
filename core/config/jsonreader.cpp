#include "jsonreader.h"

#include <QStringDecoder>

#include <cmath>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// Deep enough for any configuration, shallow enough that recursion is safe.
constexpr int maxDepth = 256;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

void appendUtf8(QByteArray *out, uint codePoint)
{
    const char32_t c = char32_t(codePoint);
    *out += QString::fromUcs4(&c, 1).toUtf8();
}

} // namespace

bool JsonReader::read(const QByteArray &json, JsonNode *root, JsonReadError *error)
{
    JsonReader reader(json);
    JsonNode node;
    if (!reader.parseDocument(&node)) {
        if (error)
            *error = reader.m_error;
        return false;
    }
    if (root)
        *root = std::move(node);
    return true;
}

JsonReader::JsonReader(const QByteArray &json)
    : m_json(json)
{}

bool JsonReader::parseDocument(JsonNode *root)
{
    if (m_json.startsWith("\xEF\xBB\xBF"))
        m_pos = 3;
    skipWhitespace();
    if (atEnd())
        return fail(u"expected a JSON value, got the end of the file"_s);
    if (!parseValue(root, 0))
        return false;
    skipWhitespace();
    if (!atEnd())
        return fail(
            u"expected the end of the file after the JSON value, got %1"_s.arg(describeHere()));
    return true;
}

bool JsonReader::parseValue(JsonNode *node, int depth)
{
    node->position = here();
    const char c = peek();
    switch (c) {
    case '{':
        return parseObject(node, depth + 1);
    case '[':
        return parseArray(node, depth + 1);
    case '"':
        node->type = JsonNode::Type::String;
        return parseString(&node->text);
    case 't':
        return parseLiteral("true", node);
    case 'f':
        return parseLiteral("false", node);
    case 'n':
        return parseLiteral("null", node);
    case '\'':
        return fail(u"expected a value, got \"'\" (JSON strings need double quotes)"_s);
    case '/':
        return fail(u"expected a value, got '/' (JSON allows no comments)"_s);
    default:
        if (c == '-' || isDigit(c))
            return parseNumber(node);
        return fail(u"expected a value, got %1"_s.arg(describeHere()));
    }
}

bool JsonReader::parseObject(JsonNode *node, int depth)
{
    if (depth > maxDepth)
        return fail(u"nesting deeper than %1 levels"_s.arg(maxDepth));
    node->type = JsonNode::Type::Object;
    advance(); // '{'
    skipWhitespace();
    if (peek() == '}') {
        advance();
        return true;
    }
    for (;;) {
        skipWhitespace();
        const char c = peek();
        if (c != '"') {
            if (c == '}' && !node->keys.isEmpty())
                return fail(u"expected a key after ',', got '}' (JSON allows no trailing comma)"_s);
            if (c == '\'')
                return fail(u"expected a key in double quotes, got \"'\""_s);
            if (c == '/')
                return fail(
                    u"expected a key in double quotes, got '/' (JSON allows no comments)"_s);
            return fail(u"expected a key in double quotes, got %1"_s.arg(describeHere()));
        }
        const JsonPosition keyPosition = here();
        QString key;
        if (!parseString(&key))
            return false;
        skipWhitespace();
        if (peek() != ':')
            return fail(u"expected ':' after the key \"%1\", got %2"_s.arg(key, describeHere()));
        advance();
        skipWhitespace();
        if (atEnd())
            return fail(u"expected a value for the key \"%1\", got the end of the file"_s.arg(key));
        JsonNode value;
        if (!parseValue(&value, depth))
            return false;
        node->keys.append(key);
        node->keyPositions.push_back(keyPosition);
        node->children.push_back(std::move(value));
        skipWhitespace();
        if (peek() == ',') {
            advance();
            continue;
        }
        if (peek() == '}') {
            advance();
            return true;
        }
        QString hint;
        if (peek() == '"')
            hint = u" (a comma is missing)"_s;
        return fail(u"expected ',' or '}' after the value of \"%1\", got %2%3"_s.arg(
            key, describeHere(), hint));
    }
}

bool JsonReader::parseArray(JsonNode *node, int depth)
{
    if (depth > maxDepth)
        return fail(u"nesting deeper than %1 levels"_s.arg(maxDepth));
    node->type = JsonNode::Type::Array;
    advance(); // '['
    skipWhitespace();
    if (peek() == ']') {
        advance();
        return true;
    }
    for (;;) {
        skipWhitespace();
        if (peek() == ']' && !node->children.empty())
            return fail(u"expected a value after ',', got ']' (JSON allows no trailing comma)"_s);
        if (atEnd())
            return fail(u"expected a value, got the end of the file"_s);
        JsonNode value;
        if (!parseValue(&value, depth))
            return false;
        node->children.push_back(std::move(value));
        skipWhitespace();
        if (peek() == ',') {
            advance();
            continue;
        }
        if (peek() == ']') {
            advance();
            return true;
        }
        QString hint;
        if (peek() == '"' || peek() == '{' || peek() == '[' || isDigit(peek()))
            hint = u" (a comma is missing)"_s;
        return fail(
            u"expected ',' or ']' after a list element, got %1%2"_s.arg(describeHere(), hint));
    }
}

bool JsonReader::parseString(QString *out)
{
    const JsonPosition start = here();
    advance(); // opening quote
    QByteArray bytes;
    for (;;) {
        if (atEnd())
            return failAt(start, u"the string is not closed: '\"' is missing"_s);
        const char c = peek();
        if (c == '"') {
            advance();
            break;
        }
        if (c == '\n' || c == '\r')
            return failAt(start, u"the string is not closed before the end of the line"_s);
        if (uchar(c) < 0x20)
            return fail(u"control character 0x%1 in a string (escape it, e.g. \\t)"_s.arg(
                uint(uchar(c)), 2, 16, QLatin1Char('0')));
        if (c != '\\') {
            bytes += c;
            advance();
            continue;
        }
        const JsonPosition escapePosition = here();
        advance(); // backslash
        const char e = peek();
        switch (e) {
        case '"':
        case '\\':
        case '/':
            bytes += e;
            break;
        case 'b':
            bytes += '\b';
            break;
        case 'f':
            bytes += '\f';
            break;
        case 'n':
            bytes += '\n';
            break;
        case 'r':
            bytes += '\r';
            break;
        case 't':
            bytes += '\t';
            break;
        case 'u': {
            advance();
            uint unit = 0;
            if (!parseHex4(&unit))
                return false;
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                // A high surrogate must be followed by an escaped low surrogate.
                if (peek() != '\\' || m_pos + 1 >= m_json.size() || m_json.at(m_pos + 1) != 'u')
                    return failAt(escapePosition, u"\\u%1 is a lone high surrogate"_s.arg(
                                                      unit, 4, 16, QLatin1Char('0')));
                advance();
                advance();
                uint low = 0;
                if (!parseHex4(&low))
                    return false;
                if (low < 0xDC00 || low > 0xDFFF)
                    return failAt(escapePosition, u"\\u%1 is not followed by a low surrogate"_s.arg(
                                                      unit, 4, 16, QLatin1Char('0')));
                appendUtf8(&bytes, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
            } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                return failAt(escapePosition, u"\\u%1 is a lone low surrogate"_s.arg(
                                                  unit, 4, 16, QLatin1Char('0')));
            } else {
                appendUtf8(&bytes, unit);
            }
            continue; // parseHex4 advanced already
        }
        default:
            if (atEnd())
                return failAt(start, u"the string is not closed: '\"' is missing"_s);
            return failAt(
                escapePosition,
                u"invalid escape \\%1 (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"_s.arg(
                    describeHere()));
        }
        advance();
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *out = decoder(bytes);
    if (decoder.hasError())
        return failAt(start, u"the string is not valid UTF-8"_s);
    return true;
}

bool JsonReader::parseHex4(uint *out)
{
    uint value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = peek();
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            return fail(
                u"expected a hexadecimal digit in \\u escape, got %1"_s.arg(describeHere()));
        value = value * 16 + uint(digit);
        advance();
    }
    *out = value;
    return true;
}

bool JsonReader::parseNumber(JsonNode *node)
{
    // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    const qsizetype start = m_pos;
    if (peek() == '-')
        advance();
    if (peek() == '0') {
        advance();
        if (isDigit(peek()))
            return fail(u"a number may not have a leading zero"_s);
    } else if (isDigit(peek())) {
        while (isDigit(peek()))
            advance();
    } else {
        return fail(u"expected a digit after '-', got %1"_s.arg(describeHere()));
    }
    if (peek() == '.') {
        advance();
        if (!isDigit(peek()))
            return fail(u"expected a digit after '.', got %1"_s.arg(describeHere()));
        while (isDigit(peek()))
            advance();
    }
    if (peek() == 'e' || peek() == 'E') {
        advance();
        if (peek() == '+' || peek() == '-')
            advance();
        if (!isDigit(peek()))
            return fail(u"expected a digit in the exponent, got %1"_s.arg(describeHere()));
        while (isDigit(peek()))
            advance();
    }
    const QByteArray literal = m_json.mid(start, m_pos - start);
    bool ok = false;
    const double value = literal.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return failAt(node->position,
                      u"the number %1 is out of range"_s.arg(QString::fromLatin1(literal)));
    node->type = JsonNode::Type::Number;
    node->number = value;
    node->text = QString::fromLatin1(literal);
    return true;
}

bool JsonReader::parseLiteral(const char *word, JsonNode *node)
{
    const QByteArray expected(word);
    if (m_json.mid(m_pos, expected.size()) != expected)
        return fail(u"expected a value, got %1 (did you mean '%2'?)"_s.arg(
            describeHere(), QString::fromLatin1(expected)));
    for (qsizetype i = 0; i < expected.size(); ++i)
        advance();
    if (expected == "null") {
        node->type = JsonNode::Type::Null;
    } else {
        node->type = JsonNode::Type::Bool;
        node->boolean = expected == "true";
    }
    return true;
}

void JsonReader::skipWhitespace()
{
    // RFC 8259 §2: space, tab, line feed, carriage return; nothing else.
    while (!atEnd()) {
        const char c = peek();
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        advance();
    }
}

void JsonReader::advance()
{
    if (atEnd())
        return;
    const uchar c = uchar(m_json.at(m_pos++));
    if (c == '\n') {
        ++m_line;
        m_column = 1;
    } else if ((c & 0xC0) != 0x80) {
        // Count characters, not bytes: UTF-8 continuation bytes add nothing.
        ++m_column;
    }
}

bool JsonReader::fail(const QString &message)
{
    return failAt(here(), message);
}

bool JsonReader::failAt(JsonPosition position, const QString &message)
{
    m_error.position = position;
    m_error.message = message;
    return false;
}

QString JsonReader::describeHere() const
{
    if (atEnd())
        return u"the end of the file"_s;
    const uchar c = uchar(peek());
    if (c < 0x20 || c == 0x7F)
        return u"the control character 0x%1"_s.arg(uint(c), 2, 16, QLatin1Char('0'));
    if (c < 0x80)
        return u"'%1'"_s.arg(QLatin1Char(char(c)));
    const QString rest = QString::fromUtf8(m_json.mid(m_pos, 4));
    if (rest.isEmpty())
        return u"the byte 0x%1"_s.arg(uint(c), 2, 16);
    const qsizetype length = rest.at(0).isHighSurrogate() && rest.size() > 1 ? 2 : 1;
    return u"'%1'"_s.arg(rest.left(length));
}

} // namespace mqhook
