#include "base/logcategories.h"
#include "mqttclient.h"
#include "mqttreasoncode.h"

// Publishing: outgoing PUBLISH with QoS 1 and 2 and their flows, kept across
// reconnects until the broker completed them (MQTT 3.1.1 / 5.0 §4.3, §4.4).
namespace mqhook {

int MqttClient::allocatePacketId()
{
    for (int i = 0; i < 65535; ++i) {
        m_lastPacketId = quint16(m_lastPacketId % 65535 + 1);
        if (!m_outbound.count(m_lastPacketId) && !m_pendingSubscribes.contains(m_lastPacketId) &&
            !m_pendingUnsubscribes.contains(m_lastPacketId)) {
            return m_lastPacketId;
        }
    }
    return -1;
}

int MqttClient::publish(const QString &topic, const QByteArray &payload, quint8 qos, bool retain,
                        const MqttProperties &properties)
{
    if (qos > 2 || topic.isEmpty() || topic.contains(QLatin1Char('+')) ||
        topic.contains(QLatin1Char('#'))) {
        qCWarning(lcMqtt) << "publish: invalid topic or QoS" << topic << qos;
        return -1;
    }
    if (qos == 0 && m_state != State::Connected)
        return -1;
    if (m_state == State::Connected && qos > m_serverMaximumQos) {
        qCWarning(lcMqtt) << "publish: the broker accepts QoS" << m_serverMaximumQos << "at most";
        return -1;
    }
    MqttPacket packet;
    packet.type = MqttPacketType::Publish;
    packet.topic = topic;
    packet.payload = payload;
    packet.qos = qos;
    packet.retain = retain;
    if (m_version == MqttProtocolVersion::V5)
        packet.properties = properties;
    packet.properties.topicAlias.reset();
    packet.properties.subscriptionIdentifiers.clear();
    if (qos > 0) {
        const int id = allocatePacketId();
        if (id < 0)
            return -1;
        packet.packetId = quint16(id);
    }
    const qsizetype size = packet.encode(m_version).size();
    if (size == 0 || quint64(size) > m_serverMaximumPacketSize) {
        qCWarning(lcMqtt) << "publish: message of" << payload.size()
                          << "bytes is too large for the broker";
        return -1;
    }
    if (qos == 0) {
        send(packet);
        return 0;
    }
    Outbound entry;
    entry.sequence = m_nextSequence++;
    entry.publish = packet;
    m_outbound.emplace(packet.packetId, entry);
    sendQueuedPublishes();
    return packet.packetId;
}

void MqttClient::sendQueuedPublishes()
{
    if (m_state != State::Connected)
        return;
    // 5.0 §4.9: no more unacknowledged QoS 1/2 messages than the broker's
    // Receive Maximum; the rest wait, in order.
    std::vector<std::pair<quint64, quint16>> queued;
    for (const auto &[id, entry] : m_outbound) {
        if (entry.stage == Outbound::Stage::Queued)
            queued.emplace_back(entry.sequence, id);
    }
    std::sort(queued.begin(), queued.end());
    for (const auto &[sequence, id] : queued) {
        if (m_outboundInFlight >= m_serverReceiveMaximum)
            break;
        Outbound &entry = m_outbound.at(id);
        entry.stage = Outbound::Stage::AwaitAck;
        entry.sent = true;
        ++m_outboundInFlight;
        send(entry.publish);
    }
}

void MqttClient::completeOutbound(quint16 packetId, quint8 reasonCode)
{
    m_outbound.erase(packetId);
    emit published(packetId, reasonCode);
}

void MqttClient::handlePuback(const MqttPacket &packet)
{
    const auto it = m_outbound.find(packet.packetId);
    if (it == m_outbound.end() || it->second.stage != Outbound::Stage::AwaitAck ||
        it->second.publish.qos != 1) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("PUBACK for packet identifier %1, which awaits none")
                              .arg(packet.packetId));
        return;
    }
    --m_outboundInFlight;
    completeOutbound(packet.packetId, packet.reasonCode);
    sendQueuedPublishes();
}

void MqttClient::handlePubrec(const MqttPacket &packet)
{
    const auto it = m_outbound.find(packet.packetId);
    if (it == m_outbound.end() || it->second.publish.qos != 2 ||
        it->second.stage == Outbound::Stage::Queued) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("PUBREC for packet identifier %1, which awaits none")
                              .arg(packet.packetId));
        return;
    }
    if (packet.reasonCode >= 0x80) {
        // 5.0 §4.3.3: a refused QoS 2 message ends here.
        --m_outboundInFlight;
        completeOutbound(packet.packetId, packet.reasonCode);
        sendQueuedPublishes();
        return;
    }
    it->second.stage = Outbound::Stage::AwaitComplete;
    it->second.publish.payload.clear();
    sendAck(MqttPacketType::Pubrel, packet.packetId);
}

void MqttClient::handlePubcomp(const MqttPacket &packet)
{
    const auto it = m_outbound.find(packet.packetId);
    if (it == m_outbound.end() || it->second.stage != Outbound::Stage::AwaitComplete) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("PUBCOMP for packet identifier %1, which awaits none")
                              .arg(packet.packetId));
        return;
    }
    --m_outboundInFlight;
    completeOutbound(packet.packetId, packet.reasonCode);
    sendQueuedPublishes();
}

} // namespace mqhook
