#include "sampleevents.h"

namespace mqhook::test::SampleEvents {

namespace {

Event base(Event::Kind kind, const QString &messageId, const QDateTime &time)
{
    Event event;
    event.kind = kind;
    event.messageId = messageId;
    event.time = time.isValid() ? time.toUTC() : QDateTime::currentDateTimeUtc();
    event.clientId = QStringLiteral("edge-1");
    return event;
}

} // namespace

Event taken(const QString &messageId, const QString &topic, const QStringList &routes,
            const QByteArray &payload, const QDateTime &time)
{
    Event event = base(Event::Kind::Taken, messageId, time);
    event.topic = topic;
    event.qos = 1;
    event.size = payload.size();
    event.preview = payload;
    event.routes = routes;
    return event;
}

Event unrouted(const QString &messageId, const QString &topic, const QString &reason,
               const QByteArray &payload, const QDateTime &time)
{
    Event event = base(Event::Kind::Unrouted, messageId, time);
    event.topic = topic;
    event.size = payload.size();
    event.preview = payload;
    event.reason = reason;
    return event;
}

Event delivered(const QString &messageId, const QString &route, const QString &target, int attempt,
                int status, qint64 latencyUs, const QDateTime &time)
{
    Event event = base(Event::Kind::Delivered, messageId, time);
    event.route = route;
    event.target = target;
    event.attempt = attempt;
    event.httpStatus = status;
    event.latencyUs = latencyUs;
    event.response = QByteArrayLiteral("{\"code\":200}");
    return event;
}

Event retrying(const QString &messageId, const QString &route, const QString &target, int attempt,
               int status, const QString &error, const QDateTime &time)
{
    Event event = base(Event::Kind::Retrying, messageId, time);
    event.route = route;
    event.target = target;
    event.attempt = attempt;
    event.httpStatus = status;
    event.error = error;
    event.latencyUs = 2500;
    event.response = QByteArrayLiteral("busy");
    event.nextAt = event.time.addSecs(1);
    return event;
}

Event dead(const QString &messageId, const QString &route, const QString &target, int attempt,
           const QString &reason, const QDateTime &time)
{
    Event event = base(Event::Kind::Dead, messageId, time);
    event.route = route;
    event.target = target;
    event.attempt = attempt;
    event.httpStatus = 500;
    event.reason = reason;
    return event;
}

} // namespace mqhook::test::SampleEvents
