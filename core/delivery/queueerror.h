#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QString>

class QSqlError;

namespace mqhook {

class SqliteStatement;

// Why a queue operation failed: a code for what can be done about it, and a
// message that names the queue file, what was being done and SQLite's cause.
class QueueError
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(mqhook::QueueError)

public:
    enum class Code
    {
        NoError,
        OpenFailed,   // the folder or the file cannot be created or opened
        NotADatabase, // the file is not an SQLite database, or is corrupt
        SchemaTooNew, // written by a newer mqhook
        DiskFull,
        ReadOnly,
        Busy, // another process held the database longer than the busy timeout
        Io,
        NotFound, // no dead letter with the id given
        Other,
    };
    Q_ENUM(Code)

    QueueError() = default;
    QueueError(Code code, const QString &message);

    // A failed SQLite call: `what` was being done to the queue at `where` (its
    // file, or "in-memory queue"); code is SQLite's result code.
    static QueueError fromSqlite(const QString &where, const QString &what, int code,
                                 const QString &cause);
    static QueueError fromSql(const QString &where, const QString &what, const QSqlError &error);
    static QueueError fromStatement(const QString &where, const QString &what,
                                    const SqliteStatement &statement);

    Code code() const { return m_code; }
    QString message() const { return m_message; }
    bool isError() const { return m_code != Code::NoError; }

private:
    Code m_code = Code::NoError;
    QString m_message;
};

// A value from the queue, or the error that kept it from coming: what the
// outbox thread's asynchronous requests deliver.
template<typename T>
struct QueueResult
{
    T value{};
    QueueError error;

    bool ok() const { return !error.isError(); }
};

} // namespace mqhook
