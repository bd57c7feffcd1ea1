#include "outboxsamples.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace mqhook::test {

Message makeMessage(const QString &id, const QByteArray &payload)
{
    Message message;
    message.id = id;
    message.clientId = QStringLiteral("client-1");
    message.topic = QStringLiteral("sensors/") + id;
    message.payload = payload;
    message.qos = 1;
    message.receivedAt = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0, 250), Qt::UTC);
    return message;
}

Intake makeIntake(const QString &id, int targets, const QByteArray &payload)
{
    Intake item;
    item.message = makeMessage(id, payload);
    for (int i = 0; i < targets; ++i)
        item.targets.append({QStringLiteral("client-1/app"),
                             QStringLiteral("http://127.0.0.1:8080/hook%1").arg(i)});
    return item;
}

AttemptRecord failedAttempt(int number, const QDateTime &at, int status)
{
    AttemptRecord record;
    record.attempt = number;
    record.startedAt = at;
    record.finishedAt = at.addMSecs(120);
    record.httpStatus = status;
    record.error = QStringLiteral("HTTP %1 Service Unavailable").arg(status);
    return record;
}

QList<qint64> idsOf(const QList<QueuedDelivery> &deliveries)
{
    QList<qint64> ids;
    for (const QueuedDelivery &delivery : deliveries)
        ids.append(delivery.id);
    return ids;
}

bool setQueueFileFull(const QString &connectionName, bool full)
{
    QSqlQuery query(QSqlDatabase::database(connectionName));
    if (!query.exec(QStringLiteral("PRAGMA page_count")) || !query.next())
        return false;
    const qint64 pages = query.value(0).toLongLong();
    query.finish();
    return query.exec(
        QStringLiteral("PRAGMA max_page_count = %1").arg(full ? pages : qint64(1) << 30));
}

} // namespace mqhook::test
