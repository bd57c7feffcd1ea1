#include "deadletterstore.h"

#include "base/logcategories.h"
#include "delivery/queuedatabase.h"
#include "delivery/queuerows.h"
#include "delivery/sqlitestatement.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>

namespace mqhook {

DeadLetterStore::DeadLetterStore(QueueDatabase &database, std::shared_ptr<const Clock> clock,
                                 QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(std::move(clock))
{}

QString DeadLetterStore::requeueMarkerFileName()
{
    return QStringLiteral("requeue.signal");
}

bool DeadLetterStore::start()
{
    m_error = {};
    if (!m_database.isOpen())
        return fail({QueueError::Code::Other, tr("The queue is not open")});
    return true;
}

bool DeadLetterStore::fail(const QueueError &error)
{
    m_error = error;
    qCWarning(lcQueue).noquote() << error.message();
    return false;
}

bool DeadLetterStore::failStatement(const QString &what, const SqliteStatement &statement)
{
    return fail(m_database.errorOf(what, statement));
}

bool DeadLetterStore::prepare(SqliteStatement &statement, const QByteArray &sql,
                              const QString &what)
{
    return m_database.prepare(statement, sql.constData(), what) || fail(m_database.lastError());
}

// Not a storage failure: nothing is logged.
bool DeadLetterStore::notFound(qint64 id)
{
    m_error = {QueueError::Code::NotFound, tr("No dead letter with ID %1").arg(id)};
    return false;
}

std::optional<QList<DeadLetterSummary>> DeadLetterStore::list()
{
    if (!start())
        return std::nullopt;
    const QString what = tr("cannot list the dead letters");
    SqliteStatement select;
    if (!prepare(select,
                 "SELECT d.id, m.message_id, m.topic, l.route, l.target, d.attempts, d.last_error,"
                 " d.dead_at FROM deliveries d JOIN messages m ON m.seq = d.message_seq"
                 " JOIN lanes l ON l.id = d.lane WHERE d.state = 1 ORDER BY d.id",
                 what)) {
        return std::nullopt;
    }
    QList<DeadLetterSummary> letters;
    SqliteStatement::Step step = select.step();
    for (; step == SqliteStatement::Step::Row; step = select.step()) {
        DeadLetterSummary &letter = letters.emplace_back();
        letter.id = select.int64(0);
        letter.messageId = select.text(1);
        letter.topic = select.text(2);
        letter.route = select.text(3);
        letter.target = select.text(4);
        letter.attempts = int(select.int64(5));
        letter.lastError = select.text(6);
        letter.deadAt = timeAt(select, 7);
    }
    if (step == SqliteStatement::Step::Error) {
        failStatement(what, select);
        return std::nullopt;
    }
    return letters;
}

std::optional<DeadLetterPage> DeadLetterStore::page(qint64 afterId, int limit)
{
    if (!start())
        return std::nullopt;
    const QString what = tr("cannot read the dead letters");
    DeadLetterPage page;
    SqliteStatement count;
    if (!readLetters(afterId, limit, page.letters, what) ||
        !prepare(count, "SELECT COUNT(*) FROM deliveries WHERE state = 1", what)) {
        return std::nullopt;
    }
    if (count.step() != SqliteStatement::Step::Row) {
        failStatement(what, count);
        return std::nullopt;
    }
    page.total = count.int64(0);
    return page;
}

std::optional<DeadLetter> DeadLetterStore::find(qint64 id)
{
    if (!start())
        return std::nullopt;
    QList<DeadLetter> letters;
    if (!readLetters(id - 1, 1, letters, tr("cannot read dead letter %1").arg(id)))
        return std::nullopt;
    if (letters.isEmpty() || letters.constFirst().id != id) {
        notFound(id);
        return std::nullopt;
    }
    return letters.constFirst();
}

bool DeadLetterStore::readLetters(qint64 afterId, int limit, QList<DeadLetter> &letters,
                                  const QString &what)
{
    SqliteStatement select;
    const QByteArray sql = QByteArray("SELECT d.id, l.route, l.target, d.attempts, d.last_error,"
                                      " d.dead_at, ") +
                           messageColumns +
                           " FROM deliveries d JOIN messages m ON m.seq = d.message_seq"
                           " JOIN lanes l ON l.id = d.lane"
                           " WHERE d.state = 1 AND d.id > ?1 ORDER BY d.id LIMIT ?2";
    if (!prepare(select, sql, what))
        return false;
    select.bind(1, afterId);
    select.bind(2, qMax(0, limit));
    SqliteStatement::Step step = select.step();
    for (; step == SqliteStatement::Step::Row; step = select.step()) {
        DeadLetter &letter = letters.emplace_back();
        letter.id = select.int64(0);
        letter.route = select.text(1);
        letter.target = select.text(2);
        letter.attempts = int(select.int64(3));
        letter.reason = select.text(4);
        letter.deadAt = timeAt(select, 5);
        letter.message = messageFrom(select, 6);
    }
    if (step == SqliteStatement::Step::Error)
        return failStatement(what, select);
    if (letters.isEmpty())
        return true;

    // Every run's attempts of the letters read.
    SqliteStatement history;
    const QByteArray historySql = QByteArray("SELECT a.delivery_id, a.run, ") + attemptColumns +
                                  " FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"
                                  " WHERE d.state = 1 AND d.id > ?1 AND d.id <= ?2"
                                  " ORDER BY a.delivery_id, a.run, a.attempt";
    if (!prepare(history, historySql, what))
        return false;
    history.bind(1, afterId);
    history.bind(2, letters.constLast().id);
    qsizetype index = 0;
    step = history.step();
    for (; step == SqliteStatement::Step::Row; step = history.step()) {
        if (DeadLetter *letter = itemWithId(letters, &index, history.int64(0)))
            letter->history.append({int(history.int64(1)), attemptFrom(history, 2)});
    }
    return step != SqliteStatement::Step::Error || failStatement(what, history);
}

bool DeadLetterStore::retry(qint64 id)
{
    if (id <= 0) { // requeue(0) would retry them all
        m_error = {};
        return notFound(id);
    }
    const std::optional<qint64> count = requeue(id);
    return count && (*count > 0 || notFound(id));
}

std::optional<qint64> DeadLetterStore::retryAll()
{
    return requeue(0);
}

std::optional<qint64> DeadLetterStore::requeue(qint64 id)
{
    if (!start())
        return std::nullopt;
    const QString what = tr("cannot retry dead letters");
    // Noted for the running service (see PendingReader::takeRequeued()).
    SqliteStatement note;
    SqliteStatement update;
    if (!prepare(note,
                 QByteArray("INSERT OR IGNORE INTO requeue (delivery_id)"
                            " SELECT id FROM deliveries WHERE state = 1") +
                     (id != 0 ? " AND id = ?1" : ""),
                 what) ||
        !prepare(update,
                 QByteArray("UPDATE deliveries SET state = 0, run = run + 1, attempts = 0,"
                            " not_before = ?1, last_error = '', dead_at = NULL WHERE state = 1") +
                     (id != 0 ? " AND id = ?2" : ""),
                 what)) {
        return std::nullopt;
    }
    if (id != 0) {
        note.bind(1, id);
        update.bind(2, id);
    }
    bindTime(update, 1, m_clock->now());
    if (!m_database.begin(what)) {
        fail(m_database.lastError());
        return std::nullopt;
    }
    for (SqliteStatement *statement : {&note, &update}) {
        if (!statement->run()) {
            failStatement(what, *statement);
            m_database.rollback();
            return std::nullopt;
        }
    }
    const qint64 count = update.changes();
    if (!m_database.commit(what)) {
        fail(m_database.lastError());
        return std::nullopt;
    }
    if (count > 0) {
        touchMarker();
        emit requeued();
    }
    return count;
}

bool DeadLetterStore::remove(qint64 id)
{
    if (!start())
        return false;
    const QString what = tr("cannot delete dead letter %1").arg(id);
    SqliteStatement letter;
    SqliteStatement attempts;
    SqliteStatement message;
    if (!prepare(letter, "DELETE FROM deliveries WHERE id = ?1 AND state = 1 RETURNING message_seq",
                 what) ||
        !prepare(attempts, "DELETE FROM attempts WHERE delivery_id = ?1", what) ||
        // Its message, when no other delivery needs it.
        !prepare(message,
                 "DELETE FROM messages WHERE seq = ?1 AND NOT EXISTS (SELECT 1 FROM deliveries"
                 " WHERE id >= first_delivery AND id < first_delivery + delivery_count)",
                 what)) {
        return false;
    }
    if (!m_database.begin(what))
        return fail(m_database.lastError());
    const auto abort = [&](const SqliteStatement &statement) {
        failStatement(what, statement);
        m_database.rollback();
        return false;
    };
    letter.bind(1, id);
    bool found = false;
    qint64 seq = 0;
    SqliteStatement::Step step = letter.step();
    for (; step == SqliteStatement::Step::Row; step = letter.step()) {
        found = true;
        seq = letter.int64(0);
    }
    letter.reset();
    if (step == SqliteStatement::Step::Error)
        return abort(letter);
    if (!found) {
        m_database.rollback();
        return notFound(id);
    }
    attempts.bind(1, id);
    message.bind(1, seq);
    if (!attempts.run())
        return abort(attempts);
    if (!message.run())
        return abort(message);
    return m_database.commit(what) || fail(m_database.lastError());
}

std::optional<qint64> DeadLetterStore::purge()
{
    if (!start())
        return std::nullopt;
    const QString what = tr("cannot purge the dead letters");
    SqliteStatement attempts;
    SqliteStatement letters;
    SqliteStatement messages;
    if (!prepare(attempts,
                 "DELETE FROM attempts WHERE delivery_id IN"
                 " (SELECT id FROM deliveries WHERE state = 1)",
                 what) ||
        !prepare(letters, "DELETE FROM deliveries WHERE state = 1", what) ||
        !prepare(messages,
                 "DELETE FROM messages WHERE NOT EXISTS (SELECT 1 FROM deliveries"
                 " WHERE id >= first_delivery AND id < first_delivery + delivery_count)",
                 what)) {
        return std::nullopt;
    }
    if (!m_database.begin(what)) {
        fail(m_database.lastError());
        return std::nullopt;
    }
    qint64 count = 0;
    bool ok = attempts.run() || failStatement(what, attempts);
    if (ok) {
        ok = letters.run() || failStatement(what, letters);
        count = letters.changes();
    }
    ok = ok && (messages.run() || failStatement(what, messages));
    if (!ok) {
        m_database.rollback();
        return std::nullopt;
    }
    if (!m_database.commit(what)) {
        fail(m_database.lastError());
        return std::nullopt;
    }
    return count;
}

void DeadLetterStore::touchMarker()
{
    if (!m_database.isDurable())
        return;
    QFile marker(QFileInfo(m_database.path()).dir().filePath(requeueMarkerFileName()));
    if (!marker.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        marker.write(m_clock->now().toString(Qt::ISODateWithMs).toUtf8() + '\n') < 0) {
        qCWarning(lcQueue).noquote() << tr("Cannot write %1: %2; a running mqhook picks up the "
                                           "retried dead letters when it restarts")
                                            .arg(marker.fileName(), marker.errorString());
    }
}

// The running service learns of dead letters retried by another process
// (the dead-letters command) through a small marker file that process
// rewrites: an inotify watch, no polling. What was retried is in the requeue
// table; the marker only says "look".
void DeadLetterStore::watchOtherProcesses()
{
    const QString path = QFileInfo(m_database.path()).dir().filePath(requeueMarkerFileName());
    QFile marker(path);
    if (!marker.exists() && !marker.open(QIODevice::WriteOnly | QIODevice::Append)) {
        qCWarning(lcQueue).noquote()
            << tr("Cannot create %1: %2; dead letters retried from the command line are picked "
                  "up only after a restart")
                   .arg(path, marker.errorString());
        return;
    }
    marker.close();
    stopWatching();
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &changed) {
        // A removed or replaced file drops the watch: recreate it and watch again.
        if (!m_watcher->files().contains(changed)) {
            QFile again(changed);
            if (again.exists() || again.open(QIODevice::WriteOnly | QIODevice::Append))
                m_watcher->addPath(changed);
        }
        emit requeued();
    });
    if (!m_watcher->addPath(path))
        qCWarning(lcQueue).noquote() << tr("Cannot watch %1; dead letters retried from the "
                                           "command line are picked up only after a restart")
                                            .arg(path);
}

void DeadLetterStore::stopWatching()
{
    delete m_watcher;
    m_watcher = nullptr;
}

} // namespace mqhook
