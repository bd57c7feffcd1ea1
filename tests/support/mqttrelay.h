#pragma once

#include "mqtt/mqttpacket.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTcpServer>

#include <memory>
#include <vector>

class QTcpSocket;

namespace mqhook::test {

// A TCP relay on 127.0.0.1 (a free port) between MQTT clients and a real
// broker on 127.0.0.1:upstreamPort. It passes every byte on, except that
// broker-to-client packets of the types set with hold() wait in the relay
// until release(): a test can keep, say, a SUBACK from the client while the
// broker has granted the subscription.
class MqttRelay : public QObject
{
    Q_OBJECT

public:
    explicit MqttRelay(quint16 upstreamPort, QObject *parent = nullptr);

    bool listen(QString *error);
    quint16 port() const { return m_server.serverPort(); }

    // Holds broker-to-client packets of this type from now on.
    void hold(MqttPacketType type) { m_held.insert(int(type)); }
    // Sends what was held, in order, and holds nothing from now on.
    void release();
    // Packets held so far and not yet released.
    int heldCount() const;

signals:
    void packetHeld(mqhook::MqttPacketType type);

private:
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> broker;
        QByteArray fromBroker; // bytes of a packet not complete yet
        QList<QByteArray> held;
    };

    void onNewConnection();
    void forwardFromBroker(Pair &pair);

    quint16 m_upstreamPort = 0;
    QTcpServer m_server;
    QSet<int> m_held; // MqttPacketType values
    std::vector<std::unique_ptr<Pair>> m_pairs;
};

} // namespace mqhook::test
