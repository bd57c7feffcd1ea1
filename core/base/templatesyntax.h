#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mqhook {

// One piece of a `${...}` template (a request body, a header value or a URL):
// literal text or a placeholder.
//
// Placeholders: ${payload} (raw bytes), ${payload_json} (the payload when it is
// JSON, else the payload as a JSON string), ${payload_base64}, ${topic}, ${qos},
// ${retain}, ${client_id}, ${app_id}, ${app_name}, ${received_at} (RFC 3339,
// UTC, milliseconds), ${message_id}, and JSON fields of the payload:
// ${payload.temp}, ${payload.a.b}, ${payload.items.0}. `$${` is a literal
// `${`; any other `$` is literal. BodyTemplate renders them.
struct TemplatePart
{
    enum class Kind
    {
        Literal,
        Payload,
        PayloadJson,
        PayloadBase64,
        Topic,
        Qos,
        Retain,
        ClientId,
        AppId,
        AppName,
        ReceivedAt,
        MessageId,
        PayloadField,
    };

    Kind kind = Kind::Literal;
    QByteArray literal;  // Literal: the UTF-8 text
    QStringList path;    // PayloadField: the keys and indexes below the payload
    QString placeholder; // the placeholder as written, for error messages
};

// True when `name` (what stands between "${" and "}") is a placeholder:
// one of the names above or payload.<field>.
bool isTemplatePlaceholder(QStringView name);

// Splits `text` into its parts; on a syntax error returns nullopt and says
// what and where (character offset) in *error.
std::optional<QList<TemplatePart>> parseTemplate(const QString &text, QString *error);

} // namespace mqhook
