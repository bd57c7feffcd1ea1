#include "brokerconnection.h"

#include "base/logcategories.h"
#include "delivery/messageid.h"
#include "mqtt/mqttclient.h"
#include "routing/router.h"
#include "service/mqttsettings.h"

namespace mqhook {

BrokerConnection::BrokerConnection(const BrokerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_client(new MqttClient(this))
    , m_router(std::make_unique<Router>(config))
{
    m_client->configure(mqttClientSettings(config));
    m_client->setManualAcknowledgement(true);
    connect(m_client, &MqttClient::connected, this, &BrokerConnection::onConnected);
    connect(m_client, &MqttClient::disconnected, this, &BrokerConnection::onDisconnected);
    connect(m_client, &MqttClient::reconnectScheduled, this,
            [this](std::chrono::milliseconds delay) {
                emit reconnectScheduled(m_config.clientId, delay);
            });
    connect(m_client, &MqttClient::errorOccurred, this,
            [this](MqttClient::Error, const QString &message) { onError(message); });
    connect(m_client, &MqttClient::subscribeFinished, this,
            [this](int, const QString &filter, quint8 reasonCode) {
                onSubscribeFinished(filter, reasonCode);
            });
}

BrokerConnection::~BrokerConnection() = default;

void BrokerConnection::setConfig(const BrokerConfig &config)
{
    m_config = config;
    m_router = std::make_unique<Router>(config);
}

bool BrokerConnection::isConnected() const
{
    return m_client->state() == MqttClient::State::Connected;
}

Message BrokerConnection::messageOf(const MqttMessage &mqttMessage,
                                    const QDateTime &receivedAt) const
{
    Message message = contentOf(mqttMessage, receivedAt);
    message.id = newMessageId();
    return message;
}

Message BrokerConnection::contentOf(const MqttMessage &mqttMessage,
                                    const QDateTime &receivedAt) const
{
    Message message;
    message.clientId =
        m_config.clientId.isEmpty() ? m_client->assignedClientId() : m_config.clientId;
    message.topic = mqttMessage.topic;
    message.payload = mqttMessage.payload;
    message.qos = mqttMessage.qos;
    message.retain = mqttMessage.retain;
    message.receivedAt = receivedAt;
    message.contentType = mqttMessage.properties.contentType.value_or(QString());
    message.userProperties = mqttMessage.properties.userProperties;
    return message;
}

void BrokerConnection::start()
{
    for (const Subscription &subscription : m_router->subscriptions())
        subscribe(subscription);
    m_client->connectToHost();
}

void BrokerConnection::stop()
{
    m_up = false;
    m_client->disconnectFromHost();
}

void BrokerConnection::subscribe(const Subscription &subscription)
{
    // Subscription Identifiers exist in MQTT 5 only (§3.8.2.1.2).
    const bool identifiers = m_config.protocolVersion == MqttProtocolVersion::V5;
    m_client->subscribe(subscription.filter, quint8(subscription.qos),
                        identifiers ? subscription.identifier : 0);
}

void BrokerConnection::unsubscribe(const QString &filter)
{
    m_client->unsubscribe(filter);
}

void BrokerConnection::onConnected()
{
    qCInfo(lcMqtt, "%s: connected to %s%s", qUtf8Printable(m_config.clientId),
           qUtf8Printable(m_config.address()),
           m_client->sessionPresent() ? " (session resumed)" : "");
    m_lastError.clear();
    m_up = true;
    m_subacks = 0;
    m_subscribed = false;
    if (m_client->sessionPresent() || m_router->subscriptions().isEmpty()) {
        m_subscribed = true;
        emit ready(m_config.clientId);
    }
}

void BrokerConnection::onDisconnected()
{
    if (!m_up)
        return; // a failed attempt (problem() told why), or stopped
    m_up = false;
    // The client reports the error before it says disconnected.
    emit lost(m_config.clientId,
              m_lastError.isEmpty() ? QStringLiteral("the connection closed") : m_lastError);
}

void BrokerConnection::onError(const QString &message)
{
    m_lastError = message;
    qCWarning(lcMqtt, "%s (%s): %s", qUtf8Printable(m_config.clientId),
              qUtf8Printable(m_config.address()), qUtf8Printable(message));
    emit problem(QStringLiteral("mqtt"), m_config.address() + QStringLiteral(": ") + message);
}

void BrokerConnection::onSubscribeFinished(const QString &filter, quint8 reasonCode)
{
    if (++m_subacks == m_router->subscriptions().size()) {
        m_subscribed = true;
        emit ready(m_config.clientId);
    }
    if (reasonCode < 0x80)
        return;
    const QString text =
        QStringLiteral("%1: the broker refused the subscription to '%2' (reason code 0x%3)")
            .arg(m_config.address(), filter)
            .arg(reasonCode, 2, 16, QLatin1Char('0'));
    qCWarning(lcMqtt, "%s", qUtf8Printable(text));
    emit problem(QStringLiteral("mqtt"), text);
}

} // namespace mqhook
