// Acceptance tests of the forwarding engine, in process: a real mosquitto, a
// real HTTP endpoint and the Bridge between them.
#include "config/configloader.h"
#include "countingendpoint.h"
#include "delivery/outbox.h"
#include "delivery/outboxthread.h"
#include "forwardconfig.h"
#include "forwardingrig.h"
#include "mosquittofixture.h"
#include "outboxhelpers.h"
#include "outboxsamples.h"
#include "payloads.h"
#include "probes.h"
#include "service/bridge.h"
#include "testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 60000;
constexpr int longTimeout = 180000;

// Loads `json` as if it were a file in `dir`, with every route's ordering
// and the queue mode set as given.
std::optional<Config> loadConfig(const QByteArray &json, const QString &dir, QString *error,
                                 Ordering ordering = Ordering::None,
                                 QueueMode queueMode = QueueMode::Disk)
{
    LoadResult loaded = ConfigLoader().loadJson(json, dir);
    if (!loaded.ok()) {
        QStringList errors;
        for (const ConfigIssue &issue : loaded.errors)
            errors.append(issue.toString(QStringLiteral("config")));
        *error = errors.join(QLatin1Char('\n'));
        return std::nullopt;
    }
    for (BrokerConfig &broker : loaded.config->brokers) {
        for (SubscriptionConfig &subscription : broker.subscriptions)
            subscription.ordering = ordering;
    }
    loaded.config->queue.mode = queueMode;
    return *loaded.config;
}

// Loads `json` as if it were a file in `dir`, starts the bridge and waits until
// every broker connection has its subscriptions in place.
bool startBridge(Bridge &bridge, const QByteArray &json, const QString &dir, QString *error,
                 Ordering ordering = Ordering::None, QueueMode queueMode = QueueMode::Disk)
{
    const std::optional<Config> config = loadConfig(json, dir, error, ordering, queueMode);
    if (!config)
        return false;
    QSignalSpy ready(&bridge, &Bridge::connectionReady);
    if (!bridge.start(*config, error))
        return false;
    const qsizetype connections = config->brokers.size();
    for (int waited = 0; ready.size() < connections && waited < timeout; waited += 100)
        ready.wait(100);
    if (ready.size() < connections) {
        *error = QStringLiteral("only %1 of %2 broker connections became ready")
                     .arg(ready.size())
                     .arg(connections);
        return false;
    }
    return true;
}

// Test data: one row per queue mode, in the column "queueMode".
void addQueueModeRows()
{
    QTest::addColumn<QueueMode>("queueMode");
    QTest::newRow("disk queue") << QueueMode::Disk;
    QTest::newRow("memory queue") << QueueMode::Memory;
}

// The payloads the endpoint accepted from request `from` on, in arrival
// order: while it is up, every request is accepted.
QList<QByteArray> acceptedInOrder(CountingEndpoint &endpoint, int from)
{
    QList<QByteArray> payloads;
    const QList<HttpTestServer::Request> &requests = endpoint.server().requests();
    for (qsizetype i = from; i < requests.size(); ++i)
        payloads += CountingEndpoint::payloadsOf(requests.at(i));
    return payloads;
}

// Empty when each prefix's numbers ("a-000001") arrive in increasing order;
// else the first payload out of order.
QString firstOutOfOrder(const QList<QByteArray> &payloads)
{
    QHash<QByteArray, int> last;
    for (const QByteArray &payload : payloads) {
        const qsizetype dash = payload.lastIndexOf('-');
        const QByteArray prefix = payload.left(dash);
        const int number = payload.mid(dash + 1).toInt();
        if (number <= last.value(prefix, 0))
            return QString::fromUtf8(payload) +
                   QStringLiteral(" after number %1").arg(last.value(prefix));
        last.insert(prefix, number);
    }
    return {};
}

} // namespace

class tst_Bridge : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void seedConfigForwardsToBothPaths();
    void endpointDownThenUp_data();
    void endpointDownThenUp();
    void brokerRestartMidStream();
    void badInput_data();
    void badInput();
    void windowBoundsTheDispatcher_data();
    void windowBoundsTheDispatcher();
    void intakeWhileTheBacklogIsRead_data();
    void intakeWhileTheBacklogIsRead();
    void reloadRestartsRouteWithBacklog();
    void reloadReplacesASharedRoute();
    void restartResumesMoreThanTheWindow();
    void requeuedDeadLettersBelowThePosition();
    void fullDiskStopsIntakeUntilItHasRoom();
};

void tst_Bridge::initTestCase()
{
    // Every failed attempt is logged at info; thousands of them would drown
    // the findings (and Qt Test stops printing after 2000 lines).
    QLoggingCategory::setFilterRules(
        QStringLiteral("mqhook.*.debug=false\nmqhook.http.info=false"));
}

// The original system's example (two brokers entries, /api/test and
// /api/test2, excludeTopics "from/v1/aaa/"), pointed at the test servers.
void tst_Bridge::seedConfigForwardsToBothPaths()
{
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    MosquittoFixture &broker = rig.broker();
    CountingEndpoint &endpoint = rig.endpoint();

    QFile seed(sourcePath(QStringLiteral("resources/examples/seed.json")));
    QVERIFY2(seed.open(QIODevice::ReadOnly), qPrintable(seed.errorString()));
    QByteArray json = seed.readAll();
    QVERIFY(json.contains("127.0.0.1:8000") && json.contains("\"broker_port\": 1883"));
    json.replace("127.0.0.1:8000", "127.0.0.1:" + QByteArray::number(endpoint.port()));
    json.replace("\"broker_port\": 1883", "\"broker_port\": " + QByteArray::number(broker.port()));
    json.replace("\"logs/mqtt.log\"", "\"\"");

    Bridge bridge;
    QVERIFY2(startBridge(bridge, json, rig.dir(), &error), qPrintable(error));

    struct Publication
    {
        QString topic;
        QByteArray payload;
        bool forwarded;
    };
    const QList<Publication> publications = {
        {QStringLiteral("from/v1/a"), "p1 from/v1/a", true},
        {QStringLiteral("from/v1/b/c/d"), R"({"p":2})", true},
        {QStringLiteral("from/v1/aaa"), "p3 excluded topic itself", false},
        {QStringLiteral("from/v1/aaa/x/y"), "p4 excluded subtree", false},
        {QStringLiteral("from/v1/aaab"), "p5 not below aaa", true},
        {QStringLiteral("from/v2/a"), "p6 not subscribed", false},
        {QStringLiteral("from/v1/aaa/x"), "p7 excluded subtree", false},
        {QStringLiteral("from/v1/z"), "p8 last", true},
    };
    for (const Publication &publication : publications) {
        QVERIFY2(broker.publish({QStringLiteral("-q"), QStringLiteral("1"), QStringLiteral("-t"),
                                 publication.topic, QStringLiteral("-m"),
                                 QString::fromUtf8(publication.payload)},
                                &error),
                 qPrintable(error));
    }

    // Both connections read every message of from/v1/#; the excluded ones
    // (three on each) are dropped there, the rest go to each route's path.
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().received, 14, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().unrouted, 6, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.acceptedTotal(), 8, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().succeeded, 8, timeout);
    for (const QString &path : {QStringLiteral("/api/test"), QStringLiteral("/api/test2")}) {
        const QHash<QByteArray, int> &got = endpoint.accepted(path);
        for (const Publication &publication : publications) {
            QVERIFY2(got.value(publication.payload) == (publication.forwarded ? 1 : 0),
                     qPrintable(QStringLiteral("%1 on %2: %3 time(s)")
                                    .arg(publication.topic, path)
                                    .arg(got.value(publication.payload))));
        }
    }
    QCOMPARE(endpoint.accepted(QStringLiteral("/api/test")).size(), 4);
    QCOMPARE(endpoint.accepted(QStringLiteral("/api/test2")).size(), 4);
}

void tst_Bridge::endpointDownThenUp_data()
{
    QTest::addColumn<bool>("refuse");
    QTest::newRow("endpoint answers 503") << false;
    QTest::newRow("endpoint refuses connections") << true;
}

// Every message arrives once the endpoint is back; since the down phase never
// answered 2xx (and never left an outcome unknown), each is accepted exactly
// once.
void tst_Bridge::endpointDownThenUp()
{
    QFETCH(bool, refuse);
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-bridge"), QStringLiteral("/hook"));
    Bridge bridge;
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error), qPrintable(error));

    if (refuse)
        endpoint.stopListening();
    else
        endpoint.setMode(CountingEndpoint::Mode::Unavailable);

    const QList<QByteArray> payloads = numberedPayloads("down-", 300);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/down"), payloads, &error), qPrintable(error));

    // Down long enough that every message failed at least twice.
    QTRY_VERIFY_WITH_TIMEOUT(bridge.counters().retried >= 2 * payloads.size(), longTimeout);
    QCOMPARE(bridge.counters().succeeded, 0);
    QCOMPARE(endpoint.acceptedTotal(), 0);
    QCOMPARE(bridge.counters().enqueued, payloads.size());

    if (refuse)
        QVERIFY2(endpoint.listen(&error), qPrintable(error));
    else
        endpoint.setMode(CountingEndpoint::Mode::Up);

    const QString path = QStringLiteral("/hook");
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), payloads.size(), longTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().succeeded, payloads.size(), timeout);
    QVERIFY2(missingPayloads(payloads, endpoint.accepted(path)).isEmpty(),
             qPrintable(describeMissing(missingPayloads(payloads, endpoint.accepted(path)))));
    QCOMPARE(endpoint.duplicates(path), 0);
    QCOMPARE(endpoint.acceptedTotal(), payloads.size());
    QCOMPARE(bridge.counters().deadLettered, 0);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
    if (!refuse)
        QVERIFY(endpoint.refusedRequests() >= 2 * payloads.size());
}

// mosquitto restarts (persistence on) while mqhook still has most of the
// stream to read: the persistent session gives it the rest, nothing is lost.
void tst_Bridge::brokerRestartMidStream()
{
    MosquittoFixture::Options options;
    options.persistence = true;
    ForwardingRig rig(options);
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    MosquittoFixture &broker = rig.broker();
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-bridge"), QStringLiteral("/hook"));
    Bridge bridge;
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error), qPrintable(error));

    const QList<QByteArray> before = numberedPayloads("before-", 3000);
    const QList<QByteArray> after = numberedPayloads("after-", 3000);
    // While mosquitto_pub runs, this thread (and the bridge) waits: the broker
    // queues the stream for the session.
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/restart"), before, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.acceptedTotal() >= 200, timeout);
    QVERIFY2(endpoint.acceptedTotal() < before.size(),
             "the stream was already through before the restart; make it longer");

    QSignalSpy ready(&bridge, &Bridge::connectionReady);
    QVERIFY2(broker.restart(&error), qPrintable(error));
    QVERIFY2(ready.wait(timeout), "no reconnect after the broker restart");

    QVERIFY2(rig.publishLines(QStringLiteral("e2e/restart"), after, &error), qPrintable(error));

    const QString path = QStringLiteral("/hook");
    const QList<QByteArray> all = before + after;
    QTRY_VERIFY2_WITH_TIMEOUT(
        missingPayloads(all, endpoint.accepted(path)).isEmpty(),
        qPrintable(describeMissing(missingPayloads(all, endpoint.accepted(path)))), longTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
    qInfo("broker restart: %lld messages published, %d duplicate deliveries", qint64(all.size()),
          endpoint.duplicates(path));
}

void tst_Bridge::badInput_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("not JSON, binary bytes")
        << QStringLiteral("e2e/binary") << QByteArray("\x00\x01\xff\xfe{not json\x80\r\n", 15);
    QTest::newRow("JSON cut short") << QStringLiteral("e2e/json") << QByteArray(R"({"a": [1, 2)");
    QTest::newRow("empty payload") << QStringLiteral("e2e/empty") << QByteArray();
    QByteArray big(10 * 1024 * 1024, '\0');
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char((i * 7919) % 251);
    QTest::newRow("10 MB payload") << QStringLiteral("e2e/big") << big;
    QTest::newRow("unicode topic")
        << QStringLiteral("e2e/温度/ü/😀/ﬁ") << QByteArray("{\"t\":\"温度 😀\"}");
}

// Neither crashes: each message is forwarded byte for byte, or dead-lettered
// with a reason.
void tst_Bridge::badInput()
{
    QFETCH(QString, topic);
    QFETCH(QByteArray, payload);
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    MosquittoFixture &broker = rig.broker();
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-bridge"), QStringLiteral("/hook"));
    config.retry = 2;
    Bridge bridge;
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error), qPrintable(error));
    QSignalSpy dead(&bridge, &Bridge::deliveryDead);

    QStringList args = {QStringLiteral("-q"), QStringLiteral("1"), QStringLiteral("-t"), topic};
    if (payload.isEmpty())
        args.append(QStringLiteral("-n"));
    else
        args.append(QStringLiteral("-s"));
    QVERIFY2(broker.publish(args, &error, payload), qPrintable(error));

    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().succeeded + bridge.counters().deadLettered, 1,
                              longTimeout);
    if (bridge.counters().deadLettered == 1) {
        QCOMPARE(dead.size(), 1);
        const QString reason = dead.first().at(2).toString();
        QVERIFY2(!reason.isEmpty(), "dead-lettered without a reason");
        qInfo("dead-lettered: %s", qPrintable(reason));
        return;
    }
    QCOMPARE(endpoint.server().requestCount(), 1);
    const HttpTestServer::Request &request = endpoint.server().requests().first();
    QCOMPARE(request.body.size(), payload.size());
    QVERIFY(request.body == payload);
    QCOMPARE(QString::fromUtf8(QByteArray::fromPercentEncoding(request.header("X-Mqhook-Topic"))),
             topic);
    QCOMPARE(bridge.state(), Bridge::State::Running);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
}

// A small window and a stalled endpoint: the dispatcher never holds more
// than the window while the backlog waits in the outbox; once the endpoint
// is back, every message arrives once, in order per topic.
void tst_Bridge::windowBoundsTheDispatcher_data()
{
    addQueueModeRows();
}

void tst_Bridge::windowBoundsTheDispatcher()
{
    QFETCH(QueueMode, queueMode);
    constexpr int window = 40;
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-window"), QStringLiteral("/hook"));
    qint64 mostHeld = 0;
    Bridge bridge(std::make_shared<SystemClock>(), {.deliveryWindow = window});
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error, Ordering::PerTopic, queueMode),
             qPrintable(error));
    connect(&bridge, &Bridge::deliveryRetrying, &bridge,
            [&] { mostHeld = std::max(mostHeld, heldDeliveries(bridge)); });
    endpoint.setMode(CountingEndpoint::Mode::Unavailable);

    QList<QByteArray> all;
    for (const char *topic : {"a", "b", "c"}) {
        const QList<QByteArray> payloads = numberedPayloads(QByteArray(topic) + '-', 150);
        QVERIFY2(rig.publishLines(QStringLiteral("e2e/") + QLatin1String(topic), payloads, &error),
                 qPrintable(error));
        all += payloads;
    }
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().enqueued, all.size(), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(bridge.counters().retried >= 3 * window, longTimeout);
    QCOMPARE(heldDeliveries(bridge), window);
    QVERIFY2(mostHeld <= window, qPrintable(QString::number(mostHeld)));
    QCOMPARE(bridge.counters().windowPeak, window);
    QCOMPARE(bridge.outbox()->pendingMessages(), all.size());

    const int upFrom = endpoint.requests();
    endpoint.setMode(CountingEndpoint::Mode::Up);
    const QString path = QStringLiteral("/hook");
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), all.size(), longTimeout);
    QVERIFY(missingPayloads(all, endpoint.accepted(path)).isEmpty());
    QCOMPARE(endpoint.duplicates(path), 0);
    const QList<QByteArray> arrived = acceptedInOrder(endpoint, upFrom);
    QCOMPARE(arrived.size(), all.size());
    const QString outOfOrder = firstOutOfOrder(arrived);
    QVERIFY2(outOfOrder.isEmpty(), qPrintable(outOfOrder));
    QVERIFY2(mostHeld <= window, qPrintable(QString::number(mostHeld)));
    QCOMPARE(bridge.counters().windowPeak, window);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
    QCOMPARE(heldDeliveries(bridge), 0);
}

// Messages that come in while a window's next slice is being read stay in
// the outbox for the slice after it. The outbox holds each group for its
// deliveries (a long store delay here), so the read of the one message left
// over from the first burst waits behind it while the second burst comes in.
void tst_Bridge::intakeWhileTheBacklogIsRead_data()
{
    addQueueModeRows();
}

void tst_Bridge::intakeWhileTheBacklogIsRead()
{
    QFETCH(QueueMode, queueMode);
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = rig.endpoint();
    const ForwardConfig config = rig.config(QStringLiteral("e2e-stream"), QStringLiteral("/hook"));
    Bridge bridge(std::make_shared<SystemClock>(), {.deliveryWindow = 4, .storeDelay = 500ms});
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error, Ordering::None, queueMode),
             qPrintable(error));

    const QString path = QStringLiteral("/hook");
    const QList<QByteArray> first = numberedPayloads("first-", 5); // one more than the window
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/stream"), first, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), 4, timeout);
    const QList<QByteArray> second = numberedPayloads("second-", 3);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/stream"), second, &error), qPrintable(error));

    const QList<QByteArray> all = first + second;
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), all.size(), timeout);
    QVERIFY(missingPayloads(all, endpoint.accepted(path)).isEmpty());
    QCOMPARE(endpoint.duplicates(path), 0);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
    QCOMPARE(heldDeliveries(bridge), 0);
}

// A reload that restarts a route with a backlog larger than its window: the
// new dispatcher reads it from the start, each message arrives once, in order.
void tst_Bridge::reloadRestartsRouteWithBacklog()
{
    constexpr int window = 30;
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-window"), QStringLiteral("/hook"));
    Bridge bridge(std::make_shared<SystemClock>(), {.deliveryWindow = window});
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error, Ordering::PerTopic),
             qPrintable(error));
    endpoint.setMode(CountingEndpoint::Mode::Unavailable);
    const QList<QByteArray> before = numberedPayloads("before-", 200);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/reload"), before, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().enqueued, before.size(), timeout);
    QTRY_VERIFY_WITH_TIMEOUT(bridge.counters().retried >= window, timeout);

    // Another timeout restarts the route; its callback address stays.
    config.timeoutMs += 1000;
    const std::optional<Config> changed =
        loadConfig(config.toJson(), rig.dir(), &error, Ordering::PerTopic);
    QVERIFY2(changed, qPrintable(error));
    const QStringList notes = bridge.reload(*changed);
    QVERIFY2(notes.join(QLatin1Char('\n')).contains(QStringLiteral("changed")),
             qPrintable(notes.join(QLatin1Char('\n'))));
    const QList<QByteArray> after = numberedPayloads("after-", 100);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/reload"), after, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().enqueued, before.size() + after.size(), timeout);

    const int upFrom = endpoint.requests();
    endpoint.setMode(CountingEndpoint::Mode::Up);
    const QString path = QStringLiteral("/hook");
    const QList<QByteArray> all = before + after;
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), all.size(), longTimeout);
    QVERIFY(missingPayloads(all, endpoint.accepted(path)).isEmpty());
    QCOMPARE(endpoint.duplicates(path), 0);
    const QList<QByteArray> arrived = acceptedInOrder(endpoint, upFrom);
    const QString outOfOrder = firstOutOfOrder(arrived);
    QVERIFY2(outOfOrder.isEmpty(), qPrintable(outOfOrder));
    // One topic: every message published before the reload arrives first.
    QVERIFY(arrived.indexOf(after.first()) > arrived.indexOf(before.last()));
    QVERIFY(bridge.counters().windowPeak <= window);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
}

// Two broker entries without a client_id on one address share their route's
// key, so one route: a reload that changes the first entry's route replaces
// it, and the entry that did not change forwards on the new one.
void tst_Bridge::reloadReplacesASharedRoute()
{
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = rig.endpoint();
    const ForwardConfig config = rig.config(QString(), QStringLiteral("/hook"));
    const auto twoEntries = [&](int firstTimeoutMs) {
        QJsonObject root = QJsonDocument::fromJson(config.toJson()).object();
        QJsonObject entry = root.value(u"mqtt_brokers").toArray().at(0).toObject();
        entry.insert(u"clean_session", true);
        QJsonObject first = entry;
        QJsonObject route = first.value(u"sub_deal_config").toObject();
        route.insert(u"timeout_ms", firstTimeoutMs);
        first.insert(u"sub_deal_config", route);
        root.insert(u"mqtt_brokers", QJsonArray{first, entry});
        return loadConfig(QJsonDocument(root).toJson(), rig.dir(), &error, Ordering::None);
    };
    const std::optional<Config> initial = twoEntries(config.timeoutMs);
    QVERIFY2(initial, qPrintable(error));
    Bridge bridge;
    QSignalSpy ready(&bridge, &Bridge::connectionReady);
    QString startError;
    QVERIFY2(bridge.start(*initial, &startError), qPrintable(startError));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, timeout);

    const std::optional<Config> changed = twoEntries(config.timeoutMs + 1000);
    QVERIFY2(changed, qPrintable(error));
    const QStringList notes = bridge.reload(*changed);
    QVERIFY2(notes.join(u'\n').contains(u"changed"), qPrintable(notes.join(u'\n')));

    // Each entry takes every message: two deliveries of each.
    const QList<QByteArray> payloads = numberedPayloads("shared-", 20);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/shared"), payloads, &error), qPrintable(error));
    const QString path = QStringLiteral("/hook");
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.acceptedTotal(), 2 * payloads.size(), timeout);
    for (const QByteArray &payload : payloads)
        QCOMPARE(endpoint.accepted(path).value(payload), 2);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
    QSignalSpy stopped(&bridge, &Bridge::stopped);
    bridge.stop(std::chrono::seconds(5));
    QVERIFY(stopped.wait(timeout));
}

// Stopped with more pending than the window: the next start reads the
// backlog a window at a time, and everything arrives once, in order.
void tst_Bridge::restartResumesMoreThanTheWindow()
{
    constexpr int window = 30;
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-window"), QStringLiteral("/hook"));
    const QList<QByteArray> payloads = numberedPayloads("r-", 400);
    {
        Bridge bridge(std::make_shared<SystemClock>(), {.deliveryWindow = window});
        QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error, Ordering::PerTopic),
                 qPrintable(error));
        endpoint.setMode(CountingEndpoint::Mode::Unavailable);
        QVERIFY2(rig.publishLines(QStringLiteral("e2e/resume"), payloads, &error),
                 qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().enqueued, payloads.size(), timeout);
        QTRY_VERIFY_WITH_TIMEOUT(bridge.counters().retried >= window, timeout);
        QCOMPARE(heldDeliveries(bridge), window);
        QSignalSpy stopped(&bridge, &Bridge::stopped);
        bridge.stop(5s);
        QVERIFY(stopped.wait(timeout));
    }
    QCOMPARE(endpoint.acceptedTotal(), 0);

    const int upFrom = endpoint.requests();
    endpoint.setMode(CountingEndpoint::Mode::Up);
    Bridge bridge(std::make_shared<SystemClock>(), {.deliveryWindow = window});
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error, Ordering::PerTopic),
             qPrintable(error));
    const QString path = QStringLiteral("/hook");
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), payloads.size(), longTimeout);
    QCOMPARE(endpoint.duplicates(path), 0);
    const QString outOfOrder = firstOutOfOrder(acceptedInOrder(endpoint, upFrom));
    QVERIFY2(outOfOrder.isEmpty(), qPrintable(outOfOrder));
    QVERIFY(bridge.counters().windowPeak <= window);
    // The endpoint counts a payload as it answers; the bridge, once the answer is in.
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().succeeded, payloads.size(), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
}

// Dead letters retried after later messages went through lie below the
// window's position: they are read again from there, each sent once.
void tst_Bridge::requeuedDeadLettersBelowThePosition()
{
    constexpr int window = 25;
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-window"), QStringLiteral("/hook"));
    config.retry = 0;
    Bridge bridge(std::make_shared<SystemClock>(), {.deliveryWindow = window});
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error, Ordering::PerTopic),
             qPrintable(error));

    endpoint.setMode(CountingEndpoint::Mode::Unavailable);
    const QList<QByteArray> dead = numberedPayloads("dead-", 120);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/dead"), dead, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().deadLettered, dead.size(), longTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(
        bridge.outbox()->call([](Outbox &outbox) { return deadLetterCount(outbox); }), dead.size(),
        timeout);

    endpoint.setMode(CountingEndpoint::Mode::Up);
    const QList<QByteArray> live = numberedPayloads("live-", 120);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/live"), live, &error), qPrintable(error));
    const QString path = QStringLiteral("/hook");
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), live.size(), longTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);

    QCOMPARE(bridge.outbox()->call([](Outbox &outbox) { return outbox.deadLetters().retryAll(); }),
             dead.size());
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), dead.size() + live.size(),
                              longTimeout);
    QVERIFY(missingPayloads(dead + live, endpoint.accepted(path)).isEmpty());
    QCOMPARE(endpoint.duplicates(path), 0);
    QVERIFY(bridge.counters().windowPeak <= window);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
    QCOMPARE(bridge.outbox()->call([](Outbox &outbox) { return deadLetterCount(outbox); }), 0);
    QCOMPARE(heldDeliveries(bridge), 0);
}

// The queue's file cannot grow: intake stops (nothing more is stored or
// acknowledged), what was read still goes out, and once there is room again
// every message is stored and its outcome written, none lost or sent twice.
void tst_Bridge::fullDiskStopsIntakeUntilItHasRoom()
{
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-full"), QStringLiteral("/hook"));
    Bridge bridge;
    QVERIFY2(startBridge(bridge, config.toJson(), rig.dir(), &error), qPrintable(error));
    // Answers come after the store delay: a group whose deliveries all
    // succeeded within it would be committed without writing.
    endpoint.setDelay(100ms);

    const auto limitPages = [&bridge](bool full) {
        return bridge.outbox()->call(
            [full](Outbox &outbox) { return setQueueFileFull(outbox.connectionName(), full); });
    };
    QVERIFY(limitPages(true));
    QSignalSpy paused(&bridge, &Bridge::intakePausedChanged);

    // Big enough that the first group needs new pages.
    QList<QByteArray> payloads;
    for (const QByteArray &number : numberedPayloads("full-", 200))
        payloads.append(number + QByteArray(4000, '.'));
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/full"), payloads, &error), qPrintable(error));

    QTRY_VERIFY_WITH_TIMEOUT(bridge.counters().commitFailures >= 1, timeout);
    QTRY_VERIFY_WITH_TIMEOUT(bridge.isIntakePaused(), timeout);
    QCOMPARE(bridge.counters().enqueued, 0);
    QVERIFY(bridge.outbox()->isStoreFailing());
    // Read before the failure: delivered while its commit waits.
    const QString path = QStringLiteral("/hook");
    QTRY_VERIFY_WITH_TIMEOUT(!endpoint.accepted(path).isEmpty(), timeout);
    QTest::qWait(500);
    QCOMPARE(bridge.counters().enqueued, 0);

    endpoint.setDelay(0ms);
    QVERIFY(limitPages(false));
    QTRY_VERIFY_WITH_TIMEOUT(!bridge.outbox()->isStoreFailing(), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.counters().enqueued, payloads.size(), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(path).size(), payloads.size(), timeout);
    QVERIFY2(missingPayloads(payloads, endpoint.accepted(path)).isEmpty(),
             qPrintable(describeMissing(missingPayloads(payloads, endpoint.accepted(path)))));
    QCOMPARE(endpoint.duplicates(path), 0);
    QTRY_COMPARE_WITH_TIMEOUT(bridge.outbox()->pendingMessages(), 0, timeout);
    QVERIFY(!bridge.isIntakePaused());
    QVERIFY(paused.size() >= 2);
}

QTEST_GUILESS_MAIN(tst_Bridge)
#include "tst_bridge.moc"
