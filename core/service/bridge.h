#pragma once

#include "config/config.h"
#include "delivery/deliveryjob.h"
#include "delivery/outboxtypes.h"
#include "delivery/targetcounters.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace mqhook {

class Dispatcher;
class MqttClient;
class OutboxThread;
class Router;
struct MqttMessage;
struct Subscription;

// Owns and wires everything that forwards: one MQTT client and router per
// broker connection, one dispatcher per route (enabled sub_deal_config
// entry), and the outbox between them.
//
// broker → MqttClient → Router → OutboxThread ─(commit)→ ack to the broker
//                                      └→ Dispatcher → HTTP
// Dispatcher outcomes → OutboxThread (success removes, retry and dead letter
// persist)
//
// Memory stays bounded however long the backlog: the outbox (on disk, or the
// in-memory database) is the buffer, and each dispatcher holds at most a
// window of deliveries per callback address. New deliveries go straight to
// the dispatcher while its window has room and nothing older waits in the
// outbox; otherwise they stay in the outbox, and once the window has drained
// below half, the next slice is read back in id order. Start-up, a changed
// route and requeued dead letters take the same path.
//
// A message is acknowledged to the broker only after the outbox committed it.
// Every message read in one pass over the sockets is committed in one
// transaction, on the outbox's own thread, unless all its deliveries succeed
// within the outbox's store delay (then it is never written); its deliveries
// are dispatched at once, while the commit is on its way, so a slow fsync
// delays only the acknowledgements. Intake pauses while too much waits for
// its commit. When the outbox is full, reading from the brokers pauses until
// it drains; when the outbox cannot commit (disk full, broken file), intake
// stops, nothing more is acknowledged, and the commit is tried again
// periodically.
class Bridge : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Stopped,
        Running,
        Stopping,
    };
    Q_ENUM(State)

    // Totals since start, for status displays and metrics.
    struct Counters
    {
        qint64 received = 0;   // messages from the brokers
        qint64 unrouted = 0;   // matched no route (excluded, conditions false)
        qint64 enqueued = 0;   // messages committed to the outbox
        qint64 deliveries = 0; // (message, target) deliveries committed
        qint64 succeeded = 0;
        qint64 retried = 0;
        qint64 deadLettered = 0;
        qint64 commitFailures = 0;
        // The most deliveries one window (route and callback address) held
        // in its dispatcher at once: at most the window size.
        qint64 windowPeak = 0;
    };

    // State of one broker connection, for display.
    struct ConnectionStatus
    {
        QString clientId;
        QString address;
        bool connected = false;
        // Connected, and every subscription is in place (connectionReady()).
        bool subscribed = false;
        QString lastError;
    };

    explicit Bridge(QObject *parent = nullptr);
    ~Bridge() override;

    // How many deliveries of one (route, callback address) the dispatcher
    // holds at most; 0 (the default) derives it from the route's settings
    // (see windowSize()). Set it before start().
    void setDeliveryWindow(int deliveries) { m_window = deliveries; }
    int deliveryWindow() const { return m_window; }
    // The window of each callback address of a route: the one set above, or
    // twice what one address can have in flight (max_inflight requests of
    // batch.max_messages each), from minWindow to maxWindow.
    int windowSize(const SubscriptionConfig &config) const;
    static constexpr int minWindow = 1000;
    static constexpr int maxWindow = 100000;

    // Opens the outbox, resumes what it holds, connects to every broker.
    bool start(const Config &config, QString *error = nullptr);

    // Applies a new configuration: unchanged broker connections and routes keep
    // running; changed ones restart; removed routes' pending deliveries become
    // dead letters (retry them once the route is back). The queue settings
    // cannot change while running (say so in the returned warnings).
    QStringList reload(const Config &config);

    // Stops intake (every message read so far is committed and acknowledged),
    // lets requests in flight finish for at most `grace`, keeps the rest in
    // the outbox, disconnects, then emits stopped().
    void stop(std::chrono::milliseconds grace);

    State state() const { return m_state; }
    const Config &config() const { return m_config; }
    Counters counters() const { return m_counters; }
    QList<ConnectionStatus> connections() const;
    // The dispatchers' counters: `queued` counts what a dispatcher holds; the
    // rest of the backlog waits in the outbox (outbox()->pendingMessages()).
    QList<TargetCounters> targetCounters() const;
    // Deliveries handed to the dispatchers and not finished yet, over every route.
    int heldDeliveries() const;
    bool isIntakePaused() const { return m_intakePaused; }
    OutboxThread *outbox() const { return m_outbox.get(); }

    // The key a route's deliveries are stored under: stable across restarts
    // while its client_id, app_id and app_name stay the same.
    static QStringList routeKeys(const BrokerConfig &broker);

signals:
    void stateChanged(mqhook::Bridge::State state);
    void stopped();
    void intakePausedChanged(bool paused);
    // A broker connection is up and every subscription is in place (the
    // broker acknowledged them, or resumed the session that holds them).
    void connectionReady(const QString &clientId);
    // Something a user must see: component ("mqtt", "queue", "http"), text.
    void problem(const QString &component, const QString &text);
    void messageTaken(const mqhook::Message &message, const QStringList &routes);
    void deliverySucceeded(const mqhook::DeliveryJob &job, const QString &route,
                           const mqhook::AttemptRecord &attempt);
    void deliveryRetrying(const mqhook::DeliveryJob &job, const QString &route,
                          const mqhook::AttemptRecord &attempt, const QDateTime &nextAt);
    void deliveryDead(const mqhook::DeliveryJob &job, const QString &route, const QString &reason);

private:
    struct Window;
    struct Route;
    struct Connection;
    struct PendingIntake
    {
        Intake intake;
        QList<QString> routeKeys;
        Connection *connection = nullptr;
        quint64 ackToken = 0;
    };

    Route *findRoute(const QString &key) const;
    void maybeFinishStop();
    void setState(State state);
    std::unique_ptr<Connection> makeConnection(const BrokerConfig &broker);
    Route *makeRoute(const QString &key, const SubscriptionConfig &config);
    void startConnection(Connection &connection);
    // The router and routes of connection.config, reusing running routes.
    void attachRoutes(Connection &connection);
    void subscribe(Connection &connection, const Subscription &subscription);
    void subscribeAll(Connection &connection);
    void onMessage(Connection &connection, const MqttMessage &message);
    void scheduleCommit();
    void commitIntake();
    void acknowledgeCommitted(quint64 ticket);
    void dispatch(const QList<QueuedDelivery> &deliveries);
    Window &windowOf(Route &route, const QString &target);
    void handOver(Route &route, Window &window, const QList<QueuedDelivery> &deliveries);
    void finished(Route &route, qint64 id);
    void scheduleRefill();
    void refill();
    void fill(Route &route, Window &window);
    void onPendingRead(quint64 request, const QList<QueuedDelivery> &slice, const QString &error);
    // Windows for what the outbox holds; dead letters for routes that are gone.
    void adoptPending(const QList<PendingRange> &ranges);
    void deadLetterRange(const PendingRange &range);
    void scheduleOutcomeFlush();
    void flushOutcomes();
    void setIntakePaused(bool paused);
    void updateReading();
    int inFlight() const;
    void finishStop();

    Config m_config;
    State m_state = State::Stopped;
    std::unique_ptr<OutboxThread> m_outbox;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::map<QString, std::unique_ptr<Route>> m_routes; // by route key

    QList<PendingIntake> m_intake;
    bool m_commitScheduled = false;
    bool m_commitFailing = false;
    // Groups given to the outbox, by ticket, with what to acknowledge once
    // each is committed.
    struct Uncommitted
    {
        quint64 ticket = 0;
        qint64 messages = 0;
        QList<std::pair<QPointer<MqttClient>, quint64>> acks;
    };
    std::deque<Uncommitted> m_uncommitted;

    QList<qint64> m_succeededIds;
    QList<RetryUpdate> m_retryUpdates;
    QList<DeadUpdate> m_deadUpdates;
    bool m_flushScheduled = false;

    int m_window = 0;
    bool m_refillScheduled = false;
    QTimer m_refillRetryTimer;

    bool m_intakePaused = false;
    Counters m_counters;
    QTimer m_graceTimer;
};

} // namespace mqhook
