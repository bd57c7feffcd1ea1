#pragma once

#include "mqttproperties.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace mqhook {

// One application message received from the broker. With manual
// acknowledgement, hand it (or its ackToken) back to
// MqttClient::acknowledge() once it is safe.
struct MqttMessage
{
    QString topic;
    QByteArray payload;
    quint8 qos = 0;
    bool retain = false;
    bool dup = false;
    quint16 packetId = 0;      // 0 for QoS 0
    MqttProperties properties; // MQTT 5 only: user properties, content type, ...
    quint64 ackToken = 0;      // 0 for QoS 0; unique for the client's lifetime
};

} // namespace mqhook

Q_DECLARE_METATYPE(mqhook::MqttMessage)
