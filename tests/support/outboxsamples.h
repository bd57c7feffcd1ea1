#pragma once

#include "delivery/outboxtypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Messages and intake groups for the outbox tests.
namespace mqhook::test {

// A QoS 1 message of client-1 on "sensors/<id>", received 2026-03-01 12:00:00.250 UTC.
Message makeMessage(const QString &id, const QByteArray &payload = QByteArray(200, 'x'));

// That message for `targets` callback addresses of the route "client-1/app":
// http://127.0.0.1:8080/hook0, hook1, …
Intake makeIntake(const QString &id, int targets, const QByteArray &payload = QByteArray(200, 'x'));

// A failed attempt started at `at` that took 120 ms: HTTP `status`.
AttemptRecord failedAttempt(int number, const QDateTime &at, int status = 503);

// The delivery ids, in order.
QList<qint64> idsOf(const QList<QueuedDelivery> &deliveries);

// Limits the queue file of an outbox's connection (Outbox::connectionName())
// to the pages it has now, a full disk as SQLite sees it; or lifts the limit.
// Call it on the connection's thread. False on an SQL error.
bool setQueueFileFull(const QString &connectionName, bool full);

} // namespace mqhook::test
