#pragma once

#include "delivery/message.h"

#include <QDateTime>
#include <QList>
#include <QString>

// The values the outbox takes in and hands out: intake groups, deliveries to
// dispatch, outcome updates and dead letters.
namespace mqhook {

// One (route, callback address) a message fans out to.
struct DeliveryTarget
{
    QString route;  // the route key, e.g. "<client_id>/<app_id>"
    QString target; // the callback URL, as configured

    friend bool operator==(const DeliveryTarget &, const DeliveryTarget &) = default;
};

// One message taken in, with every delivery it fans out to.
struct Intake
{
    Message message;
    QList<DeliveryTarget> targets;
};

// A delivery that is still to be made: what the dispatcher needs for a job.
struct QueuedDelivery
{
    qint64 id = 0; // the delivery id, unique within one outbox
    Message message;
    QString route;
    QString target;
    int attemptsMade = 0;
    QDateTime notBefore;          // UTC; the next attempt is due at this time
    QList<AttemptRecord> history; // attempts since the delivery was (re)queued

    friend bool operator==(const QueuedDelivery &, const QueuedDelivery &) = default;
};

// Pending deliveries of one (route, callback address), summed up: where a
// dispatcher's window starts reading them (see Outbox::pendingRanges()).
struct PendingRange
{
    QString route;
    QString target;
    qint64 firstId = 0; // the lowest delivery id
    qint64 count = 0;

    friend bool operator==(const PendingRange &, const PendingRange &) = default;
};

// A retry scheduled by the dispatcher after a failed attempt.
struct RetryUpdate
{
    qint64 id = 0;
    AttemptRecord attempt;
    QDateTime nextAttemptAt; // UTC
};

// A delivery given up by the dispatcher.
struct DeadUpdate
{
    qint64 id = 0;
    QString reason;
    QList<AttemptRecord> history;
};

// A dead letter as listed: enough to pick one.
struct DeadLetterSummary
{
    qint64 id = 0; // the delivery id
    QString messageId;
    QString topic;
    QString route;
    QString target;
    int attempts = 0;
    QString lastError;
    QDateTime deadAt; // UTC

    friend bool operator==(const DeadLetterSummary &, const DeadLetterSummary &) = default;
};

// One attempt of a dead letter's history. A dead letter retried and given up
// again keeps the attempts of each run; run 1 is the first.
struct DeadLetterAttempt
{
    int run = 1;
    AttemptRecord attempt;

    friend bool operator==(const DeadLetterAttempt &, const DeadLetterAttempt &) = default;
};

// A dead letter in full: the message with its payload and every attempt.
struct DeadLetter
{
    qint64 id = 0;
    Message message;
    QString route;
    QString target;
    int attempts = 0;
    QString reason;
    QDateTime deadAt; // UTC
    QList<DeadLetterAttempt> history;

    friend bool operator==(const DeadLetter &, const DeadLetter &) = default;
};

} // namespace mqhook
