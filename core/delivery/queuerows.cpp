#include "queuerows.h"

#include "delivery/sqlitestatement.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace mqhook {

void bindTime(SqliteStatement &statement, int index, const QDateTime &time)
{
    if (time.isValid())
        statement.bind(index, time.toMSecsSinceEpoch());
    else
        statement.bindNull(index);
}

QDateTime timeAt(const SqliteStatement &row, int column)
{
    return row.isNull(column) ? QDateTime()
                              : QDateTime::fromMSecsSinceEpoch(row.int64(column), Qt::UTC);
}

Message messageFrom(const SqliteStatement &row, int first)
{
    Message message;
    message.id = row.text(first);
    message.clientId = row.text(first + 1);
    message.topic = row.text(first + 2);
    message.payload = row.blob(first + 3);
    message.qos = int(row.int64(first + 4));
    message.retain = row.int64(first + 5) != 0;
    message.receivedAt = timeAt(row, first + 6);
    message.contentType = row.text(first + 7);
    message.userProperties = userPropertiesFrom(row.text(first + 8));
    return message;
}

AttemptRecord attemptFrom(const SqliteStatement &row, int first)
{
    AttemptRecord record;
    record.attempt = int(row.int64(first));
    record.startedAt = timeAt(row, first + 1);
    record.finishedAt = timeAt(row, first + 2);
    record.httpStatus = int(row.int64(first + 3));
    record.error = row.text(first + 4);
    return record;
}

void bindAttempt(SqliteStatement &insert, qint64 deliveryId, const AttemptRecord &record)
{
    insert.bind(1, record.attempt);
    bindTime(insert, 2, record.startedAt);
    bindTime(insert, 3, record.finishedAt);
    insert.bind(4, record.httpStatus);
    insert.bind(5, record.error);
    insert.bind(6, deliveryId);
}

QByteArray userPropertiesText(const QList<QPair<QString, QString>> &properties)
{
    if (properties.isEmpty())
        return {};
    QJsonArray array;
    for (const auto &[name, value] : properties)
        array.append(QJsonArray{name, value});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<QPair<QString, QString>> userPropertiesFrom(const QString &json)
{
    QList<QPair<QString, QString>> properties;
    if (json.isNull())
        return properties;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &pair : array)
        properties.append({pair[0].toString(), pair[1].toString()});
    return properties;
}

QByteArray idList(const QList<qint64> &ids)
{
    QByteArray text;
    text.reserve(ids.size() * 8 + 2);
    text += '[';
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i > 0)
            text += ',';
        text += QByteArray::number(ids.at(i));
    }
    text += ']';
    return text;
}

QList<std::pair<qint64, qint64>> idRanges(QList<qint64> ids)
{
    std::sort(ids.begin(), ids.end());
    QList<std::pair<qint64, qint64>> ranges;
    for (const qint64 id : std::as_const(ids)) {
        if (!ranges.isEmpty() && id <= ranges.last().second + 1)
            ranges.last().second = std::max(ranges.last().second, id);
        else
            ranges.append({id, id});
    }
    return ranges;
}

} // namespace mqhook
