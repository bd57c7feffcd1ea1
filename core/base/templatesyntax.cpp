#include "templatesyntax.h"

#include <QHash>

namespace mqhook {

namespace {

const QHash<QString, TemplatePart::Kind> &placeholderKinds()
{
    static const QHash<QString, TemplatePart::Kind> kinds = {
        {QStringLiteral("payload"), TemplatePart::Kind::Payload},
        {QStringLiteral("payload_json"), TemplatePart::Kind::PayloadJson},
        {QStringLiteral("payload_base64"), TemplatePart::Kind::PayloadBase64},
        {QStringLiteral("topic"), TemplatePart::Kind::Topic},
        {QStringLiteral("qos"), TemplatePart::Kind::Qos},
        {QStringLiteral("retain"), TemplatePart::Kind::Retain},
        {QStringLiteral("client_id"), TemplatePart::Kind::ClientId},
        {QStringLiteral("app_id"), TemplatePart::Kind::AppId},
        {QStringLiteral("app_name"), TemplatePart::Kind::AppName},
        {QStringLiteral("received_at"), TemplatePart::Kind::ReceivedAt},
        {QStringLiteral("message_id"), TemplatePart::Kind::MessageId},
    };
    return kinds;
}

} // namespace

bool isTemplatePlaceholder(QStringView name)
{
    return placeholderKinds().contains(name.toString()) ||
           (name.startsWith(u"payload.") && name.size() > 8);
}

std::optional<QList<TemplatePart>> parseTemplate(const QString &text, QString *error)
{
    QList<TemplatePart> parts;
    QString literal;
    const auto flushLiteral = [&] {
        if (literal.isEmpty())
            return;
        TemplatePart part;
        part.literal = literal.toUtf8();
        parts.append(part);
        literal.clear();
    };

    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) != u'$') {
            literal += text.at(i++);
            continue;
        }
        if (text.mid(i, 3) == u"$${") {
            literal += QStringLiteral("${");
            i += 3;
            continue;
        }
        if (i + 1 >= text.size() || text.at(i + 1) != u'{') {
            literal += text.at(i++);
            continue;
        }
        const qsizetype close = text.indexOf(u'}', i + 2);
        if (close < 0) {
            if (error)
                *error = QStringLiteral("unterminated placeholder at character %1: '${' "
                                        "without a closing '}'")
                             .arg(i + 1);
            return std::nullopt;
        }
        const QString name = text.mid(i + 2, close - i - 2).trimmed();
        TemplatePart part;
        part.placeholder = text.mid(i, close - i + 1);
        const auto simple = placeholderKinds().constFind(name);
        if (simple != placeholderKinds().constEnd()) {
            part.kind = simple.value();
        } else if (name.startsWith(QLatin1String("payload."))) {
            part.kind = TemplatePart::Kind::PayloadField;
            part.path = name.mid(8).split(u'.');
            for (const QString &key : std::as_const(part.path)) {
                if (key.isEmpty()) {
                    if (error)
                        *error = QStringLiteral("placeholder %1 at character %2 has an empty "
                                                "field name")
                                     .arg(part.placeholder)
                                     .arg(i + 1);
                    return std::nullopt;
                }
            }
        } else {
            if (error)
                *error = QStringLiteral("unknown placeholder %1 at character %2; known: "
                                        "${payload}, ${payload_json}, ${payload_base64}, "
                                        "${topic}, ${qos}, ${retain}, ${client_id}, "
                                        "${app_id}, ${app_name}, ${received_at}, "
                                        "${message_id}, ${payload.<field>}")
                             .arg(part.placeholder)
                             .arg(i + 1);
            return std::nullopt;
        }
        flushLiteral();
        parts.append(part);
        i = close + 1;
    }
    flushLiteral();
    return parts;
}

} // namespace mqhook
