#pragma once

#include "mqtt/mqttdecoder.h"
#include "mqtt/mqttpacket.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace mqhook::test {

// A scripted MQTT broker on 127.0.0.1 (a free port) for tests that need to
// misbehave: it decodes what the client sends, answers CONNECT, PINGREQ and
// SUBSCRIBE by itself unless told not to, and lets the test send any bytes,
// valid or not (SUBSCRIBE and UNSUBSCRIBE are granted). One client connection at a time; a new one
// replaces the old.
class FakeMqttBroker : public QObject
{
    Q_OBJECT

public:
    explicit FakeMqttBroker(QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }

    // The protocol version of the current client's CONNECT.
    MqttProtocolVersion protocolVersion() const { return m_version; }

    void setAutoConnack(bool on) { m_autoConnack = on; }
    void setSessionPresent(bool on) { m_sessionPresent = on; }
    void setConnackProperties(const MqttProperties &p) { m_connackProperties = p; }
    void setAutoPingResponse(bool on) { m_autoPing = on; }
    void setAutoSuback(bool on) { m_autoSuback = on; }

    void send(const MqttPacket &packet);
    void sendRaw(const QByteArray &bytes);
    // Closes the current client connection.
    void dropClient();
    bool hasClient() const { return m_client && m_client->state() == QTcpSocket::ConnectedState; }

    // Bytes written to the client that the kernel has not taken yet.
    qint64 bytesToWrite() const { return m_client ? m_client->bytesToWrite() : 0; }
    int connectionCount() const { return m_connections; }
    // Every packet received from clients so far, in order.
    const QList<MqttPacket> &received() const { return m_received; }
    QList<MqttPacket> received(MqttPacketType type) const;
    void clearReceived() { m_received.clear(); }

signals:
    void clientConnected();
    void packetReceived(const mqhook::MqttPacket &packet);
    // The client sent bytes the decoder refused.
    void decodeFailed(const QString &message);
    void clientDisconnected();

private:
    void onReadyRead();
    void handle(const MqttPacket &packet);

    QTcpServer m_server;
    QPointer<QTcpSocket> m_client;
    MqttDecoder m_decoder;
    MqttProtocolVersion m_version = MqttProtocolVersion::V5;
    bool m_autoConnack = true;
    bool m_sessionPresent = false;
    MqttProperties m_connackProperties;
    bool m_autoPing = true;
    bool m_autoSuback = true;
    int m_connections = 0;
    QList<MqttPacket> m_received;
};

} // namespace mqhook::test
