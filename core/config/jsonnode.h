#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <vector>

namespace mqhook {

// A 1-based line and column (in Unicode characters) in a JSON text.
struct JsonPosition
{
    int line = 0;
    int column = 0;

    friend bool operator==(const JsonPosition &, const JsonPosition &) = default;
};

// One JSON value with the place it was written, as JsonReader produces it.
// Objects keep every member in file order, duplicates included, so that the
// configuration loader can point at each key.
struct JsonNode
{
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object,
    };

    Type type = Type::Null;
    JsonPosition position; // of the value's first character
    bool boolean = false;
    double number = 0;
    QString text; // a string's value, or a number as written ("1e3")

    // Arrays: the elements. Objects: the members' values, with keys[i] and
    // keyPositions[i] describing children[i].
    std::vector<JsonNode> children;
    QStringList keys;
    std::vector<JsonPosition> keyPositions;

    bool isObject() const { return type == Type::Object; }
    bool isArray() const { return type == Type::Array; }
    bool isString() const { return type == Type::String; }
    bool isNumber() const { return type == Type::Number; }
    bool isBool() const { return type == Type::Bool; }
    bool isNull() const { return type == Type::Null; }

    // The value of the last member named key, or nullptr.
    const JsonNode *member(const QString &key) const;

    // The same value without positions (the last member wins on duplicates).
    QJsonValue toJsonValue() const;
};

} // namespace mqhook
