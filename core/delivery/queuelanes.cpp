#include "queuelanes.h"

#include "delivery/queuedatabase.h"

namespace mqhook {

bool QueueLanes::prepare(QueueDatabase &database)
{
    const QString what = QueueDatabase::tr("cannot prepare the queue statements");
    return database.prepare(m_select, "SELECT id FROM lanes WHERE route = ?1 AND target = ?2",
                            what) &&
           database.prepare(m_insert,
                            "INSERT INTO lanes (route, target) VALUES (?1, ?2) RETURNING id", what);
}

qint64 QueueLanes::laneOf(const QString &route, const QString &target, bool add)
{
    const auto known = m_lanes.constFind({route, target});
    if (known != m_lanes.constEnd())
        return *known;
    const QByteArray routeText = route.toUtf8();
    const QByteArray targetText = target.toUtf8();
    qint64 lane = 0;
    for (SqliteStatement *statement : {&m_select, &m_insert}) {
        statement->bindText(1, routeText);
        statement->bindText(2, targetText);
        const SqliteStatement::Step step = statement->step();
        if (step == SqliteStatement::Step::Row)
            lane = statement->int64(0);
        statement->reset();
        if (step == SqliteStatement::Step::Error) {
            m_failed = statement;
            return -1;
        }
        if (lane > 0 || !add)
            break;
    }
    if (lane > 0)
        m_lanes.insert({route, target}, lane);
    return lane;
}

} // namespace mqhook
