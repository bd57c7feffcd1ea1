#include "outboxhelpers.h"

#include "delivery/queueschema.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <algorithm>

namespace mqhook::test {

EnqueueResult enqueue(Outbox &outbox, const QList<Intake> &items, const QDateTime &notBefore)
{
    EnqueueResult result;
    if (!outbox.isOpen()) {
        result.error = QStringLiteral("The outbox is not open");
        return result;
    }
    const QDateTime stored = QDateTime::fromMSecsSinceEpoch(notBefore.toMSecsSinceEpoch(), Qt::UTC);
    const Outbox::Ids first = outbox.nextIds();
    if (!outbox.storeAt(items, first, stored)) {
        result.error = outbox.errorString();
        return result;
    }
    result.deliveries = Outbox::deliveriesOf(items, first, stored);
    result.ok = true;
    return result;
}

QList<QueuedDelivery> loadPending(Outbox &outbox, bool *ok)
{
    if (ok)
        *ok = false;
    const std::optional<QList<PendingRange>> requeued = outbox.takeRequeuedRanges();
    const std::optional<QList<PendingRange>> ranges =
        requeued ? outbox.pendingRanges() : std::nullopt;
    if (!ranges)
        return {};
    QList<QueuedDelivery> deliveries;
    for (const PendingRange &range : *ranges) {
        const std::optional<QList<QueuedDelivery>> slice =
            outbox.loadPending(range.route, range.target, range.firstId - 1, int(range.count));
        if (!slice)
            return {};
        deliveries += *slice;
    }
    std::sort(deliveries.begin(), deliveries.end(),
              [](const QueuedDelivery &a, const QueuedDelivery &b) { return a.id < b.id; });
    if (ok)
        *ok = true;
    return deliveries;
}

qint64 deadLetterCount(Outbox &outbox)
{
    const std::optional<QList<DeadLetterSummary>> letters = outbox.deadLetters().list();
    return letters ? letters->size() : -1;
}

qint64 rowCount(const QString &queueDir, const QString &table)
{
    const QString name = QStringLiteral("outboxhelpers_rowcount");
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QDir(queueDir).filePath(queueschema::databaseFileName()));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) && query.next())
                count = query.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

bool QueueFixture::resetQueue()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 1), Qt::UTC);
    return m_dir->isValid();
}

QueueConfig QueueFixture::diskConfig() const
{
    QueueConfig config;
    config.dir = m_dir->filePath(QStringLiteral("queue"));
    return config;
}

} // namespace mqhook::test
