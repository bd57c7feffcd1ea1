#include "mosquittofixture.h"
#include "mqtt/mqttclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 20000;

// Collects the messages a client receives.
class Inbox : public QObject
{
public:
    explicit Inbox(MqttClient *client)
    {
        connect(client, &MqttClient::messageReceived, this,
                [this](const MqttMessage &m) { messages.append(m); });
    }
    QStringList payloads() const
    {
        QStringList out;
        for (const MqttMessage &m : messages)
            out << QString::fromUtf8(m.payload);
        return out;
    }
    QList<MqttMessage> messages;
};

void setUpClient(MqttClient &client, const MosquittoFixture &broker, MqttProtocolVersion version)
{
    MqttClientSettings settings;
    settings.hostname = broker.host();
    settings.port = broker.port();
    settings.protocolVersion = version;
    settings.reconnectDelay = 100ms;
    settings.maximumReconnectDelay = 1000ms;
    settings.keepAlive = 30;
    client.configure(settings);
}

QStringList numbered(const QString &prefix, int count)
{
    QStringList out;
    for (int i = 1; i <= count; ++i)
        out << prefix + QString::number(i);
    return out;
}

QByteArray lines(const QStringList &list)
{
    return list.join(QLatin1Char('\n')).toUtf8() + '\n';
}

QString versionArg(MqttProtocolVersion version)
{
    return version == MqttProtocolVersion::V5 ? QStringLiteral("mqttv5")
                                              : QStringLiteral("mqttv311");
}

void addVersionRows()
{
    QTest::addColumn<int>("version");
    QTest::newRow("3.1.1") << int(MqttProtocolVersion::V311);
    QTest::newRow("5.0") << int(MqttProtocolVersion::V5);
}

} // namespace

class tst_MqttClient : public QObject
{
    Q_OBJECT

private slots:
    void connectAnonymous_data() { addVersionRows(); }
    void connectAnonymous();
    void credentials_data();
    void credentials();
    void receive_data();
    void receive();
    void publishToMosquittoSub_data();
    void publishToMosquittoSub();
    void retained_data() { addVersionRows(); }
    void retained();
    void manualAckRedeliversUnacknowledged_data() { addVersionRows(); }
    void manualAckRedeliversUnacknowledged();
    void brokerRestart_data();
    void brokerRestart();
    void sharedSubscription();
    void unsubscribe();
};

void tst_MqttClient::connectAnonymous()
{
    QFETCH(int, version);
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient client;
    setUpClient(client, broker, MqttProtocolVersion(version));
    client.setClientId(QStringLiteral("anonymous-client"));
    QSignalSpy connectedSpy(&client, &MqttClient::connected);
    QSignalSpy states(&client, &MqttClient::stateChanged);
    client.connectToHost();
    QVERIFY(connectedSpy.wait(timeout));
    QCOMPARE(client.state(), MqttClient::State::Connected);
    QCOMPARE(states.at(0).at(0).value<MqttClient::State>(), MqttClient::State::Connecting);
    QCOMPARE(client.error(), MqttClient::Error::NoError);

    QSignalSpy disconnectedSpy(&client, &MqttClient::disconnected);
    client.disconnectFromHost();
    QCOMPARE(disconnectedSpy.size(), 1);
    QCOMPARE(client.state(), MqttClient::State::Disconnected);
}

void tst_MqttClient::credentials_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("accepted");
    for (int v : {int(MqttProtocolVersion::V311), int(MqttProtocolVersion::V5)}) {
        const QByteArray tag = v == int(MqttProtocolVersion::V5) ? "5.0 " : "3.1.1 ";
        QTest::newRow(tag + "right password") << v << QStringLiteral("s3cret") << true;
        QTest::newRow(tag + "wrong password") << v << QStringLiteral("wrong") << false;
    }
}

void tst_MqttClient::credentials()
{
    QFETCH(int, version);
    QFETCH(QString, password);
    QFETCH(bool, accepted);

    MosquittoFixture::Options options;
    options.allowAnonymous = false;
    options.users = {{QStringLiteral("alice"), QStringLiteral("s3cret")}};
    MosquittoFixture broker(options);
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient client;
    setUpClient(client, broker, MqttProtocolVersion(version));
    client.setUsername(QStringLiteral("alice"));
    client.setPassword(password);
    QSignalSpy connectedSpy(&client, &MqttClient::connected);
    QSignalSpy errors(&client, &MqttClient::errorOccurred);
    client.connectToHost();
    if (accepted) {
        QVERIFY(connectedSpy.wait(timeout));
        QCOMPARE(errors.size(), 0);
    } else {
        QVERIFY(errors.wait(timeout));
        const auto code = errors.at(0).at(0).value<MqttClient::Error>();
        const QString message = errors.at(0).at(1).toString();
        // mosquitto answers a wrong password with "not authorized" in 3.1.1
        // and "bad user name or password" in 5.0; either is the right class.
        QVERIFY2(code == MqttClient::Error::BadUserNameOrPassword ||
                     code == MqttClient::Error::NotAuthorized,
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("bad user name or password")) ||
                     message.contains(QStringLiteral("not authorized")),
                 qPrintable(message));
        QCOMPARE(client.errorString(), message);
        QCOMPARE(connectedSpy.size(), 0);
        QCOMPARE(client.state() == MqttClient::State::Connected, false);
    }
    client.disconnectFromHost();
}

void tst_MqttClient::receive_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<int>("qos");
    for (int v : {int(MqttProtocolVersion::V311), int(MqttProtocolVersion::V5)}) {
        for (int qos = 0; qos <= 2; ++qos) {
            QTest::newRow(QStringLiteral("%1 QoS %2")
                              .arg(v == int(MqttProtocolVersion::V5) ? QStringLiteral("5.0")
                                                                     : QStringLiteral("3.1.1"))
                              .arg(qos)
                              .toUtf8())
                << v << qos;
        }
    }
}

void tst_MqttClient::receive()
{
    QFETCH(int, version);
    QFETCH(int, qos);
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient client;
    setUpClient(client, broker, MqttProtocolVersion(version));
    Inbox inbox(&client);
    QSignalSpy subscribed(&client, &MqttClient::subscribeFinished);
    client.connectToHost();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), MqttClient::State::Connected, timeout);
    QVERIFY(client.subscribe(QStringLiteral("in/#"), quint8(qos), 7) > 0);
    QVERIFY(subscribed.wait(timeout));
    QCOMPARE(subscribed.at(0).at(1).toString(), QStringLiteral("in/#"));
    QCOMPARE(subscribed.at(0).at(2).toInt(), qos);

    const QStringList expected = numbered(QStringLiteral("message "), 50);
    QStringList args{QStringLiteral("-t"),
                     QStringLiteral("in/x"),
                     QStringLiteral("-q"),
                     QString::number(qos),
                     QStringLiteral("-l"),
                     QStringLiteral("-V"),
                     versionArg(MqttProtocolVersion(version))};
    if (version == int(MqttProtocolVersion::V5)) {
        args << QStringLiteral("-D") << QStringLiteral("publish") << QStringLiteral("user-property")
             << QStringLiteral("origin") << QStringLiteral("test") << QStringLiteral("-D")
             << QStringLiteral("publish") << QStringLiteral("content-type")
             << QStringLiteral("text/plain");
    }
    QVERIFY2(broker.publish(args, &error, lines(expected)), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), expected.size(), timeout);
    QCOMPARE(inbox.payloads(), expected);
    for (const MqttMessage &m : inbox.messages) {
        QCOMPARE(m.topic, QStringLiteral("in/x"));
        QCOMPARE(m.qos, qos);
        QCOMPARE(m.packetId != 0, qos > 0);
        QVERIFY(!m.retain);
        if (version == int(MqttProtocolVersion::V5)) {
            QCOMPARE(m.properties.userProperties.size(), 1);
            QCOMPARE(m.properties.userProperties.at(0).first, QStringLiteral("origin"));
            QCOMPARE(m.properties.contentType.value_or(QString()), QStringLiteral("text/plain"));
            QCOMPARE(m.properties.subscriptionIdentifiers, QList<quint32>{7});
        }
    }
    QCOMPARE(client.pendingAcknowledgements(), 0);
    client.disconnectFromHost();
}

void tst_MqttClient::publishToMosquittoSub_data()
{
    receive_data();
}

void tst_MqttClient::publishToMosquittoSub()
{
    QFETCH(int, version);
    QFETCH(int, qos);
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    auto sub =
        broker.startSubscriber({QStringLiteral("-t"), QStringLiteral("out/#"), QStringLiteral("-q"),
                                QString::number(qos), QStringLiteral("-v")});
    QByteArray output;
    MqttClient client;
    setUpClient(client, broker, MqttProtocolVersion(version));
    QSignalSpy published(&client, &MqttClient::published);
    client.connectToHost();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), MqttClient::State::Connected, timeout);
    // mosquitto_sub has subscribed once a probe comes through.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            client.publish(QStringLiteral("out/probe"), "probe", 0);
            output += sub->readAllStandardOutput();
            return output.contains("out/probe probe");
        }(),
        timeout);

    const QStringList expected = numbered(QStringLiteral("out "), 30);
    QList<int> ids;
    for (const QString &payload : expected) {
        const int id =
            client.publish(QStringLiteral("out/y"), payload.toUtf8(), quint8(qos), false);
        QVERIFY(id >= 0);
        QCOMPARE(id > 0, qos > 0);
        if (id > 0)
            ids << id;
    }
    if (qos > 0) {
        QTRY_COMPARE_WITH_TIMEOUT(published.size(), expected.size(), timeout);
        for (qsizetype i = 0; i < ids.size(); ++i) {
            QCOMPARE(published.at(i).at(0).toInt(), ids.at(i));
            QCOMPARE(published.at(i).at(1).toInt(), 0);
        }
    }
    QStringList expectedLines;
    for (const QString &p : expected)
        expectedLines << QStringLiteral("out/y ") + p;
    auto received = [&] {
        output += sub->readAllStandardOutput();
        QStringList lines;
        for (const QString &line : QString::fromUtf8(output).split(QLatin1Char('\n'))) {
            if (line.startsWith(QStringLiteral("out/y ")))
                lines << line;
        }
        return lines;
    };
    QTRY_COMPARE_WITH_TIMEOUT(received().size(), expectedLines.size(), timeout);
    QCOMPARE(received(), expectedLines);
    sub->kill();
    sub->waitForFinished();
    client.disconnectFromHost();
}

void tst_MqttClient::retained()
{
    QFETCH(int, version);
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("state/lamp"),
                             QStringLiteral("-m"), QStringLiteral("on"), QStringLiteral("-r"),
                             QStringLiteral("-q"), QStringLiteral("1")},
                            &error),
             qPrintable(error));

    MqttClient client;
    setUpClient(client, broker, MqttProtocolVersion(version));
    Inbox inbox(&client);
    client.subscribe(QStringLiteral("state/+"), 1); // before connecting: sent on connect
    client.connectToHost();
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), 1, timeout);
    QCOMPARE(inbox.messages.at(0).topic, QStringLiteral("state/lamp"));
    QCOMPARE(inbox.messages.at(0).payload, QByteArray("on"));
    QVERIFY(inbox.messages.at(0).retain);

    // Published to a live subscription: not flagged retained (3.1.1 §3.3.1.3).
    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("state/lamp"),
                             QStringLiteral("-m"), QStringLiteral("off"), QStringLiteral("-r")},
                            &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), 2, timeout);
    QVERIFY(!inbox.messages.at(1).retain);
    client.disconnectFromHost();
}

void tst_MqttClient::manualAckRedeliversUnacknowledged()
{
    QFETCH(int, version);
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient client;
    setUpClient(client, broker, MqttProtocolVersion(version));
    client.setClientId(QStringLiteral("manual-ack"));
    client.setCleanSession(false);
    client.setSessionExpiryInterval(300s);
    client.setManualAcknowledgement(true);
    Inbox inbox(&client);
    QSignalSpy subscribed(&client, &MqttClient::subscribeFinished);
    client.subscribe(QStringLiteral("work"), 1);
    client.connectToHost();
    QVERIFY(subscribed.wait(timeout));

    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("work"), QStringLiteral("-q"),
                             QStringLiteral("1"), QStringLiteral("-l")},
                            &error, lines(numbered(QStringLiteral("job "), 4))),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), 4, timeout);
    QCOMPARE(client.pendingAcknowledgements(), 4);
    const QList<MqttMessage> first = inbox.messages;

    // Out of order: job 2 waits for job 1; job 4 waits for job 3, which is
    // never acknowledged on this connection.
    QVERIFY(client.acknowledge(first.at(1)));
    QCOMPARE(client.pendingAcknowledgements(), 4);
    QVERIFY(client.acknowledge(first.at(0).ackToken));
    QCOMPARE(client.pendingAcknowledgements(), 2);
    QVERIFY(client.acknowledge(first.at(3)));
    QCOMPARE(client.pendingAcknowledgements(), 2);

    client.disconnectFromHost();
    QCOMPARE(client.pendingAcknowledgements(), 0);
    inbox.messages.clear();
    QSignalSpy connectedSpy(&client, &MqttClient::connected);
    client.connectToHost();
    QVERIFY(connectedSpy.wait(timeout));
    QVERIFY(client.sessionPresent());
    QTRY_VERIFY_WITH_TIMEOUT(inbox.messages.size() >= 2, timeout);
    QCOMPARE(inbox.payloads(), (QStringList{QStringLiteral("job 3"), QStringLiteral("job 4")}));
    for (const MqttMessage &m : inbox.messages)
        QVERIFY(m.dup);
    // An acknowledgement from the previous connection is dropped.
    QVERIFY(!client.acknowledge(first.at(2)));
    QCOMPARE(client.pendingAcknowledgements(), 2);
    for (const MqttMessage &m : inbox.messages)
        QVERIFY(client.acknowledge(m));
    QCOMPARE(client.pendingAcknowledgements(), 0);

    // Acknowledged now: nothing comes back after another reconnect.
    client.disconnectFromHost();
    inbox.messages.clear();
    client.connectToHost();
    QVERIFY(connectedSpy.wait(timeout));
    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("work"), QStringLiteral("-q"),
                             QStringLiteral("1"), QStringLiteral("-m"), QStringLiteral("marker")},
                            &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), 1, timeout);
    QCOMPARE(inbox.payloads(), QStringList{QStringLiteral("marker")});
    client.acknowledge(inbox.messages.at(0));
    client.disconnectFromHost();
}

void tst_MqttClient::brokerRestart_data()
{
    QTest::addColumn<bool>("persistence");
    QTest::newRow("broker keeps the session") << true;
    QTest::newRow("broker loses the session") << false;
}

void tst_MqttClient::brokerRestart()
{
    QFETCH(bool, persistence);
    MosquittoFixture::Options options;
    options.persistence = persistence;
    MosquittoFixture broker(options);
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient client;
    setUpClient(client, broker, MqttProtocolVersion::V5);
    client.setClientId(QStringLiteral("restart-client"));
    client.setSessionExpiryInterval(3600s);
    Inbox inbox(&client);
    QSignalSpy subscribed(&client, &MqttClient::subscribeFinished);
    client.subscribe(QStringLiteral("restart/#"), 1);
    client.connectToHost();
    QVERIFY(subscribed.wait(timeout));
    // Let mosquitto save the session (autosave_interval 1) before the restart.
    if (persistence)
        QTest::qWait(1500);

    QSignalSpy disconnectedSpy(&client, &MqttClient::disconnected);
    QSignalSpy connectedSpy(&client, &MqttClient::connected);
    QVERIFY2(broker.restart(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(disconnectedSpy.size() >= 1, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), MqttClient::State::Connected, timeout);
    QCOMPARE(client.sessionPresent(), persistence);
    if (!persistence)
        QTRY_COMPARE_WITH_TIMEOUT(subscribed.size(), 2, timeout); // made again by the client

    QVERIFY2(
        broker.publish({QStringLiteral("-t"), QStringLiteral("restart/a"), QStringLiteral("-q"),
                        QStringLiteral("1"), QStringLiteral("-m"), QStringLiteral("after restart")},
                       &error),
        qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), 1, timeout);
    QCOMPARE(inbox.messages.at(0).payload, QByteArray("after restart"));
    client.disconnectFromHost();
}

void tst_MqttClient::sharedSubscription()
{
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient a;
    MqttClient b;
    setUpClient(a, broker, MqttProtocolVersion::V5);
    setUpClient(b, broker, MqttProtocolVersion::V311);
    a.setClientId(QStringLiteral("share-a"));
    b.setClientId(QStringLiteral("share-b"));
    Inbox inboxA(&a);
    Inbox inboxB(&b);
    QSignalSpy subA(&a, &MqttClient::subscribeFinished);
    QSignalSpy subB(&b, &MqttClient::subscribeFinished);
    a.subscribe(QStringLiteral("$share/group/jobs/#"), 1);
    b.subscribe(QStringLiteral("$share/group/jobs/#"), 1);
    a.connectToHost();
    b.connectToHost();
    QVERIFY(subA.wait(timeout));
    QTRY_COMPARE_WITH_TIMEOUT(subB.size(), 1, timeout);

    const QStringList expected = numbered(QStringLiteral("shared "), 40);
    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("jobs/1"), QStringLiteral("-q"),
                             QStringLiteral("1"), QStringLiteral("-l")},
                            &error, lines(expected)),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(inboxA.messages.size() + inboxB.messages.size(), expected.size(),
                              timeout);
    QTest::qWait(200); // a duplicate would arrive now
    QStringList all = inboxA.payloads() + inboxB.payloads();
    QCOMPARE(all.size(), expected.size());
    all.sort();
    QStringList sorted = expected;
    sorted.sort();
    QCOMPARE(all, sorted);
    QVERIFY(!inboxA.messages.isEmpty());
    QVERIFY(!inboxB.messages.isEmpty());
    a.disconnectFromHost();
    b.disconnectFromHost();
}

void tst_MqttClient::unsubscribe()
{
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    MqttClient client;
    setUpClient(client, broker, MqttProtocolVersion::V5);
    Inbox inbox(&client);
    QSignalSpy subscribed(&client, &MqttClient::subscribeFinished);
    QSignalSpy unsubscribed(&client, &MqttClient::unsubscribeFinished);
    client.subscribe(QStringLiteral("a"), 0);
    client.subscribe(QStringLiteral("b"), 0);
    client.connectToHost();
    QTRY_COMPARE_WITH_TIMEOUT(subscribed.size(), 2, timeout);
    QVERIFY(client.unsubscribe(QStringLiteral("a")) > 0);
    QVERIFY(unsubscribed.wait(timeout));
    QCOMPARE(unsubscribed.at(0).at(1).toString(), QStringLiteral("a"));
    QCOMPARE(unsubscribed.at(0).at(2).toInt(), 0);
    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("a"), QStringLiteral("-m"),
                             QStringLiteral("not for us")},
                            &error),
             qPrintable(error));
    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("b"), QStringLiteral("-m"),
                             QStringLiteral("for us")},
                            &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), 1, timeout);
    QCOMPARE(inbox.payloads(), QStringList{QStringLiteral("for us")});
    client.disconnectFromHost();
}

QTEST_GUILESS_MAIN(tst_MqttClient)
#include "tst_mqttclient.moc"
