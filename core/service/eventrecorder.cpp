#include "eventrecorder.h"

#include "delivery/outboxthread.h"
#include "observe/eventring.h"
#include "observe/metrics.h"
#include "service/bridge.h"

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

qint64 latencyUs(const AttemptRecord &attempt)
{
    if (!attempt.startedAt.isValid() || !attempt.finishedAt.isValid())
        return 0;
    return std::max<qint64>(0, attempt.startedAt.msecsTo(attempt.finishedAt)) * 1000;
}

} // namespace

EventRecorder::EventRecorder(Bridge *bridge, EventRing *ring, MetricsRegistry *metrics,
                             std::shared_ptr<const Clock> clock, const QString &version,
                             QObject *parent)
    : QObject(parent)
    , m_bridge(bridge)
    , m_ring(ring)
    , m_metrics(metrics)
    , m_clock(std::move(clock))
{
    // Every family is declared here, so a scrape lists them all from the start.
    m_metrics
        ->gauges("mqhook_build_info", u"The running mqhook's version; always 1."_s, {"version"})
        ->at({version})
        ->set(1);
    const Clock::TimePoint started = m_clock->monotonicNow();
    std::shared_ptr<const Clock> uptimeClock = m_clock;
    m_metrics->gaugeFunction(
        "mqhook_uptime_seconds", u"Seconds since mqhook started."_s, [uptimeClock, started] {
            return std::chrono::duration<double>(uptimeClock->monotonicNow() - started).count();
        });
    m_received = m_metrics->counters(
        "mqhook_messages_received_total",
        u"Messages read from a broker connection: taken in or unrouted."_s, {"client_id"});
    m_unrouted = m_metrics->counters(
        "mqhook_messages_unrouted_total",
        u"Messages no route took (excluded, or a where condition false)."_s, {"client_id"});
    m_deliveriesTotal =
        m_metrics->counters("mqhook_deliveries_total",
                            u"Delivery attempts by outcome: success, retry (another attempt "
                            u"follows) or dead (a dead letter)."_s,
                            {"route", "target", "outcome"});
    m_durations = m_metrics->histograms("mqhook_delivery_duration_seconds",
                                        u"Time from sending a delivery's request to its answer."_s,
                                        MetricsRegistry::latencyBounds(), {"route", "target"});
    m_connected = m_metrics->gauges(
        "mqhook_broker_connected",
        u"1 while the broker connection is up with its subscriptions, else 0."_s, {"client_id"});
    m_reconnects = m_metrics->counters(
        "mqhook_broker_reconnects_total",
        u"Reconnection attempts scheduled after a lost or failed connection."_s, {"client_id"});
    m_pendingDeliveries =
        m_metrics
            ->gauges("mqhook_queue_pending_deliveries",
                     u"Deliveries still to make: in the queue or on their way (not dead "
                     u"letters)."_s)
            ->at();
    m_pendingMessages = m_metrics
                            ->gauges("mqhook_queue_pending_messages",
                                     u"Messages in the queue with a delivery still to make."_s)
                            ->at();
    m_queueBytes = m_metrics
                       ->gauges("mqhook_queue_bytes",
                                u"Payload bytes of the messages in the queue with a delivery "
                                u"still to make."_s)
                       ->at();
    m_deadLetters =
        m_metrics->gauges("mqhook_queue_dead_letters", u"Dead letters in the queue."_s)->at();
    m_intakePaused =
        m_metrics
            ->gauges("mqhook_intake_paused",
                     u"1 while reading from the brokers pauses (queue full, commits behind or "
                     u"failing), else 0."_s)
            ->at();
    m_windowHeld = m_metrics
                       ->gauges("mqhook_window_held_deliveries",
                                u"Deliveries the dispatchers hold: queued, waiting for a retry "
                                u"or in flight."_s)
                       ->at();

    connect(bridge, &Bridge::messageTaken, this, &EventRecorder::onTaken);
    connect(bridge, &Bridge::messageUnrouted, this, &EventRecorder::onUnrouted);
    connect(bridge, &Bridge::deliverySucceeded, this, &EventRecorder::onSucceeded);
    connect(bridge, &Bridge::deliveryRetrying, this, &EventRecorder::onRetrying);
    connect(bridge, &Bridge::deliveryDead, this, &EventRecorder::onDead);
    connect(bridge, &Bridge::connectionReady, this, [this](const QString &clientId) {
        onConnectionEvent(Event::Kind::Connected, clientId, {});
    });
    connect(bridge, &Bridge::connectionLost, this,
            [this](const QString &clientId, const QString &reason) {
                onConnectionEvent(Event::Kind::ConnectionLost, clientId, reason);
            });
    connect(bridge, &Bridge::reconnectScheduled, this,
            [this](const QString &clientId, const QDateTime &at) {
                onConnectionEvent(Event::Kind::ReconnectScheduled, clientId, {}, at);
            });
    connect(bridge, &Bridge::intakePausedChanged, this, &EventRecorder::onIntakePaused);
    connect(bridge, &Bridge::commitFailed, this,
            [this](const QString &error) { record(Event::Kind::CommitFailed, error); });
    connect(bridge, &Bridge::commitRecovered, this,
            [this] { record(Event::Kind::CommitRecovered, {}); });
    connect(bridge, &Bridge::problem, this, [this](const QString &component, const QString &text) {
        record(Event::Kind::Problem, text, component);
    });
    connect(bridge, &Bridge::stateChanged, this, [this](Bridge::State state) {
        if (state == Bridge::State::Running)
            m_gaugeTimer.start();
        readGauges();
        if (state == Bridge::State::Stopped) {
            m_gaugeTimer.stop();
            for (const ConnectionSeries &series : std::as_const(m_connections))
                series.connected->set(0);
        }
    });

    m_gaugeTimer.setInterval(1s);
    connect(&m_gaugeTimer, &QTimer::timeout, this, &EventRecorder::readGauges);
    if (bridge->state() == Bridge::State::Running)
        m_gaugeTimer.start();
}

EventRecorder::~EventRecorder() = default;

void EventRecorder::setPayloadPreview(int bytes)
{
    m_previewBytes = std::max(bytes, 0);
}

void EventRecorder::setGaugeInterval(std::chrono::milliseconds interval)
{
    m_gaugeTimer.setInterval(interval);
}

QByteArray EventRecorder::preview(const QByteArray &data, int bytes)
{
    if (data.size() <= bytes)
        return data; // shared, not copied
    qsizetype end = std::max(bytes, 0);
    // Back to the lead byte of a sequence the cut would split (10xxxxxx
    // bytes continue one), at most 3 bytes.
    for (qsizetype back = 0; back < 3 && end > 0 && (uchar(data.at(end)) & 0xC0) == 0x80; ++back)
        --end;
    return data.first(end);
}

EventRecorder::ConnectionSeries &EventRecorder::connection(const QString &clientId)
{
    auto it = m_connections.find(clientId);
    if (it == m_connections.end()) [[unlikely]] {
        const QStringList labels{clientId};
        ConnectionSeries series;
        series.received = m_received->at(labels);
        it = m_connections.insert(clientId, series);
    }
    return *it;
}

Event EventRecorder::messageEvent(Event::Kind kind, const Message &message) const
{
    Event event;
    event.kind = kind;
    event.time = message.receivedAt;
    event.clientId = message.clientId;
    event.messageId = message.id;
    event.topic = message.topic;
    event.qos = message.qos;
    event.retain = message.retain;
    event.size = message.payload.size();
    event.preview = preview(message.payload, m_previewBytes);
    event.contentType = message.contentType;
    event.userProperties = message.userProperties;
    return event;
}

void EventRecorder::onTaken(const Message &message, const QStringList &routes)
{
    connection(message.clientId).received->add();
    Event event = messageEvent(Event::Kind::Taken, message);
    event.routes = routes;
    m_ring->append(std::move(event));
}

void EventRecorder::onUnrouted(const Message &message, const QString &why)
{
    ConnectionSeries &series = connection(message.clientId);
    series.received->add();
    if (!series.unrouted)
        series.unrouted = m_unrouted->at({message.clientId});
    series.unrouted->add();
    Event event = messageEvent(Event::Kind::Unrouted, message);
    event.reason = why;
    m_ring->append(std::move(event));
}

EventRecorder::DeliverySeries &EventRecorder::delivery(const QString &route, const QString &target)
{
    const QPair<QString, QString> key{route, target};
    auto it = m_deliveries.find(key);
    if (it == m_deliveries.end()) [[unlikely]] {
        DeliverySeries series;
        series.success = m_deliveriesTotal->at({route, target, u"success"_s});
        series.retry = m_deliveriesTotal->at({route, target, u"retry"_s});
        series.dead = m_deliveriesTotal->at({route, target, u"dead"_s});
        series.duration = m_durations->at({route, target});
        it = m_deliveries.insert(key, series);
    }
    return *it;
}

Event EventRecorder::deliveryEvent(Event::Kind kind, const DeliveryJob &job, const QString &route,
                                   const AttemptRecord &attempt, const QByteArray &response) const
{
    Event event;
    event.kind = kind;
    event.time = attempt.finishedAt.isValid() ? attempt.finishedAt : m_clock->now();
    event.clientId = job.message.clientId;
    event.messageId = job.message.id;
    event.topic = job.message.topic;
    event.qos = job.message.qos;
    event.retain = job.message.retain;
    event.size = job.message.payload.size();
    event.route = route;
    event.target = job.target;
    event.attempt = attempt.attempt;
    event.httpStatus = attempt.httpStatus;
    event.error = attempt.error;
    event.latencyUs = latencyUs(attempt);
    event.response = preview(response, m_previewBytes);
    return event;
}

void EventRecorder::onSucceeded(const DeliveryJob &job, const QString &route,
                                const AttemptRecord &attempt, const QByteArray &response)
{
    DeliverySeries &series = delivery(route, job.target);
    series.success->add();
    series.duration->observe(std::chrono::microseconds(latencyUs(attempt)));
    m_ring->append(deliveryEvent(Event::Kind::Delivered, job, route, attempt, response));
}

void EventRecorder::onRetrying(const DeliveryJob &job, const QString &route,
                               const AttemptRecord &attempt, const QDateTime &nextAt,
                               const QByteArray &response)
{
    // With round robin failing over, job.target is already the address of
    // the next attempt.
    DeliverySeries &series = delivery(route, job.target);
    series.retry->add();
    series.duration->observe(std::chrono::microseconds(latencyUs(attempt)));
    Event event = deliveryEvent(Event::Kind::Retrying, job, route, attempt, response);
    event.nextAt = nextAt;
    m_ring->append(std::move(event));
}

void EventRecorder::onDead(const DeliveryJob &job, const QString &route, const QString &reason,
                           const QByteArray &response)
{
    // A job given up before any attempt (a template that cannot be filled)
    // has no attempt to time.
    const AttemptRecord attempt = job.history.isEmpty() ? AttemptRecord{} : job.history.last();
    DeliverySeries &series = delivery(route, job.target);
    series.dead->add();
    onDeadLettersChanged();
    if (!job.history.isEmpty())
        series.duration->observe(std::chrono::microseconds(latencyUs(attempt)));
    Event event = deliveryEvent(Event::Kind::Dead, job, route, attempt, response);
    event.reason = reason;
    m_ring->append(std::move(event));
}

void EventRecorder::onConnectionEvent(Event::Kind kind, const QString &clientId,
                                      const QString &reason, const QDateTime &nextAt)
{
    ConnectionSeries &series = connection(clientId);
    if (!series.connected) {
        series.connected = m_connected->at({clientId});
        series.reconnects = m_reconnects->at({clientId});
    }
    if (kind == Event::Kind::Connected)
        series.connected->set(1);
    else if (kind == Event::Kind::ConnectionLost)
        series.connected->set(0);
    else if (kind == Event::Kind::ReconnectScheduled)
        series.reconnects->add();

    Event event;
    event.kind = kind;
    event.time = m_clock->now();
    event.clientId = clientId;
    event.reason = reason;
    event.nextAt = nextAt;
    m_ring->append(std::move(event));
}

void EventRecorder::onIntakePaused(bool paused)
{
    m_intakePaused->set(paused ? 1 : 0);
    record(paused ? Event::Kind::IntakePaused : Event::Kind::IntakeResumed,
           paused ? m_bridge->intakePauseReason() : QString());
}

void EventRecorder::record(Event::Kind kind, const QString &reason, const QString &route)
{
    Event event;
    event.kind = kind;
    event.time = m_clock->now();
    event.reason = reason;
    event.route = route;
    m_ring->append(std::move(event));
}

void EventRecorder::readGauges()
{
    int held = 0;
    for (const TargetCounters &counters : m_bridge->targetCounters())
        held += counters.queued + counters.inFlight;
    m_windowHeld->set(held);
    m_intakePaused->set(m_bridge->isIntakePaused() ? 1 : 0);
    OutboxThread *outbox = m_bridge->outbox();
    if (!outbox)
        return;
    m_pendingDeliveries->set(double(outbox->pendingDeliveries()));
    m_pendingMessages->set(double(outbox->pendingMessages()));
    m_queueBytes->set(double(outbox->pendingBytes()));
    if (outbox != m_countedOutbox) {
        // A new outbox (the bridge started again): count its dead letters.
        m_countedOutbox = outbox;
        m_deadLetterRequest = 0;
        m_deadLetterCounts = 1;
        connect(outbox, &OutboxThread::deadLettersRead, this, &EventRecorder::onDeadLettersRead);
        connect(outbox, &OutboxThread::deadLettersChanged, this,
                &EventRecorder::onDeadLettersChanged);
        connect(outbox, &OutboxThread::requeued, this, &EventRecorder::onDeadLettersChanged);
    }
    // Counted on the outbox's thread, and only after a change: no query per tick.
    if (m_deadLetterCounts > 0 && m_deadLetterRequest == 0) {
        --m_deadLetterCounts;
        m_deadLetterRequest = outbox->readDeadLetters(0, 1);
    }
}

void EventRecorder::onDeadLettersChanged()
{
    // The count does not wait for the outcome writes under way: counted on
    // two ticks, the second one finds the new dead letter written.
    m_deadLetterCounts = 2;
}

void EventRecorder::onDeadLettersRead(quint64 request, const QueueResult<DeadLetterPage> &result)
{
    if (request == 0 || request != m_deadLetterRequest)
        return; // someone else's page
    m_deadLetterRequest = 0;
    if (result.ok())
        m_deadLetters->set(double(result.value.total));
    else
        m_deadLetterCounts = std::max(m_deadLetterCounts, 1); // asked again on the next tick
}

} // namespace mqhook
