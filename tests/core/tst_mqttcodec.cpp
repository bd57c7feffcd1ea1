#include "mqtt/mqttdecoder.h"
#include "mqtt/mqttpacket.h"
#include "mqtt/mqttreasoncode.h"

#include <QTest>

using namespace mqhook;

namespace {

MqttProperties allPublishProperties()
{
    MqttProperties p;
    p.payloadFormatIndicator = 1;
    p.messageExpiryInterval = 3600;
    p.contentType = QStringLiteral("application/json");
    p.responseTopic = QStringLiteral("reply/to");
    p.correlationData = QByteArray("\x00\x01\x02", 3);
    p.subscriptionIdentifiers = {1, 268'435'455};
    p.topicAlias = 7;
    p.userProperties = {{QStringLiteral("k"), QStringLiteral("v")},
                        {QStringLiteral("k"), QStringLiteral("second \u00e9")}};
    return p;
}

QByteArray fromHex(const char *hex)
{
    return QByteArray::fromHex(QByteArray(hex).replace(' ', ""));
}

} // namespace

class tst_MqttCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void byteByByte();
    void knownEncodings_data();
    void knownEncodings();
    void malformed_data();
    void malformed();
    void tooLargeRefusedBeforeBodyArrives();
    void severalPacketsInOneChunk();
    void encoderRefusesOversizedStrings();
};

void tst_MqttCodec::roundTrip_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<MqttPacket>("packet");

    for (const auto version : {MqttProtocolVersion::V311, MqttProtocolVersion::V5}) {
        const bool v5 = version == MqttProtocolVersion::V5;
        const QByteArray tag = v5 ? "5.0 " : "3.1.1 ";
        auto row = [&](const char *name, const MqttPacket &p) {
            QTest::newRow(tag + name) << int(version) << p;
        };

        MqttPacket connect;
        connect.type = MqttPacketType::Connect;
        connect.protocolVersion = version;
        connect.cleanStart = false;
        connect.keepAlive = 60;
        connect.clientId = QStringLiteral("client-\u4e2d");
        connect.username = QStringLiteral("user");
        connect.password = QByteArray("p\x00ss", 4);
        MqttWill will;
        will.topic = QStringLiteral("will/topic");
        will.payload = "gone";
        will.qos = 1;
        will.retain = true;
        if (v5) {
            connect.properties.sessionExpiryInterval = 86400;
            connect.properties.receiveMaximum = 100;
            connect.properties.maximumPacketSize = 1 << 20;
            connect.properties.topicAliasMaximum = 10;
            connect.properties.requestResponseInformation = 1;
            connect.properties.requestProblemInformation = 0;
            connect.properties.authenticationMethod = QStringLiteral("SCRAM");
            connect.properties.authenticationData = QByteArray("abc");
            connect.properties.userProperties = {{QStringLiteral("a"), QStringLiteral("b")}};
            will.properties.willDelayInterval = 5;
            will.properties.payloadFormatIndicator = 0;
            will.properties.contentType = QStringLiteral("text/plain");
        }
        connect.will = will;
        row("CONNECT with will and credentials", connect);

        MqttPacket bare;
        bare.type = MqttPacketType::Connect;
        bare.protocolVersion = version;
        row("CONNECT minimal", bare);

        MqttPacket connack;
        connack.type = MqttPacketType::Connack;
        connack.sessionPresent = true;
        if (v5) {
            connack.properties.sessionExpiryInterval = 10;
            connack.properties.assignedClientIdentifier = QStringLiteral("auto-1");
            connack.properties.serverKeepAlive = 30;
            connack.properties.responseInformation = QStringLiteral("info");
            connack.properties.serverReference = QStringLiteral("other");
            connack.properties.reasonString = QStringLiteral("fine");
            connack.properties.receiveMaximum = 20;
            connack.properties.topicAliasMaximum = 5;
            connack.properties.maximumQos = 1;
            connack.properties.retainAvailable = 0;
            connack.properties.maximumPacketSize = 1000;
            connack.properties.wildcardSubscriptionAvailable = 1;
            connack.properties.subscriptionIdentifierAvailable = 1;
            connack.properties.sharedSubscriptionAvailable = 0;
        }
        row("CONNACK accepted", connack);
        MqttPacket refused;
        refused.type = MqttPacketType::Connack;
        refused.reasonCode = v5 ? MqttReasonCode::NotAuthorized : 5;
        row("CONNACK refused", refused);

        for (quint8 qos = 0; qos <= 2; ++qos) {
            MqttPacket publish;
            publish.type = MqttPacketType::Publish;
            publish.qos = qos;
            publish.retain = qos == 1;
            publish.dup = qos == 2;
            publish.packetId = qos ? 65535 : 0;
            publish.topic = QStringLiteral("a/b/\u00fc");
            publish.payload = QByteArray(300, 'x');
            if (v5)
                publish.properties = allPublishProperties();
            row(QByteArray("PUBLISH QoS " + QByteArray::number(qos)).constData(), publish);
        }
        MqttPacket emptyPayload;
        emptyPayload.type = MqttPacketType::Publish;
        emptyPayload.topic = QStringLiteral("t");
        row("PUBLISH empty payload", emptyPayload);

        for (auto type : {MqttPacketType::Puback, MqttPacketType::Pubrec, MqttPacketType::Pubrel,
                          MqttPacketType::Pubcomp}) {
            MqttPacket ack;
            ack.type = type;
            ack.packetId = 1234;
            row(qPrintable(mqttPacketTypeName(type)), ack);
            if (v5) {
                ack.reasonCode =
                    type == MqttPacketType::Pubrel || type == MqttPacketType::Pubcomp ? 0x92 : 0x10;
                row(qPrintable(mqttPacketTypeName(type) + QStringLiteral(" with reason code")),
                    ack);
                ack.properties.reasonString = QStringLiteral("why");
                ack.properties.userProperties = {{QStringLiteral("x"), QStringLiteral("y")}};
                row(qPrintable(mqttPacketTypeName(type) + QStringLiteral(" with properties")), ack);
            }
        }

        MqttPacket subscribe;
        subscribe.type = MqttPacketType::Subscribe;
        subscribe.packetId = 2;
        subscribe.subscriptions.append({QStringLiteral("a/+/c"), 1, false, false, 0});
        subscribe.subscriptions.append({QStringLiteral("$share/g/#"), 2, false, false, 0});
        if (v5) {
            subscribe.subscriptions.append({QStringLiteral("x"), 0, true, true, 2});
            subscribe.properties.subscriptionIdentifiers = {42};
        }
        row("SUBSCRIBE", subscribe);

        MqttPacket suback;
        suback.type = MqttPacketType::Suback;
        suback.packetId = 2;
        suback.reasonCodes = {0, 1, 2, 0x80};
        if (v5) {
            suback.reasonCodes.append(0x9E);
            suback.properties.reasonString = QStringLiteral("some refused");
        }
        row("SUBACK", suback);

        MqttPacket unsubscribe;
        unsubscribe.type = MqttPacketType::Unsubscribe;
        unsubscribe.packetId = 3;
        unsubscribe.subscriptions = {{QStringLiteral("a/#")}, {QStringLiteral("b")}};
        row("UNSUBSCRIBE", unsubscribe);

        MqttPacket unsuback;
        unsuback.type = MqttPacketType::Unsuback;
        unsuback.packetId = 3;
        if (v5)
            unsuback.reasonCodes = {0x00, 0x11};
        row("UNSUBACK", unsuback);

        MqttPacket ping;
        ping.type = MqttPacketType::Pingreq;
        row("PINGREQ", ping);
        ping.type = MqttPacketType::Pingresp;
        row("PINGRESP", ping);

        MqttPacket disconnect;
        disconnect.type = MqttPacketType::Disconnect;
        row("DISCONNECT", disconnect);
        if (v5) {
            disconnect.reasonCode = 0x8B;
            row("DISCONNECT server shutting down", disconnect);
            disconnect.properties.sessionExpiryInterval = 0;
            disconnect.properties.serverReference = QStringLiteral("elsewhere");
            disconnect.properties.reasonString = QStringLiteral("bye");
            row("DISCONNECT with properties", disconnect);

            MqttPacket auth;
            auth.type = MqttPacketType::Auth;
            row("AUTH success", auth);
            auth.reasonCode = 0x18;
            auth.properties.authenticationMethod = QStringLiteral("SCRAM");
            auth.properties.authenticationData = QByteArray("data");
            row("AUTH continue", auth);
        }
    }
}

void tst_MqttCodec::roundTrip()
{
    QFETCH(int, version);
    QFETCH(MqttPacket, packet);
    const auto v = MqttProtocolVersion(version);
    const QByteArray bytes = packet.encode(v);
    QVERIFY(!bytes.isEmpty());

    MqttPacket decoded;
    MqttDecodeError error;
    QVERIFY2(MqttDecoder::decode(bytes, v, &decoded, &error), qPrintable(error.message));
    QCOMPARE(decoded.type, packet.type);
    QCOMPARE(decoded.properties, packet.properties);
    QVERIFY(decoded == packet);
    QCOMPARE(decoded.encode(v), bytes);
}

void tst_MqttCodec::byteByByte()
{
    MqttPacket publish;
    publish.type = MqttPacketType::Publish;
    publish.qos = 1;
    publish.packetId = 9;
    publish.topic = QStringLiteral("t");
    publish.payload = QByteArray(200, 'p'); // two length bytes
    publish.properties = allPublishProperties();
    const QByteArray bytes = publish.encode(MqttProtocolVersion::V5);

    MqttDecoder decoder(MqttProtocolVersion::V5);
    MqttPacket out;
    for (qsizetype i = 0; i < bytes.size() - 1; ++i) {
        decoder.append(bytes.mid(i, 1));
        QCOMPARE(decoder.next(&out), MqttDecoder::Result::NeedMoreData);
    }
    decoder.append(bytes.right(1));
    QCOMPARE(decoder.next(&out), MqttDecoder::Result::Packet);
    QVERIFY(out == publish);
    QCOMPARE(decoder.next(&out), MqttDecoder::Result::NeedMoreData);
    // Nothing was left behind: the same bytes again are the same packet.
    decoder.append(bytes);
    QCOMPARE(decoder.next(&out), MqttDecoder::Result::Packet);
    QVERIFY(out == publish);
    QCOMPARE(decoder.next(&out), MqttDecoder::Result::NeedMoreData);
}

void tst_MqttCodec::knownEncodings_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<MqttPacket>("packet");
    QTest::addColumn<QByteArray>("bytes");

    MqttPacket ping;
    ping.type = MqttPacketType::Pingreq;
    QTest::newRow("PINGREQ is C0 00") << int(MqttProtocolVersion::V311) << ping << fromHex("c000");

    MqttPacket puback;
    puback.type = MqttPacketType::Puback;
    puback.packetId = 0x1234;
    // 5.0 §3.4.2.1: reason code 0 without properties is left out
    QTest::newRow("5.0 PUBACK success is two bytes")
        << int(MqttProtocolVersion::V5) << puback << fromHex("40 02 1234");

    MqttPacket pubrel;
    pubrel.type = MqttPacketType::Pubrel;
    pubrel.packetId = 1;
    QTest::newRow("PUBREL flags 0010")
        << int(MqttProtocolVersion::V311) << pubrel << fromHex("62 02 0001");

    MqttPacket publish;
    publish.type = MqttPacketType::Publish;
    publish.topic = QStringLiteral("a");
    publish.payload = QByteArray(128, 'x');
    // §1.5.5: 131 is encoded as 0x83 0x01
    QTest::newRow("remaining length 131 takes two bytes")
        << int(MqttProtocolVersion::V311) << publish
        << fromHex("30 83 01 0001 61") + QByteArray(128, 'x');

    MqttPacket connect;
    connect.type = MqttPacketType::Connect;
    connect.protocolVersion = MqttProtocolVersion::V311;
    connect.cleanStart = true;
    connect.keepAlive = 10;
    connect.clientId = QStringLiteral("c");
    QTest::newRow("3.1.1 CONNECT") << int(MqttProtocolVersion::V311) << connect
                                   << fromHex("10 0d 0004 4d515454 04 02 000a 0001 63");
}

void tst_MqttCodec::knownEncodings()
{
    QFETCH(int, version);
    QFETCH(MqttPacket, packet);
    QFETCH(QByteArray, bytes);
    QCOMPARE(packet.encode(MqttProtocolVersion(version)).toHex(' '), bytes.toHex(' '));
}

void tst_MqttCodec::malformed_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("reasonCode");
    QTest::addColumn<QString>("message");

    const int v3 = int(MqttProtocolVersion::V311);
    const int v5 = int(MqttProtocolVersion::V5);
    const int malformed = MqttReasonCode::MalformedPacket;
    const int protocol = MqttReasonCode::ProtocolError;
    auto row = [](const char *name, int version, const char *hex, int code, const char *message) {
        QTest::newRow(name) << version << fromHex(hex) << code << QString::fromUtf8(message);
    };

    row("packet type 0 is reserved", v5, "00 00", malformed, "packet type 0 is reserved");
    row("AUTH does not exist in 3.1.1", v3, "f0 00", malformed, "reserved in MQTT 3.1.1");
    row("remaining length of five bytes", v5, "30 ff ff ff ff 01", malformed,
        "longer than four bytes");
    row("remaining length not minimal", v5, "d0 80 00", malformed, "not minimally encoded");
    row("PUBLISH QoS 3", v5, "36 03 0001 61", malformed, "QoS 3");
    row("PUBLISH DUP with QoS 0", v3, "38 03 0001 61", malformed, "DUP flag");
    row("PUBACK reserved flags", v3, "41 02 0001", malformed, "reserved fixed header flags");
    row("PUBREL flags not 0010", v3, "60 02 0001", malformed, "reserved fixed header flags");
    row("SUBACK flags set", v5, "92 04 0001 00 00", malformed, "reserved fixed header flags");
    row("PINGRESP with a body", v3, "d0 01 00", malformed, "unexpected bytes");
    row("PUBLISH truncated topic", v3, "30 03 0005 61", malformed, "ends inside the topic name");
    row("PUBLISH QoS 1 without packet id", v3, "32 03 0001 61", malformed,
        "ends inside the packet identifier");
    row("PUBLISH packet id 0", v3, "32 05 0001 61 0000", malformed, "packet identifier is 0");
    row("PUBACK packet id 0", v5, "40 02 0000", malformed, "packet identifier is 0");
    row("PUBLISH topic with wildcard", v3, "30 04 0002 612b", malformed, "wildcard");
    row("PUBLISH topic with wildcard (5.0)", v5, "30 05 0002 6123 00", 0x90, "wildcard");
    row("PUBLISH empty topic", v3, "30 02 0000", malformed, "empty topic name");
    row("PUBLISH empty topic without alias", v5, "30 03 0000 00", protocol, "empty topic name");
    row("PUBLISH topic with U+0000", v3, "30 05 0003 610062", malformed, "U+0000");
    row("PUBLISH topic invalid UTF-8", v3, "30 04 0002 c328", malformed, "not valid UTF-8");
    row("PUBLISH topic overlong UTF-8", v3, "30 04 0002 c0af", malformed, "not valid UTF-8");
    row("PUBLISH topic UTF-16 surrogate", v3, "30 05 0003 eda080", malformed, "surrogate");
    row("PUBLISH topic above U+10FFFF", v3, "30 06 0004 f4908080", malformed, "not valid UTF-8");
    row("PUBLISH property length too long", v5, "30 05 0001 61 09 01", malformed, "exceeds the");
    row("PUBLISH unknown property", v5, "30 06 0001 61 02 7f00", malformed,
        "unknown property identifier 0x7f");
    row("PUBLISH property not allowed", v5, "30 06 0001 61 02 2400", malformed,
        "Maximum QoS (0x24) is not allowed in PUBLISH");
    row("PUBLISH duplicate content type", v5, "30 0c 0001 61 08 030001 78 030001 79", protocol,
        "appears more than once");
    row("PUBLISH payload format indicator 2", v5, "30 06 0001 61 02 0102", protocol,
        "only 0 and 1");
    row("PUBLISH topic alias 0", v5, "30 07 0001 61 03 230000", MqttReasonCode::TopicAliasInvalid,
        "Topic Alias is 0");
    row("PUBLISH subscription identifier 0", v5, "30 06 0001 61 02 0b00", protocol,
        "Subscription Identifier is 0");
    row("PUBLISH property value truncated", v5, "30 07 0001 61 03 020000", malformed,
        "Message Expiry Interval");
    row("PUBLISH user property value missing", v5, "30 08 0001 61 04 26 0001 6b", malformed,
        "User Property value");
    row("CONNACK 3.1.1 unknown return code", v3, "20 02 00 06", malformed, "unknown return code");
    row("CONNACK reserved flags", v3, "20 02 02 00", malformed, "reserved acknowledge flags");
    row("CONNACK session present with refusal", v3, "20 02 01 05", malformed, "session present");
    row("CONNACK 3.1.1 too long", v3, "20 03 00 00 00", malformed, "unexpected bytes");
    row("CONNACK 5.0 invalid reason code", v5, "20 03 00 01 00", malformed,
        "reason code 0x01 is not allowed");
    row("CONNACK receive maximum 0", v5, "20 06 00 00 03 210000", protocol, "Receive Maximum is 0");
    row("CONNACK maximum packet size 0", v5, "20 08 00 00 05 2700000000", protocol,
        "Maximum Packet Size is 0");
    row("CONNACK maximum QoS 2", v5, "20 05 00 00 02 2402", protocol, "only 0 and 1");
    row("CONNACK duplicate receive maximum", v5, "20 09 00 00 06 210001 210002", protocol,
        "appears more than once");
    row("CONNACK truncated", v5, "20 01 00", malformed, "ends inside the reason code");
    row("PUBACK 5.0 unknown reason code", v5, "40 03 0001 05", malformed, "not allowed");
    row("PUBCOMP 5.0 reason code for PUBACK", v5, "70 03 0001 10", malformed, "not allowed");
    row("PUBACK 3.1.1 too long", v3, "40 03 0001 00", malformed, "unexpected bytes");
    row("SUBACK without reason codes", v5, "90 03 0001 00", protocol, "no reason codes");
    row("SUBACK 3.1.1 invalid code", v3, "90 03 0001 03", malformed, "not allowed");
    row("UNSUBACK 3.1.1 with codes", v3, "b0 03 0001 00", malformed, "unexpected bytes");
    row("DISCONNECT 3.1.1 with a body", v3, "e0 01 00", malformed, "unexpected bytes");
    row("DISCONNECT unknown reason", v5, "e0 01 03", malformed, "not allowed");
    row("DISCONNECT with topic alias property", v5, "e0 05 00 03 230001", malformed,
        "not allowed in DISCONNECT");
    row("SUBSCRIBE QoS 3", v3, "82 06 0001 0001 61 03", malformed, "requested QoS 3");
    row("SUBSCRIBE 3.1.1 reserved option bits", v3, "82 06 0001 0001 61 04", malformed,
        "reserved subscription option");
    row("SUBSCRIBE retain handling 3", v5, "82 07 0001 00 0001 61 30", protocol,
        "Retain Handling is 3");
    row("SUBSCRIBE without filters", v3, "82 02 0001", protocol, "no topic filter");
    row("CONNECT wrong protocol name", v3, "10 0c 0004 4d515458 04 02 000a 0000",
        MqttReasonCode::UnsupportedProtocolVersion, "unsupported protocol");
    row("CONNECT reserved flag", v3, "10 0c 0004 4d515454 04 03 000a 0000", malformed,
        "reserved connect flag");
    row("CONNECT password without user name", v3, "10 0e 0004 4d515454 04 40 000a 0000 0000",
        malformed, "password without a user name");
    row("CONNECT will QoS without will", v3, "10 0c 0004 4d515454 04 08 000a 0000", malformed,
        "without a Will");
    row("Will property not allowed", v5,
        "10 16 0004 4d515454 05 06 0000 00 0000 03 210001 0001 74 0000", malformed,
        "not allowed in a Will");
}

void tst_MqttCodec::malformed()
{
    QFETCH(int, version);
    QFETCH(QByteArray, bytes);
    QFETCH(int, reasonCode);
    QFETCH(QString, message);

    // As one complete packet...
    MqttPacket packet;
    MqttDecodeError error;
    QVERIFY(!MqttDecoder::decode(bytes, MqttProtocolVersion(version), &packet, &error));
    QCOMPARE(error.reasonCode, reasonCode);
    QVERIFY2(error.message.contains(message), qPrintable(error.message));

    // ... and as a stream, byte by byte.
    MqttDecoder decoder{MqttProtocolVersion(version)};
    MqttDecoder::Result result = MqttDecoder::Result::NeedMoreData;
    for (char c : bytes) {
        decoder.append(QByteArrayView(&c, 1));
        result = decoder.next(&packet);
        if (result != MqttDecoder::Result::NeedMoreData)
            break;
    }
    QCOMPARE(result, MqttDecoder::Result::Error);
    QCOMPARE(decoder.error().reasonCode, reasonCode);
    QCOMPARE(decoder.next(&packet), MqttDecoder::Result::Error);
}

void tst_MqttCodec::tooLargeRefusedBeforeBodyArrives()
{
    MqttDecoder decoder(MqttProtocolVersion::V5, 1024);
    decoder.append(fromHex("30 ff ff ff 7f"));
    MqttPacket packet;
    QCOMPARE(decoder.next(&packet), MqttDecoder::Result::Error);
    QCOMPARE(decoder.error().reasonCode, MqttReasonCode::PacketTooLarge);
    QVERIFY2(decoder.error().message.contains(QStringLiteral("maximum packet size of 1024")),
             qPrintable(decoder.error().message));
    // The stream cannot be trusted after it: the error stays.
    decoder.append(fromHex("e0 00"));
    QCOMPARE(decoder.next(&packet), MqttDecoder::Result::Error);

    // Exactly the limit is fine.
    MqttDecoder exact(MqttProtocolVersion::V311, 10);
    exact.append(fromHex("30 08 0001 61") + QByteArray(5, 'x'));
    QCOMPARE(exact.next(&packet), MqttDecoder::Result::Packet);
    exact.append(fromHex("30 09 0001 61") + QByteArray(6, 'x'));
    QCOMPARE(exact.next(&packet), MqttDecoder::Result::Error);
}

void tst_MqttCodec::severalPacketsInOneChunk()
{
    QByteArray stream;
    for (int i = 1; i <= 100; ++i) {
        MqttPacket p;
        p.type = MqttPacketType::Publish;
        p.qos = 1;
        p.packetId = quint16(i);
        p.topic = QStringLiteral("t/%1").arg(i);
        p.payload = QByteArray::number(i);
        stream += p.encode(MqttProtocolVersion::V311);
    }
    MqttDecoder decoder(MqttProtocolVersion::V311);
    // Uneven chunks across packet boundaries.
    for (qsizetype pos = 0; pos < stream.size(); pos += 7)
        decoder.append(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(7, stream.size() - pos)));
    MqttPacket p;
    for (int i = 1; i <= 100; ++i) {
        QCOMPARE(decoder.next(&p), MqttDecoder::Result::Packet);
        QCOMPARE(p.packetId, i);
        QCOMPARE(p.payload, QByteArray::number(i));
    }
    QCOMPARE(decoder.next(&p), MqttDecoder::Result::NeedMoreData);
}

void tst_MqttCodec::encoderRefusesOversizedStrings()
{
    MqttPacket p;
    p.type = MqttPacketType::Publish;
    p.topic = QString(70000, QLatin1Char('a'));
    QVERIFY(p.encode(MqttProtocolVersion::V311).isEmpty());
}

QTEST_GUILESS_MAIN(tst_MqttCodec)
#include "tst_mqttcodec.moc"
