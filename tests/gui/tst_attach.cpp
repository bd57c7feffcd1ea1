#include "httptestserver.h"
#include "live/attachedservice.h"
#include "live/deadlettermodel.h"
#include "live/errorview.h"
#include "live/liveview.h"
#include "live/liveviews.h"
#include "live/messagedetail.h"
#include "live/messagemodel.h"
#include "mainwindow.h"
#include "mosquittofixture.h"
#include "mqhookprocess.h"
#include "statuspanel.h"
#include "testpaths.h"

#include <QAction>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int timeout = 30000;
const QString token = u"attach-test-token-0123456789"_s;

// One route from e2e/# to the endpoint's /fail (one retry, 50 ms apart), and
// the admin endpoint on a loopback port with a token.
QByteArray serviceConfig(quint16 brokerPort, const QUrl &target, quint16 adminPort)
{
    QByteArray json = R"({
  "mqtt_brokers": [{
    "client_id": "attach-e2e", "alive": 30, "broker_ip": "127.0.0.1", "broker_port": PORT,
    "sub_deal_config": {
      "app_name": "watched", "app_id": "1", "enabled": true, "callbackMethod": "HTTP",
      "callbackAddress": ["TARGET"], "subTopic": {"topic": "e2e/#", "qos": 1}, "retry": 1,
      "retry_backoff": {"initial_ms": 50, "max_ms": 50, "jitter": false}
    }
  }],
  "log_config": {"level": "info", "filename": "", "maxsize": 1, "max_age": 0, "max_backups": 0},
  "queue": {"dir": "queue"},
  "admin": {"listen": "127.0.0.1:ADMIN", "token": "TOKEN"}
})";
    json.replace("PORT", QByteArray::number(brokerPort));
    json.replace("TARGET", target.toEncoded());
    json.replace("ADMIN", QByteArray::number(adminPort));
    json.replace("TOKEN", token.toUtf8());
    return json;
}

int requestsTo(const HttpTestServer &server, const QByteArray &path)
{
    int count = 0;
    for (const HttpTestServer::Request &request : server.requests())
        count += request.target == path ? 1 : 0;
    return count;
}

bool anyContains(const QStringList &texts, const QString &part)
{
    for (const QString &text : texts) {
        if (text.contains(part))
            return true;
    }
    return false;
}

} // namespace

// The window attached to a headless `mqhook --no-gui` through its admin
// endpoint: the live view shows what the service forwards, the status bar
// its connections, the error view its dead letters, and Retry goes through
// the admin API. Detaching and the service going away and coming back are
// handled.
class tst_Attach : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void attachWatchRetryDetach();
    void wrongTokenSaysSo();

private:
    QTemporaryDir m_settings;
};

void tst_Attach::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_Attach::attachWatchRetryDetach()
{
    MosquittoFixture broker;
    HttpTestServer endpoint;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    QVERIFY2(endpoint.start(&error), qPrintable(error));
    bool failing = true;
    endpoint.setHandler([&failing](const HttpTestServer::Request &) {
        return failing ? HttpTestServer::Response::withStatus(500, R"({"error":"on purpose"})")
                       : HttpTestServer::Response::withStatus(200, R"({"code":200})");
    });
    QTemporaryDir dir;
    const QString file = dir.filePath(u"service.json"_s);
    const quint16 adminPort = MosquittoFixture::freePort();
    QVERIFY(writeFile(file, serviceConfig(broker.port(), endpoint.url(u"/fail"_s), adminPort)));
    auto service = MqhookProcess::headless(file);
    QVERIFY2(service->start(&error), qPrintable(error));
    QVERIFY2(service->waitForOutput(u"Every broker connection is subscribed"_s, timeout),
             qPrintable(service->output()));

    MainWindow window{QString()};
    window.setUnattended(QMessageBox::Discard);
    window.show();
    const QUrl admin(u"http://127.0.0.1:%1"_s.arg(adminPort));
    window.attach(admin, token);
    QTRY_VERIFY_WITH_TIMEOUT(window.watchingText().contains(u"(attached)"_s), timeout);
    QVERIFY(window.watchingText().contains(u"127.0.0.1:%1"_s.arg(adminPort)));
    QVERIFY(window.detachAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(window.statusPanel()->texts().contains(u"attach-e2e: connected"_s),
                             timeout);

    // The messages published to the service show in the live view.
    MessageModel *messages = window.liveViews()->messages();
    QVERIFY(
        broker.publish({u"-q"_s, u"1"_s, u"-t"_s, u"e2e/a"_s, u"-m"_s, u"{\"n\":1}"_s}, &error));
    QVERIFY(
        broker.publish({u"-q"_s, u"1"_s, u"-t"_s, u"e2e/b"_s, u"-m"_s, u"{\"n\":2}"_s}, &error));
    QTRY_VERIFY_WITH_TIMEOUT(messages->rowCount() >= 2, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            int dead = 0;
            for (int r = 0; r < messages->rowCount(); ++r)
                dead += messages->record(r).outcome() == MessageRecord::Outcome::Dead ? 1 : 0;
            return dead == 2;
        }(),
        timeout);
    QCOMPARE(messages->record(0).topic, u"e2e/a"_s);
    QCOMPARE(messages->record(0).deliveries.value(0).history.size(), 2);
    // The request is rendered from the configuration the service reports.
    window.liveViews()->liveView()->selectRow(0);
    QVERIFY2(window.liveViews()->liveView()->detail()->requestText().contains(
                 u"X-Mqhook-Message-Id: "_s + messages->record(0).messageId),
             qPrintable(window.liveViews()->liveView()->detail()->requestText()));

    // Its dead letters, through the admin API: read in full when selected.
    ErrorView *errors = window.liveViews()->errorView();
    QTRY_COMPARE_WITH_TIMEOUT(errors->deadLetterTotal(), 2, timeout);
    errors->deadLetterView()->selectRow(0);
    QTRY_VERIFY_WITH_TIMEOUT(errors->deadLetterDetail()->toPlainText().contains(u"HTTP 500"_s),
                             timeout);
    // The listed letter shows first; its payload comes with the full read.
    QTRY_VERIFY_WITH_TIMEOUT(errors->deadLetterDetail()->toPlainText().contains(u"\"n\": 1"_s),
                             timeout);

    // Retry goes to the service, which delivers it again.
    failing = false;
    const int before = requestsTo(endpoint, "/fail");
    errors->retryButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(requestsTo(endpoint, "/fail") > before, timeout);
    QCOMPARE(endpoint.requests().constLast().body, QByteArray("{\"n\":1}"));
    QTRY_COMPARE_WITH_TIMEOUT(errors->deadLetterTotal(), 1, timeout);

    // The service goes and comes back: the window reconnects by itself.
    service->sendSignal(SIGTERM);
    QVERIFY(service->waitForExit(timeout));
    QTRY_VERIFY_WITH_TIMEOUT(window.watchingText().contains(u"trying again"_s) ||
                                 window.watchingText().contains(u"connecting"_s),
                             timeout);
    auto again = MqhookProcess::headless(file);
    QVERIFY2(again->start(&error), qPrintable(error));
    QVERIFY2(again->waitForOutput(u"Every broker connection is subscribed"_s, timeout),
             qPrintable(again->output()));
    QTRY_VERIFY_WITH_TIMEOUT(window.watchingText().contains(u"(attached)"_s), timeout);
    const int rows = messages->rowCount();
    QVERIFY(
        broker.publish({u"-q"_s, u"1"_s, u"-t"_s, u"e2e/c"_s, u"-m"_s, u"{\"n\":3}"_s}, &error));
    QTRY_VERIFY_WITH_TIMEOUT(messages->rowCount() > rows, timeout);

    // Detach: the views keep what they show, and nothing is watched.
    window.detach();
    QCOMPARE(window.watchingText(), u"Not watching a service"_s);
    QVERIFY(!window.detachAction()->isEnabled());
    QVERIFY(messages->rowCount() > rows);
    again->sendSignal(SIGTERM);
    QVERIFY(again->waitForExit(timeout));
}

void tst_Attach::wrongTokenSaysSo()
{
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    QTemporaryDir dir;
    const QString file = dir.filePath(u"service.json"_s);
    const quint16 adminPort = MosquittoFixture::freePort();
    QVERIFY(
        writeFile(file, serviceConfig(broker.port(), QUrl(u"http://127.0.0.1:9/x"_s), adminPort)));
    auto service = MqhookProcess::headless(file);
    QVERIFY2(service->start(&error), qPrintable(error));
    QVERIFY2(service->waitForOutput(u"Every broker connection is subscribed"_s, timeout),
             qPrintable(service->output()));
    MainWindow window{QString()};
    window.setUnattended(QMessageBox::Discard);
    window.attach(QUrl(u"http://127.0.0.1:%1"_s.arg(adminPort)), u"not-the-token"_s);
    QTRY_VERIFY_WITH_TIMEOUT(window.watchingText().contains(u"refused"_s), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        anyContains(window.statusPanel()->texts(), u"Cannot read the status"_s), timeout);
    service->sendSignal(SIGTERM);
    QVERIFY(service->waitForExit(timeout));
}

QTEST_MAIN(tst_Attach)
#include "tst_attach.moc"
