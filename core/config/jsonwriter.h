#pragma once

#include "jsonnode.h"

#include <QByteArray>

namespace mqhook {

// Writes a JsonNode tree as indented JSON, keeping the order of object members
// (QJsonDocument sorts them, which scatters the seed's familiar layout).
class JsonWriter
{
public:
    static QByteArray write(const JsonNode &node);

    // Builders for trees to write.
    static JsonNode string(const QString &text);
    static JsonNode integer(qint64 value);
    static JsonNode number(double value);
    static JsonNode boolean(bool value);
    static JsonNode object();
    static JsonNode array();
    static JsonNode fromJsonValue(const QJsonValue &value);
    static void insert(JsonNode *object, const QString &key, JsonNode value);
    static void append(JsonNode *array, JsonNode value);

private:
    static void write(const JsonNode &node, int indent, QByteArray *out);
};

} // namespace mqhook
