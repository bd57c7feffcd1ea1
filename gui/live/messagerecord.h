#pragma once

#include "observe/event.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace mqhook {

// One attempt of a delivery, as its event told it.
struct AttemptEvent
{
    int attempt = 0;
    QDateTime time; // when the outcome was known, UTC
    int httpStatus = 0;
    QString error;
    qint64 latencyUs = 0;
    QByteArray response; // the first bytes of the endpoint's answer
    QDateTime nextAt;    // a retry: when the next attempt is due
};

// One (route, callback address) a message went to, from its delivery events.
struct DeliveryEvents
{
    enum class Outcome
    {
        Pending,
        Delivered,
        Retrying,
        Dead,
    };

    QString route;
    QString target;
    Outcome outcome = Outcome::Pending;
    QString reason;              // Dead: why it was given up
    int attempts = 0;            // the highest attempt number seen
    QList<AttemptEvent> history; // the latest attempts, oldest first (at most maxHistory)

    static constexpr int maxHistory = 32;
};

// One message of the live view: what the events about it said, gathered in
// one place (a Taken or Unrouted event starts it, delivery events fill it).
struct MessageRecord
{
    enum class Outcome
    {
        Pending,   // taken, not every route delivered yet
        Delivered, // every route delivered
        Retrying,  // an attempt failed and another is due
        Dead,      // a delivery was given up (a dead letter)
        Unrouted,  // no route took it
    };

    QDateTime time; // received (or first heard of), UTC
    QString clientId;
    QString messageId;
    QString topic;
    int qos = 0;
    bool retain = false;
    qint64 size = 0;
    QByteArray preview;
    QString contentType;
    QList<QPair<QString, QString>> userProperties;
    QStringList routes;    // the routes that took it
    QString reason;        // Unrouted: why not
    bool unrouted = false; // an Unrouted event started it
    QList<DeliveryEvents> deliveries;

    // Applies one event about this message; false when it is about another
    // kind of thing (connections, the queue).
    bool apply(const Event &event);

    Outcome outcome() const;
    QStringList targets() const;
    int attempts() const;
    // The most recent answer among the deliveries: status and latency.
    const AttemptEvent *lastAttempt() const;
    bool payloadComplete() const { return preview.size() >= size; }

    static MessageRecord fromEvent(const Event &event);
};

} // namespace mqhook
