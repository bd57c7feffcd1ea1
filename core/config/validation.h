#pragma once

#include "jsonnode.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

// What the parts of ConfigValidator (configvalidator*.cpp) share: how paths
// and values appear in their messages, and the rules more than one applies.
namespace mqhook::validation {

using namespace Qt::StringLiterals;

// 2^53: beyond it JSON numbers (doubles) no longer hold every integer.
inline constexpr qint64 maxJsonInteger = 9007199254740992LL;

// "a.b" and "a[3]": where in the file a message points.
inline QString joinKey(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

inline QString joinIndex(const QString &path, size_t index)
{
    return path + u'[' + QString::number(index) + u']';
}

// A string as messages show it: quoted, escaped, at most 80 characters.
inline QString quoted(const QString &text)
{
    QString shown = text.size() > 80 ? text.left(77) + u"..."_s : text;
    shown.replace(u'\\', u"\\\\"_s);
    shown.replace(u'"', u"\\\""_s);
    shown.replace(u'\n', u"\\n"_s);
    shown.replace(u'\r', u"\\r"_s);
    shown.replace(u'\t', u"\\t"_s);
    return u'"' + shown + u'"';
}

// How a value looks, for "got ..." in messages.
inline QString describe(const JsonNode &node)
{
    switch (node.type) {
    case JsonNode::Type::Null:
        return u"null"_s;
    case JsonNode::Type::Bool:
        return node.boolean ? u"true"_s : u"false"_s;
    case JsonNode::Type::Number:
        return node.text;
    case JsonNode::Type::String:
        return quoted(node.text);
    case JsonNode::Type::Array:
        return u"a list"_s;
    case JsonNode::Type::Object:
        return u"an object"_s;
    }
    return {};
}

// A host name (RFC 1123 labels, '_' allowed) or an IP address.
inline bool isValidHostName(const QString &host)
{
    if (!QHostAddress(host).isNull())
        return true;
    if (host.isEmpty() || host.size() > 253)
        return false;
    const QStringList labels = host.split(u'.');
    for (const QString &label : labels) {
        if (label.isEmpty() || label.size() > 63)
            return false;
        for (QChar c : label) {
            const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                            (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
            if (!ok)
                return false;
        }
    }
    return true;
}

} // namespace mqhook::validation
