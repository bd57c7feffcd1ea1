#include "outbox.h"

#include "base/logcategories.h"
#include "delivery/sqlitestatement.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <atomic>

// Storage notes (the README's "Queue" section says the same for users):
//
// - WAL; intake commits with synchronous=FULL. A message is acknowledged to
//   the broker once enqueue() returns, so its commit must survive a power
//   loss, not only a process kill. With synchronous=NORMAL a WAL commit is
//   safe against kill -9 but the last commits may roll back on power loss,
//   and those messages were already acknowledged: lost. FULL costs one fsync
//   of the WAL per commit, which group commit (one transaction per pass over
//   the sockets) spreads over the whole group.
// - Every other write (outcomes, dead letters, requeues) commits with
//   synchronous=NORMAL, without an fsync of its own: a power loss can roll
//   back only the newest of them, which sends those deliveries again or
//   retries them earlier (at least once holds), never loses a message. The
//   WAL is a log: the next intake's fsync makes everything before it durable.
// - Payloads are stored once per message (messages); each (message, target)
//   is a row of deliveries until it succeeds; attempts hold the history of
//   retried and dead deliveries. A message row goes with its last delivery.
//   A delivery names its (route, callback address) by a lane number (lanes),
//   so its row and the pending index hold an integer, not two texts.
// - Ids are handed out from counters in memory (nextIds()), so a caller can
//   dispatch deliveries before their commit returns. Delivery ids start above
//   the highest ever handed out (table high_water, written with every store),
//   so an id is never reused: an outcome that arrives late can never hit a
//   newer delivery. Only one process (the service) adds deliveries; the
//   dead-letters command changes existing rows only.
// - A delivery that succeeded before its group was stored is not inserted
//   (storeAt()'s `delivered`). Its id is recorded in high_water with the
//   next store or at close(); only a crash before that lets it come again,
//   and nothing on disk ever named it.
// - Write transactions are BEGIN IMMEDIATE, so a second process (the
//   dead-letters command) waits on busy_timeout instead of failing half way.

namespace mqhook {

namespace {

// synchronous=FULL on a disk queue's connection while it lives, NORMAL again
// after: for the commits whose messages are acknowledged once they return.
// Runs the two prepared PRAGMAs it is given, or nothing (memory mode).
class FullSyncScope
{
public:
    FullSyncScope(SqliteStatement &full, SqliteStatement &normal, bool durable)
        : m_normal(durable ? &normal : nullptr)
    {
        if (durable)
            full.run();
    }
    ~FullSyncScope()
    {
        if (m_normal)
            m_normal->run();
    }
    FullSyncScope(const FullSyncScope &) = delete;
    FullSyncScope &operator=(const FullSyncScope &) = delete;

private:
    SqliteStatement *m_normal;
};

constexpr int schemaVersion = 4;
constexpr int busyTimeoutMs = 10'000;

std::atomic<quint64> connectionCounter{0};

// The statements that build schema version N from version N - 1. Append a
// list for every new version; never edit a released one.
QList<QStringList> migrations()
{
    return {
        // 0 -> 1
        {
            QStringLiteral("CREATE TABLE messages ("
                           " seq INTEGER PRIMARY KEY,"
                           " message_id TEXT NOT NULL,"
                           " client_id TEXT NOT NULL,"
                           " topic TEXT NOT NULL,"
                           " payload BLOB NOT NULL,"
                           " payload_size INTEGER NOT NULL,"
                           " qos INTEGER NOT NULL,"
                           " retain INTEGER NOT NULL,"
                           " received_at INTEGER,"
                           " content_type TEXT NOT NULL,"
                           " user_properties TEXT)"),
            // state: 0 pending, 1 dead. run: 1, plus one per retry of a dead letter.
            QStringLiteral("CREATE TABLE deliveries ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " message_seq INTEGER NOT NULL,"
                           " route TEXT NOT NULL,"
                           " target TEXT NOT NULL,"
                           " state INTEGER NOT NULL,"
                           " run INTEGER NOT NULL,"
                           " attempts INTEGER NOT NULL,"
                           " not_before INTEGER,"
                           " last_error TEXT NOT NULL,"
                           " dead_at INTEGER)"),
            QStringLiteral("CREATE INDEX deliveries_by_message ON deliveries (message_seq)"),
            QStringLiteral("CREATE TABLE attempts ("
                           " delivery_id INTEGER NOT NULL,"
                           " run INTEGER NOT NULL,"
                           " attempt INTEGER NOT NULL,"
                           " started_at INTEGER,"
                           " finished_at INTEGER,"
                           " http_status INTEGER NOT NULL,"
                           " error TEXT NOT NULL,"
                           " PRIMARY KEY (delivery_id, run, attempt)) WITHOUT ROWID"),
            // Dead letters put back to pending that the running service has not
            // picked up yet (see takeRequeuedRanges()).
            QStringLiteral("CREATE TABLE requeue (delivery_id INTEGER PRIMARY KEY)"),
        },
        // 1 -> 2: the dispatchers read their backlog a window at a time, per
        // (route, callback address) in id order (loadPending(route, target, ...)).
        {
            QStringLiteral("CREATE INDEX deliveries_pending ON deliveries (route, target, id)"
                           " WHERE state = 0"),
        },
        // 2 -> 3: a delivery names its (route, callback address) by a lane
        // number instead of the two texts, in its row and in the pending
        // index. The table is rebuilt; its AUTOINCREMENT record is kept.
        {
            QStringLiteral("CREATE TABLE lanes (id INTEGER PRIMARY KEY, route TEXT NOT NULL,"
                           " target TEXT NOT NULL, UNIQUE (route, target))"),
            QStringLiteral("INSERT INTO lanes (route, target)"
                           " SELECT DISTINCT route, target FROM deliveries ORDER BY route, target"),
            QStringLiteral("CREATE TABLE deliveries_v3 ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " message_seq INTEGER NOT NULL,"
                           " lane INTEGER NOT NULL,"
                           " state INTEGER NOT NULL,"
                           " run INTEGER NOT NULL,"
                           " attempts INTEGER NOT NULL,"
                           " not_before INTEGER,"
                           " last_error TEXT NOT NULL,"
                           " dead_at INTEGER)"),
            QStringLiteral("INSERT INTO deliveries_v3 (id, message_seq, lane, state, run, attempts,"
                           " not_before, last_error, dead_at)"
                           " SELECT d.id, d.message_seq, l.id, d.state, d.run, d.attempts,"
                           " d.not_before, d.last_error, d.dead_at"
                           " FROM deliveries d JOIN lanes l ON l.route = d.route"
                           " AND l.target = d.target"),
            QStringLiteral("DELETE FROM sqlite_sequence WHERE name = 'deliveries_v3'"),
            QStringLiteral("INSERT INTO sqlite_sequence (name, seq)"
                           " SELECT 'deliveries_v3', seq FROM sqlite_sequence"
                           " WHERE name = 'deliveries'"),
            QStringLiteral("DROP TABLE deliveries"),
            QStringLiteral("ALTER TABLE deliveries_v3 RENAME TO deliveries"),
            QStringLiteral("CREATE INDEX deliveries_by_message ON deliveries (message_seq)"),
            QStringLiteral("CREATE INDEX deliveries_pending ON deliveries (lane, id)"
                           " WHERE state = 0"),
        },
        // 3 -> 4: a message's deliveries have consecutive ids; the message
        // records the first and how many, so "are any left?" looks up the
        // deliveries' own key, and the index by message is gone. The highest
        // delivery id ever handed out is kept in high_water, once per
        // transaction, instead of by AUTOINCREMENT on every insert. Each is
        // a B-tree less to write for every delivery stored (and removed).
        {
            QStringLiteral("ALTER TABLE messages ADD COLUMN first_delivery INTEGER NOT NULL"
                           " DEFAULT 0"),
            QStringLiteral("ALTER TABLE messages ADD COLUMN delivery_count INTEGER NOT NULL"
                           " DEFAULT 0"),
            QStringLiteral("UPDATE messages SET"
                           " first_delivery = COALESCE((SELECT MIN(id) FROM deliveries"
                           " WHERE message_seq = seq), 0),"
                           " delivery_count = COALESCE((SELECT MAX(id) - MIN(id) + 1"
                           " FROM deliveries WHERE message_seq = seq), 0)"),
            QStringLiteral("CREATE TABLE high_water (name TEXT PRIMARY KEY,"
                           " id INTEGER NOT NULL) WITHOUT ROWID"),
            QStringLiteral("INSERT INTO high_water (name, id) SELECT 'deliveries',"
                           " MAX(IFNULL((SELECT MAX(seq) FROM sqlite_sequence"
                           " WHERE name = 'deliveries'), 0),"
                           " IFNULL((SELECT MAX(id) FROM deliveries), 0))"),
            QStringLiteral("CREATE TABLE deliveries_v4 ("
                           " id INTEGER PRIMARY KEY,"
                           " message_seq INTEGER NOT NULL,"
                           " lane INTEGER NOT NULL,"
                           " state INTEGER NOT NULL,"
                           " run INTEGER NOT NULL,"
                           " attempts INTEGER NOT NULL,"
                           " not_before INTEGER,"
                           " last_error TEXT NOT NULL,"
                           " dead_at INTEGER)"),
            QStringLiteral("INSERT INTO deliveries_v4 (id, message_seq, lane, state, run, attempts,"
                           " not_before, last_error, dead_at)"
                           " SELECT id, message_seq, lane, state, run, attempts, not_before,"
                           " last_error, dead_at FROM deliveries"),
            QStringLiteral("DROP TABLE deliveries"),
            QStringLiteral("ALTER TABLE deliveries_v4 RENAME TO deliveries"),
            QStringLiteral("CREATE INDEX deliveries_pending ON deliveries (lane, id)"
                           " WHERE state = 0"),
        },
    };
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch())
                          : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QList<QPair<QString, QString>> userPropertiesFrom(const QString &json)
{
    QList<QPair<QString, QString>> properties;
    if (json.isNull())
        return properties;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &pair : array)
        properties.append({pair[0].toString(), pair[1].toString()});
    return properties;
}

// A row's columns as messageFrom() reads them, from a Qt Sql query.
class QueryColumns
{
public:
    explicit QueryColumns(const QSqlQuery &query)
        : m_query(query)
    {}
    QString text(int column) const { return m_query.value(column).toString(); }
    QByteArray blob(int column) const { return m_query.value(column).toByteArray(); }
    qint64 int64(int column) const { return m_query.value(column).toLongLong(); }
    bool isNull(int column) const { return m_query.value(column).isNull(); }

private:
    const QSqlQuery &m_query;
};

// The columns messageFrom() reads, in its order.
const QString messageColumns =
    QStringLiteral("m.message_id, m.client_id, m.topic, m.payload, m.qos, m.retain, m.received_at,"
                   " m.content_type, m.user_properties");

// Columns: QueryColumns or SqliteStatement.
template<typename Columns>
Message messageFrom(const Columns &row, int first)
{
    Message message;
    message.id = row.text(first);
    message.clientId = row.text(first + 1);
    message.topic = row.text(first + 2);
    message.payload = row.blob(first + 3);
    message.qos = int(row.int64(first + 4));
    message.retain = row.int64(first + 5) != 0;
    if (!row.isNull(first + 6))
        message.receivedAt = QDateTime::fromMSecsSinceEpoch(row.int64(first + 6), Qt::UTC);
    message.contentType = row.text(first + 7);
    message.userProperties = userPropertiesFrom(row.text(first + 8));
    return message;
}

// The columns attemptFrom() reads, in its order.
const QString attemptColumns =
    QStringLiteral("a.attempt, a.started_at, a.finished_at, a.http_status, a.error");

AttemptRecord attemptFrom(const QSqlQuery &query, int first)
{
    AttemptRecord record;
    record.attempt = query.value(first).toInt();
    record.startedAt = timeFrom(query.value(first + 1));
    record.finishedAt = timeFrom(query.value(first + 2));
    record.httpStatus = query.value(first + 3).toInt();
    record.error = query.value(first + 4).toString();
    return record;
}

// SQLite's primary result code from a Qt Sql error (Qt puts the code there as text).
int sqliteCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

QString sqliteCodeName(int code)
{
    switch (code) {
    case 3:
        return QStringLiteral("SQLITE_PERM");
    case 5:
        return QStringLiteral("SQLITE_BUSY");
    case 6:
        return QStringLiteral("SQLITE_LOCKED");
    case 8:
        return QStringLiteral("SQLITE_READONLY");
    case 10:
        return QStringLiteral("SQLITE_IOERR");
    case 11:
        return QStringLiteral("SQLITE_CORRUPT");
    case 13:
        return QStringLiteral("SQLITE_FULL");
    case 14:
        return QStringLiteral("SQLITE_CANTOPEN");
    case 26:
        return QStringLiteral("SQLITE_NOTADB");
    default:
        return QStringLiteral("SQLite error %1").arg(code);
    }
}

Outbox::Error errorFor(int code)
{
    switch (code) {
    case 5:
    case 6:
        return Outbox::Error::Busy;
    case 3:
    case 8:
        return Outbox::Error::ReadOnly;
    case 10:
        return Outbox::Error::Io;
    case 11:
    case 26:
        return Outbox::Error::NotADatabase;
    case 13:
        return Outbox::Error::DiskFull;
    case 14:
        return Outbox::Error::OpenFailed;
    default:
        return Outbox::Error::Other;
    }
}

void bindTime(SqliteStatement &statement, int index, const QDateTime &time)
{
    if (time.isValid())
        statement.bind(index, time.toMSecsSinceEpoch());
    else
        statement.bindNull(index);
}

// The UTF-8 of the last text bound in one column. The client id and the
// topic mostly repeat from one message to the next; bound as UTF-16, SQLite
// would convert each one again.
class Utf8Column
{
public:
    // Valid until the next call.
    const QByteArray &of(const QString &text)
    {
        if (!m_known || text != m_text) {
            m_text = text;
            m_utf8 = text.toUtf8();
            m_known = true;
        }
        return m_utf8;
    }

private:
    QString m_text;
    QByteArray m_utf8;
    bool m_known = false;
};

// Binds the values of the insertAttempt statement.
void bindAttempt(SqliteStatement &insert, qint64 deliveryId, const AttemptRecord &record)
{
    insert.bind(1, record.attempt);
    bindTime(insert, 2, record.startedAt);
    bindTime(insert, 3, record.finishedAt);
    insert.bind(4, record.httpStatus);
    insert.bind(5, record.error);
    insert.bind(6, deliveryId);
}

// The user properties as stored: a JSON array of [name, value] pairs, or
// empty for SQL NULL.
QByteArray userPropertiesText(const QList<QPair<QString, QString>> &properties)
{
    if (properties.isEmpty())
        return {};
    QJsonArray array;
    for (const auto &[name, value] : properties)
        array.append(QJsonArray{name, value});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

// Ids as a JSON array, the one value the set statements take: SQLite's
// json_each() turns it back into rows, so a whole group is one statement
// however many ids it has.
QByteArray idList(const QList<qint64> &ids)
{
    QByteArray text;
    text.reserve(ids.size() * 8 + 2);
    text += '[';
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i > 0)
            text += ',';
        text += QByteArray::number(ids.at(i));
    }
    text += ']';
    return text;
}

// The level below which a full queue takes messages again: 90 % of the limit.
bool belowResumeLevel(qint64 value, qint64 limit)
{
    return limit <= 0 || value <= qMin(limit - 1, limit * 9 / 10);
}

bool atLimit(qint64 value, qint64 limit)
{
    return limit > 0 && value >= limit;
}

} // namespace

// The statements run per message or per group, prepared once per connection
// and run through the SQLite C API on Qt Sql's connection (see SqliteStatement).
struct Outbox::Statements
{
    SqliteStatement insertMessage;
    SqliteStatement selectWindow;
    SqliteStatement insertDelivery;
    SqliteStatement selectLane;
    SqliteStatement insertLane;
    SqliteStatement pendingMessageOf;
    SqliteStatement deleteAttempts;
    SqliteStatement deleteDeliveries;
    SqliteStatement finishedMessages;
    SqliteStatement deleteMessages;
    SqliteStatement scheduleRetry;
    SqliteStatement insertAttempt;
    SqliteStatement markDead;
    SqliteStatement recordHighWater;
    SqliteStatement begin;
    SqliteStatement commit;
    SqliteStatement synchronousFull;
    SqliteStatement synchronousNormal;
};

Outbox::Outbox(std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_connectionName(QStringLiteral("mqhook-outbox-%1").arg(++connectionCounter))
{}

Outbox::~Outbox()
{
    close();
}

QString Outbox::databaseFileName()
{
    return QStringLiteral("outbox.db");
}

QString Outbox::requeueMarkerFileName()
{
    return QStringLiteral("requeue.signal");
}

bool Outbox::open(const QueueConfig &config, QString *error)
{
    close();
    m_config = config;
    m_error = Error::NoError;
    m_errorString.clear();

    if (config.mode == QueueMode::Disk) {
        const QDir dir(config.dir);
        if (!QDir().mkpath(dir.absolutePath()) || !QFileInfo(dir.absolutePath()).isDir()) {
            return failWith(Error::OpenFailed,
                            tr("Cannot create the queue folder %1 (queue.dir)")
                                .arg(QDir::toNativeSeparators(dir.absolutePath())),
                            error);
        }
        m_path = dir.absoluteFilePath(databaseFileName());
    }

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid()) {
        failWith(Error::OpenFailed,
                 tr("The Qt SQLite driver (QSQLITE) is not available: install libqt6sql6-sqlite"),
                 error);
        close();
        return false;
    }
    m_db.setDatabaseName(config.mode == QueueMode::Disk ? m_path : QStringLiteral(":memory:"));
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
    if (!m_db.open()) {
        failSql(tr("cannot open the queue database"), m_db.lastError());
        if (error)
            *error = m_errorString;
        close();
        return false;
    }

    if (!configureConnection() || !migrate() || !prepareStatements() || !recount()) {
        if (error)
            *error = m_errorString;
        close();
        return false;
    }
    if (config.mode == QueueMode::Disk)
        watchMarker();
    updateFull();
    qCDebug(lcQueue) << "Outbox open:" << (isDurable() ? m_path : QStringLiteral("in memory"))
                     << m_pendingMessages << "pending messages," << m_pendingBytes << "bytes";
    return true;
}

void Outbox::close()
{
    // Ids handed out to deliveries that were never stored are recorded, so
    // they are not handed out again after the restart.
    const qint64 highest = m_nextIds.deliveryId - 1;
    if (isOpen() && m_error == Error::NoError && highest > m_recordedId) {
        const QString what = tr("cannot record the last delivery id");
        if (begin(what) && (!recordHighestId(highest, what) || !commit(what)))
            rollback();
    }
    delete m_watcher;
    m_watcher = nullptr;
    m_statements.reset();
    // Every handle on the connection must be gone before it is removed.
    m_db.close();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
    m_path.clear();
    m_pendingMessages = 0;
    m_pendingBytes = 0;
    m_full = false;
    m_nextIds = {};
}

bool Outbox::isOpen() const
{
    return m_statements != nullptr;
}

bool Outbox::isDurable() const
{
    return isOpen() && m_config.mode == QueueMode::Disk;
}

QString Outbox::databasePath() const
{
    return m_path;
}

Outbox::Error Outbox::error() const
{
    return m_error;
}

QString Outbox::errorString() const
{
    return m_errorString;
}

void Outbox::clearError()
{
    m_error = Error::NoError;
    m_errorString.clear();
}

QString Outbox::connectionName() const
{
    return m_connectionName;
}

bool Outbox::isFull() const
{
    return m_full;
}

qint64 Outbox::pendingMessages() const
{
    return m_pendingMessages;
}

qint64 Outbox::pendingBytes() const
{
    return m_pendingBytes;
}

QDateTime Outbox::now() const
{
    return m_clock->now();
}

bool Outbox::failWith(Error error, const QString &message, QString *errorOut)
{
    m_error = error;
    m_errorString = message;
    if (errorOut)
        *errorOut = message;
    qCWarning(lcQueue).noquote() << message;
    emit errorOccurred(error);
    return false;
}

bool Outbox::failSql(const QString &what, const QSqlError &sqlError)
{
    QString cause = sqlError.databaseText();
    if (cause.isEmpty())
        cause = sqlError.driverText();
    return failSqlite(what, sqliteCode(sqlError), cause);
}

bool Outbox::failStatement(const QString &what, const SqliteStatement &statement)
{
    return failSqlite(what, statement.errorCode() & 0xff, statement.errorText());
}

bool Outbox::failSqlite(const QString &what, int code, const QString &cause)
{
    const QString where =
        m_config.mode == QueueMode::Disk ? QDir::toNativeSeparators(m_path) : tr("in-memory queue");
    const Error error = errorFor(code);
    QString message = tr("Outbox %1: %2: %3 (%4)").arg(where, what, cause, sqliteCodeName(code));
    switch (error) {
    case Error::OpenFailed:
    case Error::ReadOnly:
        message += tr(". The folder must be writable: SQLite keeps %1-wal and %1-shm beside "
                      "the file")
                       .arg(databaseFileName());
        break;
    case Error::NotADatabase:
        message += tr(". The file is damaged or is not an mqhook queue; move it away to start "
                      "with an empty queue");
        break;
    case Error::DiskFull:
        message += tr(". Nothing of this change was stored; intake stops");
        break;
    default:
        break;
    }
    return failWith(error, message);
}

bool Outbox::exec(const QString &sql, const QString &what)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return failSql(what, query.lastError());
    return true;
}

// BEGIN and COMMIT run once per group: prepared once too, when the
// statements are ready (migrate() runs before).
bool Outbox::begin(const QString &what)
{
    if (!m_statements)
        return exec(QStringLiteral("BEGIN IMMEDIATE"), what);
    if (!m_statements->begin.run())
        return failStatement(what, m_statements->begin);
    return true;
}

bool Outbox::commit(const QString &what)
{
    const bool ok =
        m_statements ? m_statements->commit.run() : exec(QStringLiteral("COMMIT"), what);
    if (ok)
        return true;
    if (m_statements)
        failStatement(what, m_statements->commit);
    rollback();
    return false;
}

void Outbox::rollback()
{
    m_lanes.clear(); // a lane added in the transaction is gone
    // SQLite may have rolled back already (e.g. after SQLITE_FULL); then
    // ROLLBACK fails with "no transaction is active", which changes nothing.
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("ROLLBACK"));
}

bool Outbox::configureConnection()
{
    const QString what = tr("cannot set up the queue database");
    QSqlQuery query(m_db);
    if (m_config.mode == QueueMode::Memory) {
        qCWarning(lcQueue) << "queue.mode is memory: messages are acknowledged to the broker but "
                              "lost when mqhook stops; dead letters too";
        return exec(QStringLiteral("PRAGMA synchronous = OFF"), what);
    }

    // The first statement reads the file header: a file that is not a
    // database fails here, with SQLITE_NOTADB.
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next())
        return failSql(what, query.lastError());
    const QString mode = query.value(0).toString();
    query.finish();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return failWith(Error::OpenFailed, tr("Outbox %1: %2: the file system does not allow "
                                              "write-ahead logging (journal mode is %3)")
                                               .arg(QDir::toNativeSeparators(m_path), what, mode));
    }
    // After a burst the WAL shrinks back to 64 MiB at the next checkpoint.
    // The dispatchers take the backlog a window at a time, in id order, so
    // the pages in use are the right edges (intake) and the window's range
    // (outcomes): a 4 MiB page cache holds them. A larger one only grows
    // with the backlog (16 MiB added 16 MiB of RSS after a 100,000-message
    // burst, for no throughput that bench/e2e.sh could tell from the noise).
    return exec(QStringLiteral("PRAGMA synchronous = NORMAL"), what) &&
           exec(QStringLiteral("PRAGMA journal_size_limit = 67108864"), what) &&
           exec(QStringLiteral("PRAGMA cache_size = -4096"), what);
}

bool Outbox::migrate()
{
    const QString what = tr("cannot create or upgrade the queue schema");
    if (!begin(what))
        return false;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version "
                                   "(version INTEGER NOT NULL)")) ||
        !query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next()) {
        const QSqlError sqlError = query.lastError();
        rollback();
        return failSql(what, sqlError);
    }
    const int version = query.value(0).toInt();
    query.finish();
    if (version > schemaVersion) {
        rollback();
        return failWith(Error::SchemaTooNew,
                        tr("Outbox %1: the queue was written by a newer mqhook (schema version "
                           "%2, this one knows up to %3)")
                            .arg(QDir::toNativeSeparators(m_path))
                            .arg(version)
                            .arg(schemaVersion));
    }
    const QList<QStringList> steps = migrations();
    for (int next = version + 1; next <= schemaVersion; ++next) {
        for (const QString &statement : steps.at(next - 1)) {
            if (!query.exec(statement)) {
                const QSqlError sqlError = query.lastError();
                rollback();
                return failSql(tr("cannot upgrade the queue schema to version %1").arg(next),
                               sqlError);
            }
        }
    }
    if (version != schemaVersion) {
        if (!query.exec(QStringLiteral("DELETE FROM schema_version")) ||
            !query.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"))) {
            const QSqlError sqlError = query.lastError();
            rollback();
            return failSql(what, sqlError);
        }
        query.bindValue(0, schemaVersion);
        if (!query.exec()) {
            const QSqlError sqlError = query.lastError();
            rollback();
            return failSql(what, sqlError);
        }
    }
    return commit(what);
}

bool Outbox::prepareStatements()
{
    const QString what = tr("cannot prepare the queue statements");
    QString error;
    sqlite3 *handle = SqliteStatement::handleOf(m_db, &error);
    if (!handle)
        return failWith(Error::OpenFailed, tr("Outbox: %1: %2").arg(what, error));
    auto statements = std::make_unique<Statements>();
    const QList<QPair<SqliteStatement *, const char *>> sql = {
        {&statements->insertMessage,
         "INSERT INTO messages (message_id, client_id, topic, payload, payload_size, qos, retain,"
         " received_at, content_type, user_properties, seq, first_delivery, delivery_count)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"},
        {&statements->insertDelivery,
         "INSERT INTO deliveries (message_seq, lane, state, run, attempts, not_before, last_error,"
         " id) VALUES (?1, ?2, 0, 1, 0, ?3, '', ?4)"},
        {&statements->selectLane, "SELECT id FROM lanes WHERE route = ?1 AND target = ?2"},
        {&statements->insertLane, "INSERT INTO lanes (route, target) VALUES (?1, ?2) RETURNING id"},
        // A window's slice: ?1 lane, ?2 after this id, ?3 at most.
        {&statements->selectWindow,
         "SELECT d.id, d.attempts, d.not_before, m.message_id, m.client_id, m.topic, m.payload,"
         " m.qos, m.retain, m.received_at, m.content_type, m.user_properties"
         " FROM deliveries d JOIN messages m ON m.seq = d.message_seq"
         " WHERE d.state = 0 AND d.lane = ?1 AND d.id > ?2"
         " ORDER BY d.id LIMIT ?3"},
        {&statements->pendingMessageOf,
         "SELECT message_seq, attempts FROM deliveries WHERE id = ?1 AND state = 0"},
        {&statements->deleteAttempts,
         "DELETE FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?1))"},
        // ?1: the ids as a JSON array. Returns per deleted row its message and
        // whether it has attempts on record (retried, or a dead letter retried).
        {&statements->deleteDeliveries,
         "DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?1)) AND state = 0"
         " RETURNING id, message_seq, attempts > 0 OR run > 1"},
        // ?1: message seqs whose deliveries just left the pending state.
        // Those with no delivery left go, their sizes coming back.
        {&statements->deleteMessages,
         "DELETE FROM messages WHERE seq IN (SELECT value FROM json_each(?1))"
         " AND NOT EXISTS (SELECT 1 FROM deliveries WHERE id >= first_delivery"
         " AND id < first_delivery + delivery_count)"
         " RETURNING payload_size"},
        // The ones left (a delivery of theirs is pending or dead) with none
        // pending: they leave the counters too.
        {&statements->finishedMessages,
         "SELECT COUNT(*), TOTAL(payload_size) FROM messages"
         " WHERE seq IN (SELECT value FROM json_each(?1))"
         " AND NOT EXISTS (SELECT 1 FROM deliveries WHERE id >= first_delivery"
         " AND id < first_delivery + delivery_count AND state = 0)"},
        {&statements->scheduleRetry,
         "UPDATE deliveries SET attempts = MAX(attempts, ?1), not_before = ?2, last_error = ?3"
         " WHERE id = ?4 AND state = 0"},
        {&statements->insertAttempt,
         "INSERT OR REPLACE INTO attempts (delivery_id, run, attempt, started_at, finished_at,"
         " http_status, error) SELECT id, run, ?1, ?2, ?3, ?4, ?5 FROM deliveries WHERE id = ?6"},
        {&statements->markDead,
         "UPDATE deliveries SET state = 1, attempts = MAX(attempts, ?1), last_error = ?2,"
         " dead_at = ?3 WHERE id = ?4"},
        // The highest delivery id handed out: ?1 the id.
        {&statements->recordHighWater,
         "INSERT INTO high_water (name, id) VALUES ('deliveries', ?1)"
         " ON CONFLICT (name) DO UPDATE SET id = MAX(id, excluded.id)"},
        {&statements->begin, "BEGIN IMMEDIATE"},
        {&statements->commit, "COMMIT"},
        {&statements->synchronousFull, "PRAGMA synchronous = FULL"},
        {&statements->synchronousNormal, "PRAGMA synchronous = NORMAL"},
    };
    for (const auto &[statement, text] : sql) {
        if (!statement->prepare(handle, text))
            return failStatement(what, *statement);
    }
    m_statements = std::move(statements);
    return true;
}

bool Outbox::recount()
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT COUNT(*), TOTAL(payload_size) FROM messages WHERE seq IN"
                                   " (SELECT message_seq FROM deliveries WHERE state = 0)")) ||
        !query.next()) {
        return failSql(tr("cannot count the pending messages"), query.lastError());
    }
    m_pendingMessages = query.value(0).toLongLong();
    m_pendingBytes = static_cast<qint64>(query.value(1).toDouble());

    // Above every id in use, and for deliveries above every id ever used.
    if (!query.exec(QStringLiteral(
            "SELECT (SELECT IFNULL(MAX(seq), 0) FROM messages),"
            " MAX((SELECT IFNULL(MAX(id), 0) FROM deliveries),"
            " (SELECT IFNULL(MAX(id), 0) FROM high_water WHERE name = 'deliveries'))")) ||
        !query.next()) {
        return failSql(tr("cannot read the last ids"), query.lastError());
    }
    m_nextIds = {query.value(0).toLongLong() + 1, query.value(1).toLongLong() + 1};
    m_recordedId = m_nextIds.deliveryId - 1;
    return true;
}

void Outbox::setFull(bool full)
{
    if (m_full == full)
        return;
    m_full = full;
    qCInfo(lcQueue) << (full ? "Outbox full:" : "Outbox has room again:") << m_pendingMessages
                    << "messages," << m_pendingBytes << "bytes pending";
    emit fullChanged(full);
}

void Outbox::updateFull()
{
    const qint64 maxMessages = m_config.maxMessages;
    const qint64 maxBytes = m_config.maxBytes;
    if (!m_full && (atLimit(m_pendingMessages, maxMessages) || atLimit(m_pendingBytes, maxBytes)))
        setFull(true);
    else if (m_full && belowResumeLevel(m_pendingMessages, maxMessages) &&
             belowResumeLevel(m_pendingBytes, maxBytes))
        setFull(false);
}

EnqueueResult Outbox::enqueue(const QList<Intake> &items)
{
    EnqueueResult result;
    if (!isOpen()) {
        result.error = tr("The outbox is not open");
        return result;
    }
    if (m_error != Error::NoError && m_error != Error::Busy) {
        result.error = m_errorString;
        return result;
    }
    // Stored in milliseconds: handed out as loadPending() will read it back.
    const QDateTime notBefore = QDateTime::fromMSecsSinceEpoch(now().toMSecsSinceEpoch(), Qt::UTC);
    if (!store(items, notBefore)) {
        result.error = m_errorString;
        return result;
    }
    result.deliveries = deliveriesOf(items, m_nextIds, notBefore);
    m_nextIds = nextIdsAfter(items, m_nextIds);
    result.ok = true;
    return result;
}

bool Outbox::store(const QList<Intake> &items, const QDateTime &notBefore,
                   const std::vector<bool> &delivered)
{
    if (!isOpen())
        return failWith(Error::Other, tr("The outbox is not open"));
    if (m_error != Error::NoError && m_error != Error::Busy)
        return false;

    qsizetype deliveryCount = 0;
    for (const Intake &item : items)
        deliveryCount += item.targets.size();
    const auto isDelivered = [&](qsizetype index) {
        return index < qsizetype(delivered.size()) && delivered[std::size_t(index)];
    };
    qsizetype toStore = deliveryCount;
    for (qsizetype index = 0; index < deliveryCount; ++index)
        toStore -= isDelivered(index) ? 1 : 0;
    if (toStore == 0)
        return true;

    const QString what = tr("cannot store %n message(s)", nullptr, int(items.size()));
    const FullSyncScope fullSync(m_statements->synchronousFull, m_statements->synchronousNormal,
                                 isDurable());
    if (!begin(what))
        return false;
    const auto fail = [&](const SqliteStatement &statement) {
        failStatement(what, statement);
        rollback();
        return false;
    };
    SqliteStatement &insertMessage = m_statements->insertMessage;
    SqliteStatement &insertDelivery = m_statements->insertDelivery;
    qint64 seq = m_nextIds.messageSeq;
    qint64 id = m_nextIds.deliveryId;
    qint64 addedMessages = 0;
    qint64 addedBytes = 0;
    Utf8Column clientId;
    Utf8Column topic;
    qsizetype index = 0; // of the delivery, in the group
    for (const Intake &item : items) {
        if (item.targets.isEmpty())
            continue;
        const qsizetype firstIndex = index;
        index += item.targets.size();
        bool allDelivered = true;
        for (qsizetype i = firstIndex; i < index && allDelivered; ++i)
            allDelivered = isDelivered(i);
        if (allDelivered) {
            id += item.targets.size();
            ++seq;
            continue;
        }
        const Message &message = item.message;
        const QByteArray properties = userPropertiesText(message.userProperties);
        insertMessage.bind(1, message.id);
        insertMessage.bindText(2, clientId.of(message.clientId));
        insertMessage.bindText(3, topic.of(message.topic));
        insertMessage.bindBlob(4, message.payload);
        insertMessage.bind(5, message.payload.size());
        insertMessage.bind(6, message.qos);
        insertMessage.bind(7, message.retain ? 1 : 0);
        bindTime(insertMessage, 8, message.receivedAt);
        insertMessage.bind(9, message.contentType);
        if (properties.isEmpty())
            insertMessage.bindNull(10);
        else
            insertMessage.bindText(10, properties);
        insertMessage.bind(11, seq);
        insertMessage.bind(12, id); // its first delivery's
        insertMessage.bind(13, item.targets.size());
        if (!insertMessage.run())
            return fail(insertMessage);
        ++addedMessages;
        addedBytes += message.payload.size();
        for (qsizetype i = firstIndex; i < index; ++i, ++id) {
            if (isDelivered(i))
                continue;
            const DeliveryTarget &target = item.targets.at(i - firstIndex);
            const qint64 lane = laneOf(target.route, target.target, true);
            if (lane <= 0)
                return fail(m_statements->insertLane);
            insertDelivery.bind(1, seq);
            insertDelivery.bind(2, lane);
            bindTime(insertDelivery, 3, notBefore);
            insertDelivery.bind(4, id);
            if (!insertDelivery.run())
                return fail(insertDelivery);
        }
        ++seq;
    }
    // The highest id handed out, also of deliveries that were delivered
    // without being stored: never handed out again.
    if (!recordHighestId(id - 1, what)) {
        rollback();
        return false;
    }
    if (!commit(what))
        return false;
    m_recordedId = id - 1;
    if (m_error == Error::Busy)
        clearError();
    m_pendingMessages += addedMessages;
    m_pendingBytes += addedBytes;
    updateFull();
    return true;
}

Outbox::Ids Outbox::nextIds() const
{
    return m_nextIds;
}

bool Outbox::storeAt(const QList<Intake> &items, Ids first, const QDateTime &notBefore,
                     const std::vector<bool> &delivered)
{
    if (isOpen() && first != m_nextIds) {
        return failWith(Error::Other, tr("Outbox: cannot store messages: ids %1/%2 are not the "
                                         "next ones (%3/%4)")
                                          .arg(first.messageSeq)
                                          .arg(first.deliveryId)
                                          .arg(m_nextIds.messageSeq)
                                          .arg(m_nextIds.deliveryId));
    }
    if (!store(items, notBefore, delivered))
        return false;
    m_nextIds = nextIdsAfter(items, m_nextIds);
    return true;
}

qint64 Outbox::laneOf(const QString &route, const QString &target, bool add)
{
    const auto known = m_lanes.constFind({route, target});
    if (known != m_lanes.constEnd())
        return *known;
    const QByteArray routeText = route.toUtf8();
    const QByteArray targetText = target.toUtf8();
    qint64 lane = 0;
    for (SqliteStatement *statement : {&m_statements->selectLane, &m_statements->insertLane}) {
        statement->bindText(1, routeText);
        statement->bindText(2, targetText);
        const SqliteStatement::Step step = statement->step();
        if (step == SqliteStatement::Step::Row)
            lane = statement->int64(0);
        statement->reset();
        if (step == SqliteStatement::Step::Error)
            return -1;
        if (lane > 0 || !add)
            break;
    }
    if (lane > 0)
        m_lanes.insert({route, target}, lane);
    return lane;
}

bool Outbox::recordHighestId(qint64 id, const QString &what)
{
    SqliteStatement &record = m_statements->recordHighWater;
    record.bind(1, id);
    return record.run() || failStatement(what, record);
}

Outbox::Ids Outbox::nextIdsAfter(const QList<Intake> &items, Ids ids)
{
    for (const Intake &item : items) {
        if (item.targets.isEmpty())
            continue;
        ++ids.messageSeq;
        ids.deliveryId += item.targets.size();
    }
    return ids;
}

QList<QueuedDelivery> Outbox::deliveriesOf(const QList<Intake> &items, Ids first,
                                           const QDateTime &notBefore)
{
    QList<QueuedDelivery> deliveries;
    qsizetype count = 0;
    for (const Intake &item : items)
        count += item.targets.size();
    deliveries.reserve(count);
    qint64 id = first.deliveryId;
    for (const Intake &item : items) {
        for (const DeliveryTarget &target : item.targets) {
            QueuedDelivery &delivery = deliveries.emplace_back();
            delivery.id = id++;
            delivery.message = item.message;
            delivery.route = target.route;
            delivery.target = target.target;
            delivery.notBefore = notBefore;
        }
    }
    return deliveries;
}

// After deliveries left the pending state: drops the messages with no
// delivery left and takes them, and those with only dead ones left, off the
// counters (the caller restores the counters if the transaction fails).
// Usually every message goes, and one statement does it all.
bool Outbox::finishDeliveries(QList<qint64> messageSeqs)
{
    std::sort(messageSeqs.begin(), messageSeqs.end());
    messageSeqs.erase(std::unique(messageSeqs.begin(), messageSeqs.end()), messageSeqs.end());
    if (messageSeqs.isEmpty())
        return true;
    const QString what = tr("cannot update the queue");
    const QByteArray seqs = idList(messageSeqs);
    SqliteStatement &remove = m_statements->deleteMessages;
    remove.bindText(1, seqs);
    qint64 removed = 0;
    SqliteStatement::Step step = remove.step();
    for (; step == SqliteStatement::Step::Row; step = remove.step()) {
        ++removed;
        m_pendingBytes -= remove.int64(0);
    }
    remove.reset();
    if (step == SqliteStatement::Step::Error)
        return failStatement(what, remove);
    m_pendingMessages -= removed;
    if (removed == messageSeqs.size())
        return true;
    SqliteStatement &finished = m_statements->finishedMessages;
    finished.bindText(1, seqs);
    if (finished.step() != SqliteStatement::Step::Row)
        return failStatement(what, finished);
    m_pendingMessages -= finished.int64(0);
    m_pendingBytes -= static_cast<qint64>(finished.real(1));
    finished.reset();
    return true;
}

bool Outbox::markSucceeded(const QList<qint64> &ids)
{
    if (!isOpen() || ids.isEmpty())
        return isOpen();
    const QString what = tr("cannot record %n delivered message(s)", nullptr, int(ids.size()));
    if (!begin(what))
        return false;
    const qint64 messagesBefore = m_pendingMessages;
    const qint64 bytesBefore = m_pendingBytes;
    // Unknown, dead and finished ids match no pending row and are skipped.
    SqliteStatement &remove = m_statements->deleteDeliveries;
    const QByteArray idText = idList(ids);
    remove.bindText(1, idText);
    QList<qint64> seqs;
    QList<qint64> withHistory;
    seqs.reserve(ids.size());
    SqliteStatement::Step step = remove.step();
    for (; step == SqliteStatement::Step::Row; step = remove.step()) {
        const qint64 seq = remove.int64(1);
        // A message's deliveries have neighbouring ids; any repeat left is harmless.
        if (seqs.isEmpty() || seqs.constLast() != seq)
            seqs.append(seq);
        if (remove.int64(2) != 0)
            withHistory.append(remove.int64(0));
    }
    bool ok = step == SqliteStatement::Step::Done || failStatement(what, remove);
    remove.reset();
    if (ok && !withHistory.isEmpty()) {
        SqliteStatement &attempts = m_statements->deleteAttempts;
        const QByteArray historyText = idList(withHistory);
        attempts.bindText(1, historyText);
        ok = attempts.run() || failStatement(what, attempts);
    }
    if (ok)
        ok = finishDeliveries(seqs) && commit(what);
    if (!ok) {
        rollback();
        m_pendingMessages = messagesBefore;
        m_pendingBytes = bytesBefore;
        return false;
    }
    updateFull();
    return true;
}

bool Outbox::recordAttempt(qint64 id, const AttemptRecord &attempt, const QDateTime &nextAttemptAt)
{
    return recordAttempts({RetryUpdate{id, attempt, nextAttemptAt}});
}

bool Outbox::recordAttempts(const QList<RetryUpdate> &updates)
{
    if (!isOpen() || updates.isEmpty())
        return isOpen();
    const QString what = tr("cannot record %n failed attempt(s)", nullptr, int(updates.size()));
    if (!begin(what))
        return false;
    SqliteStatement &schedule = m_statements->scheduleRetry;
    SqliteStatement &insert = m_statements->insertAttempt;
    const auto fail = [&](const SqliteStatement &statement) {
        failStatement(what, statement);
        rollback();
        return false;
    };
    for (const RetryUpdate &update : updates) {
        schedule.bind(1, update.attempt.attempt);
        bindTime(schedule, 2, update.nextAttemptAt);
        schedule.bind(3, update.attempt.error);
        schedule.bind(4, update.id);
        if (!schedule.run())
            return fail(schedule);
        if (schedule.changes() == 0) // not pending (any more)
            continue;
        bindAttempt(insert, update.id, update.attempt);
        if (!insert.run())
            return fail(insert);
    }
    return commit(what);
}

bool Outbox::markDead(qint64 id, const QString &reason, const QList<AttemptRecord> &history)
{
    return markDead({DeadUpdate{id, reason, history}});
}

bool Outbox::markDead(const QList<DeadUpdate> &updates)
{
    if (!isOpen() || updates.isEmpty())
        return isOpen();
    const QString what = tr("cannot record %n dead letter(s)", nullptr, int(updates.size()));
    if (!begin(what))
        return false;
    const qint64 messagesBefore = m_pendingMessages;
    const qint64 bytesBefore = m_pendingBytes;
    const QDateTime deadAt = now();
    SqliteStatement &find = m_statements->pendingMessageOf;
    SqliteStatement &insert = m_statements->insertAttempt;
    SqliteStatement &mark = m_statements->markDead;
    QList<qint64> seqs;
    QSet<qint64> seen;
    auto fail = [&](const SqliteStatement &statement) {
        failStatement(what, statement);
        rollback();
        m_pendingMessages = messagesBefore;
        m_pendingBytes = bytesBefore;
        return false;
    };
    for (const DeadUpdate &update : updates) {
        find.bind(1, update.id);
        const SqliteStatement::Step found = find.step();
        if (found == SqliteStatement::Step::Error)
            return fail(find);
        if (found == SqliteStatement::Step::Done) { // not pending (any more)
            find.reset();
            continue;
        }
        const qint64 seq = find.int64(0);
        const int stored = int(find.int64(1));
        find.reset();
        // Attempts up to `stored` were recorded as retries already; the
        // history adds the last one (and any the dispatcher made meanwhile).
        int attempts = stored;
        for (const AttemptRecord &record : update.history) {
            attempts = qMax(attempts, record.attempt);
            if (record.attempt <= stored)
                continue;
            bindAttempt(insert, update.id, record);
            if (!insert.run())
                return fail(insert);
        }
        mark.bind(1, attempts);
        mark.bind(2, update.reason);
        bindTime(mark, 3, deadAt);
        mark.bind(4, update.id);
        if (!mark.run())
            return fail(mark);
        if (!seen.contains(seq)) {
            seen.insert(seq);
            seqs.append(seq);
        }
    }
    if (!finishDeliveries(seqs) || !commit(what)) {
        rollback();
        m_pendingMessages = messagesBefore;
        m_pendingBytes = bytesBefore;
        return false;
    }
    updateFull();
    return true;
}

// Runs `sql` on `query` with `values` bound to its '?'.
static bool runWith(QSqlQuery &query, const QString &sql, const QVariantList &values)
{
    if (!query.prepare(sql))
        return false;
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    return query.exec();
}

// Adds the history of their current run to `deliveries`: pending ones matching
// `condition` (on deliveries d; its '?' take `values`), in id order, read with
// a limit when `limited`.
static bool readHistory(const QSqlDatabase &db, const QString &condition,
                        const QVariantList &values, bool limited, QList<QueuedDelivery> &deliveries,
                        QSqlError *error)
{
    if (deliveries.isEmpty())
        return true;
    QHash<qint64, qsizetype> indexById;
    for (qsizetype i = 0; i < deliveries.size(); ++i)
        indexById.insert(deliveries.at(i).id, i);
    // With a limit, the history of the deliveries read, not of every match.
    const QString upTo =
        limited ? QStringLiteral(" AND d.id <= %1").arg(deliveries.last().id) : QString();
    const QString historySql = QStringLiteral("SELECT a.delivery_id, %1 FROM attempts a"
                                              " JOIN deliveries d ON d.id = a.delivery_id"
                                              " AND a.run = d.run"
                                              " WHERE d.state = 0 AND %2%3"
                                              " ORDER BY a.delivery_id, a.attempt")
                                   .arg(attemptColumns, condition, upTo);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!runWith(query, historySql, values)) {
        *error = query.lastError();
        return false;
    }
    while (query.next()) {
        const auto index = indexById.constFind(query.value(0).toLongLong());
        if (index != indexById.constEnd())
            deliveries[*index].history.append(attemptFrom(query, 1));
    }
    if (query.lastError().isValid()) {
        *error = query.lastError();
        return false;
    }
    return true;
}

// Pending deliveries matching `condition` (on deliveries d; its '?' take
// `values`), with their messages and the history of their current run, in
// arrival order.
static QList<QueuedDelivery> selectPending(const QSqlDatabase &db, const QString &condition,
                                           QSqlError *error, const QVariantList &values = {})
{
    QList<QueuedDelivery> deliveries;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString sql = QStringLiteral("SELECT d.id, d.message_seq, l.route, l.target, d.attempts,"
                                       " d.not_before, %1 FROM deliveries d"
                                       " JOIN messages m ON m.seq = d.message_seq"
                                       " JOIN lanes l ON l.id = d.lane"
                                       " WHERE d.state = 0 AND %2 ORDER BY d.id")
                            .arg(messageColumns, condition);
    if (!runWith(query, sql, values)) {
        *error = query.lastError();
        return {};
    }
    QHash<qint64, Message> messages; // deliveries of one message share its payload
    while (query.next()) {
        QueuedDelivery delivery;
        delivery.id = query.value(0).toLongLong();
        const qint64 seq = query.value(1).toLongLong();
        delivery.route = query.value(2).toString();
        delivery.target = query.value(3).toString();
        delivery.attemptsMade = query.value(4).toInt();
        delivery.notBefore = timeFrom(query.value(5));
        auto known = messages.constFind(seq);
        if (known == messages.constEnd())
            known = messages.insert(seq, messageFrom(QueryColumns(query), 6));
        delivery.message = *known;
        deliveries.append(delivery);
    }
    if (query.lastError().isValid()) {
        *error = query.lastError();
        return {};
    }
    query.finish();
    if (!readHistory(db, condition, values, false, deliveries, error))
        return {};
    return deliveries;
}

// Pending deliveries matching `condition`, read in the same transaction that
// forgets every requeue notice: what the notices named is in the result.
QList<QueuedDelivery> Outbox::takePending(const QString &condition, const QString &what, bool *ok)
{
    if (ok)
        *ok = false;
    if (!isOpen() || !begin(what))
        return {};
    QSqlError sqlError;
    QList<QueuedDelivery> deliveries = selectPending(m_db, condition, &sqlError);
    if (sqlError.isValid()) {
        rollback();
        failSql(what, sqlError);
        return {};
    }
    if (!exec(QStringLiteral("DELETE FROM requeue"), what) || !commit(what)) {
        rollback();
        return {};
    }
    if (ok)
        *ok = true;
    return deliveries;
}

QList<QueuedDelivery> Outbox::loadPending(bool *ok)
{
    return takePending(QStringLiteral("1"), tr("cannot read the pending deliveries"), ok);
}

QList<QueuedDelivery> Outbox::loadPending(const QString &route, const QString &target,
                                          qint64 afterId, int limit, bool *ok)
{
    if (ok)
        *ok = false;
    if (!isOpen())
        return {};
    // The hot path of a backlog: through the C API, a slice at a time. The
    // history is read only for deliveries that have one.
    const auto what = [&route] {
        return tr("cannot read the pending deliveries of %1").arg(route);
    };
    const qint64 lane = laneOf(route, target, false);
    if (lane < 0) {
        failStatement(what(), m_statements->selectLane);
        return {};
    }
    SqliteStatement &select = m_statements->selectWindow;
    select.bind(1, lane); // 0: no lane, nothing pending
    select.bind(2, afterId);
    select.bind(3, qMax(0, limit));
    QList<QueuedDelivery> deliveries;
    deliveries.reserve(qMax(0, limit));
    bool withHistory = false;
    SqliteStatement::Step step = select.step();
    for (; step == SqliteStatement::Step::Row; step = select.step()) {
        QueuedDelivery &delivery = deliveries.emplace_back();
        delivery.id = select.int64(0);
        delivery.route = route;
        delivery.target = target;
        delivery.attemptsMade = int(select.int64(1));
        if (!select.isNull(2))
            delivery.notBefore = QDateTime::fromMSecsSinceEpoch(select.int64(2), Qt::UTC);
        delivery.message = messageFrom(select, 3);
        withHistory = withHistory || delivery.attemptsMade > 0;
    }
    select.reset();
    if (step == SqliteStatement::Step::Error) {
        failStatement(what(), select);
        return {};
    }
    QSqlError sqlError;
    if (withHistory && !readHistory(m_db, QStringLiteral("d.lane = ? AND d.id > ?"),
                                    {lane, afterId}, true, deliveries, &sqlError)) {
        failSql(what(), sqlError);
        return {};
    }
    if (ok)
        *ok = true;
    return deliveries;
}

// (route, target, lowest id, count) of the pending deliveries `from` names
// (a FROM clause over deliveries d).
QList<PendingRange> Outbox::selectRanges(const QString &from, const QString &what, bool *ok)
{
    if (ok)
        *ok = false;
    QList<PendingRange> ranges;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT l.route, l.target, MIN(d.id), COUNT(*) FROM %1"
                                   " JOIN lanes l ON l.id = d.lane"
                                   " WHERE d.state = 0 GROUP BY d.lane ORDER BY l.route, l.target")
                        .arg(from))) {
        failSql(what, query.lastError());
        return {};
    }
    while (query.next()) {
        ranges.append({query.value(0).toString(), query.value(1).toString(),
                       query.value(2).toLongLong(), query.value(3).toLongLong()});
    }
    if (query.lastError().isValid()) {
        failSql(what, query.lastError());
        return {};
    }
    if (ok)
        *ok = true;
    return ranges;
}

QList<PendingRange> Outbox::pendingRanges(bool *ok)
{
    if (ok)
        *ok = false;
    if (!isOpen())
        return {};
    return selectRanges(QStringLiteral("deliveries d"), tr("cannot count the pending deliveries"),
                        ok);
}

QList<PendingRange> Outbox::takeRequeuedRanges()
{
    const QString what = tr("cannot read the requeued dead letters");
    if (!isOpen() || !begin(what))
        return {};
    bool ok = false;
    const QList<PendingRange> ranges = selectRanges(
        // CROSS JOIN keeps requeue the outer loop: a few notices, not every pending row.
        QStringLiteral("requeue r CROSS JOIN deliveries d ON d.id = r.delivery_id"), what, &ok);
    if (!ok || !exec(QStringLiteral("DELETE FROM requeue"), what) || !commit(what)) {
        rollback();
        return {};
    }
    // Another process changed what is pending: count again (rare, so a query is fine).
    if (recount())
        updateFull();
    return ranges;
}

QList<DeadLetterSummary> Outbox::deadLetters()
{
    QList<DeadLetterSummary> letters;
    if (!isOpen())
        return letters;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT d.id, m.message_id, m.topic, l.route, l.target,"
                                   " d.attempts, d.last_error, d.dead_at FROM deliveries d"
                                   " JOIN messages m ON m.seq = d.message_seq"
                                   " JOIN lanes l ON l.id = d.lane"
                                   " WHERE d.state = 1 ORDER BY d.id"))) {
        failSql(tr("cannot list the dead letters"), query.lastError());
        return letters;
    }
    while (query.next()) {
        DeadLetterSummary letter;
        letter.id = query.value(0).toLongLong();
        letter.messageId = query.value(1).toString();
        letter.topic = query.value(2).toString();
        letter.route = query.value(3).toString();
        letter.target = query.value(4).toString();
        letter.attempts = query.value(5).toInt();
        letter.lastError = query.value(6).toString();
        letter.deadAt = timeFrom(query.value(7));
        letters.append(letter);
    }
    return letters;
}

std::optional<DeadLetter> Outbox::deadLetter(qint64 id)
{
    if (!isOpen())
        return std::nullopt;
    const QString what = tr("cannot read dead letter %1").arg(id);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(QStringLiteral("SELECT l.route, l.target, d.attempts, d.last_error,"
                                      " d.dead_at, %1 FROM deliveries d"
                                      " JOIN messages m ON m.seq = d.message_seq"
                                      " JOIN lanes l ON l.id = d.lane"
                                      " WHERE d.id = ? AND d.state = 1")
                           .arg(messageColumns))) {
        failSql(what, query.lastError());
        return std::nullopt;
    }
    query.bindValue(0, id);
    if (!query.exec()) {
        failSql(what, query.lastError());
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    DeadLetter letter;
    letter.id = id;
    letter.route = query.value(0).toString();
    letter.target = query.value(1).toString();
    letter.attempts = query.value(2).toInt();
    letter.reason = query.value(3).toString();
    letter.deadAt = timeFrom(query.value(4));
    letter.message = messageFrom(QueryColumns(query), 5);
    query.finish();

    if (!query.prepare(QStringLiteral("SELECT a.run, %1 FROM attempts a WHERE a.delivery_id = ?"
                                      " ORDER BY a.run, a.attempt")
                           .arg(attemptColumns))) {
        failSql(what, query.lastError());
        return std::nullopt;
    }
    query.bindValue(0, id);
    if (!query.exec()) {
        failSql(what, query.lastError());
        return std::nullopt;
    }
    while (query.next())
        letter.history.append({query.value(0).toInt(), attemptFrom(query, 1)});
    return letter;
}

// Puts dead deliveries matching `where` back to pending, notes them for the
// running service and touches the marker file it watches.
bool Outbox::requeueDead(const QString &where, qint64 id, int *count)
{
    const QString what = tr("cannot retry dead letters");
    if (!begin(what))
        return false;
    QSqlQuery note(m_db);
    QSqlQuery update(m_db);
    const bool prepared =
        note.prepare(QStringLiteral("INSERT OR IGNORE INTO requeue (delivery_id)"
                                    " SELECT id FROM deliveries WHERE state = 1 AND %1")
                         .arg(where)) &&
        update.prepare(QStringLiteral("UPDATE deliveries SET state = 0, run = run + 1,"
                                      " attempts = 0, not_before = ?, last_error = '',"
                                      " dead_at = NULL WHERE state = 1 AND %1")
                           .arg(where));
    if (!prepared) {
        const QSqlError sqlError =
            note.lastError().isValid() ? note.lastError() : update.lastError();
        rollback();
        return failSql(what, sqlError);
    }
    if (id > 0)
        note.bindValue(0, id);
    update.bindValue(0, timeValue(now()));
    if (id > 0)
        update.bindValue(1, id);
    if (!note.exec() || !update.exec()) {
        const QSqlError sqlError =
            note.lastError().isValid() ? note.lastError() : update.lastError();
        rollback();
        return failSql(what, sqlError);
    }
    *count = update.numRowsAffected();
    if (!commit(what))
        return false;
    if (*count > 0) {
        touchMarker();
        emit requeued();
    }
    return true;
}

bool Outbox::retryDeadLetter(qint64 id)
{
    int count = 0;
    return isOpen() && id > 0 && requeueDead(QStringLiteral("id = ?"), id, &count) && count > 0;
}

int Outbox::retryAllDeadLetters()
{
    int count = 0;
    if (!isOpen() || !requeueDead(QStringLiteral("1"), 0, &count))
        return -1;
    return count;
}

int Outbox::purgeDeadLetters()
{
    if (!isOpen())
        return -1;
    const QString what = tr("cannot purge the dead letters");
    if (!begin(what))
        return -1;
    QSqlQuery query(m_db);
    bool ok = query.exec(QStringLiteral("DELETE FROM attempts WHERE delivery_id IN"
                                        " (SELECT id FROM deliveries WHERE state = 1)"));
    int count = 0;
    if (ok) {
        ok = query.exec(QStringLiteral("DELETE FROM deliveries WHERE state = 1"));
        count = query.numRowsAffected();
    }
    if (ok) {
        ok = query.exec(QStringLiteral("DELETE FROM messages WHERE NOT EXISTS"
                                       " (SELECT 1 FROM deliveries WHERE id >= first_delivery"
                                       " AND id < first_delivery + delivery_count)"));
    }
    if (!ok) {
        const QSqlError sqlError = query.lastError();
        rollback();
        failSql(what, sqlError);
        return -1;
    }
    if (!commit(what))
        return -1;
    return count;
}

qint64 Outbox::deadLetterCount()
{
    if (!isOpen())
        return 0;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE state = 1")) ||
        !query.next()) {
        failSql(tr("cannot count the dead letters"), query.lastError());
        return 0;
    }
    return query.value(0).toLongLong();
}

void Outbox::touchMarker()
{
    if (!isDurable())
        return;
    QFile marker(QFileInfo(m_path).dir().filePath(requeueMarkerFileName()));
    if (!marker.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        marker.write(now().toString(Qt::ISODateWithMs).toUtf8() + '\n') < 0) {
        qCWarning(lcQueue).noquote() << tr("Cannot write %1: %2; a running mqhook picks up the "
                                           "retried dead letters when it restarts")
                                            .arg(marker.fileName(), marker.errorString());
    }
}

// The running service learns of dead letters retried by another process
// (the dead-letters command) through a small marker file that process
// rewrites: an inotify watch, no polling. What was retried is in the requeue
// table; the marker only says "look".
void Outbox::watchMarker()
{
    const QString path = QFileInfo(m_path).dir().filePath(requeueMarkerFileName());
    QFile marker(path);
    if (!marker.exists() && !marker.open(QIODevice::WriteOnly | QIODevice::Append)) {
        qCWarning(lcQueue).noquote()
            << tr("Cannot create %1: %2; dead letters retried from the command line are picked "
                  "up only after a restart")
                   .arg(path, marker.errorString());
        return;
    }
    marker.close();
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

} // namespace mqhook
