#include "attachedservice.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

QDateTime timeFrom(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

QueueError errorOf(const AdminClient::Reply &reply)
{
    return QueueError(reply.httpStatus == 404 ? QueueError::Code::NotFound
                                              : QueueError::Code::Other,
                      reply.error);
}

} // namespace

AttachedService::AttachedService(const QUrl &url, const QString &token, QObject *parent)
    : WatchedService(parent)
    , m_url(url)
    , m_ring(ringCapacity)
    , m_stream(new EventStreamClient(nullptr, this))
    , m_admin(new AdminClient(nullptr, this))
{
    m_stream->setUrl(url);
    m_stream->setToken(token);
    m_admin->setUrl(url);
    m_admin->setToken(token);
    connect(m_stream, &EventStreamClient::eventReceived, this,
            [this](const Event &event) { m_ring.append(event); });
    connect(m_stream, &EventStreamClient::stateChanged, this,
            [this] { emit descriptionChanged(description()); });
    connect(m_admin, &AdminClient::finished, this, &AttachedService::onReply);
    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, [this] {
        if (m_statusRequest == 0)
            m_statusRequest = m_admin->fetchStatus();
    });
    m_stream->start();
    m_statusRequest = m_admin->fetchStatus();
    m_statusTimer.start();
}

AttachedService::~AttachedService()
{
    m_stream->stop();
}

QString AttachedService::description() const
{
    const QString address = m_url.toDisplayString(QUrl::RemoveUserInfo);
    switch (m_stream->state()) {
    case EventStreamClient::State::Connected:
        return tr("%1 (attached)").arg(address);
    case EventStreamClient::State::Connecting:
        return tr("%1 (connecting…)").arg(address);
    case EventStreamClient::State::Waiting:
        return tr("%1 (connection lost; trying again in %2 s)")
            .arg(address)
            .arg(std::max<qint64>(1, (m_stream->reconnectIn().count() + 999) / 1000));
    case EventStreamClient::State::Failed:
        return tr("%1 (refused: %2)").arg(address, m_stream->errorString());
    case EventStreamClient::State::Disconnected:
        break;
    }
    return tr("%1 (detached)").arg(address);
}

EventRing *AttachedService::events() const
{
    return const_cast<EventRing *>(&m_ring);
}

RequestPreview AttachedService::requestPreview() const
{
    // The status holds the configuration as --print-config shows it.
    const QJsonArray brokers = m_lastStatus.value(u"brokers"_s).toArray();
    if (brokers.isEmpty())
        return {};
    QJsonArray cleaned;
    for (const QJsonValue &broker : brokers) {
        QJsonObject object = broker.toObject();
        object.remove(u"connection"_s);
        cleaned.append(object);
    }
    const QByteArray json = QJsonDocument(QJsonObject{{u"mqtt_brokers"_s, cleaned}}).toJson();
    return RequestPreview::fromJson(json, QString());
}

quint64 AttachedService::readDeadLetters(qint64 afterId, int limit)
{
    return m_admin->fetchDeadLetters(afterId, limit);
}

quint64 AttachedService::readDeadLetter(qint64 id)
{
    return m_admin->fetchDeadLetter(id);
}

quint64 AttachedService::retryDeadLetter(qint64 id)
{
    return m_admin->retryDeadLetter(id);
}

quint64 AttachedService::retryAllDeadLetters()
{
    return m_admin->retryAllDeadLetters();
}

quint64 AttachedService::removeDeadLetter(qint64 id)
{
    return m_admin->removeDeadLetter(id);
}

std::optional<DeadLetter> AttachedService::deadLetterFromJson(const QJsonObject &object)
{
    if (!object.value(u"id"_s).isDouble())
        return std::nullopt;
    DeadLetter letter;
    letter.id = qint64(object.value(u"id"_s).toDouble());
    letter.route = object.value(u"route"_s).toString();
    letter.target = object.value(u"target"_s).toString();
    letter.attempts = object.value(u"attempts"_s).toInt();
    letter.reason = object.value(u"reason"_s).toString();
    letter.deadAt = timeFrom(object.value(u"dead_at"_s));
    Message &message = letter.message;
    message.id = object.value(u"message_id"_s).toString();
    message.clientId = object.value(u"client_id"_s).toString();
    message.topic = object.value(u"topic"_s).toString();
    message.qos = object.value(u"qos"_s).toInt();
    message.retain = object.value(u"retain"_s).toBool();
    message.receivedAt = timeFrom(object.value(u"received_at"_s));
    message.contentType = object.value(u"content_type"_s).toString();
    if (object.contains(u"payload_base64"_s))
        message.payload =
            QByteArray::fromBase64(object.value(u"payload_base64"_s).toString().toLatin1());
    else
        message.payload = object.value(u"payload"_s).toString().toUtf8();
    for (const QJsonValue &property : object.value(u"user_properties"_s).toArray()) {
        const QJsonObject p = property.toObject();
        message.userProperties.append(
            {p.value(u"name"_s).toString(), p.value(u"value"_s).toString()});
    }
    for (const QJsonValue &entry : object.value(u"history"_s).toArray()) {
        const QJsonObject e = entry.toObject();
        DeadLetterAttempt attempt;
        attempt.run = e.value(u"run"_s).toInt(1);
        attempt.attempt.attempt = e.value(u"attempt"_s).toInt();
        attempt.attempt.startedAt = timeFrom(e.value(u"started_at"_s));
        attempt.attempt.finishedAt = timeFrom(e.value(u"finished_at"_s));
        attempt.attempt.httpStatus = e.value(u"http_status"_s).toInt();
        attempt.attempt.error = e.value(u"error"_s).toString();
        letter.history.append(attempt);
    }
    return letter;
}

QList<Bridge::ConnectionStatus> AttachedService::connectionsFromStatus(const QJsonObject &status)
{
    QList<Bridge::ConnectionStatus> connections;
    for (const QJsonValue &value : status.value(u"brokers"_s).toArray()) {
        const QJsonObject broker = value.toObject();
        if (!broker.contains(u"connection"_s))
            continue; // a disabled one
        const QJsonObject connection = broker.value(u"connection"_s).toObject();
        Bridge::ConnectionStatus entry;
        entry.clientId = broker.value(u"client_id"_s).toString();
        entry.address = u"%1:%2"_s.arg(broker.value(u"broker_ip"_s).toString())
                            .arg(broker.value(u"broker_port"_s).toInt());
        entry.connected = connection.value(u"connected"_s).toBool();
        entry.subscribed = connection.value(u"subscribed"_s).toBool();
        entry.lastError = connection.value(u"last_error"_s).toString();
        connections.append(entry);
    }
    return connections;
}

void AttachedService::onStatus(const QJsonObject &status)
{
    const bool first = m_lastStatus.isEmpty();
    m_lastStatus = status;
    const qint64 received =
        qint64(status.value(u"counters"_s).toObject().value(u"received"_s).toDouble());
    double rate = 0;
    if (m_lastReceived >= 0 && m_sinceStatus.isValid()) {
        const qint64 ms = std::max<qint64>(1, m_sinceStatus.elapsed());
        rate = double(std::max<qint64>(0, received - m_lastReceived)) * 1000.0 / double(ms);
    }
    m_lastReceived = received;
    m_sinceStatus.start();
    const qint64 queued =
        qint64(status.value(u"queue"_s).toObject().value(u"pending_messages"_s).toDouble());
    emit statusRead(connectionsFromStatus(status), rate, queued);
    if (first)
        emit requestPreviewChanged(); // the configuration is known now
}

void AttachedService::onReply(const AdminClient::Reply &reply)
{
    switch (reply.call) {
    case AdminClient::Call::Status:
        if (reply.request != m_statusRequest)
            return;
        m_statusRequest = 0;
        if (reply.ok())
            onStatus(reply.body);
        else
            emit statusFailed(reply.error);
        return;
    case AdminClient::Call::Readiness:
        return;
    case AdminClient::Call::DeadLetters: {
        QueueResult<DeadLetterPage> result;
        if (!reply.ok()) {
            result.error = errorOf(reply);
        } else {
            result.value.total = qint64(reply.body.value(u"total"_s).toDouble());
            for (const QJsonValue &value : reply.body.value(u"dead_letters"_s).toArray()) {
                if (const std::optional<DeadLetter> letter = deadLetterFromJson(value.toObject()))
                    result.value.letters.append(*letter);
            }
        }
        emit deadLettersRead(reply.request, result);
        return;
    }
    case AdminClient::Call::DeadLetter: {
        QueueResult<DeadLetter> result;
        if (!reply.ok()) {
            result.error = errorOf(reply);
        } else if (const std::optional<DeadLetter> letter = deadLetterFromJson(reply.body)) {
            result.value = *letter;
        } else {
            result.error = QueueError(QueueError::Code::Other,
                                      tr("the service's answer is not a dead letter"));
        }
        emit deadLetterRead(reply.request, result);
        return;
    }
    case AdminClient::Call::RetryDeadLetter:
    case AdminClient::Call::RetryAll:
    case AdminClient::Call::RemoveDeadLetter: {
        QueueResult<qint64> result;
        if (!reply.ok()) {
            result.error = errorOf(reply);
        } else {
            const QString key =
                reply.call == AdminClient::Call::RemoveDeadLetter ? u"deleted"_s : u"retried"_s;
            result.value = qint64(reply.body.value(key).toDouble());
        }
        emit deadLettersChanged(reply.request, result);
        return;
    }
    }
}

} // namespace mqhook
