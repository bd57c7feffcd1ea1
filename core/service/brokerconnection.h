#pragma once

#include "config/config.h"
#include "delivery/message.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

namespace mqhook {

class MqttClient;
class Router;
struct MqttMessage;
struct Subscription;

// One broker connection of the bridge: the MqttClient of an mqtt_brokers
// entry, acknowledging by hand, and the Router of its sub_deal_config.
// ready() says when every subscription is in place, lost() when an
// established connection went away, reconnectScheduled() when the next
// attempt is due; problem() what a user must see about the connection.
class BrokerConnection : public QObject
{
    Q_OBJECT

public:
    explicit BrokerConnection(const BrokerConfig &config, QObject *parent = nullptr);
    ~BrokerConnection() override;

    const BrokerConfig &config() const { return m_config; }
    // The same connection settings with other subscriptions: a new router.
    // What to subscribe and unsubscribe is the caller's (see ReloadPlan).
    void setConfig(const BrokerConfig &config);

    MqttClient *client() const { return m_client; }
    const Router &router() const { return *m_router; }
    bool isConnected() const;
    // Connected, and every subscription is in place (ready() was emitted).
    bool isSubscribed() const { return isConnected() && m_subscribed; }
    QString lastError() const { return m_lastError; }

    // A message this connection read, as the outbox keeps it, with a new id.
    Message messageOf(const MqttMessage &message, const QDateTime &receivedAt) const;
    // The same without an id: one that is not kept (no route took it).
    Message contentOf(const MqttMessage &message, const QDateTime &receivedAt) const;

    // Subscribes to everything the router needs and connects.
    void start();
    // Disconnects for good.
    void stop();
    void subscribe(const Subscription &subscription);
    void unsubscribe(const QString &filter);

signals:
    void ready(const QString &clientId);
    // Not after stop(): only a connection that was up and dropped.
    void lost(const QString &clientId, const QString &reason);
    void reconnectScheduled(const QString &clientId, std::chrono::milliseconds delay);
    void problem(const QString &component, const QString &text);

private:
    void onConnected();
    void onDisconnected();
    void onError(const QString &message);
    void onSubscribeFinished(const QString &filter, quint8 reasonCode);

    BrokerConfig m_config;
    MqttClient *m_client = nullptr; // child
    std::unique_ptr<Router> m_router;
    QString m_lastError;
    int m_subacks = 0;         // SUBACKs since the last connect
    bool m_subscribed = false; // ready() was emitted since the last connect
    bool m_up = false;         // connected, and not stopped since
};

} // namespace mqhook
