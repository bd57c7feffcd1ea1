#include "mosquittofixture.h"
#include "mqtt/mqttclient.h"
#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 20000;

} // namespace

// TLS (CA, client certificates, verification) and WebSocket transports
// against mosquitto.
class tst_MqttTransport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tls_data();
    void tls();
    void clientCertificate();
    void webSocket_data();
    void webSocket();
    void secureWebSocket();

private:
    bool openssl(const QStringList &args);
    bool makeCa(const QString &name);
    bool makeSignedCert(const QString &name, const QString &ca, const QString &subjectAltName);
    QString path(const QString &file) const { return m_dir.filePath(file); }

    QTemporaryDir m_dir;
    QString m_openssl;
};

bool tst_MqttTransport::openssl(const QStringList &args)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(m_openssl, args);
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        qWarning().noquote() << "openssl" << args.join(QLatin1Char(' '))
                             << "failed:" << process.readAll();
        return false;
    }
    return true;
}

bool tst_MqttTransport::makeCa(const QString &name)
{
    return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                    QStringLiteral("-out"), name + QStringLiteral(".crt"), QStringLiteral("-days"),
                    QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=") + name,
                    QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                    QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")});
}

bool tst_MqttTransport::makeSignedCert(const QString &name, const QString &ca,
                                       const QString &subjectAltName)
{
    QFile ext(path(name + QStringLiteral(".ext")));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("basicConstraints=CA:FALSE\n");
    if (!subjectAltName.isEmpty())
        ext.write("subjectAltName=" + subjectAltName.toUtf8() + "\n");
    ext.close();
    return openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                    QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                    name + QStringLiteral(".key"), QStringLiteral("-out"),
                    name + QStringLiteral(".csr"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=") + name}) &&
           openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                    name + QStringLiteral(".csr"), QStringLiteral("-CA"),
                    ca + QStringLiteral(".crt"), QStringLiteral("-CAkey"),
                    ca + QStringLiteral(".key"), QStringLiteral("-CAcreateserial"),
                    QStringLiteral("-out"), name + QStringLiteral(".crt"), QStringLiteral("-days"),
                    QStringLiteral("2"), QStringLiteral("-extfile"),
                    name + QStringLiteral(".ext")});
}

void tst_MqttTransport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_openssl = requireProgram(QStringLiteral("openssl"), QStringLiteral("openssl"));
    QVERIFY(makeCa(QStringLiteral("ca")));
    QVERIFY(makeCa(QStringLiteral("other-ca")));
    QVERIFY(makeSignedCert(QStringLiteral("server"), QStringLiteral("ca"),
                           QStringLiteral("IP:127.0.0.1,DNS:localhost")));
    QVERIFY(makeSignedCert(QStringLiteral("client"), QStringLiteral("ca"), QString()));
}

void tst_MqttTransport::tls_data()
{
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<bool>("skipVerify");
    QTest::addColumn<bool>("connects");

    QTest::newRow("right CA") << QStringLiteral("ca.crt") << false << true;
    QTest::newRow("wrong CA fails verification")
        << QStringLiteral("other-ca.crt") << false << false;
    QTest::newRow("system CAs do not know the test CA") << QString() << false << false;
    QTest::newRow("wrong CA, verification skipped on request")
        << QStringLiteral("other-ca.crt") << true << true;
}

void tst_MqttTransport::tls()
{
    QFETCH(QString, caFile);
    QFETCH(bool, skipVerify);
    QFETCH(bool, connects);

    MosquittoFixture::Options options;
    options.tlsCertFile = path(QStringLiteral("server.crt"));
    options.tlsKeyFile = path(QStringLiteral("server.key"));
    MosquittoFixture broker(options);
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient client;
    MqttClientSettings settings;
    settings.hostname = broker.host();
    settings.port = broker.tlsPort();
    settings.clientId = QStringLiteral("tls-client");
    settings.tls.enabled = true;
    settings.tls.caFile = caFile.isEmpty() ? QString() : path(caFile);
    settings.tls.insecureSkipVerify = skipVerify;
    settings.reconnectDelay = 5s;
    settings.maximumReconnectDelay = 5s;
    client.configure(settings);
    QSignalSpy connected(&client, &MqttClient::connected);
    QSignalSpy errors(&client, &MqttClient::errorOccurred);
    client.connectToHost();
    if (connects) {
        QVERIFY(connected.wait(timeout));
        QSignalSpy subscribed(&client, &MqttClient::subscribeFinished);
        QSignalSpy received(&client, &MqttClient::messageReceived);
        client.subscribe(QStringLiteral("tls/#"), 1);
        QVERIFY(subscribed.wait(timeout));
        QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("tls/x"),
                                 QStringLiteral("-m"), QStringLiteral("secret")},
                                &error),
                 qPrintable(error));
        QVERIFY(received.wait(timeout));
        QCOMPARE(received.at(0).at(0).value<MqttMessage>().payload, QByteArray("secret"));
    } else {
        QVERIFY(errors.wait(timeout));
        QCOMPARE(errors.at(0).at(0).value<MqttClient::Error>(), MqttClient::Error::TransportError);
        const QString message = errors.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("TLS handshake failed")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("certificate"), Qt::CaseInsensitive),
                 qPrintable(message));
        QCOMPARE(connected.size(), 0);
    }
    client.disconnectFromHost();
}

void tst_MqttTransport::clientCertificate()
{
    MosquittoFixture::Options options;
    options.tlsCaFile = path(QStringLiteral("ca.crt"));
    options.tlsCertFile = path(QStringLiteral("server.crt"));
    options.tlsKeyFile = path(QStringLiteral("server.key"));
    options.tlsRequireClientCertificate = true;
    MosquittoFixture broker(options);
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient client;
    MqttClientSettings settings;
    settings.hostname = broker.host();
    settings.port = broker.tlsPort();
    settings.reconnectDelay = 5s;
    settings.maximumReconnectDelay = 5s;
    client.configure(settings);
    TlsConfig tls;
    tls.enabled = true;
    tls.caFile = path(QStringLiteral("ca.crt"));
    client.setTls(tls);

    // Without a certificate the broker refuses the handshake...
    QSignalSpy errors(&client, &MqttClient::errorOccurred);
    client.connectToHost();
    QVERIFY(errors.wait(timeout));
    QCOMPARE(errors.at(0).at(0).value<MqttClient::Error>(), MqttClient::Error::TransportError);
    client.disconnectFromHost();

    // ... with one it accepts.
    tls.certFile = path(QStringLiteral("client.crt"));
    tls.keyFile = path(QStringLiteral("client.key"));
    client.setTls(tls);
    QSignalSpy connected(&client, &MqttClient::connected);
    client.connectToHost();
    QVERIFY(connected.wait(timeout));
    client.disconnectFromHost();

    // A key file that holds no key is reported as such.
    tls.keyFile = path(QStringLiteral("ca.crt"));
    client.setTls(tls);
    errors.clear();
    client.connectToHost();
    QVERIFY(errors.wait(timeout));
    QVERIFY2(errors.at(0).at(1).toString().contains(QStringLiteral("no usable private key")),
             qPrintable(errors.at(0).at(1).toString()));
    client.disconnectFromHost();
}

void tst_MqttTransport::webSocket_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("3.1.1") << int(MqttProtocolVersion::V311);
    QTest::newRow("5.0") << int(MqttProtocolVersion::V5);
}

void tst_MqttTransport::webSocket()
{
    QFETCH(int, version);
    MosquittoFixture::Options options;
    options.webSockets = true;
    MosquittoFixture broker(options);
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClient client;
    client.setHostname(broker.host());
    client.setPort(broker.webSocketPort());
    client.setProtocolVersion(MqttProtocolVersion(version));
    client.setTransport(MqttTransport::WebSocket);
    client.setWebSocketPath(QStringLiteral("/mqtt"));
    QSignalSpy connected(&client, &MqttClient::connected);
    QSignalSpy subscribed(&client, &MqttClient::subscribeFinished);
    QList<MqttMessage> messages;
    connect(&client, &MqttClient::messageReceived, this,
            [&messages](const MqttMessage &m) { messages.append(m); });
    client.subscribe(QStringLiteral("ws/#"), 2);
    client.connectToHost();
    QVERIFY(connected.wait(timeout));
    QVERIFY(subscribed.wait(timeout));
    QStringList payloads;
    for (int i = 0; i < 20; ++i)
        payloads << QStringLiteral("ws message %1").arg(i);
    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("ws/a"), QStringLiteral("-q"),
                             QStringLiteral("2"), QStringLiteral("-l")},
                            &error, payloads.join(QLatin1Char('\n')).toUtf8() + '\n'),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), payloads.size(), timeout);
    for (int i = 0; i < payloads.size(); ++i)
        QCOMPARE(QString::fromUtf8(messages.at(i).payload), payloads.at(i));

    // And out through the WebSocket, QoS 1 completed by the broker.
    QSignalSpy published(&client, &MqttClient::published);
    QVERIFY(client.publish(QStringLiteral("ws/b"), "from the client", 1) > 0);
    QVERIFY(published.wait(timeout));
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), payloads.size() + 1, timeout);
    QCOMPARE(messages.last().payload, QByteArray("from the client"));
    client.disconnectFromHost();
}

void tst_MqttTransport::secureWebSocket()
{
    MosquittoFixture::Options options;
    options.tlsCertFile = path(QStringLiteral("server.crt"));
    options.tlsKeyFile = path(QStringLiteral("server.key"));
    options.secureWebSockets = true;
    MosquittoFixture broker(options);
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    MqttClientSettings settings;
    settings.hostname = broker.host();
    settings.port = broker.secureWebSocketPort();
    settings.transport = MqttTransport::WebSocket;
    settings.tls.enabled = true;
    settings.tls.caFile = path(QStringLiteral("ca.crt"));
    MqttClient client;
    client.configure(settings);
    QSignalSpy subscribed(&client, &MqttClient::subscribeFinished);
    QSignalSpy received(&client, &MqttClient::messageReceived);
    client.subscribe(QStringLiteral("wss/#"), 1);
    client.connectToHost();
    QVERIFY(subscribed.wait(timeout));
    QVERIFY2(broker.publish({QStringLiteral("-t"), QStringLiteral("wss/a"), QStringLiteral("-q"),
                             QStringLiteral("1"), QStringLiteral("-m"), QStringLiteral("sealed")},
                            &error),
             qPrintable(error));
    QVERIFY(received.wait(timeout));
    QCOMPARE(received.at(0).at(0).value<MqttMessage>().payload, QByteArray("sealed"));
    client.disconnectFromHost();

    // The wrong CA fails over wss too, naming the TLS problem.
    settings.tls.caFile = path(QStringLiteral("other-ca.crt"));
    client.configure(settings);
    QSignalSpy errors(&client, &MqttClient::errorOccurred);
    client.connectToHost();
    QVERIFY(errors.wait(timeout));
    QVERIFY2(errors.at(0).at(1).toString().contains(QStringLiteral("TLS handshake failed")),
             qPrintable(errors.at(0).at(1).toString()));
    client.disconnectFromHost();
}

QTEST_GUILESS_MAIN(tst_MqttTransport)
#include "tst_mqtttransport.moc"
