#pragma once

#include "base/clock.h"
#include "config/config.h"
#include "delivery/outboxtypes.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QFileSystemWatcher;
class QSqlError;

namespace mqhook {

class SqliteStatement;

// The durable queue of deliveries between intake and the HTTP dispatcher:
// SQLite (WAL) on disk, or an in-memory database for queue.mode "memory".
class Outbox : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool full READ isFull NOTIFY fullChanged)

public:
    enum class Error
    {
        NoError,
        OpenFailed,   // the folder or the file cannot be created or opened
        NotADatabase, // the file is not an SQLite database, or is corrupt
        SchemaTooNew, // written by a newer mqhook
        DiskFull,
        ReadOnly,
        Busy, // another process held the database longer than the busy timeout
        Io,
        Other,
    };
    Q_ENUM(Error)

    // The clock gives the current time (for not-before and dead-letter times).
    explicit Outbox(std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                    QObject *parent = nullptr);
    ~Outbox() override;

    // The database file's name inside queue.dir.
    static QString databaseFileName();
    // The file another process touches after retrying dead letters.
    static QString requeueMarkerFileName();

    // Creates queue.dir and the schema (or migrates it) and reads the counters.
    bool open(const QueueConfig &config, QString *error = nullptr);
    void close();
    bool isOpen() const;
    bool isDurable() const;       // false in memory mode: nothing survives the process
    QString databasePath() const; // empty in memory mode

    Error error() const;
    QString errorString() const;
    // Forgets a storage error so enqueue() is tried again (e.g. after disk
    // space was freed). enqueue() refuses while an error other than Busy is set.
    void clearError();

    // Stores a whole group in one transaction. Acknowledge the messages to the
    // broker only when this succeeds; on failure nothing of the group is stored.
    EnqueueResult enqueue(const QList<Intake> &items);

    // The ids the next stored group starts at. Within a group, each message
    // with at least one target takes the next message seq, and each of its
    // targets the next delivery id, in order; a group that fails takes none.
    struct Ids
    {
        qint64 messageSeq = 0;
        qint64 deliveryId = 0;

        friend bool operator==(const Ids &, const Ids &) = default;
    };
    Ids nextIds() const;
    // The ids after a group that starts at `ids` (see nextIds()).
    static Ids nextIdsAfter(const QList<Intake> &items, Ids ids);
    // The deliveries a group starting at `first` becomes, as enqueue() returns them.
    static QList<QueuedDelivery> deliveriesOf(const QList<Intake> &items, Ids first,
                                              const QDateTime &notBefore);
    // Stores a group whose deliveries were handed out by deliveriesOf() from
    // `first`, which must be nextIds(). False on a storage error (see error()).
    // delivered[i] true: the group's i-th delivery succeeded before it could
    // be stored, so it is not (nor its message, when all of its deliveries
    // were); its id stays used. Missing entries count as false.
    bool storeAt(const QList<Intake> &items, Ids first, const QDateTime &notBefore,
                 const std::vector<bool> &delivered = {});

    // Outcomes, each list in one transaction. Unknown or already finished ids
    // are skipped. A message row goes when none of its deliveries is left.
    bool markSucceeded(const QList<qint64> &ids);
    bool recordAttempt(qint64 id, const AttemptRecord &attempt, const QDateTime &nextAttemptAt);
    bool recordAttempts(const QList<RetryUpdate> &updates);
    bool markDead(qint64 id, const QString &reason, const QList<AttemptRecord> &history);
    bool markDead(const QList<DeadUpdate> &updates);

    // Every pending delivery in arrival order, for start-up. Also forgets
    // pending requeue notices: what they named is in this list. On a storage
    // error the list is empty, *ok false and error() says why.
    QList<QueuedDelivery> loadPending(bool *ok = nullptr);

    // The pending deliveries of one (route, callback address) with an id above
    // afterId, in id order, at most `limit` of them: a dispatcher takes its
    // backlog a window at a time. Leaves requeue notices alone. On a storage
    // error the list is empty, *ok false and error() says why.
    QList<QueuedDelivery> loadPending(const QString &route, const QString &target, qint64 afterId,
                                      int limit, bool *ok = nullptr);
    // Every (route, callback address) with pending deliveries, by route and
    // address. On a storage error the list is empty, *ok false.
    QList<PendingRange> pendingRanges(bool *ok = nullptr);

    // Dead letters. Safe while another process (the service) has the same
    // queue open; retried ones are announced to it through the marker file.
    QList<DeadLetterSummary> deadLetters();
    std::optional<DeadLetter> deadLetter(qint64 id);
    bool retryDeadLetter(qint64 id); // false when there is no such dead letter (or on error)
    int retryAllDeadLetters();       // how many went back to pending; -1 on error
    int purgeDeadLetters();          // how many were removed; -1 on error
    qint64 deadLetterCount();

    // Dead letters put back to pending (by this or another process) since the
    // last call, summed up per (route, callback address): the lowest id
    // requeued and how many, to read them a window at a time with
    // loadPending(route, target, ...). Forgets the notices. Call it when
    // requeued() is emitted.
    QList<PendingRange> takeRequeuedRanges();

    // Backpressure: counted over pending deliveries' messages only; dead
    // letters do not count. Full at max_messages or max_bytes (payload bytes);
    // no longer full below 90 % of both. A limit of 0 or less means none.
    bool isFull() const;
    qint64 pendingMessages() const;
    qint64 pendingBytes() const;

    // The Qt Sql connection name, unique per Outbox (for diagnostics and tests).
    QString connectionName() const;

Q_SIGNALS:
    void fullChanged(bool full);
    void errorOccurred(mqhook::Outbox::Error error);
    void requeued();

private:
    struct Statements;

    bool failWith(Error error, const QString &message, QString *errorOut = nullptr);
    bool failSql(const QString &what, const QSqlError &sqlError);
    bool failStatement(const QString &what, const SqliteStatement &statement);
    bool failSqlite(const QString &what, int code, const QString &cause);
    bool exec(const QString &sql, const QString &what);
    bool begin(const QString &what);
    bool commit(const QString &what);
    void rollback();
    bool configureConnection();
    bool migrate();
    bool prepareStatements();
    bool recount();
    bool store(const QList<Intake> &items, const QDateTime &notBefore,
               const std::vector<bool> &delivered = {});
    bool recordHighestId(qint64 id, const QString &what);
    // The lane number of (route, callback address); with add, a new one when
    // there is none. 0: none; -1: an SQL error (in selectLane or insertLane).
    qint64 laneOf(const QString &route, const QString &target, bool add);
    void setFull(bool full);
    void updateFull();
    QDateTime now() const;
    QList<QueuedDelivery> takePending(const QString &condition, const QString &what, bool *ok);
    QList<PendingRange> selectRanges(const QString &from, const QString &what, bool *ok);
    bool finishDeliveries(QList<qint64> messageSeqs);
    bool requeueDead(const QString &where, qint64 id, int *count);
    void touchMarker();
    void watchMarker();

    std::shared_ptr<const Clock> m_clock;
    QueueConfig m_config;
    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    std::unique_ptr<Statements> m_statements;
    QFileSystemWatcher *m_watcher = nullptr;
    Error m_error = Error::NoError;
    QString m_errorString;
    qint64 m_pendingMessages = 0;
    qint64 m_pendingBytes = 0;
    bool m_full = false;
    Ids m_nextIds;
    qint64 m_recordedId = 0;                        // the highest delivery id the file knows of
    QHash<QPair<QString, QString>, qint64> m_lanes; // lane numbers by (route, target)
};

} // namespace mqhook
