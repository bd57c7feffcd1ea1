#pragma once

#include "delivery/outbox.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <memory>

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

// What the queue tests share: a fresh folder and a clock moved by hand.
// The wall time a test keeps in a variable of its own.
class FixtureClock final : public Clock
{
public:
    explicit FixtureClock(const QDateTime &now)
        : m_now(now)
    {}
    QDateTime now() const override { return m_now; }
    TimePoint monotonicNow() const override { return std::chrono::steady_clock::now(); }

private:
    const QDateTime &m_now;
};

class QueueFixture
{
protected:
    // From init(): a new folder, the clock at 2026-03-01 12:00:01 UTC.
    bool resetQueue();
    QueueConfig diskConfig() const; // a queue in the folder
    // A clock that reads m_now, so a test moves the outbox's time by setting it.
    std::shared_ptr<const Clock> clock() { return std::make_shared<FixtureClock>(m_now); }
    // A group stored at the test's time, as the outbox's clock would say.
    EnqueueResult enqueue(Outbox &outbox, const QList<Intake> &items)
    {
        return test::enqueue(outbox, items, m_now);
    }
    qint64 rowCount(const QString &table) const { return test::rowCount(diskConfig().dir, table); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QDateTime m_now;
};

} // namespace mqhook::test
