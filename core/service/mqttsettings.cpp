#include "mqttsettings.h"

#include "config/config.h"

namespace mqhook {

MqttClientSettings mqttClientSettings(const BrokerConfig &broker)
{
    MqttClientSettings settings;
    settings.hostname = broker.brokerIp;
    settings.port = quint16(broker.brokerPort);
    settings.clientId = broker.clientId;
    settings.username = broker.username;
    settings.password = broker.password;
    settings.keepAlive = broker.alive;
    settings.protocolVersion = broker.protocolVersion;
    settings.cleanSession = broker.cleanSession;
    settings.sessionExpiryInterval = broker.sessionExpiry;
    settings.receiveMaximum = broker.receiveMaximum;
    settings.transport = broker.transport;
    settings.webSocketPath = broker.webSocketPath;
    settings.tls = broker.tls;
    return settings;
}

} // namespace mqhook
