#pragma once

#include "base/clock.h"
#include "config/config.h"
#include "delivery/deadletterstore.h"
#include "delivery/outboxtypes.h"
#include "delivery/queuedatabase.h"
#include "delivery/queueerror.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace mqhook {

class PendingReader;
class QueueLanes;

// The durable queue of deliveries between intake and the HTTP dispatchers,
// as the service's outbox thread drives it: stores intake groups, writes
// delivery outcomes, reads the backlog back a window at a time, and holds the
// dead letters (deadLetters()). Calls that can fail return false, or nullopt
// when they give a value; error() and errorString() then say why, until
// clearError() or the next open(). docs/design/queue.md explains the design.
class Outbox : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool full READ isFull NOTIFY fullChanged)

public:
    using Error = QueueError::Code;

    // The clock gives the current time (for not-before and dead-letter times).
    explicit Outbox(std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                    QObject *parent = nullptr);
    ~Outbox() override;

    // Creates queue.dir and the schema (or upgrades it) and reads the counters.
    bool open(const QueueConfig &config);
    void close();
    bool isOpen() const { return m_statements != nullptr; }
    bool isDurable() const; // false in memory mode: nothing survives the process

    Error error() const { return m_error.code(); }
    QString errorString() const { return m_error.message(); }
    // Forgets a storage error so storeAt() is tried again (e.g. after disk
    // space was freed). storeAt() refuses while an error other than Busy is set.
    void clearError() { m_error = {}; }

    // The ids the next stored group starts at. Within a group, each message
    // with at least one target takes the next message seq, and each of its
    // targets the next delivery id, in order; a group that fails takes none.
    struct Ids
    {
        qint64 messageSeq = 0;
        qint64 deliveryId = 0;

        friend bool operator==(const Ids &, const Ids &) = default;
    };
    Ids nextIds() const { return m_nextIds; }
    // The ids after a group that starts at `ids` (see nextIds()).
    static Ids nextIdsAfter(const QList<Intake> &items, Ids ids);
    // The deliveries a group starting at `first` becomes: one per (intake,
    // target), in the order given, ready to dispatch before it is stored.
    static QList<QueuedDelivery> deliveriesOf(const QList<Intake> &items, Ids first,
                                              const QDateTime &notBefore);
    // Stores a group whose deliveries were handed out by deliveriesOf() from
    // `first`, which must be nextIds(), in one transaction: all of it or
    // nothing. delivered[i] true: the group's i-th delivery succeeded before
    // it could be stored, so it is not (nor its message, when all of its
    // deliveries were); its id stays used. Missing entries count as false.
    bool storeAt(const QList<Intake> &items, Ids first, const QDateTime &notBefore,
                 const std::vector<bool> &delivered = {});

    // Outcomes, each list in one transaction. Unknown or already finished ids
    // are skipped. A message row goes when none of its deliveries is left.
    bool markSucceeded(const QList<qint64> &ids);
    bool recordAttempts(const QList<RetryUpdate> &updates);
    bool markDead(const QList<DeadUpdate> &updates);

    // The pending deliveries of one (route, callback address) with an id above
    // afterId, in id order, at most `limit` of them: a dispatcher takes its
    // backlog a window at a time. Leaves requeue notices alone. nullopt also
    // when not open.
    std::optional<QList<QueuedDelivery>> loadPending(const QString &route, const QString &target,
                                                     qint64 afterId, int limit);
    // Every (route, callback address) with pending deliveries, by route and address.
    std::optional<QList<PendingRange>> pendingRanges();
    // Dead letters put back to pending (by this or another process) since the
    // last call, summed up per (route, callback address): the lowest id
    // requeued and how many, to read them a window at a time with
    // loadPending(). Forgets the notices. Call it when requeued() is emitted.
    std::optional<QList<PendingRange>> takeRequeuedRanges();

    // The dead letters, on this outbox's connection. Retried ones are
    // announced by requeued().
    DeadLetterStore &deadLetters() { return m_deadLetters; }

    // Backpressure: counted over pending deliveries' messages only; dead
    // letters do not count. Full at max_messages or max_bytes (payload bytes);
    // no longer full below 90 % of both. A limit of 0 or less means none.
    bool isFull() const { return m_full; }
    qint64 pendingMessages() const { return m_pendingMessages; }
    qint64 pendingBytes() const { return m_pendingBytes; }
    // Deliveries still to make (not dead letters), for display.
    qint64 pendingDeliveries() const { return m_pendingDeliveries; }

    // The Qt Sql connection name, unique per Outbox (for diagnostics and tests).
    QString connectionName() const { return m_database.connectionName(); }

signals:
    void fullChanged(bool full);
    void errorOccurred(mqhook::Outbox::Error error);
    void requeued();

private:
    struct Statements;

    bool store(const QList<Intake> &items, const QDateTime &notBefore,
               const std::vector<bool> &delivered = {});
    bool begin(const QString &what);
    bool commit(const QString &what);
    bool fail(const QueueError &error);
    bool failStatement(const QString &what, const SqliteStatement &statement);
    bool prepareStatements();
    bool countPending();
    bool readIds();
    bool recordHighestId(qint64 id, const QString &what);
    void setFull(bool full);
    void updateFull();
    QDateTime now() const { return m_clock->now(); }
    bool finishDeliveries(const QList<qint64> &messageSeqs);

    std::shared_ptr<const Clock> m_clock;
    QueueConfig m_config;
    QueueDatabase m_database;
    std::unique_ptr<QueueLanes> m_lanes;      // while open
    std::unique_ptr<Statements> m_statements; // while open
    std::unique_ptr<PendingReader> m_reader;  // while open
    DeadLetterStore m_deadLetters;
    QueueError m_error;
    qint64 m_pendingMessages = 0;
    qint64 m_pendingBytes = 0;
    qint64 m_pendingDeliveries = 0;
    bool m_full = false;
    Ids m_nextIds;
    qint64 m_recordedId = 0; // the highest delivery id the file knows of
};

} // namespace mqhook
