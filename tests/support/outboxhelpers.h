#pragma once

#include "delivery/outbox.h"

#include <QDateTime>
#include <QList>
#include <QString>

// What the outbox tests do to an Outbox beyond what the service does, built
// on the calls the service makes.
namespace mqhook::test {

// What enqueue() did: on success one delivery per (intake, target), in the
// order given, ready to dispatch; on failure nothing was stored.
struct EnqueueResult
{
    bool ok = false;
    QString error;
    QList<QueuedDelivery> deliveries;
};

// Stores a group as the outbox thread does (the deliveries from nextIds(),
// then storeAt()), due at `notBefore` as stored: to the millisecond.
EnqueueResult enqueue(Outbox &outbox, const QList<Intake> &items,
                      const QDateTime &notBefore = QDateTime::currentDateTimeUtc());

// Every pending delivery in arrival order, read as the service reads them
// at start-up: the requeue notices taken, then every range a slice at a
// time. Empty, and *ok false, on a storage error.
QList<QueuedDelivery> loadPending(Outbox &outbox, bool *ok = nullptr);

// The dead letters in the outbox; -1 on a storage error.
qint64 deadLetterCount(Outbox &outbox);

// The rows of `table` (and what follows it, e.g. a WHERE clause) in the queue
// file in queueDir, counted through a connection of its own, as another
// process would see them; -1 on an error.
qint64 rowCount(const QString &queueDir, const QString &table);

} // namespace mqhook::test
