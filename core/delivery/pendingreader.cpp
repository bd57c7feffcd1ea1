#include "pendingreader.h"

#include "delivery/queuedatabase.h"
#include "delivery/queuelanes.h"
#include "delivery/queuerows.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace mqhook {

PendingReader::PendingReader(QueueDatabase &database, QueueLanes &lanes)
    : m_database(database)
    , m_lanes(lanes)
{}

bool PendingReader::prepare()
{
    const QString what = QueueDatabase::tr("cannot prepare the queue statements");
    // A window's slice: ?1 lane, ?2 after this id, ?3 at most.
    if (!m_database.prepare(m_slice,
                            "SELECT d.id, d.attempts, d.not_before, m.message_id, m.client_id,"
                            " m.topic, m.payload, m.qos, m.retain, m.received_at, m.content_type,"
                            " m.user_properties FROM deliveries d"
                            " JOIN messages m ON m.seq = d.message_seq"
                            " WHERE d.state = 0 AND d.lane = ?1 AND d.id > ?2"
                            " ORDER BY d.id LIMIT ?3",
                            what)) {
        return fail(m_database.lastError());
    }
    // The attempts of a slice's current runs: ?1 lane, ?2 after this id, ?3 up to this one.
    const QByteArray history = QByteArray("SELECT a.delivery_id, ") + attemptColumns +
                               " FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"
                               " AND a.run = d.run"
                               " WHERE d.state = 0 AND d.lane = ?1 AND d.id > ?2 AND d.id <= ?3"
                               " ORDER BY a.delivery_id, a.attempt";
    if (!m_database.prepare(m_history, history.constData(), what))
        return fail(m_database.lastError());
    return true;
}

bool PendingReader::fail(const QueueError &error)
{
    m_lastError = error;
    return false;
}

std::optional<QList<QueuedDelivery>>
PendingReader::slice(const QString &route, const QString &target, qint64 afterId, int limit)
{
    // The hot path of a backlog: through the C API, a slice at a time. The
    // history is read only for deliveries that have one.
    const auto what = [&route] {
        return tr("cannot read the pending deliveries of %1").arg(route);
    };
    const qint64 lane = m_lanes.laneOf(route, target, false);
    if (lane < 0) {
        fail(m_database.errorOf(what(), m_lanes.failedStatement()));
        return std::nullopt;
    }
    m_slice.bind(1, lane); // 0: no lane, nothing pending
    m_slice.bind(2, afterId);
    m_slice.bind(3, qMax(0, limit));
    QList<QueuedDelivery> deliveries;
    deliveries.reserve(qMax(0, limit));
    bool withHistory = false;
    SqliteStatement::Step step = m_slice.step();
    for (; step == SqliteStatement::Step::Row; step = m_slice.step()) {
        QueuedDelivery &delivery = deliveries.emplace_back();
        delivery.id = m_slice.int64(0);
        delivery.route = route;
        delivery.target = target;
        delivery.attemptsMade = int(m_slice.int64(1));
        delivery.notBefore = timeAt(m_slice, 2);
        delivery.message = messageFrom(m_slice, 3);
        withHistory = withHistory || delivery.attemptsMade > 0;
    }
    m_slice.reset();
    if (step == SqliteStatement::Step::Error) {
        fail(m_database.errorOf(what(), m_slice));
        return std::nullopt;
    }
    if (!withHistory)
        return deliveries;

    // The history of the deliveries read, not of every pending one after afterId.
    m_history.bind(1, lane);
    m_history.bind(2, afterId);
    m_history.bind(3, deliveries.constLast().id);
    qsizetype index = 0;
    step = m_history.step();
    for (; step == SqliteStatement::Step::Row; step = m_history.step()) {
        if (QueuedDelivery *delivery = itemWithId(deliveries, &index, m_history.int64(0)))
            delivery->history.append(attemptFrom(m_history, 1));
    }
    m_history.reset();
    if (step == SqliteStatement::Step::Error) {
        fail(m_database.errorOf(what(), m_history));
        return std::nullopt;
    }
    return deliveries;
}

// (route, target, lowest id, count) of the pending deliveries `from` names
// (a FROM clause over deliveries d).
std::optional<QList<PendingRange>> PendingReader::selectRanges(const QString &from,
                                                               const QString &what)
{
    QList<PendingRange> ranges;
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT l.route, l.target, MIN(d.id), COUNT(*) FROM %1"
                                   " JOIN lanes l ON l.id = d.lane"
                                   " WHERE d.state = 0 GROUP BY d.lane ORDER BY l.route, l.target")
                        .arg(from))) {
        fail(m_database.errorOf(what, query.lastError()));
        return std::nullopt;
    }
    while (query.next()) {
        ranges.append({query.value(0).toString(), query.value(1).toString(),
                       query.value(2).toLongLong(), query.value(3).toLongLong()});
    }
    if (query.lastError().isValid()) {
        fail(m_database.errorOf(what, query.lastError()));
        return std::nullopt;
    }
    return ranges;
}

std::optional<QList<PendingRange>> PendingReader::ranges()
{
    return selectRanges(QStringLiteral("deliveries d"), tr("cannot count the pending deliveries"));
}

std::optional<QList<PendingRange>> PendingReader::takeRequeued()
{
    const QString what = tr("cannot read the requeued dead letters");
    if (!m_database.begin(what)) {
        fail(m_database.lastError());
        return std::nullopt;
    }
    // CROSS JOIN keeps requeue the outer loop: a few notices, not every pending row.
    std::optional<QList<PendingRange>> ranges = selectRanges(
        QStringLiteral("requeue r CROSS JOIN deliveries d ON d.id = r.delivery_id"), what);
    if (!ranges) {
        m_database.rollback();
        return std::nullopt;
    }
    if (!m_database.exec(QStringLiteral("DELETE FROM requeue"), what) || !m_database.commit(what)) {
        fail(m_database.lastError());
        m_database.rollback();
        return std::nullopt;
    }
    return ranges;
}

} // namespace mqhook
