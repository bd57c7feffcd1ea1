#pragma once

#include "base/clock.h"
#include "config/config.h"
#include "delivery/deliveryjob.h"
#include "delivery/outboxthread.h"
#include "delivery/outboxtypes.h"
#include "delivery/targetcounters.h"
#include "service/deliveryroutes.h"
#include "service/intakepipeline.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>
#include <vector>

namespace mqhook {

struct MqttMessage;

// What the bridge does not take from the configuration; the defaults fit
// every deployment.
struct BridgeTuning
{
    // How many deliveries of one (route, callback address) a dispatcher holds
    // at most; 0 derives it from the route's settings (DeliveryWindows::sizeFor()).
    int deliveryWindow = 0;
    // How long a message taken from a broker waits for its deliveries before
    // it is stored (OutboxThread::setStoreDelay()).
    std::chrono::milliseconds storeDelay = OutboxThread::defaultStoreDelay;
};

// Owns and wires everything that forwards: one MQTT client and router per
// broker connection, one dispatcher per route (enabled sub_deal_config
// entry), and the outbox between them. A message is acknowledged to its
// broker only once the outbox has committed it or every delivery of it
// succeeded; memory stays bounded by the dispatchers' windows, whatever the
// backlog. docs/design/forwarding.md tells how.
class Bridge : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool intakePaused READ isIntakePaused NOTIFY intakePausedChanged)

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
        // Messages taken from the broker and not acknowledged to it yet:
        // waiting for the queue to commit them.
        int unacknowledged = 0;
    };

    // Every unit of the bridge reads the time from clock.
    explicit Bridge(std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                    BridgeTuning tuning = {}, QObject *parent = nullptr);
    ~Bridge() override;

    // Opens the outbox, resumes what it holds, connects to every broker.
    bool start(const Config &config, QString *error = nullptr);

    // Applies a new configuration: unchanged broker connections and routes keep
    // running; changed ones restart; removed routes' pending deliveries become
    // dead letters (retry them once the route is back). The queue settings
    // cannot change while running (say so in the returned notes).
    QStringList reload(const Config &config);

    // Stops intake (every message read so far is committed and acknowledged),
    // lets requests in flight finish for at most `grace`, keeps the rest in
    // the outbox, disconnects, then emits stopped().
    void stop(std::chrono::milliseconds grace);

    State state() const { return m_state; }
    const Config &config() const { return m_config; }
    Counters counters() const;
    QList<ConnectionStatus> connections() const;
    // The dispatchers' counters: `queued` counts what a dispatcher holds; the
    // rest of the backlog waits in the outbox (outbox()->pendingMessages()).
    QList<TargetCounters> targetCounters() const { return m_routes.targetCounters(); }
    bool isIntakePaused() const { return m_intakePaused; }
    // Why reading from the brokers pauses: the queue is full, commits are
    // behind or failing, or the bridge stops; empty while reading.
    QString intakePauseReason() const { return m_intakePauseReason; }
    OutboxThread *outbox() const { return m_outbox.get(); }

signals:
    void stateChanged(mqhook::Bridge::State state);
    void stopped();
    // intakePauseReason() says why while paused.
    void intakePausedChanged(bool paused);
    // A broker connection is up and every subscription is in place (the
    // broker acknowledged them, or resumed the session that holds them).
    void connectionReady(const QString &clientId);
    // An established broker connection dropped (not on stop or reload).
    void connectionLost(const QString &clientId, const QString &reason);
    // The connection's next attempt to connect; at is UTC.
    void reconnectScheduled(const QString &clientId, const QDateTime &at);
    // The outbox cannot commit what intake gives it (intake stops), and
    // commits again (intake resumes).
    void commitFailed(const QString &error);
    void commitRecovered();
    // Something a user must see: component ("mqtt", "queue", "http"), text.
    void problem(const QString &component, const QString &text);
    void messageTaken(const mqhook::Message &message, const QStringList &routes);
    // A message no route took: acknowledged and forgotten. why: the exclude
    // entries or `where` conditions that held it back (Router::route()).
    // The message has no id. Only computed while something is connected.
    void messageUnrouted(const mqhook::Message &message, const QString &why);
    // response: the first bytes of the endpoint's answer, when there was one.
    void deliverySucceeded(const mqhook::DeliveryJob &job, const QString &route,
                           const mqhook::AttemptRecord &attempt, const QByteArray &response);
    void deliveryRetrying(const mqhook::DeliveryJob &job, const QString &route,
                          const mqhook::AttemptRecord &attempt, const QDateTime &nextAt,
                          const QByteArray &response);
    void deliveryDead(const mqhook::DeliveryJob &job, const QString &route, const QString &reason,
                      const QByteArray &response);

private:
    struct Connection;

    void setState(State state);
    std::unique_ptr<Connection> makeConnection(const BrokerConfig &broker);
    // The routes of the connection's configuration, reusing running routes.
    void attachRoutes(Connection &connection);
    void stopConnection(Connection &connection);

    void onCommitted(quint64 ticket);
    void onStoreFailed(const QString &error);
    void onStoreRecovered();
    void onWriteFailed(const QString &error);
    void onFullChanged(bool full);
    void onMessage(Connection &connection, const MqttMessage &message);
    void acknowledge(quint32 connection, quint64 ackToken);

    void setIntakePaused(const QString &reason);
    void updateReading();
    void maybeFinishStop();
    void finishStop();

    std::shared_ptr<const Clock> m_clock;
    BridgeTuning m_tuning;
    Config m_config;
    State m_state = State::Stopped;
    std::unique_ptr<OutboxThread> m_outbox;
    std::vector<std::unique_ptr<Connection>> m_connections;
    quint32 m_nextConnection = 1;
    IntakePipeline m_intake;
    DeliveryRoutes m_routes; // after m_outbox: gone before it

    bool m_intakePaused = false;
    QString m_intakePauseReason;
    Counters m_counters; // received, unrouted, enqueued, deliveries, commitFailures
    QTimer m_graceTimer;
};

} // namespace mqhook
