#include "mqttpacket.h"

namespace mqhook {

namespace {

constexpr quint32 maxRemainingLength = 268'435'455; // four length bytes, §2.2.3 / §1.5.5

// Appends MQTT data types (§1.5 of both versions) and remembers whether any
// value was too long to be carried.
class Writer
{
public:
    explicit Writer(QByteArray &out)
        : m_out(out)
    {}

    bool ok() const { return m_ok; }
    void fail() { m_ok = false; }

    void u8(quint8 v) { m_out.append(char(v)); }
    void u16(quint16 v)
    {
        u8(quint8(v >> 8));
        u8(quint8(v));
    }
    void u32(quint32 v)
    {
        u16(quint16(v >> 16));
        u16(quint16(v));
    }
    void vbi(quint32 v)
    {
        if (v > maxRemainingLength) {
            m_ok = false;
            return;
        }
        do {
            quint8 byte = v % 128;
            v /= 128;
            if (v > 0)
                byte |= 0x80;
            u8(byte);
        } while (v > 0);
    }
    void binary(const QByteArray &data)
    {
        if (data.size() > 0xFFFF) {
            m_ok = false;
            return;
        }
        u16(quint16(data.size()));
        m_out.append(data);
    }
    void string(const QString &s) { binary(s.toUtf8()); }
    void raw(const QByteArray &data) { m_out.append(data); }

private:
    QByteArray &m_out;
    bool m_ok = true;
};

void writeProperties(Writer &w, const MqttProperties &p)
{
    QByteArray body;
    Writer b(body);
    auto id = [&b](MqttPropertyId i) { b.vbi(quint8(i)); };
    if (p.payloadFormatIndicator) {
        id(MqttPropertyId::PayloadFormatIndicator);
        b.u8(*p.payloadFormatIndicator);
    }
    if (p.messageExpiryInterval) {
        id(MqttPropertyId::MessageExpiryInterval);
        b.u32(*p.messageExpiryInterval);
    }
    if (p.contentType) {
        id(MqttPropertyId::ContentType);
        b.string(*p.contentType);
    }
    if (p.responseTopic) {
        id(MqttPropertyId::ResponseTopic);
        b.string(*p.responseTopic);
    }
    if (p.correlationData) {
        id(MqttPropertyId::CorrelationData);
        b.binary(*p.correlationData);
    }
    for (quint32 sid : p.subscriptionIdentifiers) {
        id(MqttPropertyId::SubscriptionIdentifier);
        b.vbi(sid);
    }
    if (p.sessionExpiryInterval) {
        id(MqttPropertyId::SessionExpiryInterval);
        b.u32(*p.sessionExpiryInterval);
    }
    if (p.assignedClientIdentifier) {
        id(MqttPropertyId::AssignedClientIdentifier);
        b.string(*p.assignedClientIdentifier);
    }
    if (p.serverKeepAlive) {
        id(MqttPropertyId::ServerKeepAlive);
        b.u16(*p.serverKeepAlive);
    }
    if (p.authenticationMethod) {
        id(MqttPropertyId::AuthenticationMethod);
        b.string(*p.authenticationMethod);
    }
    if (p.authenticationData) {
        id(MqttPropertyId::AuthenticationData);
        b.binary(*p.authenticationData);
    }
    if (p.requestProblemInformation) {
        id(MqttPropertyId::RequestProblemInformation);
        b.u8(*p.requestProblemInformation);
    }
    if (p.willDelayInterval) {
        id(MqttPropertyId::WillDelayInterval);
        b.u32(*p.willDelayInterval);
    }
    if (p.requestResponseInformation) {
        id(MqttPropertyId::RequestResponseInformation);
        b.u8(*p.requestResponseInformation);
    }
    if (p.responseInformation) {
        id(MqttPropertyId::ResponseInformation);
        b.string(*p.responseInformation);
    }
    if (p.serverReference) {
        id(MqttPropertyId::ServerReference);
        b.string(*p.serverReference);
    }
    if (p.reasonString) {
        id(MqttPropertyId::ReasonString);
        b.string(*p.reasonString);
    }
    if (p.receiveMaximum) {
        id(MqttPropertyId::ReceiveMaximum);
        b.u16(*p.receiveMaximum);
    }
    if (p.topicAliasMaximum) {
        id(MqttPropertyId::TopicAliasMaximum);
        b.u16(*p.topicAliasMaximum);
    }
    if (p.topicAlias) {
        id(MqttPropertyId::TopicAlias);
        b.u16(*p.topicAlias);
    }
    if (p.maximumQos) {
        id(MqttPropertyId::MaximumQos);
        b.u8(*p.maximumQos);
    }
    if (p.retainAvailable) {
        id(MqttPropertyId::RetainAvailable);
        b.u8(*p.retainAvailable);
    }
    for (const auto &[name, value] : p.userProperties) {
        id(MqttPropertyId::UserProperty);
        b.string(name);
        b.string(value);
    }
    if (p.maximumPacketSize) {
        id(MqttPropertyId::MaximumPacketSize);
        b.u32(*p.maximumPacketSize);
    }
    if (p.wildcardSubscriptionAvailable) {
        id(MqttPropertyId::WildcardSubscriptionAvailable);
        b.u8(*p.wildcardSubscriptionAvailable);
    }
    if (p.subscriptionIdentifierAvailable) {
        id(MqttPropertyId::SubscriptionIdentifierAvailable);
        b.u8(*p.subscriptionIdentifierAvailable);
    }
    if (p.sharedSubscriptionAvailable) {
        id(MqttPropertyId::SharedSubscriptionAvailable);
        b.u8(*p.sharedSubscriptionAvailable);
    }
    if (!b.ok())
        w.fail();
    w.vbi(quint32(body.size()));
    w.raw(body);
}

quint8 fixedHeaderFlags(const MqttPacket &p)
{
    switch (p.type) {
    case MqttPacketType::Publish:
        return quint8((p.dup ? 0x08 : 0) | ((p.qos & 0x03) << 1) | (p.retain ? 0x01 : 0));
    case MqttPacketType::Pubrel:
    case MqttPacketType::Subscribe:
    case MqttPacketType::Unsubscribe:
        return 0x02; // §2.2.2: reserved bits that must be 0010
    default:
        return 0;
    }
}

bool propertiesEmpty(const MqttProperties &p)
{
    return p == MqttProperties{};
}

} // namespace

QByteArray MqttPacket::encode(MqttProtocolVersion version) const
{
    if (type == MqttPacketType::Connect)
        version = protocolVersion;
    const bool v5 = version == MqttProtocolVersion::V5;

    QByteArray body;
    Writer w(body);
    switch (type) {
    case MqttPacketType::Connect: {
        w.string(QStringLiteral("MQTT"));
        w.u8(v5 ? 5 : 4);
        quint8 flags = cleanStart ? 0x02 : 0;
        if (will) {
            flags |= 0x04 | quint8((will->qos & 0x03) << 3) | (will->retain ? 0x20 : 0);
        }
        if (password)
            flags |= 0x40;
        if (username)
            flags |= 0x80;
        w.u8(flags);
        w.u16(keepAlive);
        if (v5)
            writeProperties(w, properties);
        w.string(clientId);
        if (will) {
            if (v5)
                writeProperties(w, will->properties);
            w.string(will->topic);
            w.binary(will->payload);
        }
        if (username)
            w.string(*username);
        if (password)
            w.binary(*password);
        break;
    }
    case MqttPacketType::Connack:
        w.u8(sessionPresent ? 1 : 0);
        w.u8(reasonCode);
        if (v5)
            writeProperties(w, properties);
        break;
    case MqttPacketType::Publish:
        w.string(topic);
        if (qos > 0)
            w.u16(packetId);
        if (v5)
            writeProperties(w, properties);
        w.raw(payload);
        break;
    case MqttPacketType::Puback:
    case MqttPacketType::Pubrec:
    case MqttPacketType::Pubrel:
    case MqttPacketType::Pubcomp:
        w.u16(packetId);
        if (v5 && (reasonCode != 0 || !propertiesEmpty(properties))) {
            w.u8(reasonCode);
            if (!propertiesEmpty(properties))
                writeProperties(w, properties);
        }
        break;
    case MqttPacketType::Subscribe:
        w.u16(packetId);
        if (v5)
            writeProperties(w, properties);
        for (const MqttSubscription &s : subscriptions) {
            w.string(s.filter);
            quint8 options = s.qos & 0x03;
            if (v5) {
                options |= (s.noLocal ? 0x04 : 0) | (s.retainAsPublished ? 0x08 : 0) |
                           quint8((s.retainHandling & 0x03) << 4);
            }
            w.u8(options);
        }
        break;
    case MqttPacketType::Suback:
    case MqttPacketType::Unsuback:
        w.u16(packetId);
        if (v5)
            writeProperties(w, properties);
        if (v5 || type == MqttPacketType::Suback) {
            for (quint8 code : reasonCodes)
                w.u8(code);
        }
        break;
    case MqttPacketType::Unsubscribe:
        w.u16(packetId);
        if (v5)
            writeProperties(w, properties);
        for (const MqttSubscription &s : subscriptions)
            w.string(s.filter);
        break;
    case MqttPacketType::Pingreq:
    case MqttPacketType::Pingresp:
        break;
    case MqttPacketType::Disconnect:
    case MqttPacketType::Auth:
        if (v5 && (reasonCode != 0 || !propertiesEmpty(properties))) {
            w.u8(reasonCode);
            if (!propertiesEmpty(properties))
                writeProperties(w, properties);
        }
        break;
    case MqttPacketType::Reserved:
        return {};
    }
    if (!w.ok() || quint64(body.size()) > maxRemainingLength)
        return {};

    QByteArray packet;
    packet.reserve(body.size() + 5);
    Writer header(packet);
    header.u8(quint8((quint8(type) << 4) | fixedHeaderFlags(*this)));
    header.vbi(quint32(body.size()));
    packet.append(body);
    return packet;
}

QString mqttPacketTypeName(MqttPacketType type)
{
    switch (type) {
    case MqttPacketType::Reserved:
        return QStringLiteral("reserved packet type 0");
    case MqttPacketType::Connect:
        return QStringLiteral("CONNECT");
    case MqttPacketType::Connack:
        return QStringLiteral("CONNACK");
    case MqttPacketType::Publish:
        return QStringLiteral("PUBLISH");
    case MqttPacketType::Puback:
        return QStringLiteral("PUBACK");
    case MqttPacketType::Pubrec:
        return QStringLiteral("PUBREC");
    case MqttPacketType::Pubrel:
        return QStringLiteral("PUBREL");
    case MqttPacketType::Pubcomp:
        return QStringLiteral("PUBCOMP");
    case MqttPacketType::Subscribe:
        return QStringLiteral("SUBSCRIBE");
    case MqttPacketType::Suback:
        return QStringLiteral("SUBACK");
    case MqttPacketType::Unsubscribe:
        return QStringLiteral("UNSUBSCRIBE");
    case MqttPacketType::Unsuback:
        return QStringLiteral("UNSUBACK");
    case MqttPacketType::Pingreq:
        return QStringLiteral("PINGREQ");
    case MqttPacketType::Pingresp:
        return QStringLiteral("PINGRESP");
    case MqttPacketType::Disconnect:
        return QStringLiteral("DISCONNECT");
    case MqttPacketType::Auth:
        return QStringLiteral("AUTH");
    }
    return QStringLiteral("packet type %1").arg(int(type));
}

} // namespace mqhook
