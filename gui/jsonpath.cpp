#include "jsonpath.h"

using namespace Qt::StringLiterals;

namespace mqhook {

JsonPath JsonPath::key(const QString &name) const
{
    JsonPath path = *this;
    path.m_steps.append({name, -1});
    return path;
}

JsonPath JsonPath::index(qsizetype i) const
{
    JsonPath path = *this;
    path.m_steps.append({{}, i});
    return path;
}

JsonPath JsonPath::parent() const
{
    JsonPath path = *this;
    if (!path.m_steps.isEmpty())
        path.m_steps.removeLast();
    return path;
}

JsonPath JsonPath::relativeTo(const JsonPath &from) const
{
    JsonPath path;
    path.m_steps = m_steps.mid(from.size());
    return path;
}

JsonPath JsonPath::joined(const JsonPath &tail) const
{
    JsonPath path = *this;
    path.m_steps.append(tail.m_steps);
    return path;
}

bool JsonPath::startsWith(const JsonPath &prefix) const
{
    if (prefix.size() > size())
        return false;
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        if (!(m_steps.at(i) == prefix.m_steps.at(i)))
            return false;
    }
    return true;
}

QString JsonPath::toString() const
{
    QString text;
    for (const Step &step : m_steps) {
        if (step.isIndex()) {
            text += u'[' + QString::number(step.index) + u']';
        } else {
            if (!text.isEmpty())
                text += u'.';
            text += step.key;
        }
    }
    return text;
}

JsonPath JsonPath::fromString(const QString &text)
{
    JsonPath path;
    QString key;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'.' || c == u'[') {
            if (!key.isEmpty())
                path = path.key(key);
            key.clear();
            if (c == u'[') {
                const qsizetype close = text.indexOf(u']', i);
                if (close < 0)
                    break;
                path = path.index(text.mid(i + 1, close - i - 1).toLongLong());
                i = close;
            }
            continue;
        }
        key += c;
    }
    if (!key.isEmpty())
        path = path.key(key);
    return path;
}

const JsonNode *JsonPath::find(const JsonNode &root) const
{
    const JsonNode *node = &root;
    for (const Step &step : m_steps) {
        if (step.isIndex()) {
            if (!node->isArray() || step.index >= qsizetype(node->children.size()))
                return nullptr;
            node = &node->children[size_t(step.index)];
        } else {
            if (!node->isObject())
                return nullptr;
            node = node->member(step.key);
            if (!node)
                return nullptr;
        }
    }
    return node;
}

JsonNode *JsonPath::find(JsonNode &root) const
{
    return const_cast<JsonNode *>(find(std::as_const(root)));
}

bool JsonPath::covers(const QString &path, const QString &issuePath)
{
    if (path.isEmpty())
        return true;
    if (!issuePath.startsWith(path))
        return false;
    if (issuePath.size() == path.size())
        return true;
    const QChar next = issuePath.at(path.size());
    return next == u'.' || next == u'[';
}

bool sameJson(const JsonNode &a, const JsonNode &b)
{
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case JsonNode::Type::Null:
        return true;
    case JsonNode::Type::Bool:
        return a.boolean == b.boolean;
    case JsonNode::Type::Number:
        return a.number == b.number;
    case JsonNode::Type::String:
        return a.text == b.text;
    case JsonNode::Type::Array:
    case JsonNode::Type::Object:
        if (a.children.size() != b.children.size() || a.keys != b.keys)
            return false;
        for (size_t i = 0; i < a.children.size(); ++i) {
            if (!sameJson(a.children[i], b.children[i]))
                return false;
        }
        return true;
    }
    return false;
}

} // namespace mqhook
