#include "jsonnode.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mqhook {

const JsonNode *JsonNode::member(const QString &key) const
{
    for (qsizetype i = keys.size() - 1; i >= 0; --i) {
        if (keys.at(i) == key)
            return &children[size_t(i)];
    }
    return nullptr;
}

QJsonValue JsonNode::toJsonValue() const
{
    switch (type) {
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return QJsonValue(boolean);
    case Type::Number:
        return QJsonValue(number);
    case Type::String:
        return QJsonValue(text);
    case Type::Array: {
        QJsonArray array;
        for (const JsonNode &child : children)
            array.append(child.toJsonValue());
        return array;
    }
    case Type::Object: {
        QJsonObject object;
        for (size_t i = 0; i < children.size(); ++i)
            object.insert(keys.at(qsizetype(i)), children[i].toJsonValue());
        return object;
    }
    }
    return {};
}

} // namespace mqhook
