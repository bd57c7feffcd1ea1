#include "bridge.h"

#include "base/logcategories.h"
#include "delivery/dispatcher.h"
#include "delivery/outboxthread.h"
#include "mqtt/mqttclient.h"
#include "routing/router.h"
#include "service/brokerconnection.h"
#include "service/reloadplan.h"

#include <QMetaMethod>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

// How often a failed outbox commit is tried again.
constexpr auto commitRetryInterval = 5s;

// Intake given to the outbox thread and not yet committed: above either
// bound, reading from the brokers pauses until the commits catch up (a disk
// slower than the stream must not fill the memory).
constexpr qint64 maxUncommittedMessages = 2000;
constexpr qint64 maxUncommittedBytes = 4 * 1024 * 1024;

} // namespace

struct Bridge::Connection
{
    quint32 id = 0;                   // what the intake knows it by
    BrokerConnection *link = nullptr; // child of the bridge
    // By sub_deal_config index; nullptr for disabled entries.
    QList<DeliveryRoutes::Route *> routes;
};

Bridge::Bridge(std::shared_ptr<const Clock> clock, BridgeTuning tuning, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_tuning(tuning)
    , m_intake({
          [this](const QList<Intake> &group) { return m_outbox->enqueue(group); },
          [this](const QList<QueuedDelivery> &deliveries) {
              m_counters.deliveries += deliveries.size();
              m_routes.dispatch(deliveries);
          },
          [this](const Message &message, const QStringList &routes) {
              emit messageTaken(message, routes);
          },
          [this](quint32 connection, quint64 token) { acknowledge(connection, token); },
          [this] { updateReading(); },
      })
    , m_routes(m_clock)
{
    m_routes.setWindow(m_tuning.deliveryWindow);
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, &Bridge::finishStop);
    connect(&m_routes, &DeliveryRoutes::succeeded, this, &Bridge::deliverySucceeded);
    connect(&m_routes, &DeliveryRoutes::retrying, this, &Bridge::deliveryRetrying);
    connect(&m_routes, &DeliveryRoutes::deadLettered, this, &Bridge::deliveryDead);
    connect(&m_routes, &DeliveryRoutes::problem, this, &Bridge::problem);
    connect(&m_routes, &DeliveryRoutes::outcomesWritten, this, &Bridge::maybeFinishStop);
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
    m_routes.resetCounters();

    m_outbox = std::make_unique<OutboxThread>(m_clock);
    m_outbox->setRetryInterval(commitRetryInterval);
    m_outbox->setStoreDelay(m_tuning.storeDelay);
    if (!m_outbox->open(config.queue)) {
        if (error)
            *error = m_outbox->errorString();
        m_outbox.reset();
        return false;
    }
    OutboxThread *outbox = m_outbox.get();
    connect(outbox, &OutboxThread::committed, this, &Bridge::onCommitted);
    connect(outbox, &OutboxThread::storeFailed, this, &Bridge::onStoreFailed);
    connect(outbox, &OutboxThread::storeRecovered, this, &Bridge::onStoreRecovered);
    connect(outbox, &OutboxThread::writeFailed, this, &Bridge::onWriteFailed);
    connect(outbox, &OutboxThread::fullChanged, this, &Bridge::onFullChanged);
    m_routes.open(outbox);

    for (const BrokerConfig &broker : config.brokers)
        m_connections.push_back(makeConnection(broker));

    // Every window starts at the beginning: the notices are covered.
    m_outbox->takeRequeuedRanges();
    const QList<PendingRange> pending = m_routes.pendingRanges();
    qint64 deliveries = 0;
    for (const PendingRange &range : pending)
        deliveries += range.count;
    if (deliveries > 0)
        qCInfo(lcQueue,
               "Resuming %lld pending deliveries (%lld messages) from the outbox, a window at a "
               "time",
               deliveries, m_outbox->pendingMessages());
    m_routes.adopt(pending);
    setState(State::Running);
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
    for (const QString &problem : connection->link->router().errors())
        emit this->problem(QStringLiteral("routing"), problem);
    attachRoutes(*connection);
    Connection *raw = connection.get();
    connect(connection->link->client(), &MqttClient::messageReceived, this,
            [this, raw](const MqttMessage &message) { onMessage(*raw, message); });
    connect(connection->link, &BrokerConnection::ready, this, &Bridge::connectionReady);
    connect(connection->link, &BrokerConnection::lost, this, &Bridge::connectionLost);
    connect(connection->link, &BrokerConnection::reconnectScheduled, this,
            [this](const QString &clientId, std::chrono::milliseconds delay) {
                emit reconnectScheduled(clientId, m_clock->now().addMSecs(delay.count()));
            });
    connect(connection->link, &BrokerConnection::problem, this, &Bridge::problem);
    return connection;
}

void Bridge::attachRoutes(Connection &connection)
{
    const BrokerConfig &broker = connection.link->config();
    connection.routes.clear();
    const QStringList keys = routeKeys(broker);
    for (qsizetype i = 0; i < broker.subscriptions.size(); ++i) {
        const SubscriptionConfig &subscription = broker.subscriptions.at(i);
        if (!subscription.enabled) {
            connection.routes.append(nullptr);
            continue;
        }
        DeliveryRoutes::Route *route = m_routes.find(keys.at(i));
        if (!route)
            route = m_routes.add(keys.at(i), subscription);
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
    emit commitFailed(error);
    emit problem(QStringLiteral("queue"), error);
    updateReading();
}

void Bridge::onStoreRecovered()
{
    qCInfo(lcQueue, "The outbox stores messages again: intake resumes");
    m_intake.setStoreFailing(false);
    emit commitRecovered();
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

void Bridge::onMessage(Connection &connection, const MqttMessage &mqttMessage)
{
    ++m_counters.received;
    static const QMetaMethod unroutedSignal = QMetaMethod::fromSignal(&Bridge::messageUnrouted);
    const bool explain = isSignalConnected(unroutedSignal);
    QString why;
    const QList<int> routeIndexes = connection.link->router().route(
        mqttMessage.topic, mqttMessage.payload, mqttMessage.properties.subscriptionIdentifiers,
        explain ? &why : nullptr);
    if (routeIndexes.isEmpty()) {
        ++m_counters.unrouted;
        // Nothing to keep: acknowledge (in arrival order, the client sees to that).
        if (mqttMessage.qos > 0)
            connection.link->client()->acknowledge(mqttMessage);
        if (explain)
            emit messageUnrouted(connection.link->contentOf(mqttMessage, m_clock->now()), why);
        return;
    }

    Intake intake;
    intake.message = connection.link->messageOf(mqttMessage, m_clock->now());
    const Message &message = intake.message;

    QStringList routes;
    for (int index : routeIndexes) {
        DeliveryRoutes::Route *route = connection.routes.value(index);
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

void Bridge::setIntakePaused(const QString &reason)
{
    m_intakePauseReason = reason;
    const bool paused = !reason.isEmpty();
    if (m_intakePaused == paused)
        return;
    m_intakePaused = paused;
    emit intakePausedChanged(paused);
}

void Bridge::updateReading()
{
    QString reason;
    if (m_state != State::Running)
        reason = QStringLiteral("the bridge is not running");
    else if (m_intake.isStoreFailing())
        reason = QStringLiteral("the queue cannot commit");
    else if (m_outbox && m_outbox->isFull())
        reason = QStringLiteral("the queue is full");
    else if (m_outbox && (m_outbox->uncommittedMessages() >= maxUncommittedMessages ||
                          m_outbox->uncommittedBytes() >= maxUncommittedBytes))
        reason = QStringLiteral("commits are behind");
    const bool pause = !reason.isEmpty();
    setIntakePaused(reason);
    for (auto &connection : m_connections) {
        if (pause)
            connection->link->client()->pauseReading();
        else
            connection->link->client()->resumeReading();
    }
}

Bridge::Counters Bridge::counters() const
{
    const DeliveryRoutes::Counters delivered = m_routes.counters();
    Counters counters = m_counters;
    counters.succeeded = delivered.succeeded;
    counters.retried = delivered.retried;
    counters.deadLettered = delivered.deadLettered;
    counters.windowPeak = delivered.windowPeak;
    return counters;
}

QList<Bridge::ConnectionStatus> Bridge::connections() const
{
    QList<ConnectionStatus> result;
    for (const auto &connection : m_connections) {
        const BrokerConnection &link = *connection->link;
        result.append({link.config().clientId, link.config().address(), link.isConnected(),
                       link.isSubscribed(), link.lastError(),
                       link.client()->pendingAcknowledgements()});
    }
    return result;
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
        m_routes.remove(key);

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
            for (const QString &problem : connection->link->router().errors())
                emit this->problem(QStringLiteral("routing"), problem);
            attachRoutes(*connection);
            for (const QString &filter : step.unsubscribe)
                connection->link->unsubscribe(filter);
            for (const Subscription &subscription : step.subscribe)
                connection->link->subscribe(subscription);
        } else if (!plan.replaced.isEmpty()) {
            // A route it shares with a changed entry was replaced.
            attachRoutes(*connection);
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
        m_routes.flushOutcomes();
        m_routes.adopt(m_routes.pendingRanges());
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
    m_routes.stop();
    const int busy = m_routes.inFlight();
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
    if (m_state == State::Stopping && m_routes.inFlight() == 0 && m_graceTimer.isActive()) {
        m_graceTimer.stop();
        QTimer::singleShot(0, this, &Bridge::finishStop);
    }
}

void Bridge::finishStop()
{
    if (m_state != State::Stopping)
        return;
    m_graceTimer.stop();
    const int abandoned = m_routes.inFlight();
    if (abandoned > 0)
        qCWarning(lcService,
                  "%d request(s) still in flight after the grace period: they stay in the "
                  "outbox and are sent again on the next start",
                  abandoned);
    m_routes.close();
    m_intake.clear(); // not committed means not acknowledged: the broker keeps them
    for (auto &connection : m_connections)
        connection->link->deleteLater();
    m_connections.clear();
    m_outbox->close();
    m_outbox.reset();
    setState(State::Stopped);
    emit stopped();
}

} // namespace mqhook
