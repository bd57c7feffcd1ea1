#pragma once

#include "jsonnode.h"

#include <QByteArray>
#include <QString>

namespace mqhook {

// Where and why a JSON text could not be read.
struct JsonReadError
{
    JsonPosition position;
    QString message;
};

// A strict RFC 8259 JSON reader that records the line and column of every
// value and key (QJsonDocument reports only a byte offset, and only for
// syntax errors), so that configuration errors can point into the file.
class JsonReader
{
public:
    // Reads one UTF-8 JSON document (a leading byte order mark is skipped).
    // Returns false and fills *error (if given) when the text is not JSON.
    static bool read(const QByteArray &json, JsonNode *root, JsonReadError *error);

private:
    explicit JsonReader(const QByteArray &json);

    bool parseDocument(JsonNode *root);
    bool parseValue(JsonNode *node, int depth);
    bool parseObject(JsonNode *node, int depth);
    bool parseArray(JsonNode *node, int depth);
    bool parseString(QString *out);
    bool parseNumber(JsonNode *node);
    bool parseLiteral(const char *word, JsonNode *node);
    bool parseHex4(uint *out);

    void skipWhitespace();
    bool atEnd() const { return m_pos >= m_json.size(); }
    char peek() const { return atEnd() ? '\0' : m_json.at(m_pos); }
    void advance();
    JsonPosition here() const { return {m_line, m_column}; }
    bool fail(const QString &message);
    bool failAt(JsonPosition position, const QString &message);
    QString describeHere() const;

    const QByteArray &m_json;
    qsizetype m_pos = 0;
    int m_line = 1;
    int m_column = 1;
    JsonReadError m_error;
};

} // namespace mqhook
