#include "jsonwriter.h"

#include "base/jsontext.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace mqhook {

QByteArray JsonWriter::write(const JsonNode &node)
{
    QByteArray out;
    write(node, 0, &out);
    out += '\n';
    return out;
}

void JsonWriter::write(const JsonNode &node, int indent, QByteArray *out)
{
    const QByteArray inner(indent + 2, ' ');
    switch (node.type) {
    case JsonNode::Type::Null:
        *out += "null";
        return;
    case JsonNode::Type::Bool:
        *out += node.boolean ? "true" : "false";
        return;
    case JsonNode::Type::Number:
        *out += node.text.toLatin1();
        return;
    case JsonNode::Type::String:
        appendJsonString(out, node.text);
        return;
    case JsonNode::Type::Array:
    case JsonNode::Type::Object: {
        const bool isObject = node.isObject();
        if (node.children.empty()) {
            *out += isObject ? "{}" : "[]";
            return;
        }
        *out += isObject ? "{\n" : "[\n";
        for (size_t i = 0; i < node.children.size(); ++i) {
            *out += inner;
            if (isObject) {
                appendJsonString(out, node.keys.at(qsizetype(i)));
                *out += ": ";
            }
            write(node.children[i], indent + 2, out);
            *out += i + 1 < node.children.size() ? ",\n" : "\n";
        }
        *out += QByteArray(indent, ' ');
        *out += isObject ? '}' : ']';
        return;
    }
    }
}

JsonNode JsonWriter::string(const QString &text)
{
    JsonNode node;
    node.type = JsonNode::Type::String;
    node.text = text;
    return node;
}

JsonNode JsonWriter::integer(qint64 value)
{
    JsonNode node;
    node.type = JsonNode::Type::Number;
    node.number = double(value);
    node.text = QString::number(value);
    return node;
}

JsonNode JsonWriter::number(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 9.0e15)
        return integer(qint64(value));
    JsonNode node;
    node.type = JsonNode::Type::Number;
    node.number = value;
    node.text = QString::number(value, 'g', QLocale::FloatingPointShortest);
    return node;
}

JsonNode JsonWriter::boolean(bool value)
{
    JsonNode node;
    node.type = JsonNode::Type::Bool;
    node.boolean = value;
    return node;
}

JsonNode JsonWriter::object()
{
    JsonNode node;
    node.type = JsonNode::Type::Object;
    return node;
}

JsonNode JsonWriter::array()
{
    JsonNode node;
    node.type = JsonNode::Type::Array;
    return node;
}

JsonNode JsonWriter::fromJsonValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return boolean(value.toBool());
    case QJsonValue::Double:
        return number(value.toDouble());
    case QJsonValue::String:
        return string(value.toString());
    case QJsonValue::Array: {
        JsonNode node = array();
        for (const QJsonValue &element : value.toArray())
            append(&node, fromJsonValue(element));
        return node;
    }
    case QJsonValue::Object: {
        JsonNode node = object();
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            insert(&node, it.key(), fromJsonValue(it.value()));
        return node;
    }
    default:
        return JsonNode();
    }
}

void JsonWriter::insert(JsonNode *object, const QString &key, JsonNode value)
{
    object->keys.append(key);
    object->keyPositions.push_back({});
    object->children.push_back(std::move(value));
}

void JsonWriter::append(JsonNode *array, JsonNode value)
{
    array->children.push_back(std::move(value));
}

} // namespace mqhook
