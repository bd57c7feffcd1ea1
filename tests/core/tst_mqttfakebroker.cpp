#include "fakemqttbroker.h"
#include "mqtt/mqttclient.h"
#include "mqtt/mqttreasoncode.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 20000;

QByteArray fromHex(const char *hex)
{
    return QByteArray::fromHex(QByteArray(hex).replace(' ', ""));
}

MqttPacket publishPacket(const QString &topic, const QByteArray &payload, quint8 qos,
                         quint16 id = 0)
{
    MqttPacket p;
    p.type = MqttPacketType::Publish;
    p.topic = topic;
    p.payload = payload;
    p.qos = qos;
    p.packetId = id;
    return p;
}

MqttPacket ackPacket(MqttPacketType type, quint16 id)
{
    MqttPacket p;
    p.type = type;
    p.packetId = id;
    return p;
}

QList<quint16> ids(const QList<MqttPacket> &packets)
{
    QList<quint16> out;
    for (const MqttPacket &p : packets)
        out << p.packetId;
    return out;
}

} // namespace

// The client against a scripted broker: keepalive, flow control, acknowledgement
// order, and every kind of bad input.
class tst_MqttFakeBroker : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void keepAliveTimeout();
    void serverKeepAliveAndAssignedClientId();
    void badInput_data();
    void badInput();
    void randomGarbage_data();
    void randomGarbage();
    void serverDisconnect();
    void sessionPresentAfterCleanStart();
    void qos2InboundAcrossReconnect();
    void ackOrderWithMixedQos();
    void topicAliasInbound();
    void serverReceiveMaximumBoundsOutbound();
    void receiveMaximumCountsOnlyUnacknowledged();
    void outboundResentWithDupAfterReconnect();
    void serverMaximumPacketSize();
    void subscriptionsFollowTheSession();
    void pauseReadingAppliesBackpressure();

private:
    void connectClient(MqttProtocolVersion version = MqttProtocolVersion::V5);
    MqttClientSettings clientSettings() const;

    std::unique_ptr<FakeMqttBroker> m_broker;
    std::unique_ptr<MqttClient> m_client;
    QList<MqttMessage> m_messages;
};

MqttClientSettings tst_MqttFakeBroker::clientSettings() const
{
    MqttClientSettings settings;
    settings.hostname = QStringLiteral("127.0.0.1");
    settings.port = m_broker->port();
    settings.clientId = QStringLiteral("fake-test");
    settings.reconnectDelay = 50ms;
    settings.maximumReconnectDelay = 200ms;
    return settings;
}

void tst_MqttFakeBroker::init()
{
    m_broker = std::make_unique<FakeMqttBroker>();
    QVERIFY(m_broker->listen());
    m_client = std::make_unique<MqttClient>();
    m_client->configure(clientSettings());
    m_messages.clear();
    connect(m_client.get(), &MqttClient::messageReceived, this,
            [this](const MqttMessage &m) { m_messages.append(m); });
}

void tst_MqttFakeBroker::cleanup()
{
    m_client.reset();
    m_broker.reset();
}

void tst_MqttFakeBroker::connectClient(MqttProtocolVersion version)
{
    m_client->setProtocolVersion(version);
    QSignalSpy connected(m_client.get(), &MqttClient::connected);
    m_client->connectToHost();
    QVERIFY(connected.wait(timeout));
}

void tst_MqttFakeBroker::keepAliveTimeout()
{
    m_client->setKeepAlive(1);
    connectClient();
    // Answered pings keep the connection.
    QTRY_VERIFY_WITH_TIMEOUT(m_broker->received(MqttPacketType::Pingreq).size() >= 2, timeout);
    QCOMPARE(m_broker->connectionCount(), 1);

    QSignalSpy errors(m_client.get(), &MqttClient::errorOccurred);
    m_broker->setAutoPingResponse(false);
    QVERIFY(errors.wait(timeout));
    QCOMPARE(errors.at(0).at(0).value<MqttClient::Error>(), MqttClient::Error::KeepAliveTimeout);
    QVERIFY2(errors.at(0).at(1).toString().contains(QStringLiteral("no PINGRESP")),
             qPrintable(errors.at(0).at(1).toString()));
    // 5.0: the client says why it leaves.
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Disconnect).size(), 1, timeout);
    QCOMPARE(m_broker->received(MqttPacketType::Disconnect).at(0).reasonCode,
             MqttReasonCode::KeepAliveTimeout);
    // ... and comes back.
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->connectionCount(), 2, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), MqttClient::State::Connected, timeout);
}

void tst_MqttFakeBroker::serverKeepAliveAndAssignedClientId()
{
    m_client->setClientId(QString());
    m_client->setKeepAlive(600);
    MqttProperties props;
    props.assignedClientIdentifier = QStringLiteral("assigned-42");
    props.serverKeepAlive = 1;
    m_broker->setConnackProperties(props);
    connectClient();
    QCOMPARE(m_client->assignedClientId(), QStringLiteral("assigned-42"));
    QCOMPARE(m_broker->received(MqttPacketType::Connect).at(0).clientId, QString());
    // The broker's keepalive of 1 s wins over our 600 s.
    QTRY_VERIFY_WITH_TIMEOUT(!m_broker->received(MqttPacketType::Pingreq).isEmpty(), 5000);

    // The session continues under the assigned identifier.
    m_broker->dropClient();
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Connect).size(), 2, timeout);
    QCOMPARE(m_broker->received(MqttPacketType::Connect).at(1).clientId,
             QStringLiteral("assigned-42"));
}

void tst_MqttFakeBroker::badInput_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("disconnectReason");
    QTest::addColumn<QString>("message");

    const int v3 = int(MqttProtocolVersion::V311);
    const int v5 = int(MqttProtocolVersion::V5);
    auto row = [](const char *name, int version, const QByteArray &bytes, int reason,
                  const char *message) {
        QTest::newRow(name) << version << bytes << reason << QString::fromUtf8(message);
    };
    row("remaining length of five bytes", v5, fromHex("30 ff ff ff ff 7f"), 0x81,
        "longer than four bytes");
    row("reserved packet type 0", v5, fromHex("00 00"), 0x81, "packet type 0");
    row("AUTH in 3.1.1", v3, fromHex("f0 00"), -1, "reserved in MQTT 3.1.1");
    row("PUBLISH QoS 3", v5, fromHex("36 05 0001 61 0001"), 0x81, "QoS 3");
    row("reserved flags on PUBACK", v3, fromHex("42 02 0001"), -1, "reserved fixed header flags");
    row("topic not UTF-8", v5, fromHex("30 05 0002 c328 00"), 0x81, "not valid UTF-8");
    row("topic with U+0000", v3, fromHex("30 05 0003 610062"), -1, "U+0000");
    row("packet id 0", v3, fromHex("32 05 0001 61 0000"), -1, "packet identifier is 0");
    row("packet over our maximum size", v5, fromHex("30 ff ff 7f"), 0x95,
        "exceeds the maximum packet size");
    row("duplicate property", v5, fromHex("30 0a 0001 61 06 0100 0101 0000"), 0x82,
        "appears more than once");
    row("unknown topic alias", v5, fromHex("30 06 0000 03 230005"), 0x82, "unknown Topic Alias");
    row("topic alias above our maximum", v5, fromHex("30 07 0001 61 03 23ffff"), 0x94,
        "exceeds our maximum");
    row("PUBACK nobody waits for", v5, fromHex("40 02 0007"), 0x82, "PUBACK for packet");
    row("SUBACK nobody waits for", v3, fromHex("90 03 0009 00"), -1, "SUBACK for packet");
    row("second CONNACK", v5, fromHex("20 03 00 00 00"), 0x82, "a second CONNACK");
    MqttPacket connect;
    connect.type = MqttPacketType::Connect;
    row("CONNECT from the broker", v5, connect.encode(MqttProtocolVersion::V5), 0x82,
        "only clients send");
    row("DISCONNECT in 3.1.1", v3, fromHex("e0 00"), -1, "3.1.1 does not allow");
    row("property length beyond packet", v5, fromHex("30 04 0001 61 7f"), 0x81, "exceeds the");
    row("string longer than packet", v3, fromHex("30 04 00ff 6162"), -1,
        "ends inside the topic name");
    row("CONNACK unknown reason code", v5, fromHex("20 03 00 03 00"), 0x81, "not allowed");
}

void tst_MqttFakeBroker::badInput()
{
    QFETCH(int, version);
    QFETCH(QByteArray, bytes);
    QFETCH(int, disconnectReason);
    QFETCH(QString, message);

    m_client->setMaximumPacketSize(64 * 1024);
    connectClient(MqttProtocolVersion(version));
    QSignalSpy errors(m_client.get(), &MqttClient::errorOccurred);
    QSignalSpy reconnected(m_client.get(), &MqttClient::connected);
    m_broker->sendRaw(bytes);
    QVERIFY(errors.wait(timeout));
    QCOMPARE(errors.at(0).at(0).value<MqttClient::Error>(), MqttClient::Error::ProtocolError);
    const QString text = errors.at(0).at(1).toString();
    QVERIFY2(text.contains(message), qPrintable(text));
    QVERIFY2(text.startsWith(QStringLiteral("invalid data from the broker")), qPrintable(text));

    QVERIFY(reconnected.wait(timeout));
    QCOMPARE(m_broker->connectionCount(), 2);
    const auto disconnects = m_broker->received(MqttPacketType::Disconnect);
    if (disconnectReason < 0) {
        QCOMPARE(disconnects.size(), 0); // 3.1.1 clients just close
    } else {
        QCOMPARE(disconnects.size(), 1);
        QCOMPARE(int(disconnects.at(0).reasonCode), disconnectReason);
    }
    QCOMPARE(m_client->state(), MqttClient::State::Connected);
}

void tst_MqttFakeBroker::randomGarbage_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 6; ++seed) {
        const int version =
            seed % 2 ? int(MqttProtocolVersion::V5) : int(MqttProtocolVersion::V311);
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << version << seed;
    }
}

void tst_MqttFakeBroker::randomGarbage()
{
    // Whatever the broker sends, the client survives it and comes back.
    QFETCH(int, version);
    QFETCH(quint32, seed);
    m_client->setManualAcknowledgement(seed % 3 == 0);
    connectClient(MqttProtocolVersion(version));
    QRandomGenerator random(seed);
    QByteArray garbage(4096, Qt::Uninitialized);
    random.fillRange(reinterpret_cast<quint32 *>(garbage.data()), garbage.size() / 4);
    // Start like a PUBLISH so that some of it gets past the first byte.
    garbage[0] = char(0x30);
    m_broker->sendRaw(garbage);
    QTest::qWait(100);
    m_broker->dropClient();
    QTRY_VERIFY_WITH_TIMEOUT(m_broker->connectionCount() >= 2, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), MqttClient::State::Connected, timeout);
    QCOMPARE(m_client->pendingAcknowledgements(), 0);
}

void tst_MqttFakeBroker::serverDisconnect()
{
    connectClient();
    QSignalSpy errors(m_client.get(), &MqttClient::errorOccurred);
    MqttPacket disconnect;
    disconnect.type = MqttPacketType::Disconnect;
    disconnect.reasonCode = 0x8E;
    disconnect.properties.reasonString = QStringLiteral("another client took the id");
    m_broker->send(disconnect);
    QVERIFY(errors.wait(timeout));
    QCOMPARE(errors.at(0).at(0).value<MqttClient::Error>(), MqttClient::Error::ServerDisconnected);
    QCOMPARE(errors.at(0).at(1).toString(),
             QStringLiteral("the broker disconnected: session taken over (0x8e): another client "
                            "took the id"));
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->connectionCount(), 2, timeout);
}

void tst_MqttFakeBroker::sessionPresentAfterCleanStart()
{
    m_client->setCleanSession(true);
    m_broker->setSessionPresent(true);
    QSignalSpy errors(m_client.get(), &MqttClient::errorOccurred);
    QSignalSpy connected(m_client.get(), &MqttClient::connected);
    m_client->connectToHost();
    QVERIFY(errors.wait(timeout));
    QCOMPARE(errors.at(0).at(0).value<MqttClient::Error>(), MqttClient::Error::ProtocolError);
    QVERIFY2(errors.at(0).at(1).toString().contains(QStringLiteral("session present")),
             qPrintable(errors.at(0).at(1).toString()));
    QCOMPARE(connected.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Disconnect).size(), 1, timeout);
    QCOMPARE(m_broker->received(MqttPacketType::Disconnect).at(0).reasonCode,
             MqttReasonCode::ProtocolError);
}

void tst_MqttFakeBroker::qos2InboundAcrossReconnect()
{
    m_client->setManualAcknowledgement(true);
    m_broker->setSessionPresent(true);
    connectClient();
    m_broker->send(publishPacket(QStringLiteral("q2"), "one", 2, 1));
    m_broker->send(publishPacket(QStringLiteral("q2"), "two", 2, 2));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages.size(), 2, timeout);

    // Acknowledged in reverse: PUBRECs still leave in arrival order.
    QVERIFY(m_client->acknowledge(m_messages.at(1)));
    QTest::qWait(50);
    QVERIFY(m_broker->received(MqttPacketType::Pubrec).isEmpty());
    QVERIFY(m_client->acknowledge(m_messages.at(0)));
    QTRY_COMPARE_WITH_TIMEOUT(ids(m_broker->received(MqttPacketType::Pubrec)),
                              (QList<quint16>{1, 2}), timeout);

    m_broker->send(ackPacket(MqttPacketType::Pubrel, 1));
    QTRY_COMPARE_WITH_TIMEOUT(ids(m_broker->received(MqttPacketType::Pubcomp)), QList<quint16>{1},
                              timeout);

    // The PUBREC for 2 was "lost": after a reconnect the broker sends the
    // PUBLISH again; the client answers without delivering it twice.
    m_broker->dropClient();
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->connectionCount(), 2, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), MqttClient::State::Connected, timeout);
    m_broker->clearReceived();
    MqttPacket again = publishPacket(QStringLiteral("q2"), "two", 2, 2);
    again.dup = true;
    m_broker->send(again);
    QTRY_COMPARE_WITH_TIMEOUT(ids(m_broker->received(MqttPacketType::Pubrec)), QList<quint16>{2},
                              timeout);
    QCOMPARE(m_messages.size(), 2);
    m_broker->send(ackPacket(MqttPacketType::Pubrel, 2));
    QTRY_COMPARE_WITH_TIMEOUT(ids(m_broker->received(MqttPacketType::Pubcomp)), QList<quint16>{2},
                              timeout);
    QCOMPARE(m_client->pendingAcknowledgements(), 0);

    // An unknown PUBREL gets PUBCOMP "packet identifier not found" (5.0 §4.3.3).
    m_broker->send(ackPacket(MqttPacketType::Pubrel, 99));
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Pubcomp).size(), 2, timeout);
    QCOMPARE(m_broker->received(MqttPacketType::Pubcomp).at(1).reasonCode,
             MqttReasonCode::PacketIdentifierNotFound);
}

void tst_MqttFakeBroker::ackOrderWithMixedQos()
{
    m_client->setManualAcknowledgement(true);
    m_client->setReceiveMaximum(3);
    connectClient();
    QCOMPARE(m_broker->received(MqttPacketType::Connect).at(0).properties.receiveMaximum,
             std::optional<quint16>(3));
    m_broker->send(publishPacket(QStringLiteral("a"), "1", 1, 10));
    m_broker->send(publishPacket(QStringLiteral("a"), "0", 0));
    m_broker->send(publishPacket(QStringLiteral("a"), "2", 2, 11));
    m_broker->send(publishPacket(QStringLiteral("a"), "3", 1, 12));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages.size(), 4, timeout);
    QCOMPARE(m_messages.at(1).ackToken, quint64(0));
    QCOMPARE(m_client->pendingAcknowledgements(), 3);

    QVERIFY(m_client->acknowledge(m_messages.at(3)));
    QVERIFY(m_client->acknowledge(m_messages.at(2)));
    QTest::qWait(50);
    QVERIFY(m_broker->received(MqttPacketType::Puback).isEmpty());
    QVERIFY(m_client->acknowledge(m_messages.at(0)));
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Puback).size(), 2, timeout);
    QList<MqttPacket> acks;
    for (const MqttPacket &p : m_broker->received()) {
        if (p.type == MqttPacketType::Puback || p.type == MqttPacketType::Pubrec)
            acks << p;
    }
    QCOMPARE(ids(acks), (QList<quint16>{10, 11, 12}));
    QCOMPARE(acks.at(1).type, MqttPacketType::Pubrec);

    // Our Receive Maximum of 3 counts the QoS 2 message until PUBCOMP; with
    // three unacknowledged, a fourth oversteps it. mosquitto does that when
    // it resumes a session, so the client warns once and takes the messages
    // instead of disconnecting (which would start the overrun again).
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("more than 3 unacknowledged")));
    QSignalSpy errors(m_client.get(), &MqttClient::errorOccurred);
    m_broker->send(publishPacket(QStringLiteral("a"), "4", 1, 13));
    m_broker->send(publishPacket(QStringLiteral("a"), "5", 1, 14));
    m_broker->send(publishPacket(QStringLiteral("a"), "6", 1, 15));
    QTRY_COMPARE_WITH_TIMEOUT(m_messages.size(), 7, timeout);
    QCOMPARE(m_client->pendingAcknowledgements(), 3);
    QVERIFY(errors.isEmpty());
    for (qsizetype i = 4; i < 7; ++i)
        QVERIFY(m_client->acknowledge(m_messages.at(i)));
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Puback).size(), 5, timeout);
    QVERIFY(m_broker->received(MqttPacketType::Disconnect).isEmpty());
    QCOMPARE(m_client->state(), MqttClient::State::Connected);
}

// Acknowledged messages leave the count against our Receive Maximum: one at
// a time, any number of them stay within a maximum of 2.
void tst_MqttFakeBroker::receiveMaximumCountsOnlyUnacknowledged()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("unacknowledged")));
    m_client->setManualAcknowledgement(true);
    m_client->setReceiveMaximum(2);
    connectClient();
    for (int i = 0; i < 5; ++i) {
        m_broker->send(publishPacket(QStringLiteral("a"), "x", 1, quint16(20 + i)));
        QTRY_COMPARE_WITH_TIMEOUT(m_messages.size(), i + 1, timeout);
        QVERIFY(m_client->acknowledge(m_messages.at(i)));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Puback).size(), i + 1,
                                  timeout);
    }
    QCOMPARE(m_client->pendingAcknowledgements(), 0);
}

void tst_MqttFakeBroker::topicAliasInbound()
{
    MqttClientSettings settings = clientSettings();
    settings.topicAliasMaximum = 10;
    m_client->configure(settings);
    connectClient();
    QCOMPARE(m_broker->received(MqttPacketType::Connect).at(0).properties.topicAliasMaximum,
             std::optional<quint16>(10));
    MqttPacket first = publishPacket(QStringLiteral("sensors/1/temp"), "20", 0);
    first.properties.topicAlias = 3;
    m_broker->send(first);
    MqttPacket second = publishPacket(QString(), "21", 0);
    second.properties.topicAlias = 3;
    m_broker->send(second);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages.size(), 2, timeout);
    QCOMPARE(m_messages.at(1).topic, QStringLiteral("sensors/1/temp"));
    QCOMPARE(m_messages.at(1).payload, QByteArray("21"));
    QVERIFY(!m_messages.at(1).properties.topicAlias);
}

void tst_MqttFakeBroker::serverReceiveMaximumBoundsOutbound()
{
    MqttProperties props;
    props.receiveMaximum = 2;
    m_broker->setConnackProperties(props);
    connectClient();
    QSignalSpy published(m_client.get(), &MqttClient::published);
    QList<int> sent;
    for (int i = 0; i < 5; ++i)
        sent << m_client->publish(QStringLiteral("out"), QByteArray::number(i), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Publish).size(), 2, timeout);
    QTest::qWait(50);
    QCOMPARE(m_broker->received(MqttPacketType::Publish).size(), 2);
    for (int round = 0; round < 3; ++round) {
        const auto publishes = m_broker->received(MqttPacketType::Publish);
        m_broker->send(ackPacket(MqttPacketType::Puback, publishes.at(round).packetId));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Publish).size(),
                                  qMin(5, 3 + round), timeout);
    }
    const auto publishes = m_broker->received(MqttPacketType::Publish);
    QCOMPARE(ids(publishes), (QList<quint16>{quint16(sent[0]), quint16(sent[1]), quint16(sent[2]),
                                             quint16(sent[3]), quint16(sent[4])}));
    QCOMPARE(published.size(), 3);
    QCOMPARE(published.at(0).at(0).toInt(), sent[0]);
}

void tst_MqttFakeBroker::outboundResentWithDupAfterReconnect()
{
    m_broker->setSessionPresent(true);
    connectClient(MqttProtocolVersion::V311);
    const int one = m_client->publish(QStringLiteral("o"), "q1", 1);
    const int two = m_client->publish(QStringLiteral("o"), "q2", 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Publish).size(), 2, timeout);
    QVERIFY(!m_broker->received(MqttPacketType::Publish).at(0).dup);
    m_broker->send(ackPacket(MqttPacketType::Pubrec, quint16(two)));
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Pubrel).size(), 1, timeout);

    m_broker->clearReceived();
    m_broker->dropClient();
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->connectionCount(), 2, timeout);
    // 3.1.1 §4.4: unacknowledged PUBLISH again with DUP, and PUBREL again.
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Publish).size(), 1, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Pubrel).size(), 1, timeout);
    const MqttPacket resent = m_broker->received(MqttPacketType::Publish).at(0);
    QCOMPARE(resent.packetId, quint16(one));
    QVERIFY(resent.dup);
    QCOMPARE(resent.payload, QByteArray("q1"));
    QCOMPARE(m_broker->received(MqttPacketType::Pubrel).at(0).packetId, quint16(two));

    QSignalSpy published(m_client.get(), &MqttClient::published);
    m_broker->send(ackPacket(MqttPacketType::Puback, quint16(one)));
    m_broker->send(ackPacket(MqttPacketType::Pubcomp, quint16(two)));
    QTRY_COMPARE_WITH_TIMEOUT(published.size(), 2, timeout);

    // Completed: the next connection sends neither again.
    m_broker->clearReceived();
    m_broker->dropClient();
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->connectionCount(), 3, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), MqttClient::State::Connected, timeout);
    // What is resent goes out before anything new.
    QVERIFY(m_client->publish(QStringLiteral("out/q"), "q3", 1) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_broker->received(MqttPacketType::Publish).isEmpty(), timeout);
    const MqttPacket first = m_broker->received(MqttPacketType::Publish).at(0);
    QCOMPARE(first.payload, QByteArray("q3"));
    QVERIFY(!first.dup);
    QVERIFY(m_broker->received(MqttPacketType::Pubrel).isEmpty());
}

void tst_MqttFakeBroker::serverMaximumPacketSize()
{
    MqttProperties props;
    props.maximumPacketSize = 100;
    m_broker->setConnackProperties(props);
    connectClient();
    QCOMPARE(m_client->publish(QStringLiteral("t"), QByteArray(50, 'x'), 1), 1);
    QCOMPARE(m_client->publish(QStringLiteral("t"), QByteArray(200, 'x'), 1), -1);
    QCOMPARE(m_client->publish(QStringLiteral("t"), QByteArray(200, 'x'), 0), -1);
}

void tst_MqttFakeBroker::subscriptionsFollowTheSession()
{
    m_broker->setSessionPresent(true);
    QSignalSpy subscribed(m_client.get(), &MqttClient::subscribeFinished);
    m_client->subscribe(QStringLiteral("kept"), 1);
    m_client->subscribe(QStringLiteral("dropped"), 1);
    connectClient();
    QTRY_COMPARE_WITH_TIMEOUT(subscribed.size(), 2, timeout);
    m_client->disconnectFromHost();

    // Unsubscribed while offline: the kept session still has it, so the
    // client tells the broker on the next connection; "kept" is not re-sent.
    QCOMPARE(m_client->unsubscribe(QStringLiteral("dropped")), 0);
    m_broker->clearReceived();
    QSignalSpy unsubscribed(m_client.get(), &MqttClient::unsubscribeFinished);
    connectClient();
    QVERIFY(unsubscribed.wait(timeout));
    QCOMPARE(unsubscribed.at(0).at(1).toString(), QStringLiteral("dropped"));
    QCOMPARE(m_broker->received(MqttPacketType::Subscribe).size(), 0);
    QCOMPARE(m_broker->received(MqttPacketType::Unsubscribe).size(), 1);

    // A broker without the session gets every subscription again.
    m_client->disconnectFromHost();
    m_broker->setSessionPresent(false);
    m_broker->clearReceived();
    connectClient();
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->received(MqttPacketType::Subscribe).size(), 1, timeout);
    QCOMPARE(m_broker->received(MqttPacketType::Subscribe).at(0).subscriptions.at(0).filter,
             QStringLiteral("kept"));
    QCOMPARE(m_broker->received(MqttPacketType::Unsubscribe).size(), 0);
}

void tst_MqttFakeBroker::pauseReadingAppliesBackpressure()
{
    connectClient();
    m_client->pauseReading();
    const QByteArray payload(16 * 1024, 'p');
    const int count = 1000; // 16 MB: more than the kernel buffers on loopback
    QByteArray stream;
    for (int i = 0; i < count; ++i)
        stream += publishPacket(QStringLiteral("bulk"), payload, 0).encode(MqttProtocolVersion::V5);
    m_broker->sendRaw(stream);
    QTest::qWait(500);
    QCOMPARE(m_messages.size(), 0);
    // The client stopped reading: the data piles up on the broker's side.
    QVERIFY2(m_broker->bytesToWrite() > 0, "the client kept reading while paused");

    m_client->resumeReading();
    QTRY_COMPARE_WITH_TIMEOUT(m_messages.size(), count, timeout);
    QCOMPARE(m_broker->bytesToWrite(), 0);

    // Pausing in the middle of a chunk keeps the decoded rest.
    m_messages.clear();
    int seen = 0;
    QMetaObject::Connection pauser =
        connect(m_client.get(), &MqttClient::messageReceived, this, [&] {
            if (++seen == 3)
                m_client->pauseReading();
        });
    QByteArray small;
    for (int i = 0; i < 10; ++i)
        small += publishPacket(QStringLiteral("s"), QByteArray::number(i), 0)
                     .encode(MqttProtocolVersion::V5);
    m_broker->sendRaw(small);
    QTRY_COMPARE_WITH_TIMEOUT(m_messages.size(), 3, timeout);
    QTest::qWait(100);
    QCOMPARE(m_messages.size(), 3);
    disconnect(pauser);
    m_client->resumeReading();
    QTRY_COMPARE_WITH_TIMEOUT(m_messages.size(), 10, timeout);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(m_messages.at(i).payload, QByteArray::number(i));
}

QTEST_GUILESS_MAIN(tst_MqttFakeBroker)
#include "tst_mqttfakebroker.moc"
