// What the bridge does, as events and metrics: a real mosquitto, a real HTTP
// endpoint, the Bridge and the EventRecorder between them.
#include "config/configloader.h"
#include "httptestserver.h"
#include "mosquittofixture.h"
#include "observe/eventring.h"
#include "observe/metrics.h"
#include "service/bridge.h"
#include "service/eventrecorder.h"
#include "service/headlessservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int timeout = 60000;
const QString clientId = u"rec-bridge"_s;
const QString goodRoute = u"rec-bridge/1/good"_s;
const QString badRoute = u"rec-bridge/2/bad"_s;

QJsonObject route(const QString &name, const QString &id, const QString &topic,
                  const QString &callback, int retry)
{
    return QJsonObject{
        {u"app_name"_s, name},
        {u"app_id"_s, id},
        {u"enabled"_s, true},
        {u"callbackMethod"_s, u"HTTP"_s},
        {u"callbackAddress"_s, QJsonArray{callback}},
        {u"callbackHeaders"_s, QJsonObject{{u"Authorization"_s, u"Bearer s3cr3t-token"_s}}},
        {u"subTopic"_s, QJsonObject{{u"topic"_s, topic}, {u"qos"_s, 1}}},
        {u"retry"_s, retry},
        {u"retry_backoff"_s,
         QJsonObject{{u"initial_ms"_s, 50}, {u"max_ms"_s, 50}, {u"jitter"_s, false}}},
    };
}

// Two routes: rec/ok/# (rec/ok/skip/ excluded) answered 200, rec/bad/#
// answered 500 and given up after one retry.
std::optional<Config> recorderConfig(quint16 brokerPort, const HttpTestServer &endpoint,
                                     const QString &dir, QString *error)
{
    QJsonObject good =
        route(u"good"_s, u"1"_s, u"rec/ok/#"_s, endpoint.url(u"/ok"_s).toString(), 3);
    good.insert(u"excludeTopics"_s, QJsonArray{u"rec/ok/skip/"_s});
    const QJsonObject bad =
        route(u"bad"_s, u"2"_s, u"rec/bad/#"_s, endpoint.url(u"/bad"_s).toString(), 1);
    const QJsonObject broker{
        {u"client_id"_s, clientId},       {u"alive"_s, 30},
        {u"broker_ip"_s, u"127.0.0.1"_s}, {u"broker_port"_s, int(brokerPort)},
        {u"clean_session"_s, false},      {u"sub_deal_config"_s, QJsonArray{good, bad}},
    };
    const QJsonObject root{
        {u"mqtt_brokers"_s, QJsonArray{broker}},
        {u"log_config"_s, QJsonObject{{u"level"_s, u"warn"_s},
                                      {u"filename"_s, u""_s},
                                      {u"maxsize"_s, 10},
                                      {u"max_age"_s, 0},
                                      {u"max_backups"_s, 0}}},
        {u"queue"_s, QJsonObject{{u"dir"_s, u"queue"_s}}},
    };
    LoadResult loaded = ConfigLoader().loadJson(QJsonDocument(root).toJson(), dir);
    if (!loaded.ok()) {
        QStringList errors;
        for (const ConfigIssue &issue : loaded.errors)
            errors.append(issue.toString(u"config"_s));
        *error = errors.join(u'\n');
        return std::nullopt;
    }
    return *loaded.config;
}

QList<Event> allEvents(const EventRing &ring)
{
    return ring.read(0, ring.capacity()).events;
}

QList<Event> eventsOf(const EventRing &ring, const std::function<bool(const Event &)> &wanted)
{
    QList<Event> events;
    for (const Event &event : allEvents(ring)) {
        if (wanted(event))
            events.append(event);
    }
    return events;
}

qsizetype countOf(const EventRing &ring, Event::Kind kind)
{
    return eventsOf(ring, [kind](const Event &event) { return event.kind == kind; }).size();
}

// The value of one series in the exposition text, or -1.
double valueOf(const MetricsRegistry &metrics, const QByteArray &series)
{
    const QByteArray text = metrics.render();
    const qsizetype at = text.indexOf('\n' + series + ' ');
    if (at < 0)
        return -1;
    const qsizetype start = at + 1 + series.size() + 1;
    return text.mid(start, text.indexOf('\n', start) - start).toDouble();
}

// One bridge with its recorder, connected to a broker and an endpoint.
struct Rig
{
    MosquittoFixture broker;
    HttpTestServer endpoint;
    QTemporaryDir dir;
    EventRing ring{1000};
    MetricsRegistry metrics;
    Bridge bridge;
    EventRecorder recorder{&bridge, &ring, &metrics, std::make_shared<SystemClock>(), u"9.8.7"_s};

    bool start(QString *error)
    {
        endpoint.setHandler([](const HttpTestServer::Request &request) {
            if (request.target == "/bad")
                return HttpTestServer::Response::withStatus(500, "boom: try later");
            return HttpTestServer::Response::withStatus(200, R"({"ok":true})");
        });
        if (!broker.start(error) || !endpoint.start(error))
            return false;
        const std::optional<Config> config =
            recorderConfig(broker.port(), endpoint, dir.path(), error);
        if (!config)
            return false;
        QSignalSpy ready(&bridge, &Bridge::connectionReady);
        if (!bridge.start(*config, error))
            return false;
        if (!ready.wait(timeout)) {
            *error = u"the broker connection did not become ready"_s;
            return false;
        }
        return true;
    }

    bool publish(const QString &topic, const QByteArray &payload, QString *error)
    {
        return broker.publish(
            {u"-q"_s, u"1"_s, u"-t"_s, topic, u"-m"_s, QString::fromUtf8(payload)}, error);
    }
};

} // namespace

class tst_EventRecorder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void previewKeepsWholeCharacters_data();
    void previewKeepsWholeCharacters();
    void messagesAndDeliveries();
    void connectionChanges();
    void serviceOwnsRingAndMetrics();
};

void tst_EventRecorder::initTestCase()
{
    QLoggingCategory::setFilterRules(u"mqhook.*.debug=false\nmqhook.*.info=false"_s);
}

void tst_EventRecorder::previewKeepsWholeCharacters_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("bytes");
    QTest::addColumn<QByteArray>("preview");

    QTest::newRow("short: all") << QByteArray("abc") << 256 << QByteArray("abc");
    QTest::newRow("cut ASCII") << QByteArray("abcdef") << 4 << QByteArray("abcd");
    QTest::newRow("none") << QByteArray("abc") << 0 << QByteArray();
    // "é" is C3 A9, "€" E2 82 AC.
    QTest::newRow("before a two-byte character")
        << QByteArray("ab\xc3\xa9") << 3 << QByteArray("ab");
    QTest::newRow("after a two-byte character")
        << QByteArray("\xc3\xa9z") << 2 << QByteArray("\xc3\xa9");
    QTest::newRow("inside a three-byte character")
        << QByteArray("a\xe2\x82\xac") << 3 << QByteArray("a");
    QTest::newRow("binary is cut where asked")
        << QByteArray("\x01\x02\xff\xfe\x03", 5) << 3 << QByteArray("\x01\x02\xff");
    QTest::newRow("only continuation bytes: at most three back")
        << QByteArray("\x80\x80\x80\x80\x80\x80", 6) << 5 << QByteArray("\x80\x80", 2);
}

void tst_EventRecorder::previewKeepsWholeCharacters()
{
    QFETCH(QByteArray, data);
    QFETCH(int, bytes);
    QFETCH(QByteArray, preview);
    QCOMPARE(EventRecorder::preview(data, bytes), preview);
}

// Published: 5 routed, 2 excluded, 1 to an endpoint that answers 500. The
// ring holds each message's events in order with what a person needs to
// see, and the metrics count the same.
void tst_EventRecorder::messagesAndDeliveries()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    QCOMPARE(countOf(rig.ring, Event::Kind::Connected), 1);
    QCOMPARE(valueOf(rig.metrics, "mqhook_broker_connected{client_id=\"rec-bridge\"}"), 1);

    for (int i = 0; i < 5; ++i)
        QVERIFY2(rig.publish(u"rec/ok/%1"_s.arg(i), "ok-" + QByteArray::number(i), &error),
                 qPrintable(error));
    QVERIFY2(rig.publish(u"rec/ok/skip/a"_s, "skipped-a", &error), qPrintable(error));
    QVERIFY2(rig.publish(u"rec/ok/skip"_s, "skipped-b", &error), qPrintable(error));
    QVERIFY2(rig.publish(u"rec/bad/1"_s, "bad-1", &error), qPrintable(error));

    QTRY_COMPARE_WITH_TIMEOUT(countOf(rig.ring, Event::Kind::Delivered), 5, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(countOf(rig.ring, Event::Kind::Dead), 1, timeout);
    QCOMPARE(countOf(rig.ring, Event::Kind::Taken), 6);
    QCOMPARE(countOf(rig.ring, Event::Kind::Unrouted), 2);
    QCOMPARE(countOf(rig.ring, Event::Kind::Retrying), 1);

    // Each routed message: taken, then delivered.
    for (int i = 0; i < 5; ++i) {
        const QString topic = u"rec/ok/%1"_s.arg(i);
        const QList<Event> events =
            eventsOf(rig.ring, [&](const Event &event) { return event.topic == topic; });
        QCOMPARE(events.size(), 2);
        const Event &taken = events.at(0);
        QCOMPARE(taken.kind, Event::Kind::Taken);
        QCOMPARE(taken.clientId, clientId);
        QVERIFY(!taken.messageId.isEmpty());
        QCOMPARE(taken.qos, 1);
        QCOMPARE(taken.size, 4);
        QCOMPARE(taken.preview, "ok-" + QByteArray::number(i));
        QCOMPARE(taken.routes, QStringList{goodRoute});
        QVERIFY(taken.time.isValid());
        const Event &delivered = events.at(1);
        QCOMPARE(delivered.kind, Event::Kind::Delivered);
        QCOMPARE(delivered.messageId, taken.messageId);
        QCOMPARE(delivered.route, goodRoute);
        QCOMPARE(delivered.target, rig.endpoint.url(u"/ok"_s).toString());
        QCOMPARE(delivered.attempt, 1);
        QCOMPARE(delivered.httpStatus, 200);
        QCOMPARE(delivered.response, QByteArray(R"({"ok":true})"));
        QVERIFY(delivered.latencyUs >= 0);
        QVERIFY(taken.seq < delivered.seq);
    }

    // The excluded ones, with the entry that held them back.
    const QList<Event> unrouted =
        eventsOf(rig.ring, [](const Event &event) { return event.kind == Event::Kind::Unrouted; });
    for (const Event &event : unrouted) {
        QVERIFY2(event.reason.contains(u"excluded by excludeTopics \"rec/ok/skip/\""_s),
                 qPrintable(event.reason));
        QVERIFY(event.reason.contains(u"(good)"_s));
        QCOMPARE(event.clientId, clientId);
        QVERIFY(event.preview.startsWith("skipped-"));
    }
    QCOMPARE(unrouted.at(0).topic, u"rec/ok/skip/a"_s);
    QCOMPARE(unrouted.at(1).topic, u"rec/ok/skip"_s);

    // The one the endpoint refused: taken, retried, dead.
    const QList<Event> bad =
        eventsOf(rig.ring, [](const Event &event) { return event.topic == u"rec/bad/1"_s; });
    QCOMPARE(bad.size(), 3);
    QCOMPARE(bad.at(0).kind, Event::Kind::Taken);
    QCOMPARE(bad.at(0).routes, QStringList{badRoute});
    const Event &retrying = bad.at(1);
    QCOMPARE(retrying.kind, Event::Kind::Retrying);
    QCOMPARE(retrying.route, badRoute);
    QCOMPARE(retrying.target, rig.endpoint.url(u"/bad"_s).toString());
    QCOMPARE(retrying.attempt, 1);
    QCOMPARE(retrying.httpStatus, 500);
    QVERIFY(!retrying.error.isEmpty());
    QCOMPARE(retrying.response, QByteArray("boom: try later"));
    QVERIFY(retrying.nextAt.isValid() && retrying.nextAt >= retrying.time);
    const Event &dead = bad.at(2);
    QCOMPARE(dead.kind, Event::Kind::Dead);
    QCOMPARE(dead.attempt, 2);
    QCOMPARE(dead.httpStatus, 500);
    QVERIFY2(dead.reason.contains(u"gave up after 2 attempts"_s), qPrintable(dead.reason));
    QCOMPARE(dead.response, QByteArray("boom: try later"));

    // Nothing secret in any event, as a reader sees it.
    for (const Event &event : allEvents(rig.ring)) {
        const QByteArray json = eventToJson(event);
        QVERIFY2(!json.contains("s3cr3t"), json.constData());
    }

    // The metrics say the same.
    const auto series = [](const QString &route, const QString &target, const char *outcome) {
        return u"mqhook_deliveries_total{route=\"%1\",target=\"%2\",outcome=\"%3\"}"_s
            .arg(route, target, QLatin1StringView(outcome))
            .toUtf8();
    };
    const QString ok = rig.endpoint.url(u"/ok"_s).toString();
    const QString refusing = rig.endpoint.url(u"/bad"_s).toString();
    QCOMPARE(valueOf(rig.metrics, "mqhook_messages_received_total{client_id=\"rec-bridge\"}"), 8);
    QCOMPARE(valueOf(rig.metrics, "mqhook_messages_unrouted_total{client_id=\"rec-bridge\"}"), 2);
    QCOMPARE(valueOf(rig.metrics, series(goodRoute, ok, "success")), 5);
    QCOMPARE(valueOf(rig.metrics, series(goodRoute, ok, "retry")), 0);
    QCOMPARE(valueOf(rig.metrics, series(badRoute, refusing, "retry")), 1);
    QCOMPARE(valueOf(rig.metrics, series(badRoute, refusing, "dead")), 1);
    QCOMPARE(valueOf(rig.metrics, series(badRoute, refusing, "success")), 0);
    QCOMPARE(
        valueOf(rig.metrics, u"mqhook_delivery_duration_seconds_count{route=\"%1\",target=\"%2\"}"_s
                                 .arg(goodRoute, ok)
                                 .toUtf8()),
        5);
    QCOMPARE(valueOf(rig.metrics, "mqhook_build_info{version=\"9.8.7\"}"), 1);
    QTRY_COMPARE_WITH_TIMEOUT(valueOf(rig.metrics, "mqhook_queue_dead_letters"), 1, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(valueOf(rig.metrics, "mqhook_queue_pending_messages"), 0, timeout);
    QCOMPARE(valueOf(rig.metrics, "mqhook_intake_paused"), 0);
    QVERIFY(valueOf(rig.metrics, "mqhook_uptime_seconds") > 0);
}

// Broker stopped: the connection is lost and a reconnect scheduled; back:
// connected again. mqhook_broker_connected follows.
void tst_EventRecorder::connectionChanges()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    const QByteArray connected = "mqhook_broker_connected{client_id=\"rec-bridge\"}";
    QCOMPARE(valueOf(rig.metrics, connected), 1);
    const quint64 before = rig.ring.lastSeq();

    rig.broker.stop();
    QTRY_COMPARE_WITH_TIMEOUT(countOf(rig.ring, Event::Kind::ConnectionLost), 1, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(countOf(rig.ring, Event::Kind::ReconnectScheduled) >= 1, timeout);
    QCOMPARE(valueOf(rig.metrics, connected), 0);
    // The client's error comes first, as a problem; then the loss, with it.
    const QList<Event> changes = rig.ring.read(before).events;
    const auto lostAt = std::find_if(changes.begin(), changes.end(), [](const Event &event) {
        return event.kind == Event::Kind::ConnectionLost;
    });
    QVERIFY(lostAt != changes.end());
    const Event lost = *lostAt;
    QCOMPARE(lost.clientId, clientId);
    QVERIFY(!lost.reason.isEmpty());
    QVERIFY(std::any_of(changes.begin(), lostAt, [&](const Event &event) {
        return event.kind == Event::Kind::Problem && event.route == u"mqtt"_s &&
               event.reason.contains(lost.reason);
    }));
    const QList<Event> scheduled = eventsOf(
        rig.ring, [](const Event &event) { return event.kind == Event::Kind::ReconnectScheduled; });
    QCOMPARE(scheduled.first().clientId, clientId);
    QVERIFY(scheduled.first().nextAt.isValid());
    QVERIFY(scheduled.first().seq > lost.seq);
    QVERIFY(valueOf(rig.metrics, "mqhook_broker_reconnects_total{client_id=\"rec-bridge\"}") >= 1);

    QVERIFY2(rig.broker.restart(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(countOf(rig.ring, Event::Kind::Connected), 2, timeout);
    QCOMPARE(valueOf(rig.metrics, connected), 1);
    QCOMPARE(countOf(rig.ring, Event::Kind::ConnectionLost), 1); // failed attempts are not losses
}

// The service records from its construction on; the admin settings reach
// the ring and the recorder.
void tst_EventRecorder::serviceOwnsRingAndMetrics()
{
    HeadlessService service(u"unused.json"_s, std::nullopt);
    QVERIFY(service.eventRing());
    QVERIFY(service.metrics());
    QCOMPARE(service.eventRing()->capacity(), 10000);
    service.setEventBufferSize(50);
    QCOMPARE(service.eventRing()->capacity(), 50);
    service.setPayloadPreview(16);
    const QByteArray text = service.metrics()->render();
    QVERIFY2(text.contains("mqhook_build_info{version=\"" MQHOOK_VERSION "\"} 1\n"),
             text.constData());
    QVERIFY(text.contains("# TYPE mqhook_deliveries_total counter\n"));
    QVERIFY(text.contains("mqhook_queue_pending_deliveries 0\n"));
}

QTEST_GUILESS_MAIN(tst_EventRecorder)
#include "tst_eventrecorder.moc"
