#include "bridge.h"

#include "base/logcategories.h"
#include "delivery/dispatcher.h"
#include "delivery/messageid.h"
#include "delivery/outboxthread.h"
#include "mqtt/mqttclient.h"
#include "routing/router.h"
#include "service/brokerconnection.h"
#include "service/deliverywindows.h"
#include "service/reloadplan.h"

#include <optional>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

// How often a failed outbox commit or backlog read is tried again.
constexpr auto commitRetryInterval = 5s;

// Delivery outcomes wait this long to share one outbox transaction.
// Unbatched, replies come back one per event-loop pass.
constexpr auto outcomeFlushDelay = 20ms;

// Intake given to the outbox thread and not yet committed: above either
// bound, reading from the brokers pauses until the commits catch up (a disk
// slower than the stream must not fill the memory).
constexpr qint64 maxUncommittedMessages = 2000;
constexpr qint64 maxUncommittedBytes = 4 * 1024 * 1024;

QString goneRouteReason(const QString &route)
{
    return QStringLiteral("route '%1' is no longer in the configuration; retry the dead letter "
                          "once it is back")
        .arg(route);
}

} // namespace

struct Bridge::Route
{
    QString key;
    SubscriptionConfig config;
    Dispatcher *dispatcher = nullptr; // child of the bridge
    std::optional<DeliveryWindows> windows;
};

struct Bridge::Connection
{
    quint32 id = 0;                   // what the intake knows it by
    BrokerConnection *link = nullptr; // child of the bridge
    QList<Route *> routes;            // by sub_deal_config index; nullptr for disabled entries
};

Bridge::Bridge(std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_intake({
          [this](const QList<Intake> &group) { return m_outbox->enqueue(group); },
          [this](const QList<QueuedDelivery> &deliveries) {
              m_counters.deliveries += deliveries.size();
              dispatch(deliveries);
          },
          [this](const Message &message, const QStringList &routes) {
              emit messageTaken(message, routes);
          },
          [this](quint32 connection, quint64 token) { acknowledge(connection, token); },
          [this] { updateReading(); },
      })
    , m_outcomes(outcomeFlushDelay, this, [this] { flushOutcomes(); })
{
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, &Bridge::finishStop);
    m_refillRetryTimer.setSingleShot(true);
    m_refillRetryTimer.setInterval(commitRetryInterval);
    connect(&m_refillRetryTimer, &QTimer::timeout, this, &Bridge::scheduleRefill);
}

Bridge::~Bridge()
{
    for (auto &connection : m_connections)
        connection->link->stop();
}

void Bridge::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

bool Bridge::start(const Config &config, QString *error)
{
    if (m_state != State::Stopped) {
        if (error)
            *error = QStringLiteral("already running");
        return false;
    }
    m_config = config;
    m_counters = {};

    m_outbox = std::make_unique<OutboxThread>(m_clock);
    m_outbox->setRetryInterval(commitRetryInterval);
    QString outboxError;
    if (!m_outbox->open(config.queue, &outboxError)) {
        if (error)
            *error = outboxError;
        m_outbox.reset();
        return false;
    }
    OutboxThread *outbox = m_outbox.get();
    connect(outbox, &OutboxThread::committed, this, &Bridge::onCommitted);
    connect(outbox, &OutboxThread::storeFailed, this, &Bridge::onStoreFailed);
    connect(outbox, &OutboxThread::storeRecovered, this, &Bridge::onStoreRecovered);
    connect(outbox, &OutboxThread::writeFailed, this, &Bridge::onWriteFailed);
    connect(outbox, &OutboxThread::fullChanged, this, &Bridge::onFullChanged);
    connect(outbox, &OutboxThread::pendingRead, this, &Bridge::onPendingRead);
    connect(outbox, &OutboxThread::requeued, this, &Bridge::onRequeued);

    for (const BrokerConfig &broker : config.brokers)
        m_connections.push_back(makeConnection(broker));

    // Every window starts at the beginning: the notices are covered.
    m_outbox->takeRequeuedRanges();
    const QList<PendingRange> pending = pendingRanges();
    qint64 deliveries = 0;
    for (const PendingRange &range : pending)
        deliveries += range.count;
    if (deliveries > 0)
        qCInfo(lcQueue,
               "Resuming %lld pending deliveries (%lld messages) from the outbox, a window at a "
               "time",
               deliveries, m_outbox->pendingMessages());
    adoptPending(pending);
    setState(State::Running);
    scheduleRefill();
    for (auto &connection : m_connections)
        connection->link->start();
    updateReading();
    return true;
}

std::unique_ptr<Bridge::Connection> Bridge::makeConnection(const BrokerConfig &broker)
{
    auto connection = std::make_unique<Connection>();
    connection->id = m_nextConnection++;
    connection->link = new BrokerConnection(broker, this);
    attachRoutes(*connection);
    Connection *raw = connection.get();
    connect(connection->link->client(), &MqttClient::messageReceived, this,
            [this, raw](const MqttMessage &message) { onMessage(*raw, message); });
    connect(connection->link, &BrokerConnection::ready, this, &Bridge::connectionReady);
    connect(connection->link, &BrokerConnection::problem, this, &Bridge::problem);
    return connection;
}

Bridge::Route *Bridge::makeRoute(const QString &key, const SubscriptionConfig &config)
{
    auto owned = std::make_unique<Route>();
    Route *route = owned.get();
    route->key = key;
    route->config = config;
    route->dispatcher = new Dispatcher(config, m_clock, {}, this);
    route->windows.emplace(
        m_window > 0 ? m_window : DeliveryWindows::sizeFor(config),
        [this, key](const QString &target, qint64 afterId, int limit) {
            return m_outbox->readPending(key, target, afterId, limit);
        },
        [this, route](const QList<QueuedDelivery> &deliveries) { handOver(*route, deliveries); });
    // A new route reads what the outbox holds for it before taking intake.
    for (const QString &address : config.callbackAddresses)
        route->windows->add(address);
    if (!route->dispatcher->isValid())
        emit problem(QStringLiteral("http"),
                     key + QStringLiteral(": ") + route->dispatcher->errorString());
    m_routes[key] = std::move(owned);
    scheduleRefill();

    // The connections go when the route goes (see removeRoute()), before the
    // route: `route` stays valid in them.
    connect(route->dispatcher, &Dispatcher::succeeded, this,
            [this, route](const DeliveryJob &job, const AttemptRecord &attempt) {
                onSucceeded(*route, job, attempt);
            });
    connect(
        route->dispatcher, &Dispatcher::retryScheduled, this,
        [this, route](const DeliveryJob &job, const AttemptRecord &attempt,
                      const QDateTime &nextAt) { onRetryScheduled(*route, job, attempt, nextAt); });
    connect(route->dispatcher, &Dispatcher::deadLettered, this,
            [this, route](const DeliveryJob &job, const QList<AttemptRecord> &history,
                          const QString &reason) { onDeadLettered(*route, job, history, reason); });
    return route;
}

Bridge::Route *Bridge::findRoute(const QString &key) const
{
    const auto it = m_routes.find(key);
    return it == m_routes.end() ? nullptr : it->second.get();
}

void Bridge::removeRoute(const QString &key)
{
    const auto it = m_routes.find(key);
    if (it == m_routes.end())
        return;
    disconnect(it->second->dispatcher, nullptr, this, nullptr);
    it->second->dispatcher->clear();
    it->second->dispatcher->deleteLater();
    m_routes.erase(it);
}

void Bridge::attachRoutes(Connection &connection)
{
    const BrokerConfig &broker = connection.link->config();
    for (const QString &problem : connection.link->router().errors())
        emit this->problem(QStringLiteral("routing"), problem);

    connection.routes.clear();
    const QStringList keys = routeKeys(broker);
    for (qsizetype i = 0; i < broker.subscriptions.size(); ++i) {
        const SubscriptionConfig &subscription = broker.subscriptions.at(i);
        if (!subscription.enabled) {
            connection.routes.append(nullptr);
            continue;
        }
        Route *route = findRoute(keys.at(i));
        if (!route)
            route = makeRoute(keys.at(i), subscription);
        connection.routes.append(route);
    }
}

void Bridge::stopConnection(Connection &connection)
{
    // Messages of this connection not yet committed are not acknowledged:
    // the broker sends them again to the next session.
    m_intake.drop(connection.id);
    connection.link->stop();
    connection.link->deleteLater();
}

void Bridge::onCommitted(quint64 ticket)
{
    m_counters.enqueued += m_intake.committed(ticket);
}

void Bridge::onStoreFailed(const QString &error)
{
    ++m_counters.commitFailures;
    m_intake.setStoreFailing(true);
    qCCritical(lcQueue,
               "Cannot store messages, intake stopped (nothing more is acknowledged to the "
               "brokers; trying again every %lld s): %s",
               qint64(std::chrono::seconds(commitRetryInterval).count()), qUtf8Printable(error));
    emit problem(QStringLiteral("queue"), error);
    updateReading();
}

void Bridge::onStoreRecovered()
{
    qCInfo(lcQueue, "The outbox stores messages again: intake resumes");
    m_intake.setStoreFailing(false);
    updateReading();
}

void Bridge::onWriteFailed(const QString &error)
{
    // The deliveries stay pending in the file: after a restart they are sent
    // again (at least once), never lost.
    qCCritical(lcQueue, "Cannot record delivery outcomes: %s", qUtf8Printable(error));
    emit problem(QStringLiteral("queue"), error);
}

void Bridge::onFullChanged(bool full)
{
    if (full)
        qCWarning(lcQueue,
                  "The outbox is full (%lld messages, %lld bytes): reading from the brokers "
                  "pauses until deliveries drain it",
                  m_outbox->pendingMessages(), m_outbox->pendingBytes());
    else
        qCInfo(lcQueue, "The outbox has room again: reading from the brokers resumes");
    updateReading();
}

void Bridge::onRequeued()
{
    const QList<PendingRange> ranges = m_outbox->takeRequeuedRanges();
    qint64 count = 0;
    for (const PendingRange &range : ranges)
        count += range.count;
    if (count > 0)
        qCInfo(lcQueue, "%lld dead letter(s) queued again", count);
    for (const PendingRange &range : ranges) {
        if (Route *route = findRoute(range.route))
            route->windows->stepBack(range.target, range.firstId);
        else
            deadLetterRange(range);
    }
    scheduleRefill();
}

void Bridge::onMessage(Connection &connection, const MqttMessage &mqttMessage)
{
    ++m_counters.received;
    const QList<int> routeIndexes = connection.link->router().route(
        mqttMessage.topic, mqttMessage.payload, mqttMessage.properties.subscriptionIdentifiers);
    if (routeIndexes.isEmpty()) {
        ++m_counters.unrouted;
        // Nothing to keep: acknowledge (in arrival order, the client sees to that).
        if (mqttMessage.qos > 0)
            connection.link->client()->acknowledge(mqttMessage);
        return;
    }

    Intake intake;
    Message &message = intake.message;
    message.id = newMessageId();
    const QString &clientId = connection.link->config().clientId;
    message.clientId =
        clientId.isEmpty() ? connection.link->client()->assignedClientId() : clientId;
    message.topic = mqttMessage.topic;
    message.payload = mqttMessage.payload;
    message.qos = mqttMessage.qos;
    message.retain = mqttMessage.retain;
    message.receivedAt = m_clock->now();
    message.contentType = mqttMessage.properties.contentType.value_or(QString());
    message.userProperties = mqttMessage.properties.userProperties;

    QStringList routes;
    for (int index : routeIndexes) {
        Route *route = connection.routes.value(index);
        if (!route)
            continue;
        routes.append(route->key);
        for (const QString &target : route->dispatcher->targetsFor(message))
            intake.targets.append({route->key, target});
    }
    m_intake.add(std::move(intake), std::move(routes), connection.id, mqttMessage.ackToken);
}

void Bridge::acknowledge(quint32 connection, quint64 ackToken)
{
    // A connection a reload removed is not here: its broker sends the message again.
    for (const auto &running : m_connections) {
        if (running->id == connection) {
            running->link->client()->acknowledge(ackToken);
            return;
        }
    }
}

void Bridge::onSucceeded(Route &route, const DeliveryJob &job, const AttemptRecord &attempt)
{
    ++m_counters.succeeded;
    // Still waiting to be stored, it never will be.
    if (!m_outbox || !m_outbox->finishUnstored(job.id))
        m_outcomes.addSucceeded(job.id);
    finished(route, job.id);
    emit deliverySucceeded(job, route.key, attempt);
}

void Bridge::onRetryScheduled(Route &route, const DeliveryJob &job, const AttemptRecord &attempt,
                              const QDateTime &nextAt)
{
    ++m_counters.retried;
    m_outcomes.addRetry({job.id, attempt, nextAt});
    qCInfo(lcHttp, "%s → %s: attempt %d failed (%s); next at %s", qUtf8Printable(route.key),
           qUtf8Printable(job.target), attempt.attempt, qUtf8Printable(attempt.error),
           qUtf8Printable(nextAt.toString(Qt::ISODateWithMs)));
    emit deliveryRetrying(job, route.key, attempt, nextAt);
}

void Bridge::onDeadLettered(Route &route, const DeliveryJob &job,
                            const QList<AttemptRecord> &history, const QString &reason)
{
    ++m_counters.deadLettered;
    m_outcomes.addDead({job.id, reason, history});
    finished(route, job.id);
    qCWarning(lcHttp, "%s → %s: message %s is a dead letter: %s", qUtf8Printable(route.key),
              qUtf8Printable(job.target), qUtf8Printable(job.message.id), qUtf8Printable(reason));
    emit deliveryDead(job, route.key, reason);
}

void Bridge::dispatch(const QList<QueuedDelivery> &deliveries)
{
    // Each window takes what fits while nothing older waits in the outbox;
    // the rest is read back later.
    QList<Route *> taking;
    for (const QueuedDelivery &delivery : deliveries) {
        Route *route = findRoute(delivery.route);
        if (!route) {
            m_outcomes.addDead({delivery.id, goneRouteReason(delivery.route), delivery.history});
            ++m_counters.deadLettered;
            continue;
        }
        if (!taking.contains(route))
            taking.append(route);
        route->windows->take(delivery);
    }
    for (Route *route : std::as_const(taking))
        route->windows->handOverTaken();
}

void Bridge::handOver(Route &route, const QList<QueuedDelivery> &deliveries)
{
    QList<DeliveryJob> jobs;
    jobs.reserve(deliveries.size());
    for (const QueuedDelivery &delivery : deliveries) {
        jobs.append({delivery.id, delivery.message, delivery.target, delivery.attemptsMade,
                     delivery.notBefore, delivery.history});
    }
    m_counters.windowPeak = std::max<qint64>(m_counters.windowPeak, route.windows->peak());
    route.dispatcher->enqueue(jobs);
}

void Bridge::finished(Route &route, qint64 id)
{
    if (route.windows->finish(id))
        scheduleRefill();
}

void Bridge::scheduleRefill()
{
    // Once per event-loop pass, never from within a dispatcher's signal.
    if (m_refillScheduled)
        return;
    m_refillScheduled = true;
    QTimer::singleShot(0, this, &Bridge::refill);
}

void Bridge::refill()
{
    m_refillScheduled = false;
    if (m_state != State::Running || !m_outbox)
        return;
    // A window that went back below its position (requeued dead letters)
    // must not read deliveries that finished but are still pending in the
    // file: their outcomes go first, and the read after them.
    flushOutcomes();
    for (const auto &[key, route] : m_routes)
        route->windows->refill();
}

void Bridge::onPendingRead(quint64 request, const QList<QueuedDelivery> &slice,
                           const QString &error)
{
    Route *route = nullptr;
    for (const auto &[key, candidate] : m_routes) {
        if (candidate->windows->isReading(request)) {
            route = candidate.get();
            break;
        }
    }
    if (!route) // the window went, or stepped back and reads again
        return;
    if (m_state != State::Running || !error.isEmpty()) {
        route->windows->readFailed(request);
        if (m_state != State::Running)
            return;
        qCCritical(lcQueue, "Cannot read the backlog of %s (trying again in %lld s): %s",
                   qUtf8Printable(route->key),
                   qint64(std::chrono::seconds(commitRetryInterval).count()),
                   qUtf8Printable(error));
        emit problem(QStringLiteral("queue"), error);
        m_refillRetryTimer.start();
        return;
    }
    route->windows->readDone(request, slice);
}

QList<PendingRange> Bridge::pendingRanges()
{
    bool ok = false;
    const QList<PendingRange> ranges = m_outbox->pendingRanges(&ok);
    if (!ok)
        emit problem(QStringLiteral("queue"), m_outbox->errorString());
    return ranges;
}

void Bridge::adoptPending(const QList<PendingRange> &ranges)
{
    for (const PendingRange &range : ranges) {
        // An address no longer configured gets a window too: the dispatcher
        // dead-letters or (round robin) redirects its deliveries.
        if (Route *route = findRoute(range.route))
            route->windows->adopt(range.target, range.firstId);
        else
            deadLetterRange(range);
    }
    scheduleRefill();
}

void Bridge::deadLetterRange(const PendingRange &range)
{
    const QString reason = goneRouteReason(range.route);
    qint64 after = range.firstId - 1;
    for (;;) {
        bool ok = false;
        const QList<QueuedDelivery> slice =
            m_outbox->loadPending(range.route, range.target, after, DeliveryWindows::minSize, &ok);
        for (const QueuedDelivery &delivery : slice) {
            m_outcomes.addDead({delivery.id, reason, delivery.history},
                               OutcomeBatch::Flush::ByCaller);
            ++m_counters.deadLettered;
            after = delivery.id;
        }
        flushOutcomes();
        if (!ok || slice.size() < DeliveryWindows::minSize)
            break;
    }
}

void Bridge::flushOutcomes()
{
    if (!m_outbox)
        return;
    const OutcomeBatch::Outcomes outcomes = m_outcomes.take();
    m_outbox->markSucceeded(outcomes.succeeded);
    m_outbox->recordAttempts(outcomes.retries);
    m_outbox->markDead(outcomes.dead);
    maybeFinishStop();
}

void Bridge::setIntakePaused(bool paused)
{
    if (m_intakePaused == paused)
        return;
    m_intakePaused = paused;
    emit intakePausedChanged(paused);
}

void Bridge::updateReading()
{
    const bool pause = m_state != State::Running || m_intake.isStoreFailing() ||
                       (m_outbox && (m_outbox->isFull() ||
                                     m_outbox->uncommittedMessages() >= maxUncommittedMessages ||
                                     m_outbox->uncommittedBytes() >= maxUncommittedBytes));
    setIntakePaused(pause);
    for (auto &connection : m_connections) {
        if (pause)
            connection->link->client()->pauseReading();
        else
            connection->link->client()->resumeReading();
    }
}

QList<Bridge::ConnectionStatus> Bridge::connections() const
{
    QList<ConnectionStatus> result;
    for (const auto &connection : m_connections) {
        const BrokerConnection &link = *connection->link;
        result.append({link.config().clientId, link.config().address(), link.isConnected(),
                       link.lastError()});
    }
    return result;
}

QList<TargetCounters> Bridge::targetCounters() const
{
    QList<TargetCounters> result;
    for (const auto &[key, route] : m_routes)
        result.append(route->dispatcher->allCounters());
    return result;
}

int Bridge::inFlight() const
{
    int total = 0;
    for (const auto &[key, route] : m_routes) {
        for (const TargetCounters &counters : route->dispatcher->allCounters())
            total += counters.inFlight;
    }
    return total;
}

QStringList Bridge::reload(const Config &config)
{
    if (m_state != State::Running)
        return {QStringLiteral("not running: nothing to reload")};
    const ReloadPlan plan = ReloadPlan::make(m_config, config);
    // Everything read so far is committed and acknowledged on the old wiring.
    m_intake.commit();

    // Routes changed or removed: their pending deliveries move to a new
    // dispatcher or die, below.
    for (const QString &key : plan.replaced)
        removeRoute(key);

    std::vector<std::unique_ptr<Connection>> running = std::move(m_connections);
    m_connections.clear();
    for (qsizetype i = 0; i < plan.connections.size(); ++i) {
        const ReloadPlan::Connection &step = plan.connections.at(i);
        const BrokerConfig &broker = config.brokers.at(i);
        if (step.action == ReloadPlan::Action::Start) {
            m_connections.push_back(makeConnection(broker));
            m_connections.back()->link->start();
            continue;
        }
        std::unique_ptr<Connection> connection = std::move(running[size_t(step.running)]);
        if (step.action == ReloadPlan::Action::Resubscribe) {
            connection->link->setConfig(broker);
            attachRoutes(*connection);
            for (const QString &filter : step.unsubscribe)
                connection->link->unsubscribe(filter);
            for (const Subscription &subscription : step.subscribe)
                connection->link->subscribe(subscription);
        }
        m_connections.push_back(std::move(connection));
    }
    for (qsizetype index : plan.stopped)
        stopConnection(*running[size_t(index)]);

    // Deliveries of replaced routes: the new dispatcher reads them from the
    // start (its windows begin behind), or they die when the route is gone.
    if (!plan.replaced.isEmpty()) {
        // Outcomes still waiting to be written first, or deliveries that just
        // succeeded would be read back as pending and sent again.
        flushOutcomes();
        adoptPending(pendingRanges());
    }

    m_config = config;
    updateReading();
    return plan.notes;
}

void Bridge::stop(std::chrono::milliseconds grace)
{
    if (m_state != State::Running) {
        if (m_state == State::Stopped)
            QTimer::singleShot(0, this, &Bridge::stopped);
        return;
    }
    setState(State::Stopping);
    updateReading();
    // What was read is committed and acknowledged before the goodbye.
    m_intake.commit();
    m_outbox->waitForWrites();
    for (auto &connection : m_connections)
        connection->link->stop();
    for (const auto &[key, route] : m_routes)
        route->dispatcher->setPaused(true);
    const int busy = inFlight();
    qCInfo(lcService, "Stopping: %d request(s) in flight, waiting up to %lld ms", busy,
           qint64(grace.count()));
    if (busy == 0) {
        QTimer::singleShot(0, this, &Bridge::finishStop);
        return;
    }
    m_graceTimer.start(grace);
}

void Bridge::maybeFinishStop()
{
    if (m_state == State::Stopping && inFlight() == 0 && m_graceTimer.isActive()) {
        m_graceTimer.stop();
        QTimer::singleShot(0, this, &Bridge::finishStop);
    }
}

void Bridge::finishStop()
{
    if (m_state != State::Stopping)
        return;
    m_graceTimer.stop();
    const int abandoned = inFlight();
    if (abandoned > 0)
        qCWarning(lcService,
                  "%d request(s) still in flight after the grace period: they stay in the "
                  "outbox and are sent again on the next start",
                  abandoned);
    for (const auto &[key, route] : m_routes)
        route->dispatcher->clear();
    flushOutcomes();
    m_intake.clear(); // not committed means not acknowledged: the broker keeps them
    for (auto &connection : m_connections)
        connection->link->deleteLater();
    m_connections.clear();
    for (const auto &[key, route] : m_routes) {
        disconnect(route->dispatcher, nullptr, this, nullptr);
        route->dispatcher->deleteLater();
    }
    m_routes.clear();
    m_refillRetryTimer.stop();
    m_outbox->close();
    m_outbox.reset();
    setState(State::Stopped);
    emit stopped();
}

} // namespace mqhook
