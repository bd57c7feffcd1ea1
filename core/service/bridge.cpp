#include "bridge.h"

#include "delivery/dispatcher.h"
#include "delivery/messageid.h"
#include "delivery/outboxthread.h"
#include "mqtt/mqttclient.h"
#include "observe/logcategories.h"
#include "routing/router.h"

#include <QSet>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

// How often a failed outbox commit is tried again while intake is stopped.
constexpr auto commitRetryInterval = 5s;

// Delivery outcomes wait this long to share one outbox transaction.
// Unbatched, replies come back one per event-loop pass. Only outcomes wait,
// never intake, so nothing is acknowledged earlier; a crash inside the window
// means those deliveries are sent again (at least once), as for any outcome
// not yet recorded.
constexpr auto outcomeFlushDelay = 20ms;

// Intake given to the outbox thread and not yet committed: above either
// bound, reading from the brokers pauses until the commits catch up (a disk
// slower than the stream must not fill the memory).
constexpr qint64 maxUncommittedMessages = 2000;
constexpr qint64 maxUncommittedBytes = 4 * 1024 * 1024;

QString routeKeyBase(const BrokerConfig &broker, const SubscriptionConfig &subscription)
{
    const QString client = broker.clientId.isEmpty() ? broker.address() : broker.clientId;
    return client + QLatin1Char('/') + subscription.appId + QLatin1Char('/') + subscription.appName;
}

// Everything of a broker entry except its subscriptions: what needs a new
// connection when it changes.
bool sameConnectionSettings(BrokerConfig a, BrokerConfig b)
{
    a.subscriptions.clear();
    b.subscriptions.clear();
    return a == b;
}

} // namespace

// The deliveries of one (route, callback address as stored) that the
// dispatcher holds. Every pending delivery of it with an id up to `position`
// is in the dispatcher, or finished with its outcome not yet written; above
// it, only what `behind` says may wait in the outbox.
struct Bridge::Window
{
    QString target;
    qint64 position = 0;
    int held = 0;
    bool behind = true;      // the outbox may hold deliveries above position
    quint64 reading = 0;     // the slice being read (OutboxThread::readPending()), if any
    int readLimit = 0;       // its size at most
    bool passedOver = false; // deliveries were left in the outbox while it was read
};

struct Bridge::Route
{
    QString key;
    SubscriptionConfig config;
    Dispatcher *dispatcher = nullptr; // child of the bridge
    int windowSize = Bridge::minWindow;
    std::map<QString, Window> windows; // by stored callback address
    QHash<qint64, Window *> held;      // delivery id → the window it came from
};

struct Bridge::Connection
{
    BrokerConfig config;
    MqttClient *client = nullptr; // child of the bridge
    std::unique_ptr<Router> router;
    QList<Route *> routes; // by sub_deal_config index; nullptr for disabled entries
    QString lastError;
    int subacks = 0;         // SUBACKs since the last connect
    bool subscribed = false; // connectionReady() was emitted since the last connect
};

Bridge::Bridge(QObject *parent)
    : QObject(parent)
{
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, &Bridge::finishStop);
    m_refillRetryTimer.setSingleShot(true);
    m_refillRetryTimer.setInterval(commitRetryInterval);
    connect(&m_refillRetryTimer, &QTimer::timeout, this, &Bridge::scheduleRefill);
}

int Bridge::windowSize(const SubscriptionConfig &config) const
{
    if (m_window > 0)
        return m_window;
    // Each callback address has its own window, so a dead one never takes the
    // room of another. Twice what an address can have in flight keeps its
    // requests full while the next slice is read at the half-way mark.
    const qint64 perRequest = config.batch.enabled() ? config.batch.maxMessages : 1;
    const qint64 inFlight = qint64(std::max(1, config.maxInflight)) * perRequest;
    return int(std::clamp<qint64>(2 * inFlight, minWindow, maxWindow));
}

Bridge::~Bridge()
{
    for (auto &connection : m_connections)
        connection->client->disconnectFromHost();
}

QStringList Bridge::routeKeys(const BrokerConfig &broker)
{
    QStringList keys;
    QSet<QString> seen;
    for (const SubscriptionConfig &subscription : broker.subscriptions) {
        const QString base = routeKeyBase(broker, subscription);
        QString key = base;
        for (int n = 2; seen.contains(key); ++n)
            key = base + QLatin1Char('#') + QString::number(n);
        seen.insert(key);
        keys.append(key);
    }
    return keys;
}

Bridge::Route *Bridge::findRoute(const QString &key) const
{
    const auto it = m_routes.find(key);
    return it == m_routes.end() ? nullptr : it->second.get();
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

    m_outbox = std::make_unique<OutboxThread>();
    m_outbox->setRetryInterval(commitRetryInterval);
    QString outboxError;
    if (!m_outbox->open(config.queue, &outboxError)) {
        if (error)
            *error = outboxError;
        m_outbox.reset();
        return false;
    }
    connect(m_outbox.get(), &OutboxThread::committed, this, &Bridge::acknowledgeCommitted);
    connect(m_outbox.get(), &OutboxThread::storeFailed, this, [this](const QString &error) {
        ++m_counters.commitFailures;
        m_commitFailing = true;
        qCCritical(lcQueue,
                   "Cannot store messages, intake stopped (nothing more is acknowledged "
                   "to the brokers; trying again every %lld s): %s",
                   qint64(std::chrono::seconds(commitRetryInterval).count()),
                   qUtf8Printable(error));
        emit problem(QStringLiteral("queue"), error);
        updateReading();
    });
    connect(m_outbox.get(), &OutboxThread::storeRecovered, this, [this] {
        m_commitFailing = false;
        qCInfo(lcQueue, "The outbox stores messages again: intake resumes");
        scheduleCommit();
        updateReading();
    });
    connect(m_outbox.get(), &OutboxThread::writeFailed, this, [this](const QString &error) {
        // The deliveries stay pending in the file: after a restart they are
        // sent again (at least once), never lost.
        qCCritical(lcQueue, "Cannot record delivery outcomes: %s", qUtf8Printable(error));
        emit problem(QStringLiteral("queue"), error);
    });
    connect(m_outbox.get(), &OutboxThread::fullChanged, this, [this](bool full) {
        if (full)
            qCWarning(lcQueue,
                      "The outbox is full (%lld messages, %lld bytes): reading from the "
                      "brokers pauses until deliveries drain it",
                      m_outbox->pendingMessages(), m_outbox->pendingBytes());
        else
            qCInfo(lcQueue, "The outbox has room again: reading from the brokers resumes");
        updateReading();
    });
    connect(m_outbox.get(), &OutboxThread::pendingRead, this, &Bridge::onPendingRead);
    connect(m_outbox.get(), &OutboxThread::requeued, this, [this] {
        const QList<PendingRange> ranges = m_outbox->takeRequeuedRanges();
        qint64 count = 0;
        for (const PendingRange &range : ranges)
            count += range.count;
        if (count > 0)
            qCInfo(lcQueue, "%lld dead letter(s) queued again", count);
        for (const PendingRange &range : ranges) {
            Route *route = findRoute(range.route);
            if (!route) {
                deadLetterRange(range);
                continue;
            }
            // Requeued ids may lie below the position: the window steps back
            // and reads again from there (refill() skips what it holds).
            Window &window = windowOf(*route, range.target);
            window.position = std::min(window.position, range.firstId - 1);
            window.behind = true;
            window.reading = 0; // a slice read from the old position is not wanted
        }
        scheduleRefill();
    });

    for (const BrokerConfig &broker : config.brokers)
        m_connections.push_back(makeConnection(broker));

    // Every window starts at the beginning: the notices are covered.
    m_outbox->takeRequeuedRanges();
    bool ok = false;
    const QList<PendingRange> pending = m_outbox->pendingRanges(&ok);
    if (!ok)
        emit problem(QStringLiteral("queue"), m_outbox->errorString());
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
        startConnection(*connection);
    updateReading();
    return true;
}

std::unique_ptr<Bridge::Connection> Bridge::makeConnection(const BrokerConfig &broker)
{
    auto connection = std::make_unique<Connection>();
    connection->config = broker;
    attachRoutes(*connection);

    auto *client = new MqttClient(this);
    client->configure(broker);
    client->setManualAcknowledgement(true);
    Connection *raw = connection.get();
    connection->client = client;
    connect(client, &MqttClient::messageReceived, this,
            [this, raw](const MqttMessage &message) { onMessage(*raw, message); });
    connect(client, &MqttClient::connected, this, [this, raw] {
        qCInfo(lcMqtt, "%s: connected to %s%s", qUtf8Printable(raw->config.clientId),
               qUtf8Printable(raw->config.address()),
               raw->client->sessionPresent() ? " (session resumed)" : "");
        raw->lastError.clear();
        raw->subacks = 0;
        raw->subscribed = false;
        if (raw->client->sessionPresent() || raw->router->subscriptions().isEmpty()) {
            raw->subscribed = true;
            emit connectionReady(raw->config.clientId);
        }
    });
    connect(client, &MqttClient::errorOccurred, this,
            [this, raw](MqttClient::Error, const QString &message) {
                raw->lastError = message;
                qCWarning(lcMqtt, "%s (%s): %s", qUtf8Printable(raw->config.clientId),
                          qUtf8Printable(raw->config.address()), qUtf8Printable(message));
                emit problem(QStringLiteral("mqtt"),
                             raw->config.address() + QStringLiteral(": ") + message);
            });
    connect(client, &MqttClient::subscribeFinished, this,
            [this, raw](int, const QString &filter, quint8 reasonCode) {
                if (++raw->subacks == raw->router->subscriptions().size()) {
                    raw->subscribed = true;
                    emit connectionReady(raw->config.clientId);
                }
                if (reasonCode < 0x80)
                    return;
                const QString text = QStringLiteral("%1: the broker refused the subscription to "
                                                    "'%2' (reason code 0x%3)")
                                         .arg(raw->config.address(), filter)
                                         .arg(reasonCode, 2, 16, QLatin1Char('0'));
                qCWarning(lcMqtt, "%s", qUtf8Printable(text));
                emit problem(QStringLiteral("mqtt"), text);
            });
    return connection;
}

Bridge::Route *Bridge::makeRoute(const QString &key, const SubscriptionConfig &config)
{
    auto owned = std::make_unique<Route>();
    Route *route = owned.get();
    route->key = key;
    route->config = config;
    route->dispatcher = new Dispatcher(config, {}, {}, this);
    route->windowSize = windowSize(config);
    // A new route reads what the outbox holds for it before taking intake.
    for (const QString &address : config.callbackAddresses)
        windowOf(*route, address);
    if (!route->dispatcher->isValid())
        emit problem(QStringLiteral("http"),
                     key + QStringLiteral(": ") + route->dispatcher->errorString());
    m_routes[key] = std::move(owned);
    scheduleRefill();

    // The connections go when the route goes (see reload()), before the
    // route: `route` stays valid in them.
    connect(route->dispatcher, &Dispatcher::succeeded, this,
            [this, key, route](const DeliveryJob &job, const AttemptRecord &attempt) {
                ++m_counters.succeeded;
                // Still waiting to be stored, it never will be.
                if (!m_outbox || !m_outbox->finishUnstored(job.id)) {
                    m_succeededIds.append(job.id);
                    scheduleOutcomeFlush();
                }
                finished(*route, job.id);
                emit deliverySucceeded(job, key, attempt);
            });
    connect(
        route->dispatcher, &Dispatcher::retryScheduled, this,
        [this, key](const DeliveryJob &job, const AttemptRecord &attempt, const QDateTime &nextAt) {
            ++m_counters.retried;
            m_retryUpdates.append({job.id, attempt, nextAt});
            scheduleOutcomeFlush();
            qCInfo(lcHttp, "%s → %s: attempt %d failed (%s); next at %s", qUtf8Printable(key),
                   qUtf8Printable(job.target), attempt.attempt, qUtf8Printable(attempt.error),
                   qUtf8Printable(nextAt.toString(Qt::ISODateWithMs)));
            emit deliveryRetrying(job, key, attempt, nextAt);
        });
    connect(route->dispatcher, &Dispatcher::deadLettered, this,
            [this, key, route](const DeliveryJob &job, const QList<AttemptRecord> &history,
                               const QString &reason) {
                ++m_counters.deadLettered;
                m_deadUpdates.append({job.id, reason, history});
                scheduleOutcomeFlush();
                finished(*route, job.id);
                qCWarning(lcHttp, "%s → %s: message %s is a dead letter: %s", qUtf8Printable(key),
                          qUtf8Printable(job.target), qUtf8Printable(job.message.id),
                          qUtf8Printable(reason));
                emit deliveryDead(job, key, reason);
            });
    return route;
}

void Bridge::startConnection(Connection &connection)
{
    subscribeAll(connection);
    connection.client->connectToHost();
}

void Bridge::attachRoutes(Connection &connection)
{
    const BrokerConfig &broker = connection.config;
    connection.router = std::make_unique<Router>(broker);
    for (const QString &problem : connection.router->errors())
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

void Bridge::subscribe(Connection &connection, const Subscription &subscription)
{
    // Subscription Identifiers exist in MQTT 5 only (§3.8.2.1.2).
    const bool identifiers = connection.config.protocolVersion == MqttProtocolVersion::V5;
    connection.client->subscribe(subscription.filter, quint8(subscription.qos),
                                 identifiers ? subscription.identifier : 0);
}

void Bridge::subscribeAll(Connection &connection)
{
    for (const Subscription &subscription : connection.router->subscriptions())
        subscribe(connection, subscription);
}

void Bridge::onMessage(Connection &connection, const MqttMessage &mqttMessage)
{
    ++m_counters.received;
    const QList<int> routeIndexes = connection.router->route(
        mqttMessage.topic, mqttMessage.payload, mqttMessage.properties.subscriptionIdentifiers);
    if (routeIndexes.isEmpty()) {
        ++m_counters.unrouted;
        // Nothing to keep: acknowledge (in arrival order, the client sees to that).
        if (mqttMessage.qos > 0)
            connection.client->acknowledge(mqttMessage);
        return;
    }

    PendingIntake pending;
    pending.connection = &connection;
    pending.ackToken = mqttMessage.ackToken;
    Message &message = pending.intake.message;
    message.id = newMessageId();
    message.clientId = connection.config.clientId.isEmpty() ? connection.client->assignedClientId()
                                                            : connection.config.clientId;
    message.topic = mqttMessage.topic;
    message.payload = mqttMessage.payload;
    message.qos = mqttMessage.qos;
    message.retain = mqttMessage.retain;
    message.receivedAt = QDateTime::currentDateTimeUtc();
    message.contentType = mqttMessage.properties.contentType.value_or(QString());
    message.userProperties = mqttMessage.properties.userProperties;

    for (int index : routeIndexes) {
        Route *route = connection.routes.value(index);
        if (!route)
            continue;
        pending.routeKeys.append(route->key);
        for (const QString &target : route->dispatcher->targetsFor(message))
            pending.intake.targets.append({route->key, target});
    }
    m_intake.append(std::move(pending));
    scheduleCommit();
}

void Bridge::scheduleCommit()
{
    // One commit for everything read in this pass over the sockets: the
    // zero-timer fires once the event loop has handled every pending read.
    if (m_commitScheduled || m_commitFailing)
        return;
    m_commitScheduled = true;
    QTimer::singleShot(0, this, &Bridge::commitIntake);
}

void Bridge::commitIntake()
{
    m_commitScheduled = false;
    if (m_intake.isEmpty() || !m_outbox || m_commitFailing)
        return;

    QList<Intake> group;
    group.reserve(m_intake.size());
    for (const PendingIntake &pending : std::as_const(m_intake))
        group.append(pending.intake);

    // The deliveries go out now; the acknowledgements once the group is
    // committed (acknowledgeCommitted()).
    const OutboxThread::Accepted accepted = m_outbox->enqueue(group);
    const QList<PendingIntake> taken = std::exchange(m_intake, {});
    Uncommitted &uncommitted = m_uncommitted.emplace_back();
    uncommitted.ticket = accepted.ticket;
    uncommitted.messages = taken.size();
    for (const PendingIntake &pending : taken) {
        if (pending.ackToken != 0)
            uncommitted.acks.append({pending.connection->client, pending.ackToken});
        emit messageTaken(pending.intake.message, pending.routeKeys);
    }
    m_counters.deliveries += accepted.deliveries.size();
    dispatch(accepted.deliveries);
    updateReading();
}

void Bridge::acknowledgeCommitted(quint64 ticket)
{
    while (!m_uncommitted.empty() && m_uncommitted.front().ticket <= ticket) {
        const Uncommitted uncommitted = std::move(m_uncommitted.front());
        m_uncommitted.pop_front();
        m_counters.enqueued += uncommitted.messages;
        for (const auto &[client, token] : uncommitted.acks) {
            if (client) // a connection removed by a reload: its broker sends them again
                client->acknowledge(token);
        }
    }
    updateReading();
}

void Bridge::dispatch(const QList<QueuedDelivery> &deliveries)
{
    // Newly committed deliveries, in id order. Each window takes what fits
    // while nothing older waits in the outbox; the rest is read back later.
    std::map<std::pair<Route *, Window *>, QList<QueuedDelivery>> byWindow;
    QList<std::pair<Route *, Window *>> order;
    for (const QueuedDelivery &delivery : deliveries) {
        Route *route = findRoute(delivery.route);
        if (!route) {
            m_deadUpdates.append({delivery.id,
                                  QStringLiteral("route '%1' is no longer in the configuration; "
                                                 "retry the dead letter once it is back")
                                      .arg(delivery.route),
                                  delivery.history});
            ++m_counters.deadLettered;
            scheduleOutcomeFlush();
            continue;
        }
        Window &window = windowOf(*route, delivery.target);
        if (window.behind) {
            // Stored after the slice being read, if any: the next one has them.
            window.passedOver = window.passedOver || window.reading != 0;
            continue;
        }
        if (window.held >= route->windowSize) {
            window.behind = true;
            continue;
        }
        const std::pair<Route *, Window *> key{route, &window};
        auto it = byWindow.find(key);
        if (it == byWindow.end()) {
            order.append(key);
            it = byWindow.emplace(key, QList<QueuedDelivery>()).first;
        }
        it->second.append(delivery);
        ++window.held; // counted here so the room check above sees it
        window.position = delivery.id;
    }
    for (const auto &[route, window] : std::as_const(order)) {
        QList<QueuedDelivery> &slice = byWindow[{route, window}];
        window->held -= int(slice.size());
        handOver(*route, *window, slice);
    }
}

Bridge::Window &Bridge::windowOf(Route &route, const QString &target)
{
    auto it = route.windows.find(target);
    if (it == route.windows.end()) {
        it = route.windows.emplace(target, Window()).first;
        it->second.target = target;
    }
    return it->second;
}

void Bridge::handOver(Route &route, Window &window, const QList<QueuedDelivery> &deliveries)
{
    if (deliveries.isEmpty())
        return;
    QList<DeliveryJob> jobs;
    jobs.reserve(deliveries.size());
    for (const QueuedDelivery &delivery : deliveries) {
        route.held.insert(delivery.id, &window);
        jobs.append({delivery.id, delivery.message, delivery.target, delivery.attemptsMade,
                     delivery.notBefore, delivery.history});
    }
    window.held += int(deliveries.size());
    m_counters.windowPeak = std::max<qint64>(m_counters.windowPeak, window.held);
    route.dispatcher->enqueue(jobs);
}

void Bridge::finished(Route &route, qint64 id)
{
    Window *window = route.held.take(id);
    if (!window)
        return;
    --window->held;
    if (window->behind && window->held < std::max(1, route.windowSize / 2))
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
    for (const auto &[key, route] : m_routes) {
        for (auto &[target, window] : route->windows) {
            if (window.held < std::max(1, route->windowSize / 2))
                fill(*route, window);
        }
    }
}

void Bridge::fill(Route &route, Window &window)
{
    if (!window.behind || window.reading != 0 || window.held >= route.windowSize)
        return;
    // Read on the outbox thread while the window's deliveries go on.
    window.readLimit = route.windowSize - window.held;
    window.passedOver = false;
    window.reading =
        m_outbox->readPending(route.key, window.target, window.position, window.readLimit);
}

void Bridge::onPendingRead(quint64 request, const QList<QueuedDelivery> &slice,
                           const QString &error)
{
    const auto [route, window] = [this, request]() -> std::pair<Route *, Window *> {
        for (const auto &[key, route] : m_routes) {
            for (auto &[target, window] : route->windows) {
                if (window.reading == request)
                    return {route.get(), &window};
            }
        }
        return {nullptr, nullptr};
    }();
    if (!window) // the window went, or stepped back and reads again
        return;
    window->reading = 0;
    if (m_state != State::Running)
        return;
    if (!error.isEmpty()) {
        qCCritical(lcQueue, "Cannot read the backlog of %s (trying again in %lld s): %s",
                   qUtf8Printable(route->key),
                   qint64(std::chrono::seconds(commitRetryInterval).count()),
                   qUtf8Printable(error));
        emit problem(QStringLiteral("queue"), error);
        m_refillRetryTimer.start();
        return;
    }
    QList<QueuedDelivery> fresh;
    fresh.reserve(slice.size());
    for (const QueuedDelivery &delivery : slice) {
        window->position = std::max(window->position, delivery.id);
        // Read again after a step back for requeued dead letters.
        if (!route->held.contains(delivery.id))
            fresh.append(delivery);
    }
    // All caught up, unless deliveries came in while the slice was read.
    if (slice.size() < window->readLimit && !window->passedOver)
        window->behind = false;
    handOver(*route, *window, fresh);
    fill(*route, *window); // until the window is full
}

void Bridge::adoptPending(const QList<PendingRange> &ranges)
{
    for (const PendingRange &range : ranges) {
        Route *route = findRoute(range.route);
        if (!route) {
            deadLetterRange(range);
            continue;
        }
        // An address no longer configured: the dispatcher dead-letters or
        // (round robin) redirects its deliveries.
        if (route->windows.find(range.target) == route->windows.end()) {
            Window &window = windowOf(*route, range.target);
            window.position = range.firstId - 1;
        }
    }
    scheduleRefill();
}

void Bridge::deadLetterRange(const PendingRange &range)
{
    const QString reason = QStringLiteral("route '%1' is no longer in the configuration; "
                                          "retry the dead letter once it is back")
                               .arg(range.route);
    qint64 after = range.firstId - 1;
    for (;;) {
        bool ok = false;
        const QList<QueuedDelivery> slice =
            m_outbox->loadPending(range.route, range.target, after, minWindow, &ok);
        for (const QueuedDelivery &delivery : slice) {
            m_deadUpdates.append({delivery.id, reason, delivery.history});
            ++m_counters.deadLettered;
            after = delivery.id;
        }
        flushOutcomes();
        if (!ok || slice.size() < minWindow)
            break;
    }
}

void Bridge::scheduleOutcomeFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QTimer::singleShot(outcomeFlushDelay, this, &Bridge::flushOutcomes);
}

void Bridge::flushOutcomes()
{
    m_flushScheduled = false;
    if (!m_outbox)
        return;
    m_outbox->markSucceeded(std::exchange(m_succeededIds, {}));
    m_outbox->recordAttempts(std::exchange(m_retryUpdates, {}));
    m_outbox->markDead(std::exchange(m_deadUpdates, {}));
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
    const bool pause = m_state != State::Running || m_commitFailing ||
                       (m_outbox && (m_outbox->isFull() ||
                                     m_outbox->uncommittedMessages() >= maxUncommittedMessages ||
                                     m_outbox->uncommittedBytes() >= maxUncommittedBytes));
    setIntakePaused(pause);
    for (auto &connection : m_connections) {
        if (pause)
            connection->client->pauseReading();
        else
            connection->client->resumeReading();
    }
}

QList<Bridge::ConnectionStatus> Bridge::connections() const
{
    QList<ConnectionStatus> result;
    for (const auto &connection : m_connections) {
        const bool connected = connection->client->state() == MqttClient::State::Connected;
        result.append({connection->config.clientId, connection->config.address(), connected,
                       connected && connection->subscribed, connection->lastError});
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

int Bridge::heldDeliveries() const
{
    int total = 0;
    for (const auto &[key, route] : m_routes)
        total += int(route->held.size());
    return total;
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
    QStringList notes;
    if (m_state != State::Running) {
        notes.append(QStringLiteral("not running: nothing to reload"));
        return notes;
    }
    if (config.queue != m_config.queue)
        notes.append(QStringLiteral("queue settings take effect only after a restart"));
    // Everything read so far is committed and acknowledged on the old wiring.
    commitIntake();

    // Routes: the new set, by key.
    std::map<QString, SubscriptionConfig> wanted;
    for (const BrokerConfig &broker : config.brokers) {
        const QStringList keys = routeKeys(broker);
        for (qsizetype i = 0; i < broker.subscriptions.size(); ++i) {
            if (broker.subscriptions.at(i).enabled)
                wanted[keys.at(i)] = broker.subscriptions.at(i);
        }
    }
    QSet<QString> replaced; // routes whose pending deliveries move to a new dispatcher or die
    for (auto it = m_routes.begin(); it != m_routes.end();) {
        const auto want = wanted.find(it->first);
        if (want != wanted.end() && want->second == it->second->config) {
            ++it;
            continue;
        }
        replaced.insert(it->first);
        disconnect(it->second->dispatcher, nullptr, this, nullptr);
        it->second->dispatcher->clear();
        it->second->dispatcher->deleteLater();
        notes.append(want == wanted.end() ? QStringLiteral("route %1 removed").arg(it->first)
                                          : QStringLiteral("route %1 changed").arg(it->first));
        it = m_routes.erase(it);
    }

    // Connections: kept when their settings and subscriptions are the same;
    // kept with new subscriptions when only those changed; else replaced.
    std::vector<std::unique_ptr<Connection>> old = std::move(m_connections);
    m_connections.clear();
    for (const BrokerConfig &broker : config.brokers) {
        auto match = std::find_if(old.begin(), old.end(), [&broker](const auto &connection) {
            return connection && sameConnectionSettings(connection->config, broker);
        });
        if (match == old.end()) {
            notes.append(QStringLiteral("connection %1 (%2) started")
                             .arg(broker.clientId, broker.address()));
            m_connections.push_back(makeConnection(broker));
            startConnection(*m_connections.back());
            continue;
        }
        std::unique_ptr<Connection> connection = std::move(*match);
        if (connection->config != broker) {
            notes.append(QStringLiteral("connection %1 (%2): subscriptions updated")
                             .arg(broker.clientId, broker.address()));
            const QList<Subscription> before = connection->router->subscriptions();
            connection->config = broker;
            attachRoutes(*connection);
            const QList<Subscription> after = connection->router->subscriptions();
            for (const Subscription &subscription : before) {
                const bool kept =
                    std::any_of(after.begin(), after.end(), [&](const Subscription &s) {
                        return s.filter == subscription.filter;
                    });
                if (!kept)
                    connection->client->unsubscribe(subscription.filter);
            }
            for (const Subscription &subscription : after) {
                if (!before.contains(subscription))
                    subscribe(*connection, subscription);
            }
        }
        m_connections.push_back(std::move(connection));
    }
    for (auto &connection : old) {
        if (!connection)
            continue;
        notes.append(QStringLiteral("connection %1 (%2) stopped")
                         .arg(connection->config.clientId, connection->config.address()));
        // Messages of this connection not yet committed are not acknowledged:
        // the broker sends them again to the next session.
        m_intake.erase(std::remove_if(m_intake.begin(), m_intake.end(),
                                      [&](const PendingIntake &pending) {
                                          return pending.connection == connection.get();
                                      }),
                       m_intake.end());
        connection->client->disconnectFromHost();
        connection->client->deleteLater();
    }

    // Deliveries of replaced routes: the new dispatcher reads them from the
    // start (its windows begin behind), or they die when the route is gone.
    if (!replaced.isEmpty()) {
        // Outcomes still waiting to be written first, or deliveries that just
        // succeeded would be read back as pending and sent again.
        flushOutcomes();
        bool ok = false;
        const QList<PendingRange> pending = m_outbox->pendingRanges(&ok);
        if (!ok)
            emit problem(QStringLiteral("queue"), m_outbox->errorString());
        adoptPending(pending);
    }

    m_config = config;
    updateReading();
    return notes;
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
    commitIntake();
    m_outbox->waitForWrites();
    for (auto &connection : m_connections)
        connection->client->disconnectFromHost();
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
        connection->client->deleteLater();
    m_connections.clear();
    for (const auto &[key, route] : m_routes) {
        disconnect(route->dispatcher, nullptr, this, nullptr);
        route->dispatcher->deleteLater();
    }
    m_routes.clear();
    m_refillRetryTimer.stop();
    m_outbox->close();
    m_outbox.reset();
    m_uncommitted.clear();
    setState(State::Stopped);
    emit stopped();
}

} // namespace mqhook
