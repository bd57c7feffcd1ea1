#include "base/logcategories.h"
#include "mqttclient.h"
#include "mqttreasoncode.h"

// Receiving: PUBLISH from the broker and the acknowledgements the client holds
// until the application says a message is safe (MQTT 3.1.1 / 5.0 §4.3, §4.6).
namespace mqhook {

void MqttClient::handlePublish(MqttPacket &packet)
{
    const bool v5 = m_version == MqttProtocolVersion::V5;
    if (v5 && packet.properties.topicAlias) {
        // 5.0 §3.3.2.3.4
        const quint16 alias = *packet.properties.topicAlias;
        if (alias > m_topicAliasMaximum) {
            protocolViolation(MqttReasonCode::TopicAliasInvalid,
                              QStringLiteral("PUBLISH: Topic Alias %1 exceeds our maximum %2")
                                  .arg(alias)
                                  .arg(m_topicAliasMaximum));
            return;
        }
        if (packet.topic.isEmpty()) {
            const auto it = m_topicAliases.constFind(alias);
            if (it == m_topicAliases.constEnd()) {
                protocolViolation(MqttReasonCode::ProtocolError,
                                  QStringLiteral("PUBLISH: unknown Topic Alias %1").arg(alias));
                return;
            }
            packet.topic = *it;
        } else {
            m_topicAliases.insert(alias, packet.topic);
        }
    }

    MqttMessage message;
    message.qos = packet.qos;
    message.retain = packet.retain;
    message.dup = packet.dup;
    message.packetId = packet.packetId;

    if (packet.qos > 0) {
        InboundAck entry;
        entry.packetId = packet.packetId;
        entry.qos = packet.qos;
        if (packet.qos == 2 && m_awaitingRelease.contains(packet.packetId)) {
            // Delivered before and answered with PUBREC; the PUBREC was lost.
            // Answer again, in order, without a second delivery (4.3.3).
            entry.duplicate = true;
            entry.acknowledged = true;
            m_ackQueue.push_back(entry);
            flushAcks();
            return;
        }
        if (v5 && inboundInFlight() >= m_receiveMaximum && !m_receiveMaximumExceeded) {
            // 5.0 §3.3.4 lets us disconnect with 0x93 here, but mosquitto 2.0
            // overruns our Receive Maximum whenever it resumes a session with
            // messages in flight: a disconnect would make it resend them all
            // again on the next session, forever. Take the message and say so
            // once per connection; pausing the read still holds the broker back.
            m_receiveMaximumExceeded = true;
            qCWarning(lcMqtt,
                      "%s:%u sends more than %d unacknowledged QoS 1/2 messages (our Receive "
                      "Maximum, MQTT 5.0 §3.3.4); taking them anyway",
                      qUtf8Printable(m_settings.host), unsigned(m_settings.port), m_receiveMaximum);
        }
        entry.token = m_nextToken++;
        entry.acknowledged = !m_manualAck;
        m_ackQueue.push_back(entry);
        ++m_ackQueueCounted;
        message.ackToken = entry.token;
    }
    message.topic = std::move(packet.topic);
    message.payload = std::move(packet.payload);
    message.properties = std::move(packet.properties);
    message.properties.topicAlias.reset();
    emit messageReceived(message);
    if (message.qos > 0 && !m_manualAck)
        flushAcks();
}

int MqttClient::inboundInFlight() const
{
    // Counted as the queue changes: a scan per PUBLISH cost O(backlog).
    return int(m_awaitingRelease.size()) + m_ackQueueCounted;
}

bool MqttClient::acknowledge(const MqttMessage &message)
{
    return acknowledge(message.ackToken);
}

bool MqttClient::acknowledge(quint64 ackToken)
{
    if (ackToken == 0)
        return false;
    for (InboundAck &entry : m_ackQueue) {
        if (entry.token == ackToken) {
            if (entry.acknowledged)
                return true;
            entry.acknowledged = true;
            flushAcks();
            return true;
        }
    }
    return false;
}

void MqttClient::flushAcks()
{
    // 3.1.1 §4.6 / 5.0 §4.6: acknowledgements in the order the PUBLISH
    // packets arrived; a later one waits for the earlier ones.
    while (!m_ackQueue.empty() && m_ackQueue.front().acknowledged && isConnectionAlive()) {
        const InboundAck entry = m_ackQueue.front();
        m_ackQueue.pop_front();
        if (!entry.duplicate)
            --m_ackQueueCounted;
        if (entry.qos == 1) {
            sendAck(MqttPacketType::Puback, entry.packetId);
        } else {
            m_awaitingRelease.insert(entry.packetId);
            sendAck(MqttPacketType::Pubrec, entry.packetId);
        }
    }
}

void MqttClient::handlePubrel(const MqttPacket &packet)
{
    // 5.0 §4.3.3: an unknown identifier is answered with 0x92, not an error.
    const bool known = m_awaitingRelease.remove(packet.packetId);
    const quint8 reason = (known || m_version == MqttProtocolVersion::V311)
                              ? MqttReasonCode::Success
                              : MqttReasonCode::PacketIdentifierNotFound;
    sendAck(MqttPacketType::Pubcomp, packet.packetId, reason);
}

} // namespace mqhook
