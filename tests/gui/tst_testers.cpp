#include "config/jsonwriter.h"
#include "configdocument.h"
#include "configeditor.h"
#include "connectiontester.h"
#include "forms/itemform.h"
#include "httptestserver.h"
#include "keychaintesthelpers.h"
#include "mainwindow.h"
#include "mosquittofixture.h"
#include "requesttester.h"
#include "testpaths.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;
using Response = HttpTestServer::Response;

namespace {

BrokerConfig brokerAt(quint16 port, const QString &user = {}, const QString &password = {})
{
    BrokerConfig broker;
    broker.clientId = u"tester"_s;
    broker.brokerIp = u"127.0.0.1"_s;
    broker.brokerPort = port;
    broker.username = user;
    broker.password = password;
    return broker;
}

} // namespace

class tst_Testers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void connectionResults_data();
    void connectionResults();
    void testConnectionFromTheForm();
    void testRequestFromTheForm();
    void testRequestThatCannotBeRendered();

private:
    QTemporaryDir m_settings;
};

void tst_Testers::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_Testers::connectionResults_data()
{
    QTest::addColumn<bool>("brokerRunning");
    QTest::addColumn<bool>("anonymousAllowed");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("connected");
    QTest::addColumn<QString>("fragment");

    const int v5 = int(MqttProtocolVersion::V5);
    const int v311 = int(MqttProtocolVersion::V311);
    QTest::newRow("success") << true << true << QString() << QString() << v5 << true
                             << u"the broker accepted the connection (CONNACK success"_s;
    QTest::newRow("success, 3.1.1")
        << true << true << QString() << QString() << v311 << true << u"over MQTT 3.1.1"_s;
    QTest::newRow("not authorized")
        << true << false << QString() << QString() << v5 << false << u"not authorized"_s;
    QTest::newRow("not authorized, 3.1.1")
        << true << false << QString() << QString() << v311 << false << u"not authorized"_s;
    QTest::newRow("wrong password") << true << false << u"alice"_s << u"wrong"_s << v5 << false
                                    << u"the broker refused the connection"_s;
    QTest::newRow("right password")
        << true << false << u"alice"_s << u"right"_s << v5 << true << u"CONNACK success"_s;
    QTest::newRow("connection refused")
        << false << true << QString() << QString() << v5 << false << u"Connection refused"_s;
}

void tst_Testers::connectionResults()
{
    QFETCH(bool, brokerRunning);
    QFETCH(bool, anonymousAllowed);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(int, version);
    QFETCH(bool, connected);
    QFETCH(QString, fragment);

    MosquittoFixture::Options options;
    options.allowAnonymous = anonymousAllowed;
    options.users = {{u"alice"_s, u"right"_s}};
    MosquittoFixture broker(options);
    quint16 port = MosquittoFixture::freePort();
    if (brokerRunning) {
        QString error;
        QVERIFY2(broker.start(&error), qPrintable(error));
        port = broker.port();
    }
    BrokerConfig config = brokerAt(port, user, password);
    config.protocolVersion = MqttProtocolVersion(version);

    ConnectionTester tester;
    QSignalSpy finished(&tester, &ConnectionTester::finished);
    tester.start(config, std::chrono::seconds(20));
    QVERIFY(tester.isRunning()); // asynchronous: the window goes on meanwhile
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toBool(), connected);
    const QString message = finished.first().at(1).toString();
    QVERIFY2(message.contains(fragment, Qt::CaseInsensitive), qPrintable(message));
    QVERIFY(!tester.isRunning());
    if (brokerRunning && connected)
        QVERIFY(broker.log().contains(u"tester-test"_s)); // not the service's own client id
}

void tst_Testers::testConnectionFromTheForm()
{
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"config.json"_s);
    QVERIFY(writeFile(fileName, oneBrokerConfig(broker.port(), QString())));
    MainWindow window(fileName);
    window.setUnattended(QMessageBox::Discard);
    window.show();
    window.editor()->select(JsonPath::fromString(u"mqtt_brokers[0]"_s));
    ItemForm *form = window.editor()->currentForm();
    auto *button = form->findChild<QPushButton *>(u"testConnectionButton"_s);
    auto *result = form->findChild<QLabel *>(u"testResult"_s);
    button->click();
    QVERIFY(!button->isEnabled());
    QVERIFY(result->text().startsWith(u"Connecting to 127.0.0.1:"_s));
    QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), 30000);
    QVERIFY2(result->text().contains(u"CONNACK success"_s), qPrintable(result->text()));

    // A connection with errors is not tried.
    window.document()->setValue(JsonPath::fromString(u"mqtt_brokers[0].broker_port"_s),
                                JsonWriter::integer(0));
    button->click();
    QVERIFY(button->isEnabled());
    QVERIFY2(result->text().startsWith(u"Fix the problems of this connection first"_s),
             qPrintable(result->text()));
    QVERIFY(result->text().contains(u"broker_port"_s));
}

void tst_Testers::testRequestFromTheForm()
{
    HttpTestServer endpoint;
    QString error;
    QVERIFY2(endpoint.start(&error), qPrintable(error));
    Response answer = Response::withStatus(202, "queued for later");
    answer.headers = {{"X-Endpoint", "test-sink"}};
    endpoint.setDefaultResponse(answer);

    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"config.json"_s);
    QByteArray json = oneBrokerConfig(1883, QString());
    json.replace("http://127.0.0.1:9/edge", endpoint.url(u"/hook/edge"_s).toEncoded());
    json.replace("\"retry\": 1", "\"retry\": 1, \"http_method\": \"PUT\", \"body_template\": "
                                 "\"{\\\"t\\\": \\\"$${topic}\\\", \\\"d\\\": $${payload_json}}\", "
                                 "\"callbackHeaders\": {\"X-Route\": \"$${app_name}\"}");
    QVERIFY(writeFile(fileName, json));
    MainWindow window(fileName);
    window.setUnattended(QMessageBox::Discard);
    window.show();
    QVERIFY2(window.document()->errorCount() == 0,
             qPrintable(window.document()->issues().value(0).message));
    window.editor()->select(
        JsonPath::fromString(u"mqtt_brokers[0].sub_deal_config.callbackAddress[0]"_s));
    ItemForm *form = window.editor()->currentForm();
    QVERIFY(form);
    auto *button = form->findChild<QPushButton *>(u"sendButton"_s);
    auto *result = form->findChild<QLabel *>(u"resultLabel"_s);
    auto *headers = form->findChild<QPlainTextEdit *>(u"responseHeadersView"_s);
    auto *body = form->findChild<QPlainTextEdit *>(u"responseBodyView"_s);
    button->click();
    QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), 30000);

    // What the endpoint got: the route's method, template and headers.
    QCOMPARE(endpoint.requestCount(), 1);
    const HttpTestServer::Request &request = endpoint.requests().first();
    QCOMPARE(request.method, QByteArray("PUT"));
    QCOMPARE(request.target, QByteArray("/hook/edge"));
    QCOMPARE(request.body,
             QByteArray(R"({"t": "edge/test", "d": {"test": true, "sent_by": "mqhook"}})"));
    QCOMPARE(request.header("X-Route"), QByteArray("edge"));
    QVERIFY(request.header("X-Mqhook-Message-Id").startsWith("test-"));
    // What the window shows: status, latency, headers and body.
    QVERIFY2(result->text().startsWith(u"HTTP 202 in "_s), qPrintable(result->text()));
    QVERIFY(result->text().contains(u" ms"_s));
    QVERIFY2(headers->toPlainText().contains(u"X-Endpoint: test-sink"_s),
             qPrintable(headers->toPlainText()));
    QCOMPARE(body->toPlainText(), u"queued for later"_s);
}

void tst_Testers::testRequestThatCannotBeRendered()
{
    SubscriptionConfig route;
    route.callbackAddresses = {u"http://127.0.0.1:9/x"_s};
    route.bodyTemplate = u"${payload.missing}"_s;
    RequestTester tester;
    QString error;
    Message sample = RequestTester::sampleMessage(route, u"c"_s);
    QVERIFY(!tester.start(route, route.callbackAddresses.first(), sample, &error));
    QVERIFY2(error.contains(u"payload.missing"_s), qPrintable(error));
    QVERIFY(!tester.isRunning());
}

QTEST_MAIN(tst_Testers)
#include "tst_testers.moc"
