#include "queuedatabase.h"

#include "base/logcategories.h"
#include "delivery/queueschema.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

namespace mqhook {

namespace {

constexpr int busyTimeoutMs = 10'000;

std::atomic<quint64> connectionCounter{0};

} // namespace

QueueDatabase::QueueDatabase()
    : m_connectionName(QStringLiteral("mqhook-outbox-%1").arg(++connectionCounter))
{}

QueueDatabase::~QueueDatabase()
{
    close();
}

bool QueueDatabase::open(const QueueConfig &config)
{
    close();
    m_config = config;
    m_lastError = {};

    if (config.mode == QueueMode::Disk) {
        const QDir dir(config.dir);
        if (!QDir().mkpath(dir.absolutePath()) || !QFileInfo(dir.absolutePath()).isDir()) {
            return fail({QueueError::Code::OpenFailed,
                         tr("Cannot create the queue folder %1 (queue.dir)")
                             .arg(QDir::toNativeSeparators(dir.absolutePath()))});
        }
        m_path = dir.absoluteFilePath(queueschema::databaseFileName());
    }

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid()) {
        fail({QueueError::Code::OpenFailed,
              tr("The Qt SQLite driver (QSQLITE) is not available: install libqt6sql6-sqlite")});
        close();
        return false;
    }
    m_db.setDatabaseName(config.mode == QueueMode::Disk ? m_path : QStringLiteral(":memory:"));
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
    if (!m_db.open()) {
        fail(errorOf(tr("cannot open the queue database"), m_db.lastError()));
        close();
        return false;
    }
    if (!configureConnection() || !migrate()) {
        close();
        return false;
    }

    const QString what = tr("cannot prepare the queue statements");
    QString handleError;
    sqlite3 *handle = SqliteStatement::handleOf(m_db, &handleError);
    if (!handle) {
        fail({QueueError::Code::OpenFailed, tr("Outbox: %1: %2").arg(what, handleError)});
        close();
        return false;
    }
    auto begin = std::make_unique<SqliteStatement>();
    auto commit = std::make_unique<SqliteStatement>();
    if (!begin->prepare(handle, "BEGIN IMMEDIATE") || !commit->prepare(handle, "COMMIT")) {
        fail(errorOf(what, begin->isPrepared() ? *commit : *begin));
        close();
        return false;
    }
    m_handle = handle;
    m_begin = std::move(begin);
    m_commit = std::move(commit);
    return true;
}

void QueueDatabase::close()
{
    m_begin.reset();
    m_commit.reset();
    m_handle = nullptr;
    // Every handle on the connection must be gone before it is removed.
    m_db.close();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
    m_path.clear();
}

bool QueueDatabase::isDurable() const
{
    return isOpen() && m_config.mode == QueueMode::Disk;
}

QString QueueDatabase::where() const
{
    return m_config.mode == QueueMode::Disk ? QDir::toNativeSeparators(m_path)
                                            : tr("in-memory queue");
}

QueueError QueueDatabase::errorOf(const QString &what, const QSqlError &error) const
{
    return QueueError::fromSql(where(), what, error);
}

QueueError QueueDatabase::errorOf(const QString &what, const SqliteStatement &statement) const
{
    return QueueError::fromStatement(where(), what, statement);
}

bool QueueDatabase::fail(const QueueError &error)
{
    m_lastError = error;
    return false;
}

bool QueueDatabase::exec(const QString &sql, const QString &what)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return fail(errorOf(what, query.lastError()));
    return true;
}

bool QueueDatabase::begin(const QString &what)
{
    if (!m_begin)
        return exec(QStringLiteral("BEGIN IMMEDIATE"), what);
    if (!m_begin->run())
        return fail(errorOf(what, *m_begin));
    return true;
}

bool QueueDatabase::commit(const QString &what)
{
    const bool ok = m_commit ? m_commit->run() : exec(QStringLiteral("COMMIT"), what);
    if (ok)
        return true;
    if (m_commit)
        fail(errorOf(what, *m_commit));
    rollback();
    return false;
}

void QueueDatabase::rollback()
{
    // SQLite may have rolled back already (e.g. after SQLITE_FULL); then
    // ROLLBACK fails with "no transaction is active", which changes nothing.
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("ROLLBACK"));
}

bool QueueDatabase::prepare(SqliteStatement &statement, const char *sql, const QString &what)
{
    if (!statement.prepare(m_handle, sql))
        return fail(errorOf(what, statement));
    return true;
}

bool QueueDatabase::configureConnection()
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
        return fail(errorOf(what, query.lastError()));
    const QString mode = query.value(0).toString();
    query.finish();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return fail({QueueError::Code::OpenFailed,
                     tr("Outbox %1: %2: the file system does not allow write-ahead logging "
                        "(journal mode is %3)")
                         .arg(QDir::toNativeSeparators(m_path), what, mode)});
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

bool QueueDatabase::migrate()
{
    const QString what = tr("cannot create or upgrade the queue schema");
    if (!begin(what))
        return false;
    QSqlQuery query(m_db);
    const auto failQuery = [&](const QString &failed) {
        const QSqlError sqlError = query.lastError();
        rollback();
        return fail(errorOf(failed, sqlError));
    };
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version "
                                   "(version INTEGER NOT NULL)")) ||
        !query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next()) {
        return failQuery(what);
    }
    const int version = query.value(0).toInt();
    query.finish();
    if (version > queueschema::version) {
        rollback();
        return fail({QueueError::Code::SchemaTooNew,
                     tr("Outbox %1: the queue was written by a newer mqhook (schema version "
                        "%2, this one knows up to %3)")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(version)
                         .arg(queueschema::version)});
    }
    const QList<QStringList> steps = queueschema::migrations();
    for (int next = version + 1; next <= queueschema::version; ++next) {
        for (const QString &statement : steps.at(next - 1)) {
            if (!query.exec(statement))
                return failQuery(tr("cannot upgrade the queue schema to version %1").arg(next));
        }
    }
    if (version != queueschema::version) {
        if (!query.exec(QStringLiteral("DELETE FROM schema_version")) ||
            !query.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"))) {
            return failQuery(what);
        }
        query.bindValue(0, queueschema::version);
        if (!query.exec())
            return failQuery(what);
    }
    return commit(what);
}

} // namespace mqhook
