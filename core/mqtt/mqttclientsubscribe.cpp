#include "base/logcategories.h"
#include "mqttclient.h"
#include "mqttreasoncode.h"

#include <algorithm>

// Subscriptions: SUBSCRIBE and UNSUBSCRIBE, remembered and sent again after a
// reconnect unless the broker kept the session (MQTT 3.1.1 / 5.0 §3.8-§3.11).
namespace mqhook {

int MqttClient::subscribe(const QString &filter, quint8 qos, quint32 subscriptionIdentifier)
{
    if (filter.isEmpty() || qos > 2 || subscriptionIdentifier > 268'435'455)
        return -1;
    auto it = std::find_if(m_subscriptions.begin(), m_subscriptions.end(),
                           [&](const Subscription &s) { return s.filter == filter; });
    m_unconfirmedUnsubscribes.removeAll(filter);
    if (it == m_subscriptions.end()) {
        m_subscriptions.append(Subscription{filter, qos, subscriptionIdentifier, false});
        it = m_subscriptions.end() - 1;
    } else {
        it->qos = qos;
        it->identifier = subscriptionIdentifier;
        it->confirmed = false;
    }
    if (m_state != State::Connected)
        return 0;
    return sendSubscribe(*it);
}

int MqttClient::sendSubscribe(const Subscription &subscription)
{
    const int id = allocatePacketId();
    if (id < 0)
        return -1;
    MqttPacket packet;
    packet.type = MqttPacketType::Subscribe;
    packet.packetId = quint16(id);
    packet.subscriptions.append(MqttSubscription{subscription.filter, subscription.qos});
    if (m_version == MqttProtocolVersion::V5 && subscription.identifier > 0)
        packet.properties.subscriptionIdentifiers = {subscription.identifier};
    m_pendingSubscribes.insert(quint16(id), {subscription.filter});
    send(packet);
    return id;
}

void MqttClient::handleSuback(const MqttPacket &packet)
{
    const auto it = m_pendingSubscribes.find(packet.packetId);
    if (it == m_pendingSubscribes.end() || it->size() != packet.reasonCodes.size()) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("SUBACK for packet identifier %1 does not answer a "
                                         "SUBSCRIBE")
                              .arg(packet.packetId));
        return;
    }
    const QStringList filters = *it;
    m_pendingSubscribes.erase(it);
    for (qsizetype i = 0; i < filters.size(); ++i) {
        const quint8 code = packet.reasonCodes.at(i);
        for (qsizetype k = 0; k < m_subscriptions.size(); ++k) {
            if (m_subscriptions[k].filter != filters[i])
                continue;
            if (code >= 0x80) {
                // Not re-sent on reconnect: the broker would refuse it again.
                m_subscriptions.removeAt(k);
            } else {
                m_subscriptions[k].confirmed = true;
            }
            break;
        }
        if (code >= 0x80)
            qCWarning(lcMqtt).noquote()
                << "subscription to" << filters[i] << "refused:" << describeMqttReasonCode(code);
        emit subscribeFinished(packet.packetId, filters[i], code);
    }
}

int MqttClient::unsubscribe(const QString &filter)
{
    m_subscriptions.removeIf([&](const Subscription &s) { return s.filter == filter; });
    // Until the broker confirms, a kept session may still hold it.
    if (!m_unconfirmedUnsubscribes.contains(filter))
        m_unconfirmedUnsubscribes.append(filter);
    if (m_state != State::Connected)
        return 0;
    return sendUnsubscribe(filter);
}

int MqttClient::sendUnsubscribe(const QString &filter)
{
    const int id = allocatePacketId();
    if (id < 0)
        return -1;
    MqttPacket packet;
    packet.type = MqttPacketType::Unsubscribe;
    packet.packetId = quint16(id);
    packet.subscriptions.append(MqttSubscription{filter});
    m_pendingUnsubscribes.insert(quint16(id), {filter});
    send(packet);
    return id;
}

void MqttClient::handleUnsuback(const MqttPacket &packet)
{
    const auto it = m_pendingUnsubscribes.find(packet.packetId);
    const bool v5 = m_version == MqttProtocolVersion::V5;
    if (it == m_pendingUnsubscribes.end() || (v5 && it->size() != packet.reasonCodes.size())) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("UNSUBACK for packet identifier %1 does not answer an "
                                         "UNSUBSCRIBE")
                              .arg(packet.packetId));
        return;
    }
    const QStringList filters = *it;
    m_pendingUnsubscribes.erase(it);
    for (const QString &filter : filters)
        m_unconfirmedUnsubscribes.removeAll(filter);
    for (qsizetype i = 0; i < filters.size(); ++i)
        emit unsubscribeFinished(packet.packetId, filters[i], v5 ? packet.reasonCodes.at(i) : 0);
}

} // namespace mqhook
