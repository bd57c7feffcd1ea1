#pragma once

#include "config/config.h"
#include "delivery/queueerror.h"
#include "delivery/sqlitestatement.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <memory>

struct sqlite3;

namespace mqhook {

// The queue's SQLite connection: queueschema::databaseFileName() in
// queue.dir, in WAL mode, or an in-memory database for queue.mode "memory".
// open() creates or upgrades the schema. The units of the queue (Outbox,
// PendingReader, DeadLetterStore) work on one of these, on one thread.
class QueueDatabase
{
    Q_DECLARE_TR_FUNCTIONS(mqhook::QueueDatabase)

public:
    QueueDatabase();
    ~QueueDatabase();
    QueueDatabase(const QueueDatabase &) = delete;
    QueueDatabase &operator=(const QueueDatabase &) = delete;

    // Creates queue.dir, opens (or creates) the file and brings its schema
    // to queueschema::version. False with lastError() on failure.
    bool open(const QueueConfig &config);
    // Statements prepared on the connection must be gone before.
    void close();
    bool isOpen() const { return m_handle != nullptr; }
    bool isDurable() const;                 // false in memory mode: nothing survives the process
    QString path() const { return m_path; } // empty in memory mode
    // Qt Sql's name of the connection, unique per object.
    QString connectionName() const { return m_connectionName; }
    QSqlDatabase connection() const { return m_db; }

    // Why the last call here that failed did.
    const QueueError &lastError() const { return m_lastError; }
    QString errorString() const { return m_lastError.message(); }

    // The error of a failed statement on this database: its file, `what`
    // was being done, and SQLite's cause.
    QueueError errorOf(const QString &what, const QSqlError &error) const;
    QueueError errorOf(const QString &what, const SqliteStatement &statement) const;

    // False with lastError() on failure. Write transactions are BEGIN
    // IMMEDIATE; commit() rolls back when it fails.
    bool exec(const QString &sql, const QString &what);
    bool begin(const QString &what);
    bool commit(const QString &what);
    void rollback();
    bool prepare(SqliteStatement &statement, const char *sql, const QString &what);

private:
    bool fail(const QueueError &error);
    bool configureConnection();
    bool migrate();
    QString where() const;

    QueueConfig m_config;
    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    sqlite3 *m_handle = nullptr;
    // BEGIN and COMMIT run once per group: prepared once too.
    std::unique_ptr<SqliteStatement> m_begin;
    std::unique_ptr<SqliteStatement> m_commit;
    QueueError m_lastError;
};

} // namespace mqhook
