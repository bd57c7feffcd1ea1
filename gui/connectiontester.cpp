#include "connectiontester.h"

#include "service/mqttsettings.h"

#include "mqtt/mqttclient.h"

namespace mqhook {

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(false, tr("No answer from %1 within %2 s.")
                          .arg(m_broker.address())
                          .arg(double(m_timeout.interval()) / 1000.0));
    });
}

ConnectionTester::~ConnectionTester()
{
    cancel();
}

QString ConnectionTester::testClientId(const QString &clientId)
{
    return clientId.isEmpty() ? QString() : clientId + QStringLiteral("-test");
}

void ConnectionTester::start(const BrokerConfig &broker, std::chrono::milliseconds timeout)
{
    cancel();
    m_broker = broker;
    BrokerConfig settings = broker;
    settings.clientId = testClientId(broker.clientId);
    settings.cleanSession = true;
    settings.sessionExpiry = std::chrono::seconds(0);

    auto *client = new MqttClient(this);
    m_client = client;
    client->configure(mqttClientSettings(settings));
    client->setAutoReconnect(false);
    client->setConnectTimeout(timeout);
    connect(client, &MqttClient::connected, this, [this, client] {
        const bool v5 = client->protocolVersion() == MqttProtocolVersion::V5;
        QString details = client->sessionPresent() ? tr("session present") : tr("new session");
        const MqttProperties server = client->serverProperties();
        if (v5 && server.receiveMaximum)
            details += tr(", receive maximum %1").arg(*server.receiveMaximum);
        if (v5 && server.maximumQos)
            details += tr(", maximum QoS %1").arg(*server.maximumQos);
        if (v5 && server.serverKeepAlive)
            details += tr(", keepalive set to %1 s by the broker").arg(*server.serverKeepAlive);
        finish(true,
               tr("Connected to %1 over %2: the broker accepted the connection (CONNACK "
                  "success; %3).")
                   .arg(m_broker.address(),
                        v5 ? QStringLiteral("MQTT 5") : QStringLiteral("MQTT 3.1.1"), details));
    });
    connect(client, &MqttClient::errorOccurred, this,
            [this](MqttClient::Error, const QString &message) { finish(false, message); });
    m_timeout.start(timeout + std::chrono::milliseconds(500));
    client->connectToHost();
}

void ConnectionTester::cancel()
{
    m_timeout.stop();
    if (MqttClient *client = m_client) {
        m_client = nullptr;
        disconnect(client, nullptr, this, nullptr);
        client->disconnectFromHost();
        client->deleteLater();
    }
}

void ConnectionTester::finish(bool connected, const QString &message)
{
    if (!m_client)
        return;
    cancel();
    emit finished(connected, message);
}

} // namespace mqhook
