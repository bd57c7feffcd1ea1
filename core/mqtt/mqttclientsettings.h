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
    MqttTransport transport = MqttTransport::Tcp;
    QString webSocketPath = QStringLiteral("/mqtt");
    TlsConfig tls;
};

} // namespace mqhook
