#include "fakemqttbroker.h"

namespace mqhook::test {

FakeMqttBroker::FakeMqttBroker(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            if (m_client) {
                m_client->disconnect(this);
                m_client->abort();
                m_client->deleteLater();
            }
            m_client = socket;
            socket->setParent(this);
            ++m_connections;
            // CONNECT is read the same in both versions up to its level byte.
            m_decoder = MqttDecoder(MqttProtocolVersion::V5);
            connect(socket, &QTcpSocket::readyRead, this, &FakeMqttBroker::onReadyRead);
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                if (socket == m_client)
                    emit clientDisconnected();
            });
            emit clientConnected();
        }
    });
}

bool FakeMqttBroker::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QList<MqttPacket> FakeMqttBroker::received(MqttPacketType type) const
{
    QList<MqttPacket> out;
    for (const MqttPacket &p : m_received) {
        if (p.type == type)
            out.append(p);
    }
    return out;
}

void FakeMqttBroker::send(const MqttPacket &packet)
{
    sendRaw(packet.encode(m_version));
}

void FakeMqttBroker::sendRaw(const QByteArray &bytes)
{
    if (m_client)
        m_client->write(bytes);
}

void FakeMqttBroker::dropClient()
{
    if (m_client)
        m_client->disconnectFromHost();
}

void FakeMqttBroker::onReadyRead()
{
    auto *socket = qobject_cast<QTcpSocket *>(sender());
    if (socket != m_client)
        return;
    m_decoder.append(socket->readAll());
    MqttPacket packet;
    for (;;) {
        const MqttDecoder::Result result = m_decoder.next(&packet);
        if (result == MqttDecoder::Result::NeedMoreData)
            return;
        if (result == MqttDecoder::Result::Error) {
            emit decodeFailed(m_decoder.error().message);
            socket->abort();
            return;
        }
        handle(packet);
        if (socket != m_client)
            return;
    }
}

void FakeMqttBroker::handle(const MqttPacket &packet)
{
    if (packet.type == MqttPacketType::Connect) {
        m_version = packet.protocolVersion;
        m_decoder.setProtocolVersion(m_version);
    }
    m_received.append(packet);
    emit packetReceived(packet);

    MqttPacket reply;
    switch (packet.type) {
    case MqttPacketType::Connect:
        if (!m_autoConnack)
            return;
        reply.type = MqttPacketType::Connack;
        reply.sessionPresent = m_sessionPresent;
        reply.properties = m_connackProperties;
        break;
    case MqttPacketType::Pingreq:
        if (!m_autoPing)
            return;
        reply.type = MqttPacketType::Pingresp;
        break;
    case MqttPacketType::Subscribe:
        if (!m_autoSuback)
            return;
        reply.type = MqttPacketType::Suback;
        reply.packetId = packet.packetId;
        for (const MqttSubscription &s : packet.subscriptions)
            reply.reasonCodes.append(s.qos);
        break;
    case MqttPacketType::Unsubscribe:
        if (!m_autoSuback)
            return;
        reply.type = MqttPacketType::Unsuback;
        reply.packetId = packet.packetId;
        if (m_version == MqttProtocolVersion::V5)
            reply.reasonCodes = QList<quint8>(packet.subscriptions.size(), 0);
        break;
    default:
        return;
    }
    send(reply);
}

} // namespace mqhook::test
