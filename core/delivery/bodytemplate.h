#pragma once

#include "base/templatesyntax.h"
#include "delivery/message.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace mqhook {

// A compiled `${...}` template for a request body, a header value or a URL
// (the placeholders: base/templatesyntax.h). A field that is a JSON string
// renders as its text (no quotes, no escaping, as EMQX does: write
// "${payload.name}" in a JSON body); numbers, booleans, null, objects and
// arrays render as compact JSON.
//
// A template is checked once by compile(); a placeholder that cannot be filled
// for one message (payload not JSON, field missing) is an error on that
// message, reported by render().
class BodyTemplate
{
public:
    // How substituted values are escaped; literal template text is never changed.
    enum class Escaping
    {
        None,    // a request body
        Header,  // a header value: UTF-8, then '%', controls, DEL and non-ASCII percent-encoded
        UrlPart, // a URL path segment or query value: all but RFC 3986 unreserved percent-encoded
    };

    // What a template is rendered from. The payload is parsed as JSON at most
    // once per Input, however many templates render from it.
    class Input
    {
    public:
        Input(const Message &message, const QString &appId, const QString &appName);

        const Message &message() const { return m_message; }
        const QString &appId() const { return m_appId; }
        const QString &appName() const { return m_appName; }
        // The payload as a JSON value (any JSON text, scalars included), or nullopt.
        const std::optional<QJsonValue> &payloadJson() const;
        // Whether the payload is JSON text (isJsonText(), base/jsontext.h).
        bool payloadIsJson() const;

    private:
        const Message &m_message;
        QString m_appId;
        QString m_appName;
        mutable bool m_parsed = false;
        mutable std::optional<QJsonValue> m_json;
        mutable std::optional<bool> m_isJson;
    };

    BodyTemplate() = default;

    // Checks and compiles `text`; on error returns nullopt and says what and
    // where (character offset) in *error.
    static std::optional<BodyTemplate> compile(const QString &text, QString *error);

    // Escapes one substituted value as render() does.
    static QByteArray escape(const QByteArray &utf8, Escaping escaping);

    // Any JSON value as compact JSON text, a scalar included.
    static QByteArray compactJson(const QJsonValue &value);

    // Parses any JSON text, a scalar at the top level included.
    static std::optional<QJsonValue> parseJson(const QByteArray &text);

    bool isEmpty() const { return m_parts.isEmpty(); }
    bool hasPlaceholders() const;
    const QString &source() const { return m_source; }

    // Renders for one message; on error returns nullopt with the reason in *error.
    std::optional<QByteArray> render(const Input &input, Escaping escaping, QString *error) const;

private:
    using Kind = TemplatePart::Kind;
    using Part = TemplatePart;

    std::optional<QByteArray> renderPart(const Part &part, const Input &input,
                                         QString *error) const;

    QString m_source;
    QList<Part> m_parts;
};

} // namespace mqhook
