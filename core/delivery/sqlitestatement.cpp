#include "sqlitestatement.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

namespace mqhook {

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

sqlite3 *SqliteStatement::handleOf(const QSqlDatabase &db, QString *error)
{
    const QVariant handle = db.isOpen() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *error = QStringLiteral("the database is not an open QSQLITE connection");
        return nullptr;
    }
    // The driver's library answers this query; ours answers sqlite3_sourceid().
    // Different builds would not share the layout of the connection object.
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT sqlite_source_id()")) || !query.next()) {
        *error = QStringLiteral("cannot ask Qt's SQLite driver for its SQLite version");
        return nullptr;
    }
    const QString driverSource = query.value(0).toString();
    const QString ownSource = QString::fromLatin1(sqlite3_sourceid());
    if (driverSource != ownSource) {
        *error = QStringLiteral("Qt's SQLite driver uses another SQLite (%1) than mqhook (%2): "
                                "build Qt's QSQLITE driver against the system SQLite")
                     .arg(driverSource, ownSource);
        return nullptr;
    }
    return *static_cast<sqlite3 *const *>(handle.constData());
}

bool SqliteStatement::prepare(sqlite3 *db, const char *sql)
{
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    m_db = db;
    const int code =
        sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
    if (code != SQLITE_OK) {
        m_errorCode = sqlite3_extended_errcode(db);
        m_errorText = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
        return false;
    }
    m_errorCode = SQLITE_OK;
    m_errorText.clear();
    return true;
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bind(int index, const QString &text)
{
    // utf16() of a null QString is an empty string, never nullptr (which
    // SQLite would store as NULL).
    sqlite3_bind_text16(m_statement, index, text.utf16(), int(text.size() * sizeof(char16_t)),
                        SQLITE_STATIC);
}

void SqliteStatement::bindText(int index, const QByteArray &utf8)
{
    // A null pointer would bind NULL: an empty text binds ''.
    sqlite3_bind_text(m_statement, index, utf8.isNull() ? "" : utf8.constData(), int(utf8.size()),
                      SQLITE_STATIC);
}

void SqliteStatement::bindBlob(int index, const QByteArray &bytes)
{
    // A zero-length blob needs a non-null pointer, or SQLite binds NULL.
    static const char empty = 0;
    sqlite3_bind_blob(m_statement, index, bytes.isEmpty() ? &empty : bytes.constData(),
                      int(bytes.size()), SQLITE_STATIC);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

SqliteStatement::Step SqliteStatement::step()
{
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW)
        return Step::Row;
    if (code == SQLITE_DONE)
        return Step::Done;
    // With prepare_v3, step() returns the specific code; the message is the connection's.
    m_errorCode = code;
    m_errorText = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_statement);
    return Step::Error;
}

bool SqliteStatement::run()
{
    Step result = step();
    while (result == Step::Row)
        result = step();
    if (result == Step::Error)
        return false;
    sqlite3_reset(m_statement);
    return true;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

double SqliteStatement::real(int column) const
{
    return sqlite3_column_double(m_statement, column);
}

QString SqliteStatement::text(int column) const
{
    const auto *data = sqlite3_column_text(m_statement, column);
    if (!data)
        return {};
    const int size = sqlite3_column_bytes(m_statement, column);
    return QString::fromUtf8(reinterpret_cast<const char *>(data), size);
}

QByteArray SqliteStatement::blob(int column) const
{
    const void *data = sqlite3_column_blob(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    return data ? QByteArray(static_cast<const char *>(data), size) : QByteArray("");
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

int SqliteStatement::changes() const
{
    return sqlite3_changes(m_db);
}

} // namespace mqhook
