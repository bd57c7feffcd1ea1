#pragma once

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

class QSqlDatabase;

namespace mqhook {

// One prepared statement on the SQLite connection of a QSqlDatabase, driven
// through the SQLite C API, without Qt Sql's per-value bookkeeping (a
// QVariant per value, a QSqlRecord per row): for what the queue runs per
// message, per slice and per dead letter.
class SqliteStatement
{
public:
    enum class Step
    {
        Row,
        Done,
        Error,
    };

    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // The SQLite connection under an open QSQLITE database, or nullptr with
    // the reason in *error. Refused when Qt's driver runs another SQLite
    // library than the one mqhook is linked with (their handles would not be
    // interchangeable).
    static sqlite3 *handleOf(const QSqlDatabase &db, QString *error);

    // Prepares `sql` (UTF-8; ?NNN placeholders count from 1) on `db`.
    bool prepare(sqlite3 *db, const char *sql);
    bool isPrepared() const { return m_statement != nullptr; }

    // The text and blob binds do not copy: the value must stay alive and
    // unchanged until the statement is reset (hence no temporaries).
    void bind(int index, qint64 value);
    void bind(int index, const QString &text); // a null QString binds ''
    void bind(int index, QString &&) = delete;
    void bindText(int index, const QByteArray &utf8); // a null QByteArray binds ''
    void bindText(int index, QByteArray &&) = delete;
    void bindBlob(int index, const QByteArray &bytes); // a null QByteArray binds x''
    void bindBlob(int index, QByteArray &&) = delete;
    void bindNull(int index);

    Step step();
    // Runs the statement to its end and resets it; false on an error.
    bool run();
    // Ready to run again (the bindings stay; the next binds replace them).
    void reset();

    // The current row's values (after step() gave Row).
    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;    // UTF-8 text; NULL gives a null QString
    QByteArray blob(int column) const; // a copy of the bytes
    bool isNull(int column) const;
    int changes() const;         // rows changed by the last run

    // The SQLite result code of the last failed step (primary code in the low
    // 8 bits) and its message.
    int errorCode() const { return m_errorCode; }
    QString errorText() const { return m_errorText; }

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_errorCode = 0;
    QString m_errorText;
};

} // namespace mqhook
