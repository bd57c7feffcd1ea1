#include "httptestserver.h"
#include "live/deadlettermodel.h"
#include "live/errorview.h"
#include "live/liveview.h"
#include "live/liveviews.h"
#include "live/messagemodel.h"
#include "live/problemmodel.h"
#include "live/topicmodel.h"
#include "live/watchedservice.h"
#include "mainwindow.h"
#include "mosquittofixture.h"
#include "testpaths.h"

#include <QApplication>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int timeout = 30000;

// Two routes from e2e/#: one to /ok, one to /fail with two retries 50 ms
// apart; from/v1/aaa/ is excluded from both.
QByteArray twoRoutes(quint16 brokerPort, const QUrl &ok, const QUrl &fail)
{
    QByteArray json = R"({
  "mqtt_brokers": [{
    "client_id": "live-e2e", "alive": 30, "broker_ip": "127.0.0.1", "broker_port": PORT,
    "sub_deal_config": [
      {"app_name": "good", "app_id": "1", "enabled": true, "callbackMethod": "HTTP",
       "callbackAddress": ["OK_URL"], "subTopic": {"topic": "e2e/#", "qos": 1}, "retry": 2,
       "excludeTopics": ["e2e/aaa/"]},
      {"app_name": "bad", "app_id": "2", "enabled": true, "callbackMethod": "HTTP",
       "callbackAddress": ["FAIL_URL"], "subTopic": {"topic": "e2e/#", "qos": 1}, "retry": 2,
       "excludeTopics": ["e2e/aaa/"],
       "retry_backoff": {"initial_ms": 50, "max_ms": 100, "jitter": false}}
    ]
  }],
  "log_config": {"level": "warn", "filename": "", "maxsize": 1, "max_age": 0, "max_backups": 0},
  "queue": {"dir": "queue"}
})";
    json.replace("PORT", QByteArray::number(brokerPort));
    json.replace("OK_URL", ok.toEncoded());
    json.replace("FAIL_URL", fail.toEncoded());
    return json;
}

// Answers the next question box (a confirmation) with button.
void answerNextQuestion(QMessageBox::StandardButton button)
{
    QTimer::singleShot(0, qApp, [button] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        box->button(button)->click();
    });
}

int answered(const HttpTestServer &server, const QByteArray &path)
{
    int count = 0;
    for (const HttpTestServer::Request &request : server.requests())
        count += request.target == path ? 1 : 0;
    return count;
}

} // namespace

// End to end in the window: a mosquitto and an endpoint that answers 500 on
// one route. The live view shows the retries and the dead letter, the topic
// overview names the exclude, and Retry in the error view sends the message
// again through the running service.
class tst_LiveForwarding : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void retriesDeadLetterAndRetry();

private:
    QTemporaryDir m_settings;
};

void tst_LiveForwarding::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_LiveForwarding::retriesDeadLetterAndRetry()
{
    MosquittoFixture broker;
    HttpTestServer endpoint;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    QVERIFY2(endpoint.start(&error), qPrintable(error));
    bool failing = true;
    endpoint.setHandler([&failing](const HttpTestServer::Request &request) {
        if (request.target == "/fail" && failing)
            return HttpTestServer::Response::withStatus(500, R"({"error":"on purpose"})");
        return HttpTestServer::Response::withStatus(200, R"({"code":200})");
    });
    QTemporaryDir dir;
    const QString file = dir.filePath(u"live.json"_s);
    QVERIFY(writeFile(file,
                      twoRoutes(broker.port(), endpoint.url(u"/ok"_s), endpoint.url(u"/fail"_s))));

    MainWindow window(file);
    window.setUnattended(QMessageBox::Discard);
    window.show();
    window.startForwarding();
    QVERIFY2(window.service(), qPrintable(window.lastMessage()));
    QVERIFY2(window.watchingText().contains(u"forwarding in this window"_s),
             qPrintable(window.watchingText()));
    QTRY_COMPARE_WITH_TIMEOUT(window.service()->state(), HeadlessService::State::Running, timeout);
    LiveViews *views = window.liveViews();
    MessageModel *messages = views->messages();

    // The excluded topic until the subscriptions are in place (its message
    // reaches the live view, not routed), then one message.
    const auto shown = [&](const QString &topic) {
        for (int r = 0; r < messages->rowCount(); ++r) {
            if (messages->record(r).topic == topic)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            broker.publish({u"-q"_s, u"1"_s, u"-t"_s, u"e2e/aaa/debug"_s, u"-m"_s, u"skip"_s});
            return QTest::qWaitFor([&] { return shown(u"e2e/aaa/debug"_s); }, 1000);
        }(),
        timeout);
    QVERIFY(broker.publish({u"-q"_s, u"1"_s, u"-t"_s, u"e2e/car/1"_s, u"-m"_s, u"{\"n\":1}"_s},
                           &error));
    QTRY_COMPARE_WITH_TIMEOUT(answered(endpoint, "/ok"), 1, timeout);

    // The live view: the message delivered on one route, dead on the other
    // after its retries, each attempt with its status and the answer.
    QTRY_VERIFY_WITH_TIMEOUT(messages->rowCount() > 0 &&
                                 messages->record(messages->rowCount() - 1).outcome() ==
                                     MessageRecord::Outcome::Dead,
                             timeout);
    int row = -1;
    for (int r = 0; r < messages->rowCount(); ++r) {
        if (messages->record(r).topic == u"e2e/car/1" &&
            messages->record(r).outcome() == MessageRecord::Outcome::Dead)
            row = r;
    }
    QVERIFY(row >= 0);
    const MessageRecord record = messages->record(row);
    QCOMPARE(record.deliveries.size(), 2);
    const DeliveryEvents *bad = nullptr;
    for (const DeliveryEvents &delivery : record.deliveries)
        bad = delivery.target.endsWith(u"/fail") ? &delivery : bad;
    QVERIFY(bad);
    QCOMPARE(bad->outcome, DeliveryEvents::Outcome::Dead);
    QCOMPARE(bad->attempts, 3); // the first and two retries
    QCOMPARE(bad->history.size(), 3);
    for (const AttemptEvent &attempt : bad->history) {
        QCOMPARE(attempt.httpStatus, 500);
        QCOMPARE(attempt.response, QByteArray(R"({"error":"on purpose"})"));
    }
    // The excluded message is there too, not routed, and says why.
    bool excludedShown = false;
    for (int r = 0; r < messages->rowCount(); ++r) {
        const MessageRecord &m = messages->record(r);
        if (m.topic == u"e2e/aaa/debug") {
            QCOMPARE(m.outcome(), MessageRecord::Outcome::Unrouted);
            QVERIFY2(m.reason.contains(u"excluded by excludeTopics \"e2e/aaa/\""_s),
                     qPrintable(m.reason));
            excludedShown = true;
        }
    }
    QVERIFY(excludedShown);
    const auto routing = [&](const QString &topic) {
        return views->topics()
            ->indexOf(topic)
            .siblingAtColumn(TopicModel::RoutesColumn)
            .data()
            .toString();
    };
    // Both routes name the entry of their excludeTopics that stopped it.
    const QString excluded = routing(u"e2e/aaa/debug"_s);
    QVERIFY2(
        excluded.contains(u"sub_deal_config[0] (good): excluded by excludeTopics \"e2e/aaa/\""_s),
        qPrintable(excluded));
    QVERIFY2(
        excluded.contains(u"sub_deal_config[1] (bad): excluded by excludeTopics \"e2e/aaa/\""_s),
        qPrintable(excluded));
    QVERIFY(routing(u"e2e/car/1"_s).contains(u"live-e2e/2/bad"_s));

    // The problems: the failed attempts and the dead letter.
    ProblemModel *problems = views->problems();
    int failedAttempts = 0;
    int deadLetters = 0;
    for (int r = 0; r < problems->rowCount(); ++r) {
        failedAttempts += problems->event(r).kind == Event::Kind::Retrying ? 1 : 0;
        deadLetters += problems->event(r).kind == Event::Kind::Dead ? 1 : 0;
    }
    QCOMPARE(failedAttempts, 2);
    QCOMPARE(deadLetters, 1);

    // The error view lists the dead letter of the running service.
    ErrorView *errors = views->errorView();
    QTRY_COMPARE_WITH_TIMEOUT(errors->deadLetterTotal(), 1, timeout);
    QCOMPARE(errors->deadLetters()->rowCount(), 1);
    QCOMPARE(errors->deadLetters()->letter(0).message.topic, u"e2e/car/1"_s);
    QCOMPARE(errors->deadLetters()->letter(0).history.size(), 3);
    QVERIFY(errors->deadLetterDetail()->toPlainText().contains(u"HTTP 500"_s));

    // Retry: the endpoint answers now, and gets the message again.
    failing = false;
    const int before = answered(endpoint, "/fail");
    errors->deadLetterView()->selectRow(0);
    QVERIFY(errors->retryButton()->isEnabled());
    errors->retryButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(answered(endpoint, "/fail") > before, timeout);
    QCOMPARE(endpoint.requests().constLast().body, QByteArray("{\"n\":1}"));
    QTRY_COMPARE_WITH_TIMEOUT(errors->deadLetterTotal(), 0, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int r = 0; r < messages->rowCount(); ++r) {
                if (messages->record(r).topic == u"e2e/car/1" &&
                    messages->record(r).outcome() == MessageRecord::Outcome::Delivered)
                    return true;
            }
            return false;
        }(),
        timeout);

    // Delete asks first; Cancel keeps the letter, Yes deletes it.
    failing = true;
    broker.publish({u"-q"_s, u"1"_s, u"-t"_s, u"e2e/car/2"_s, u"-m"_s, u"{\"n\":2}"_s});
    QTRY_COMPARE_WITH_TIMEOUT(errors->deadLetterTotal(), 1, timeout);
    errors->deadLetterView()->selectRow(0);
    answerNextQuestion(QMessageBox::Cancel);
    errors->deleteButton()->click();
    QTest::qWait(200);
    QCOMPARE(errors->deadLetterTotal(), 1);
    answerNextQuestion(QMessageBox::Yes);
    errors->deleteButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(errors->deadLetterTotal(), 0, timeout);

    window.stopForwarding();
    QTRY_VERIFY_WITH_TIMEOUT(!window.service(), timeout);
    // What the views show stays after the service stopped.
    QVERIFY(messages->rowCount() >= 3);
}

QTEST_MAIN(tst_LiveForwarding)
#include "tst_liveforwarding.moc"
