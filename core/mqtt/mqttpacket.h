#pragma once

#include "base/mqttversion.h"
#include "mqttproperties.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace mqhook {

// Control packet types, MQTT 3.1.1 §2.2.1 and 5.0 §2.1.2 (AUTH is 5.0 only).
enum class MqttPacketType : quint8
{
    Reserved = 0,
    Connect = 1,
    Connack = 2,
    Publish = 3,
    Puback = 4,
    Pubrec = 5,
    Pubrel = 6,
    Pubcomp = 7,
    Subscribe = 8,
    Suback = 9,
    Unsubscribe = 10,
    Unsuback = 11,
    Pingreq = 12,
    Pingresp = 13,
    Disconnect = 14,
    Auth = 15,
};

// One entry of a SUBSCRIBE (all fields) or UNSUBSCRIBE (filter only).
struct MqttSubscription
{
    QString filter;
    quint8 qos = 0;
    bool noLocal = false;           // 5.0 only
    bool retainAsPublished = false; // 5.0 only
    quint8 retainHandling = 0;      // 5.0 only

    friend bool operator==(const MqttSubscription &, const MqttSubscription &) = default;
};

// The Will of a CONNECT packet.
struct MqttWill
{
    QString topic;
    QByteArray payload;
    quint8 qos = 0;
    bool retain = false;
    MqttProperties properties; // 5.0 only

    friend bool operator==(const MqttWill &, const MqttWill &) = default;
};

// Any MQTT control packet as values; which fields matter depends on `type`.
// encode() writes it for one protocol version (fields the version lacks are
// left out); MqttDecoder reads it back.
struct MqttPacket
{
    MqttPacketType type = MqttPacketType::Reserved;

    // PUBLISH fixed header flags
    bool dup = false;
    quint8 qos = 0;
    bool retain = false;

    quint16 packetId = 0;      // PUBLISH (QoS > 0), PUBACK..PUBCOMP, (UN)SUBSCRIBE, (UN)SUBACK
    quint8 reasonCode = 0;     // CONNACK (3.1.1 return code), PUBACK..PUBCOMP, DISCONNECT, AUTH
    MqttProperties properties; // 5.0 only

    // PUBLISH
    QString topic;
    QByteArray payload;

    // SUBSCRIBE, UNSUBSCRIBE
    QList<MqttSubscription> subscriptions;

    // SUBACK, UNSUBACK (3.1.1 UNSUBACK has none)
    QList<quint8> reasonCodes;

    // CONNACK
    bool sessionPresent = false;

    // CONNECT
    MqttProtocolVersion protocolVersion = MqttProtocolVersion::V5;
    bool cleanStart = true;
    quint16 keepAlive = 0;
    QString clientId;
    std::optional<QString> username;
    std::optional<QByteArray> password;
    std::optional<MqttWill> will;

    // The packet on the wire, or an empty array when a string, list or the whole
    // packet is longer than MQTT can carry. CONNECT always uses its own
    // protocolVersion.
    QByteArray encode(MqttProtocolVersion version) const;

    friend bool operator==(const MqttPacket &, const MqttPacket &) = default;
};

// "PUBLISH", "CONNACK", ...
QString mqttPacketTypeName(MqttPacketType type);

} // namespace mqhook
