#include "adminbackend.h"

#include "bridge.h"
#include "config/configloader.h"
#include "delivery/deadletterstore.h"
#include "delivery/outboxthread.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

constexpr int defaultPageSize = 100;
constexpr int maxPageSize = 1000;

QJsonValue timeJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QString stateName(Bridge::State state)
{
    switch (state) {
    case Bridge::State::Stopped:
        return u"stopped"_s;
    case Bridge::State::Running:
        return u"running"_s;
    case Bridge::State::Stopping:
        return u"stopping"_s;
    }
    return {};
}

// A payload as text when it is UTF-8, as base64 otherwise.
void insertPayload(QJsonObject *object, const QByteArray &payload)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(payload);
    if (decoder.hasError())
        object->insert(u"payload_base64"_s, QString::fromLatin1(payload.toBase64()));
    else
        object->insert(u"payload"_s, text);
    object->insert(u"payload_size"_s, payload.size());
}

// A dead letter as listed (`mqhook dead-letters list`), or in full (`show`).
QJsonObject deadLetterJson(const DeadLetter &letter, bool full)
{
    const Message &message = letter.message;
    QJsonObject object{
        {u"id"_s, letter.id},
        {u"message_id"_s, message.id},
        {u"client_id"_s, message.clientId},
        {u"topic"_s, message.topic},
        {u"qos"_s, message.qos},
        {u"retain"_s, message.retain},
        {u"route"_s, letter.route},
        {u"target"_s, letter.target},
        {u"attempts"_s, letter.attempts},
        {u"reason"_s, letter.reason},
        {u"dead_at"_s, timeJson(letter.deadAt)},
    };
    if (!letter.history.isEmpty())
        object.insert(u"last_error"_s, letter.history.constLast().attempt.error);
    if (!full)
        return object;
    object.insert(u"received_at"_s, timeJson(message.receivedAt));
    if (!message.contentType.isEmpty())
        object.insert(u"content_type"_s, message.contentType);
    QJsonArray properties;
    for (const auto &[name, value] : message.userProperties)
        properties.append(QJsonObject{{u"name"_s, name}, {u"value"_s, value}});
    object.insert(u"user_properties"_s, properties);
    insertPayload(&object, message.payload);
    QJsonArray history;
    for (const DeadLetterAttempt &entry : letter.history) {
        const AttemptRecord &attempt = entry.attempt;
        history.append(QJsonObject{
            {u"run"_s, entry.run},
            {u"attempt"_s, attempt.attempt},
            {u"started_at"_s, timeJson(attempt.startedAt)},
            {u"finished_at"_s, timeJson(attempt.finishedAt)},
            {u"http_status"_s, attempt.httpStatus},
            {u"error"_s, attempt.error},
        });
    }
    object.insert(u"history"_s, history);
    return object;
}

HttpResponse queueError(const QueueError &error, qint64 id)
{
    if (error.code() == QueueError::Code::NotFound)
        return HttpResponse::error(404, u"no dead letter with id %1"_s.arg(id));
    return HttpResponse::error(500, error.message());
}

// A non-negative integer query parameter, or fallback when absent.
std::optional<qint64> integerParameter(const QUrlQuery &query, const QString &name, qint64 fallback,
                                       qint64 min, qint64 max, QString *error)
{
    if (!query.hasQueryItem(name))
        return fallback;
    const QString text = query.queryItemValue(name);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max) {
        *error =
            u"%1: expected a number from %2 to %3, got \"%4\""_s.arg(name).arg(min).arg(max).arg(
                text);
        return std::nullopt;
    }
    return value;
}

} // namespace

AdminBackend::AdminBackend(Bridge *bridge, QObject *parent)
    : QObject(parent)
    , m_bridge(bridge)
    , m_startedAt(QDateTime::currentDateTimeUtc())
{}

AdminBackend::~AdminBackend() = default;

OutboxThread *AdminBackend::outbox()
{
    OutboxThread *outbox = m_bridge->outbox();
    if (!outbox || !outbox->isOpen())
        return nullptr;
    if (m_outbox != outbox) {
        if (m_outbox)
            m_outbox->disconnect(this);
        m_outbox = outbox;
        connect(outbox, &OutboxThread::deadLettersRead, this, &AdminBackend::onPage);
        connect(outbox, &OutboxThread::deadLetterRead, this, &AdminBackend::onLetter);
        connect(outbox, &OutboxThread::deadLettersChanged, this, &AdminBackend::onChanged);
    }
    return outbox;
}

bool AdminBackend::expect(quint64 request, const Respond &respond, qint64 id, Change change)
{
    if (request == 0) {
        respond(HttpResponse::error(503, u"the queue is not open: forwarding is not running"_s));
        return false;
    }
    m_pending.insert(request, {respond, id, change});
    return true;
}

QJsonObject AdminBackend::readinessJson(bool *ready) const
{
    QJsonArray problems;
    if (m_bridge->state() != Bridge::State::Running) {
        problems.append(
            QJsonObject{{u"component"_s, u"service"_s},
                        {u"reason"_s, u"forwarding is %1"_s.arg(stateName(m_bridge->state()))}});
    }
    for (const Bridge::ConnectionStatus &connection : m_bridge->connections()) {
        if (connection.subscribed)
            continue;
        QString reason;
        if (!connection.connected)
            reason = connection.lastError.isEmpty()
                         ? u"not connected"_s
                         : u"not connected: %1"_s.arg(connection.lastError);
        else
            reason = u"connected, subscriptions not in place yet"_s;
        problems.append(QJsonObject{{u"component"_s, u"connection"_s},
                                    {u"client_id"_s, connection.clientId},
                                    {u"address"_s, connection.address},
                                    {u"reason"_s, reason}});
    }
    const OutboxThread *outbox = m_bridge->outbox();
    if (m_bridge->state() == Bridge::State::Running && (!outbox || !outbox->isOpen())) {
        problems.append(
            QJsonObject{{u"component"_s, u"queue"_s}, {u"reason"_s, u"the queue is not open"_s}});
    } else if (outbox && outbox->isStoreFailing()) {
        problems.append(
            QJsonObject{{u"component"_s, u"queue"_s},
                        {u"reason"_s, u"cannot commit: %1"_s.arg(outbox->errorString())}});
    }
    *ready = problems.isEmpty();
    QJsonObject object{{u"ready"_s, *ready}};
    if (!*ready)
        object.insert(u"problems"_s, problems);
    return object;
}

void AdminBackend::readiness(const Respond &respond)
{
    bool ready = false;
    const QJsonObject object = readinessJson(&ready);
    respond(HttpResponse::json(ready ? 200 : 503, object));
}

QJsonObject AdminBackend::statusJson() const
{
    const Config &config = m_bridge->config();
    // The brokers as --print-config shows them: passwords and Authorization
    // values replaced by "***".
    const QJsonObject normalized = QJsonDocument::fromJson(toNormalizedJson(config)).object();
    QJsonArray brokers = normalized.value(u"mqtt_brokers"_s).toArray();
    const QList<Bridge::ConnectionStatus> connections = m_bridge->connections();
    for (qsizetype i = 0; i < brokers.size(); ++i) {
        QJsonObject broker = brokers.at(i).toObject();
        const BrokerConfig &configured = config.brokers.at(i);
        for (const Bridge::ConnectionStatus &connection : connections) {
            if (connection.clientId != configured.clientId ||
                connection.address != configured.address())
                continue;
            broker.insert(u"connection"_s, QJsonObject{{u"connected"_s, connection.connected},
                                                       {u"subscribed"_s, connection.subscribed},
                                                       {u"last_error"_s, connection.lastError}});
            break;
        }
        brokers[i] = broker;
    }

    QJsonArray routes;
    for (const TargetCounters &counters : m_bridge->targetCounters()) {
        routes.append(QJsonObject{
            {u"route"_s, counters.route},
            {u"target"_s, counters.address},
            {u"requests"_s, qint64(counters.requests)},
            {u"succeeded"_s, qint64(counters.succeeded)},
            {u"retried"_s, qint64(counters.retried)},
            {u"dead"_s, qint64(counters.failedPermanently)},
            {u"in_flight"_s, counters.inFlight},
            {u"queued"_s, counters.queued},
        });
    }

    QJsonObject queue{{u"mode"_s, config.queue.mode == QueueMode::Memory ? u"memory"_s : u"disk"_s},
                      {u"dir"_s, config.queue.dir}};
    if (const OutboxThread *outbox = m_bridge->outbox()) {
        queue.insert(u"open"_s, outbox->isOpen());
        queue.insert(u"pending_messages"_s, outbox->pendingMessages());
        queue.insert(u"pending_bytes"_s, outbox->pendingBytes());
        queue.insert(u"uncommitted_messages"_s, outbox->uncommittedMessages());
        queue.insert(u"full"_s, outbox->isFull());
        queue.insert(u"store_failing"_s, outbox->isStoreFailing());
        if (outbox->isStoreFailing())
            queue.insert(u"error"_s, outbox->errorString());
    } else {
        queue.insert(u"open"_s, false);
    }

    const Bridge::Counters counters = m_bridge->counters();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QJsonObject{
        {u"version"_s, QCoreApplication::applicationVersion()},
        {u"started_at"_s, timeJson(m_startedAt)},
        {u"uptime_seconds"_s, m_startedAt.secsTo(now)},
        {u"state"_s, stateName(m_bridge->state())},
        {u"intake_paused"_s, m_bridge->isIntakePaused()},
        {u"brokers"_s, brokers},
        {u"routes"_s, routes},
        {u"queue"_s, queue},
        {u"counters"_s,
         QJsonObject{
             {u"received"_s, counters.received},
             {u"unrouted"_s, counters.unrouted},
             {u"enqueued"_s, counters.enqueued},
             {u"deliveries"_s, counters.deliveries},
             {u"succeeded"_s, counters.succeeded},
             {u"retried"_s, counters.retried},
             {u"dead_lettered"_s, counters.deadLettered},
             {u"commit_failures"_s, counters.commitFailures},
         }},
    };
}

void AdminBackend::status(const Respond &respond)
{
    respond(HttpResponse::json(200, statusJson()));
}

void AdminBackend::deadLetters(const QUrlQuery &query, const Respond &respond)
{
    QString error;
    const std::optional<qint64> after =
        integerParameter(query, u"after"_s, 0, 0, std::numeric_limits<qint64>::max(), &error);
    const std::optional<qint64> limit =
        after ? integerParameter(query, u"limit"_s, defaultPageSize, 1, maxPageSize, &error)
              : std::nullopt;
    if (!after || !limit) {
        respond(HttpResponse::error(400, error));
        return;
    }
    OutboxThread *box = outbox();
    expect(box ? box->readDeadLetters(*after, int(*limit)) : 0, respond, *limit);
}

void AdminBackend::deadLetter(qint64 id, const Respond &respond)
{
    OutboxThread *box = outbox();
    expect(box ? box->readDeadLetter(id) : 0, respond, id);
}

void AdminBackend::retryDeadLetter(qint64 id, const Respond &respond)
{
    OutboxThread *box = outbox();
    expect(box ? box->retryDeadLetter(id) : 0, respond, id, Change::Retry);
}

void AdminBackend::retryAllDeadLetters(const Respond &respond)
{
    OutboxThread *box = outbox();
    expect(box ? box->retryAllDeadLetters() : 0, respond, 0, Change::RetryAll);
}

void AdminBackend::removeDeadLetter(qint64 id, const Respond &respond)
{
    OutboxThread *box = outbox();
    expect(box ? box->removeDeadLetter(id) : 0, respond, id, Change::Remove);
}

template<typename T>
std::optional<AdminBackend::Pending>
AdminBackend::takeSucceeded(quint64 request, const QueueResult<T> &result, bool namesId)
{
    Pending pending = m_pending.take(request);
    if (!pending.respond)
        return std::nullopt;
    if (!result.ok()) {
        pending.respond(queueError(result.error, namesId ? pending.id : 0));
        return std::nullopt;
    }
    return pending;
}

void AdminBackend::onPage(quint64 request, const QueueResult<DeadLetterPage> &result)
{
    const std::optional<Pending> taken = takeSucceeded(request, result, false);
    if (!taken)
        return;
    const Pending &pending = *taken;
    QJsonArray letters;
    for (const DeadLetter &letter : result.value.letters)
        letters.append(deadLetterJson(letter, false));
    // A full page may have more after it.
    const bool full = result.value.letters.size() >= pending.id;
    pending.respond(HttpResponse::json(
        200, {{u"dead_letters"_s, letters},
              {u"total"_s, result.value.total},
              {u"next_after"_s, full && !result.value.letters.isEmpty()
                                    ? QJsonValue(result.value.letters.constLast().id)
                                    : QJsonValue()}}));
}

void AdminBackend::onLetter(quint64 request, const QueueResult<DeadLetter> &result)
{
    if (const std::optional<Pending> pending = takeSucceeded(request, result, true))
        pending->respond(HttpResponse::json(200, deadLetterJson(result.value, true)));
}

void AdminBackend::onChanged(quint64 request, const QueueResult<qint64> &result)
{
    const std::optional<Pending> taken = takeSucceeded(request, result, true);
    if (!taken)
        return;
    const Pending &pending = *taken;
    const QString key = pending.change == Change::Remove ? u"deleted"_s : u"retried"_s;
    QJsonObject object{{key, result.value}};
    if (pending.change != Change::RetryAll)
        object.insert(u"id"_s, pending.id);
    pending.respond(HttpResponse::json(200, object));
}

} // namespace mqhook
