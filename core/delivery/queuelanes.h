#pragma once

#include "delivery/sqlitestatement.h"

#include <QHash>
#include <QPair>
#include <QString>

namespace mqhook {

class QueueDatabase;

// The lane numbers of the queue: a delivery names its (route, callback
// address) by one, in its row and in the pending index. Lanes once looked
// up are kept in memory. Lives while its database is open.
class QueueLanes
{
public:
    // Prepares its statements; false with the database's lastError().
    bool prepare(QueueDatabase &database);

    // The lane of (route, callback address); with add, a new one when there
    // is none. 0: none; -1: an SQL error, of failedStatement().
    qint64 laneOf(const QString &route, const QString &target, bool add);
    const SqliteStatement &failedStatement() const { return *m_failed; }

    // Forgets the lanes in memory: after a rollback, one added in the
    // transaction is gone.
    void forget() { m_lanes.clear(); }

private:
    SqliteStatement m_select;
    SqliteStatement m_insert;
    const SqliteStatement *m_failed = &m_select;
    QHash<QPair<QString, QString>, qint64> m_lanes; // by (route, target)
};

} // namespace mqhook
