#pragma once

#include "base/mqttversion.h"
#include "base/tlsconfig.h"

#include <QString>

#include <chrono>

namespace mqhook {

// What an MqttClient connects with, in one value (see MqttClient's properties
// of the same names); MqttClient::configure() takes it whole.
struct MqttClientSettings
{
    QString hostname;
    quint16 port = 1883;
    QString clientId;
    QString username;
    QString password;
    int keepAlive = 60; // seconds; 0 disables keepalive
    MqttProtocolVersion protocolVersion = MqttProtocolVersion::V5;
    bool cleanSession = false;
    std::chrono::seconds sessionExpiryInterval{0}; // 5.0
    int receiveMaximum = 65535;                    // 5.0
    quint16 topicAliasMaximum = 64;                // 5.0: aliases the broker may use towards us
    // 3.1.1 has no Receive Maximum, yet brokers limit unacknowledged QoS 1/2
    // messages from a client (mosquitto: 20) and may drop the connection
    // beyond it: the limit for 3.1.1 (5.0 uses the broker's Receive Maximum).
    int maximumInflight = 20;
    // The first reconnect delay, doubled after each failure up to the
    // maximum; each delay is drawn uniformly from [delay/2, delay].
    std::chrono::milliseconds reconnectDelay{1000};
    std::chrono::milliseconds maximumReconnectDelay{30000};
    MqttTransport transport = MqttTransport::Tcp;
    QString webSocketPath = QStringLiteral("/mqtt");
    TlsConfig tls;
};

} // namespace mqhook
