#pragma once

#include "base/clock.h"
#include "delivery/outboxtypes.h"
#include "delivery/queueerror.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QFileSystemWatcher;

namespace mqhook {

class QueueDatabase;
class SqliteStatement;

// Dead letters, a page at a time, oldest first.
struct DeadLetterPage
{
    QList<DeadLetter> letters;
    qint64 total = 0; // dead letters in the queue
};

// The dead letters of a queue: deliveries given up, each with its message and
// every attempt. What `mqhook dead-letters` uses, and the admin API and the
// error view through OutboxThread. Safe while another process (the service)
// has the same queue open: it learns of retried ones through the requeue
// marker file. Calls that can fail return false, or nullopt when they give a
// value; error() and errorString() then say why (NotFound: no dead letter
// with the id given). They describe the last call only.
class DeadLetterStore : public QObject
{
    Q_OBJECT

public:
    // The clock gives the current time (a retried delivery is due at once).
    explicit DeadLetterStore(QueueDatabase &database,
                             std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                             QObject *parent = nullptr);

    // The file in queue.dir a process touches after retrying dead letters.
    static QString requeueMarkerFileName();

    // Every dead letter as listed: enough to pick one.
    std::optional<QList<DeadLetterSummary>> list();
    // In full, those with an id above afterId, at most `limit` of them.
    std::optional<DeadLetterPage> page(qint64 afterId, int limit);
    std::optional<DeadLetter> find(qint64 id);

    // Back to pending, attempts counted from 1 again; requeued() follows.
    bool retry(qint64 id);
    std::optional<qint64> retryAll(); // how many went back
    // Deleted with their attempts, and their message when nothing else needs it.
    bool remove(qint64 id);
    std::optional<qint64> purge(); // how many were deleted

    QueueError::Code error() const { return m_error.code(); }
    QString errorString() const { return m_error.message(); }

    // From now on requeued() also comes when another process retried dead
    // letters in this (disk) queue, until stopWatching().
    void watchOtherProcesses();
    void stopWatching();

signals:
    void requeued(); // dead letters went back to pending

private:
    // Starts a call: forgets the last one's error; false when not open.
    bool start();
    bool fail(const QueueError &error);
    bool failStatement(const QString &what, const SqliteStatement &statement);
    bool prepare(SqliteStatement &statement, const QByteArray &sql, const QString &what);
    bool notFound(qint64 id);
    // Appends the letters with an id above afterId, at most `limit`, in full.
    bool readLetters(qint64 afterId, int limit, QList<DeadLetter> &letters, const QString &what);
    // Puts the dead deliveries back to pending: the one with `id`, or all for 0.
    std::optional<qint64> requeue(qint64 id);
    void touchMarker();

    QueueDatabase &m_database;
    std::shared_ptr<const Clock> m_clock;
    QueueError m_error;
    QFileSystemWatcher *m_watcher = nullptr; // child, while watching
};

} // namespace mqhook
