#pragma once

#include "delivery/message.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <utility>

// How the queue's values sit in its rows: times, messages, attempts, user
// properties and id lists, to bind into and read from SqliteStatement.
namespace mqhook {

class SqliteStatement;

// Times are UTC milliseconds since the epoch; NULL for an invalid time.
void bindTime(SqliteStatement &statement, int index, const QDateTime &time);
QDateTime timeAt(const SqliteStatement &row, int column);

// The columns messageFrom() reads (messages m), in its order, for a SELECT list.
inline constexpr char messageColumns[] =
    "m.message_id, m.client_id, m.topic, m.payload, m.qos, m.retain, m.received_at,"
    " m.content_type, m.user_properties";
// The message in the row's columns from `first` on, as messageColumns lists them.
Message messageFrom(const SqliteStatement &row, int first);

// The columns attemptFrom() reads (attempts a), in its order.
inline constexpr char attemptColumns[] =
    "a.attempt, a.started_at, a.finished_at, a.http_status, a.error";
AttemptRecord attemptFrom(const SqliteStatement &row, int first);
// Binds an attempt as the statement that inserts one takes it: ?1 to ?5 the
// record, ?6 the delivery id.
void bindAttempt(SqliteStatement &insert, qint64 deliveryId, const AttemptRecord &record);

// User properties are stored as a JSON array of [name, value] pairs, or NULL
// (an empty text here) when there are none.
QByteArray userPropertiesText(const QList<QPair<QString, QString>> &properties);
QList<QPair<QString, QString>> userPropertiesFrom(const QString &json);

// Ids as a JSON array, the one value the set statements take: SQLite's
// json_each() turns it back into rows, so a whole group is one statement
// however many ids it has.
QByteArray idList(const QList<qint64> &ids);

// Ids as runs of consecutive ones, [first, last] each, ascending, each id
// once: the deliveries of a backlog finish mostly in id order, and a range
// is one seek and a walk along the table instead of a seek per id.
QList<std::pair<qint64, qint64>> idRanges(QList<qint64> ids);

// Rows that come in id order, matched to `items` in id order too: the item
// with `id`, looked for from *index on (where the last one was found), or
// nullptr when there is none.
template<typename T>
T *itemWithId(QList<T> &items, qsizetype *index, qint64 id)
{
    while (*index < items.size() && items.at(*index).id < id)
        ++*index;
    return *index < items.size() && items.at(*index).id == id ? &items[*index] : nullptr;
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

} // namespace mqhook
