#pragma once

#include "delivery/outboxtypes.h"
#include "delivery/queueerror.h"
#include "delivery/sqlitestatement.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace mqhook {

class QueueDatabase;
class QueueLanes;

// Reads the pending deliveries back as the dispatchers' windows take them:
// one (route, callback address) a slice at a time in id order, where each
// one's backlog starts, and the dead letters put back to pending since the
// last look. nullopt on a storage error, with lastError(). Lives while its
// database is open.
class PendingReader
{
    Q_DECLARE_TR_FUNCTIONS(mqhook::PendingReader)

public:
    PendingReader(QueueDatabase &database, QueueLanes &lanes);

    // Prepares its statements; false with lastError().
    bool prepare();

    // The pending deliveries of (route, target) with an id above afterId, in
    // id order, at most `limit` of them, with the history of their current run.
    std::optional<QList<QueuedDelivery>> slice(const QString &route, const QString &target,
                                               qint64 afterId, int limit);
    // Every (route, callback address) with pending deliveries, by route and address.
    std::optional<QList<PendingRange>> ranges();
    // The ranges of the dead letters put back to pending (by any process)
    // since the last call; forgets those notices, in one transaction.
    std::optional<QList<PendingRange>> takeRequeued();

    const QueueError &lastError() const { return m_lastError; }

private:
    std::optional<QList<PendingRange>> selectRanges(const QString &from, const QString &what);
    bool fail(const QueueError &error);

    QueueDatabase &m_database;
    QueueLanes &m_lanes;
    SqliteStatement m_slice;
    SqliteStatement m_history;
    QueueError m_lastError;
};

} // namespace mqhook
