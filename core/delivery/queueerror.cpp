#include "queueerror.h"

#include "delivery/queueschema.h"
#include "delivery/sqlitestatement.h"

#include <QSqlError>

namespace mqhook {

namespace {

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

QueueError::Code codeFor(int sqliteCode)
{
    switch (sqliteCode) {
    case 5:
    case 6:
        return QueueError::Code::Busy;
    case 3:
    case 8:
        return QueueError::Code::ReadOnly;
    case 10:
        return QueueError::Code::Io;
    case 11:
    case 26:
        return QueueError::Code::NotADatabase;
    case 13:
        return QueueError::Code::DiskFull;
    case 14:
        return QueueError::Code::OpenFailed;
    default:
        return QueueError::Code::Other;
    }
}

} // namespace

QueueError::QueueError(Code code, const QString &message)
    : m_code(code)
    , m_message(message)
{}

QueueError QueueError::fromSqlite(const QString &where, const QString &what, int code,
                                  const QString &cause)
{
    const Code error = codeFor(code);
    QString message = tr("Outbox %1: %2: %3 (%4)").arg(where, what, cause, sqliteCodeName(code));
    // What the user can do about it.
    switch (error) {
    case Code::OpenFailed:
    case Code::ReadOnly:
        message += tr(". The folder must be writable: SQLite keeps %1-wal and %1-shm beside "
                      "the file")
                       .arg(queueschema::databaseFileName());
        break;
    case Code::NotADatabase:
        message += tr(". The file is damaged or is not an mqhook queue; move it away to start "
                      "with an empty queue");
        break;
    case Code::DiskFull:
        message += tr(". Nothing of this change was stored; intake stops");
        break;
    default:
        break;
    }
    return QueueError(error, message);
}

QueueError QueueError::fromSql(const QString &where, const QString &what, const QSqlError &error)
{
    QString cause = error.databaseText();
    if (cause.isEmpty())
        cause = error.driverText();
    return fromSqlite(where, what, sqliteCode(error), cause);
}

QueueError QueueError::fromStatement(const QString &where, const QString &what,
                                     const SqliteStatement &statement)
{
    return fromSqlite(where, what, statement.errorCode() & 0xff, statement.errorText());
}

} // namespace mqhook
