#include "bodytemplate.h"

#include "base/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace mqhook {

namespace {

QByteArray escapeHeader(const QByteArray &utf8)
{
    // Header values travel as Latin-1 at best (RFC 9110 §5.5); keep them
    // printable ASCII so no receiver has to guess an encoding.
    QByteArray out;
    out.reserve(utf8.size());
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || u == '%') {
            out += '%';
            out += QByteArray::number(u, 16).rightJustified(2, '0').toUpper();
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

QByteArray BodyTemplate::compactJson(const QJsonValue &value)
{
    // QJsonDocument holds only objects and arrays: wrap and strip the brackets.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2);
}

BodyTemplate::Input::Input(const Message &message, const QString &appId, const QString &appName)
    : m_message(message)
    , m_appId(appId)
    , m_appName(appName)
{}

const std::optional<QJsonValue> &BodyTemplate::Input::payloadJson() const
{
    if (!m_parsed) {
        m_json = BodyTemplate::parseJson(m_message.payload);
        m_parsed = true;
    }
    return m_json;
}

bool BodyTemplate::Input::payloadIsJson() const
{
    if (!m_isJson)
        m_isJson = isJsonText(m_message.payload);
    return *m_isJson;
}

std::optional<QJsonValue> BodyTemplate::parseJson(const QByteArray &text)
{
    // Wrapping in an array lets QJsonDocument accept a top-level scalar too.
    QByteArray wrapped;
    wrapped.reserve(text.size() + 2);
    wrapped += '[';
    wrapped += text;
    wrapped += ']';
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray())
        return std::nullopt;
    const QJsonArray array = document.array();
    if (array.size() != 1)
        return std::nullopt; // "1,2" is not one JSON text
    return array.first();
}

std::optional<BodyTemplate> BodyTemplate::compile(const QString &text, QString *error)
{
    std::optional<QList<Part>> parts = parseTemplate(text, error);
    if (!parts)
        return std::nullopt;
    BodyTemplate compiled;
    compiled.m_source = text;
    compiled.m_parts = std::move(*parts);
    return compiled;
}

bool BodyTemplate::hasPlaceholders() const
{
    return std::any_of(m_parts.cbegin(), m_parts.cend(),
                       [](const Part &part) { return part.kind != Kind::Literal; });
}

std::optional<QByteArray> BodyTemplate::render(const Input &input, Escaping escaping,
                                               QString *error) const
{
    QByteArray out;
    for (const Part &part : m_parts) {
        if (part.kind == Kind::Literal) {
            out += part.literal;
            continue;
        }
        std::optional<QByteArray> value = renderPart(part, input, error);
        if (!value)
            return std::nullopt;
        out += escape(*value, escaping);
    }
    return out;
}

QByteArray BodyTemplate::escape(const QByteArray &utf8, Escaping escaping)
{
    switch (escaping) {
    case Escaping::None:
        break;
    case Escaping::Header:
        return escapeHeader(utf8);
    case Escaping::UrlPart:
        return utf8.toPercentEncoding();
    }
    return utf8;
}

std::optional<QByteArray> BodyTemplate::renderPart(const Part &part, const Input &input,
                                                   QString *error) const
{
    const Message &message = input.message();
    switch (part.kind) {
    case Kind::Literal:
        return part.literal;
    case Kind::Payload:
        return message.payload;
    case Kind::PayloadJson:
        if (input.payloadIsJson())
            return message.payload;
        return compactJson(QJsonValue(QString::fromUtf8(message.payload)));
    case Kind::PayloadBase64:
        return message.payload.toBase64();
    case Kind::Topic:
        return message.topic.toUtf8();
    case Kind::Qos:
        return QByteArray::number(message.qos);
    case Kind::Retain:
        return message.retain ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case Kind::ClientId:
        return message.clientId.toUtf8();
    case Kind::AppId:
        return input.appId().toUtf8();
    case Kind::AppName:
        return input.appName().toUtf8();
    case Kind::ReceivedAt:
        return message.receivedAt.toUTC().toString(Qt::ISODateWithMs).toUtf8();
    case Kind::MessageId:
        return message.id.toUtf8();
    case Kind::PayloadField:
        break;
    }

    const std::optional<QJsonValue> &json = input.payloadJson();
    if (!json) {
        if (error)
            *error = QStringLiteral("template placeholder %1: the payload is not JSON")
                         .arg(part.placeholder);
        return std::nullopt;
    }
    QJsonValue value = *json;
    for (const QString &key : part.path) {
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            const auto it = object.constFind(key);
            if (it == object.constEnd()) {
                value = QJsonValue(QJsonValue::Undefined);
            } else {
                value = it.value();
            }
        } else if (value.isArray()) {
            bool isIndex = false;
            const int index = key.toInt(&isIndex);
            const QJsonArray array = value.toArray();
            value = isIndex && index >= 0 && index < array.size()
                        ? array.at(index)
                        : QJsonValue(QJsonValue::Undefined);
        } else {
            value = QJsonValue(QJsonValue::Undefined);
        }
        if (value.isUndefined()) {
            if (error)
                *error = QStringLiteral("template placeholder %1: the payload has no field "
                                        "'%2'")
                             .arg(part.placeholder, part.path.join(u'.'));
            return std::nullopt;
        }
    }
    if (value.isString())
        return value.toString().toUtf8();
    return compactJson(value);
}

} // namespace mqhook
