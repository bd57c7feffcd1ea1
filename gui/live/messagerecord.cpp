#include "messagerecord.h"

#include <algorithm>

namespace mqhook {

namespace {

bool isDelivery(Event::Kind kind)
{
    return kind == Event::Kind::Delivered || kind == Event::Kind::Retrying ||
           kind == Event::Kind::Dead;
}

} // namespace

MessageRecord MessageRecord::fromEvent(const Event &event)
{
    MessageRecord record;
    record.time = event.time;
    record.clientId = event.clientId;
    record.messageId = event.messageId;
    record.topic = event.topic;
    record.qos = event.qos;
    record.retain = event.retain;
    record.size = event.size;
    record.apply(event);
    return record;
}

bool MessageRecord::apply(const Event &event)
{
    switch (event.kind) {
    case Event::Kind::Taken:
    case Event::Kind::Unrouted:
        // A delivery may finish before its message is committed, so Taken
        // can come after the first delivery event: it fills in, never resets.
        time = event.time;
        if (!event.clientId.isEmpty())
            clientId = event.clientId;
        topic = event.topic;
        qos = event.qos;
        retain = event.retain;
        size = event.size;
        preview = event.preview;
        contentType = event.contentType;
        userProperties = event.userProperties;
        if (event.kind == Event::Kind::Taken) {
            routes = event.routes;
        } else {
            unrouted = true;
            reason = event.reason;
        }
        return true;
    case Event::Kind::Delivered:
    case Event::Kind::Retrying:
    case Event::Kind::Dead:
        break;
    default:
        return false;
    }

    if (topic.isEmpty())
        topic = event.topic;
    if (clientId.isEmpty())
        clientId = event.clientId;
    if (!event.route.isEmpty() && !routes.contains(event.route) && !unrouted)
        routes.append(event.route);
    auto it = std::find_if(deliveries.begin(), deliveries.end(), [&](const DeliveryEvents &d) {
        return d.route == event.route && d.target == event.target;
    });
    if (it == deliveries.end()) {
        DeliveryEvents delivery;
        delivery.route = event.route;
        delivery.target = event.target;
        deliveries.append(delivery);
        it = deliveries.end() - 1;
    }
    DeliveryEvents &delivery = *it;
    if (event.attempt > 0) {
        AttemptEvent attempt;
        attempt.attempt = event.attempt;
        attempt.time = event.time;
        attempt.httpStatus = event.httpStatus;
        attempt.error = event.error;
        attempt.latencyUs = event.latencyUs;
        attempt.response = event.response;
        attempt.nextAt = event.nextAt;
        // Dead repeats the last attempt's result: one entry for both.
        const bool repeat =
            !delivery.history.isEmpty() && delivery.history.constLast().attempt == attempt.attempt;
        if (repeat) {
            AttemptEvent &last = delivery.history.last();
            if (last.error.isEmpty())
                last.error = attempt.error;
            if (last.httpStatus == 0)
                last.httpStatus = attempt.httpStatus;
        } else {
            delivery.history.append(attempt);
            if (delivery.history.size() > DeliveryEvents::maxHistory)
                delivery.history.removeFirst();
        }
        delivery.attempts = std::max(delivery.attempts, event.attempt);
    }
    switch (event.kind) {
    case Event::Kind::Delivered:
        delivery.outcome = DeliveryEvents::Outcome::Delivered;
        break;
    case Event::Kind::Retrying:
        // A late Retrying never undoes a final outcome.
        if (delivery.outcome == DeliveryEvents::Outcome::Pending ||
            delivery.outcome == DeliveryEvents::Outcome::Retrying)
            delivery.outcome = DeliveryEvents::Outcome::Retrying;
        break;
    case Event::Kind::Dead:
        delivery.outcome = DeliveryEvents::Outcome::Dead;
        delivery.reason = event.reason;
        break;
    default:
        break;
    }
    return isDelivery(event.kind);
}

MessageRecord::Outcome MessageRecord::outcome() const
{
    if (unrouted)
        return Outcome::Unrouted;
    bool retrying = false;
    bool pending = deliveries.isEmpty();
    QStringList delivered;
    for (const DeliveryEvents &delivery : deliveries) {
        switch (delivery.outcome) {
        case DeliveryEvents::Outcome::Dead:
            return Outcome::Dead;
        case DeliveryEvents::Outcome::Retrying:
            retrying = true;
            break;
        case DeliveryEvents::Outcome::Pending:
            pending = true;
            break;
        case DeliveryEvents::Outcome::Delivered:
            delivered.append(delivery.route);
            break;
        }
    }
    if (retrying)
        return Outcome::Retrying;
    for (const QString &route : routes) {
        if (!delivered.contains(route))
            pending = true;
    }
    return pending ? Outcome::Pending : Outcome::Delivered;
}

QStringList MessageRecord::targets() const
{
    QStringList result;
    for (const DeliveryEvents &delivery : deliveries) {
        if (!result.contains(delivery.target))
            result.append(delivery.target);
    }
    return result;
}

int MessageRecord::attempts() const
{
    int total = 0;
    for (const DeliveryEvents &delivery : deliveries)
        total += delivery.attempts;
    return total;
}

const AttemptEvent *MessageRecord::lastAttempt() const
{
    const AttemptEvent *last = nullptr;
    for (const DeliveryEvents &delivery : deliveries) {
        if (delivery.history.isEmpty())
            continue;
        const AttemptEvent &candidate = delivery.history.constLast();
        if (!last || candidate.time > last->time)
            last = &candidate;
    }
    return last;
}

} // namespace mqhook
