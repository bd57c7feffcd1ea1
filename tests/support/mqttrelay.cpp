#include "mqttrelay.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <optional>

namespace mqhook::test {

namespace {

// The size of the first whole packet in data (fixed header included), or
// nothing while it is incomplete (MQTT 5.0 §2.1.4, the variable byte integer
// of the remaining length).
std::optional<qsizetype> packetSize(const QByteArray &data)
{
    qsizetype remaining = 0;
    int shift = 0;
    for (qsizetype i = 1; i < data.size() && i <= 4; ++i) {
        const auto byte = quint8(data.at(i));
        remaining |= qsizetype(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) {
            const qsizetype total = i + 1 + remaining;
            if (data.size() < total)
                return std::nullopt;
            return total;
        }
        shift += 7;
    }
    return std::nullopt;
}

} // namespace

MqttRelay::MqttRelay(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &MqttRelay::onNewConnection);
}

bool MqttRelay::listen(QString *error)
{
    if (m_server.listen(QHostAddress::LocalHost, 0))
        return true;
    *error = QStringLiteral("relay cannot listen: %1").arg(m_server.errorString());
    return false;
}

void MqttRelay::release()
{
    m_held.clear();
    for (const auto &pair : m_pairs) {
        for (const QByteArray &packet : std::as_const(pair->held)) {
            if (pair->client)
                pair->client->write(packet);
        }
        pair->held.clear();
        forwardFromBroker(*pair);
    }
}

int MqttRelay::heldCount() const
{
    int n = 0;
    for (const auto &pair : m_pairs)
        n += int(pair->held.size());
    return n;
}

void MqttRelay::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        m_pairs.push_back(std::make_unique<Pair>());
        Pair *pair = m_pairs.back().get();
        pair->client = client;
        pair->broker = new QTcpSocket(this);
        client->setParent(this);
        QTcpSocket *broker = pair->broker;
        // What the client sends before the broker connection is up waits in
        // the client socket's buffer.
        connect(broker, &QTcpSocket::connected, this,
                [client, broker] { broker->write(client->readAll()); });
        connect(client, &QTcpSocket::readyRead, this, [client, broker] {
            if (broker->state() == QAbstractSocket::ConnectedState)
                broker->write(client->readAll());
        });
        connect(broker, &QTcpSocket::readyRead, this, [this, pair] {
            pair->fromBroker += pair->broker->readAll();
            forwardFromBroker(*pair);
        });
        // Either side closing closes the other, as a plain TCP path would.
        connect(client, &QTcpSocket::disconnected, broker, &QTcpSocket::disconnectFromHost);
        connect(broker, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        broker->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void MqttRelay::forwardFromBroker(Pair &pair)
{
    while (const std::optional<qsizetype> size = packetSize(pair.fromBroker)) {
        const QByteArray packet = pair.fromBroker.left(*size);
        pair.fromBroker.remove(0, *size);
        const auto type = MqttPacketType(quint8(packet.at(0)) >> 4);
        // Later packets wait behind a held one, so the client sees the
        // broker's order.
        if (m_held.contains(int(type)) || !pair.held.isEmpty()) {
            pair.held.append(packet);
            if (m_held.contains(int(type)))
                emit packetHeld(type);
            continue;
        }
        if (pair.client)
            pair.client->write(packet);
    }
}

} // namespace mqhook::test
