#include "messageexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace mqhook::MessageExport {

namespace {

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder(bytes); // decodes when converted
    return !decoder.hasError();
}

void putBytes(QJsonObject &object, const QString &key, const QByteArray &bytes)
{
    if (isUtf8(bytes))
        object.insert(key, QString::fromUtf8(bytes));
    else
        object.insert(key + u"_base64"_s, QString::fromLatin1(bytes.toBase64()));
}

QString time(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QString deliveryKey(DeliveryEvents::Outcome outcome)
{
    switch (outcome) {
    case DeliveryEvents::Outcome::Pending:
        return u"pending"_s;
    case DeliveryEvents::Outcome::Delivered:
        return u"delivered"_s;
    case DeliveryEvents::Outcome::Retrying:
        return u"retrying"_s;
    case DeliveryEvents::Outcome::Dead:
        return u"dead"_s;
    }
    return {};
}

QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    // RFC 4180: quote fields with separators, quotes or line breaks.
    const bool quote =
        field.contains(',') || field.contains('"') || field.contains('\n') || field.contains('\r');
    if (!quote)
        return field;
    field.replace('"', "\"\"");
    return '"' + field + '"';
}

} // namespace

QString outcomeKey(MessageRecord::Outcome outcome)
{
    switch (outcome) {
    case MessageRecord::Outcome::Pending:
        return u"pending"_s;
    case MessageRecord::Outcome::Delivered:
        return u"delivered"_s;
    case MessageRecord::Outcome::Retrying:
        return u"retrying"_s;
    case MessageRecord::Outcome::Dead:
        return u"dead"_s;
    case MessageRecord::Outcome::Unrouted:
        return u"unrouted"_s;
    }
    return {};
}

QJsonObject toJson(const MessageRecord &record)
{
    QJsonObject object;
    object.insert(u"time"_s, time(record.time));
    object.insert(u"client_id"_s, record.clientId);
    object.insert(u"message_id"_s, record.messageId);
    object.insert(u"topic"_s, record.topic);
    object.insert(u"qos"_s, record.qos);
    object.insert(u"retain"_s, record.retain);
    object.insert(u"size"_s, record.size);
    putBytes(object, u"payload"_s, record.preview);
    if (!record.payloadComplete())
        object.insert(u"payload_truncated"_s, true);
    if (!record.contentType.isEmpty())
        object.insert(u"content_type"_s, record.contentType);
    if (!record.userProperties.isEmpty()) {
        QJsonArray properties;
        for (const auto &[name, value] : record.userProperties)
            properties.append(QJsonArray{name, value});
        object.insert(u"user_properties"_s, properties);
    }
    object.insert(u"outcome"_s, outcomeKey(record.outcome()));
    if (record.unrouted)
        object.insert(u"reason"_s, record.reason);
    else
        object.insert(u"routes"_s, QJsonArray::fromStringList(record.routes));
    QJsonArray deliveries;
    for (const DeliveryEvents &delivery : record.deliveries) {
        QJsonObject d;
        d.insert(u"route"_s, delivery.route);
        d.insert(u"target"_s, delivery.target);
        d.insert(u"outcome"_s, deliveryKey(delivery.outcome));
        d.insert(u"attempts"_s, delivery.attempts);
        if (!delivery.reason.isEmpty())
            d.insert(u"reason"_s, delivery.reason);
        QJsonArray history;
        for (const AttemptEvent &attempt : delivery.history) {
            QJsonObject a;
            a.insert(u"attempt"_s, attempt.attempt);
            a.insert(u"time"_s, time(attempt.time));
            if (attempt.httpStatus > 0)
                a.insert(u"http_status"_s, attempt.httpStatus);
            if (!attempt.error.isEmpty())
                a.insert(u"error"_s, attempt.error);
            a.insert(u"latency_ms"_s, double(attempt.latencyUs) / 1000.0);
            if (!attempt.response.isEmpty())
                putBytes(a, u"response"_s, attempt.response);
            if (attempt.nextAt.isValid())
                a.insert(u"next_at"_s, time(attempt.nextAt));
            history.append(a);
        }
        d.insert(u"history"_s, history);
        deliveries.append(d);
    }
    object.insert(u"deliveries"_s, deliveries);
    return object;
}

QByteArray csvHeader()
{
    return "time,client_id,topic,qos,routes,target,outcome,http_status,latency_ms,attempts,"
           "message_id,payload\r\n";
}

QByteArray csvLine(const MessageRecord &record)
{
    const AttemptEvent *last = record.lastAttempt();
    const QStringList fields = {
        time(record.time),
        record.clientId,
        record.topic,
        QString::number(record.qos),
        record.unrouted ? record.reason : record.routes.join(u' '),
        record.targets().join(u' '),
        outcomeKey(record.outcome()),
        last && last->httpStatus > 0 ? QString::number(last->httpStatus) : QString(),
        last && last->latencyUs > 0 ? QString::number(double(last->latencyUs) / 1000.0, 'f', 3)
                                    : QString(),
        QString::number(record.attempts()),
        record.messageId,
        isUtf8(record.preview) ? QString::fromUtf8(record.preview)
                               : QString::fromLatin1(record.preview.toBase64()),
    };
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += csvField(fields.at(i));
    }
    return line + "\r\n";
}

QByteArray jsonLine(const MessageRecord &record)
{
    return QJsonDocument(toJson(record)).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace mqhook::MessageExport
