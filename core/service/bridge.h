#pragma once

#include "config/config.h"
#include "delivery/deliveryjob.h"
#include "delivery/outboxtypes.h"
#include "delivery/targetcounters.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace mqhook {

class Dispatcher;
class MqttClient;
class Outbox;
class Router;
struct MqttMessage;
struct Subscription;

// Owns and wires everything that forwards: one MQTT client and router per
// broker connection, one dispatcher per route (enabled sub_deal_config
// entry), and the outbox between them.
//
// broker → MqttClient → Router → Outbox (commit) → ack to the broker
//                                               └→ Dispatcher → HTTP
// Dispatcher outcomes → Outbox (success removes, retry and dead letter persist)
//
// A message is acknowledged to the broker only after the outbox committed it.
// Every message read in one pass over the sockets is committed in one
// transaction. When the outbox is full, reading from the brokers pauses until
// it drains; when the outbox cannot commit (disk full, broken file), intake
// stops, nothing is acknowledged, and the commit is tried again periodically.
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
    };

    // State of one broker connection, for display.
    struct ConnectionStatus
    {
        QString clientId;
        QString address;
        bool connected = false;
        QString lastError;
    };

    explicit Bridge(QObject *parent = nullptr);
    ~Bridge() override;

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
    QList<TargetCounters> targetCounters() const;
    bool isIntakePaused() const { return m_intakePaused; }
    Outbox *outbox() const { return m_outbox.get(); }

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
    void dispatch(const QList<QueuedDelivery> &deliveries);
    void scheduleOutcomeFlush();
    void flushOutcomes();
    void setIntakePaused(bool paused);
    void updateReading();
    void resumePending(const QList<QueuedDelivery> &pending);
    int inFlight() const;
    void finishStop();

    Config m_config;
    State m_state = State::Stopped;
    std::unique_ptr<Outbox> m_outbox;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::map<QString, std::unique_ptr<Route>> m_routes; // by route key

    QList<PendingIntake> m_intake;
    bool m_commitScheduled = false;
    bool m_commitFailing = false;
    QTimer m_commitRetryTimer;

    QList<qint64> m_succeededIds;
    QList<RetryUpdate> m_retryUpdates;
    QList<DeadUpdate> m_deadUpdates;
    bool m_flushScheduled = false;

    bool m_intakePaused = false;
    Counters m_counters;
    QTimer m_graceTimer;
};

} // namespace mqhook
