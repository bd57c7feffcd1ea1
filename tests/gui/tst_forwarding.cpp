#include "config/jsonwriter.h"
#include "configdocument.h"
#include "httptestserver.h"
#include "keychaintesthelpers.h"
#include "mainwindow.h"
#include "mosquittofixture.h"
#include "service/bridge.h"
#include "statuspanel.h"
#include "testpaths.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;

namespace {

bool anyContains(const QStringList &texts, const QString &part)
{
    for (const QString &text : texts) {
        if (text.contains(part))
            return true;
    }
    return false;
}

} // namespace

// Start and Stop in the window run the saved file with the service object
// of --no-gui; the status bar shows each connection, messages/s and the queue.
class tst_Forwarding : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void startForwardStop();
    void connectionThatFailsShowsIt();
    void fileWithErrorsDoesNotStart();

private:
    QTemporaryDir m_settings;
};

void tst_Forwarding::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_Forwarding::startForwardStop()
{
    MosquittoFixture broker;
    HttpTestServer endpoint;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    QVERIFY2(endpoint.start(&error), qPrintable(error));
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"config.json"_s);
    QByteArray json = oneBrokerConfig(broker.port(), QString());
    json.replace("http://127.0.0.1:9/edge", endpoint.url(u"/in"_s).toEncoded());
    QVERIFY(writeFile(fileName, json));

    MainWindow window(fileName);
    window.setUnattended(QMessageBox::Discard);
    window.show();
    // An unsaved change is saved first: forwarding runs what is on disk.
    window.document()->setValue(JsonPath::fromString(u"mqtt_brokers[0].sub_deal_config.retry"_s),
                                JsonWriter::integer(4));
    QVERIFY(window.startAction()->isEnabled());
    window.startForwarding();
    QVERIFY(fileContents(fileName).contains("\"retry\": 4"));
    QVERIFY(window.service());
    QVERIFY(!window.startAction()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(window.service()->state(), HeadlessService::State::Running, 20000);
    StatusPanel *status = window.statusPanel();
    QTRY_VERIFY_WITH_TIMEOUT(status->texts().contains(u"edge-1: connected"_s), 20000);
    QVERIFY(anyContains(status->texts(), u"msg/s"_s));
    QVERIFY(anyContains(status->texts(), u"queue: "_s));

    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            // The subscription may land a moment after the connection.
            broker.publish({u"-q"_s, u"1"_s, u"-t"_s, u"edge/1"_s, u"-m"_s, u"{\"n\":1}"_s});
            return QTest::qWaitFor([&] { return endpoint.requestCount() > 0; }, 1000);
        }(),
        20000);
    QCOMPARE(endpoint.requests().first().target, QByteArray("/in"));
    QCOMPARE(window.service()->bridge()->config().brokers.first().subscriptions.first().retry, 4);

    window.stopForwarding();
    QTRY_VERIFY_WITH_TIMEOUT(!window.service(), 20000);
    QVERIFY(window.startAction()->isEnabled());
    QVERIFY(!window.stopAction()->isEnabled());
    QCOMPARE(status->texts(), QStringList{u"Stopped"_s});
}

void tst_Forwarding::connectionThatFailsShowsIt()
{
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"config.json"_s);
    QVERIFY(writeFile(fileName, oneBrokerConfig(MosquittoFixture::freePort(), QString())));
    MainWindow window(fileName);
    window.setUnattended(QMessageBox::Discard);
    window.startForwarding();
    QTRY_COMPARE_WITH_TIMEOUT(window.service()->state(), HeadlessService::State::Running, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.statusPanel()->texts().contains(u"edge-1: not connected"_s),
                             30000);
    const QList<Bridge::ConnectionStatus> connections = window.service()->bridge()->connections();
    QCOMPARE(connections.size(), 1);
    QCOMPARE(StatusPanel::stateOf(connections.first()), StatusPanel::ConnectionState::Failing);
    QVERIFY(connections.first().lastError.contains(u"Connection refused"_s));
    window.stopForwarding();
    QTRY_VERIFY_WITH_TIMEOUT(!window.service(), 20000);
}

void tst_Forwarding::fileWithErrorsDoesNotStart()
{
    QTemporaryDir dir;
    MainWindow window(
        copyFromSource(u"resources/examples/five-mistakes.json"_s, dir.path(), u"c.json"_s));
    window.setUnattended(QMessageBox::Discard);
    window.startForwarding();
    QVERIFY(!window.service());
    // The service says why, as --no-gui would: every error with its place.
    QVERIFY2(window.lastMessage().contains(u"c.json:7:16: error: mqtt_brokers[0].alive"_s),
             qPrintable(window.lastMessage()));
}

QTEST_MAIN(tst_Forwarding)
#include "tst_forwarding.moc"
