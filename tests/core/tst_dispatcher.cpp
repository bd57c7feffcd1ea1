#include "delivery/dispatcher.h"
#include "httptestserver.h"
#include "manualclock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;
using Response = HttpTestServer::Response;

namespace {

// Jobs queued or in flight, over every target, as the counters report them.
int pendingIn(const Dispatcher &dispatcher)
{
    int pending = 0;
    for (const TargetCounters &counters : dispatcher.allCounters())
        pending += counters.queued + counters.inFlight;
    return pending;
}

// Every outcome a dispatcher reports, in order.
struct Outcomes
{
    struct Retry
    {
        DeliveryJob job;
        AttemptRecord attempt;
        QDateTime nextAt;
    };
    struct Dead
    {
        DeliveryJob job;
        QList<AttemptRecord> history;
        QString reason;
    };

    QList<DeliveryJob> succeeded;
    QList<Retry> retries;
    QList<Dead> dead;
    std::function<void(const Retry &)> onRetry;

    void attach(Dispatcher &dispatcher)
    {
        QObject::connect(&dispatcher, &Dispatcher::succeeded, &dispatcher,
                         [this](const DeliveryJob &job, const AttemptRecord &attempt) {
                             QCOMPARE(job.history.last(), attempt);
                             succeeded.append(job);
                         });
        QObject::connect(
            &dispatcher, &Dispatcher::retryScheduled, &dispatcher,
            [this](const DeliveryJob &job, const AttemptRecord &attempt, const QDateTime &nextAt) {
                retries.append({job, attempt, nextAt});
                if (onRetry)
                    onRetry(retries.last());
            });
        QObject::connect(&dispatcher, &Dispatcher::deadLettered, &dispatcher,
                         [this](const DeliveryJob &job, const QList<AttemptRecord> &history,
                                const QString &reason) {
                             dead.append({job, history, reason});
                         });
    }
    int finished() const { return int(succeeded.size() + dead.size()); }
    int succeededFor(const QString &target) const
    {
        return int(std::count_if(succeeded.cbegin(), succeeded.cend(),
                                 [&](const DeliveryJob &job) { return job.target == target; }));
    }
};

Message makeMessage(const QString &id, const QString &topic = QStringLiteral("sensors/1"),
                    const QByteArray &payload = R"({"temp":21.5})")
{
    Message message;
    message.id = id;
    message.clientId = QStringLiteral("client");
    message.topic = topic;
    message.payload = payload;
    message.qos = 1;
    message.receivedAt = QDateTime::currentDateTimeUtc();
    return message;
}

QString closedAddress()
{
    HttpTestServer closed;
    if (!closed.start())
        return {};
    return closed.url(QStringLiteral("/down")).toString();
}

} // namespace

class tst_Dispatcher : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void broadcastDeliversToEveryAddress();
    void classification_data();
    void classification();
    void exactBackoffSchedule();
    void retryAfter_data();
    void retryAfter();
    void brokenAddressesDoNotDelayAHealthyOne();
    void roundRobinFailsOver();
    void roundRobinBacksOffPerRound();
    void templates();
    void batchBySize();
    void batchByTime();
    void batchRetriedAsWhole();
    void perTopicOrder();
    void invalidConfigurationDeadLetters();
    void unknownAddressDeadLetters();

private:
    SubscriptionConfig config(const QStringList &addresses) const;
    void enqueueNew(Dispatcher &dispatcher, const Message &message);
    std::shared_ptr<ManualClock> manualClock() { return m_clock; }

    static QDateTime start() { return QDateTime(QDate(2024, 6, 1), QTime(12, 0), Qt::UTC); }

    std::shared_ptr<ManualClock> m_clock = std::make_shared<ManualClock>(start());
    qint64 m_nextJobId = 1;
};

void tst_Dispatcher::init()
{
    m_clock->setNow(start());
}

SubscriptionConfig tst_Dispatcher::config(const QStringList &addresses) const
{
    SubscriptionConfig config;
    config.appId = QStringLiteral("app-1");
    config.appName = QStringLiteral("App");
    config.callbackAddresses = addresses;
    config.retry = 3;
    config.retryBackoff.initial = 10ms;
    config.retryBackoff.max = 100ms;
    config.retryBackoff.jitter = false;
    config.timeout = 20s;
    return config;
}

void tst_Dispatcher::enqueueNew(Dispatcher &dispatcher, const Message &message)
{
    for (const QString &target : dispatcher.targetsFor(message)) {
        DeliveryJob job;
        job.id = m_nextJobId++;
        job.message = message;
        job.target = target;
        dispatcher.enqueue(job);
    }
}

void tst_Dispatcher::broadcastDeliversToEveryAddress()
{
    HttpTestServer one;
    HttpTestServer two;
    QVERIFY(one.start());
    QVERIFY(two.start());
    const QStringList addresses = {one.url(QStringLiteral("/one")).toString(),
                                   two.url(QStringLiteral("/two")).toString()};
    Dispatcher dispatcher(config(addresses));
    QVERIFY2(dispatcher.isValid(), qPrintable(dispatcher.errorString()));
    Outcomes outcomes;
    outcomes.attach(dispatcher);

    for (int i = 0; i < 5; ++i)
        enqueueNew(dispatcher, makeMessage(QStringLiteral("m%1").arg(i)));
    QCOMPARE(outcomes.finished(), 0); // nothing is reported from within enqueue()
    QCOMPARE(pendingIn(dispatcher), 10);
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeeded.size(), 10, 30000);
    QVERIFY(outcomes.retries.isEmpty());
    QVERIFY(outcomes.dead.isEmpty());

    for (HttpTestServer *server : {&one, &two}) {
        QCOMPARE(server->requestCount(), 5);
        QSet<QByteArray> ids;
        for (const HttpTestServer::Request &request : server->requests()) {
            QCOMPARE(request.method, QByteArray("POST"));
            QCOMPARE(request.body, QByteArray(R"({"temp":21.5})"));
            QCOMPARE(request.header("content-type"), QByteArray("application/json"));
            QCOMPARE(request.header("x-mqhook-attempt"), QByteArray("1"));
            QCOMPARE(request.header("x-mqhook-topic"), QByteArray("sensors/1"));
            ids.insert(request.header("x-mqhook-message-id"));
        }
        QCOMPARE(ids, (QSet<QByteArray>{"m0", "m1", "m2", "m3", "m4"}));
    }
    for (const QString &address : addresses) {
        const TargetCounters counters = dispatcher.counters(address);
        QCOMPARE(counters.address, address);
        QCOMPARE(counters.requests, quint64(5));
        QCOMPARE(counters.succeeded, quint64(5));
        QCOMPARE(counters.retried, quint64(0));
        QCOMPARE(counters.failedPermanently, quint64(0));
        QCOMPARE(counters.inFlight, 0);
        QCOMPARE(counters.queued, 0);
        QCOMPARE(std::accumulate(counters.latency.cbegin(), counters.latency.cend(), quint64(0)),
                 quint64(5));
    }
    QCOMPARE(dispatcher.allCounters().size(), 2);
    QCOMPARE(pendingIn(dispatcher), 0);
}

void tst_Dispatcher::classification_data()
{
    QTest::addColumn<Response>("response");
    QTest::addColumn<QString>("overrideKey");
    QTest::addColumn<int>("overrideStatus");
    QTest::addColumn<QString>("expected"); // success, dead, retry
    QTest::addColumn<QString>("reasonContains");

    const QString none;
    QTest::newRow("200") << Response::withStatus(200) << none << 0 << "success" << QString();
    QTest::newRow("204") << Response::withStatus(204) << none << 0 << "success" << QString();
    QTest::newRow("400") << Response::withStatus(400, "bad field") << none << 0 << "dead"
                         << QStringLiteral("HTTP 400: bad field");
    QTest::newRow("404") << Response::withStatus(404) << none << 0 << "dead"
                         << QStringLiteral("HTTP 404");
    Response redirect = Response::withStatus(301);
    redirect.headers.append(qMakePair(QByteArray("Location"), QByteArray("http://127.0.0.1/x")));
    QTest::newRow("301") << redirect << none << 0 << "dead" << QStringLiteral("not followed");
    QTest::newRow("500") << Response::withStatus(500) << none << 0 << "retry"
                         << QStringLiteral("HTTP 500");
    QTest::newRow("503") << Response::withStatus(503) << none << 0 << "retry"
                         << QStringLiteral("HTTP 503");
    QTest::newRow("408") << Response::withStatus(408) << none << 0 << "retry"
                         << QStringLiteral("HTTP 408");
    QTest::newRow("429") << Response::withStatus(429) << none << 0 << "retry"
                         << QStringLiteral("HTTP 429");
    QTest::newRow("garbage") << Response::act(Response::Action::Garbage) << none << 0 << "retry"
                             << QString();
    QTest::newRow("closed mid-response")
        << Response::act(Response::Action::CloseMidResponse) << none << 0 << "retry" << QString();
    QTest::newRow("closed without a byte")
        << Response::act(Response::Action::Close) << none << 0 << "retry" << QString();
    QTest::newRow("timeout") << Response::act(Response::Action::Hang) << none << 0 << "retry"
                             << QStringLiteral("no complete response within 300 ms");
    QTest::newRow("success_on 404") << Response::withStatus(404) << QStringLiteral("success_on")
                                    << 404 << "success" << QString();
    QTest::newRow("drop_on 503") << Response::withStatus(503) << QStringLiteral("drop_on") << 503
                                 << "dead" << QStringLiteral("drop_on");
    QTest::newRow("retry_on 409") << Response::withStatus(409) << QStringLiteral("retry_on") << 409
                                  << "retry" << QStringLiteral("HTTP 409");
}

void tst_Dispatcher::classification()
{
    QFETCH(Response, response);
    QFETCH(QString, overrideKey);
    QFETCH(int, overrideStatus);
    QFETCH(QString, expected);
    QFETCH(QString, reasonContains);

    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(response);
    SubscriptionConfig settings = config({server.url().toString()});
    settings.retry = 1;
    settings.timeout = 300ms;
    const StatusMatcher matcher{overrideStatus, overrideStatus};
    if (overrideKey == u"success_on")
        settings.successOn = {matcher};
    else if (overrideKey == u"drop_on")
        settings.dropOn = {matcher};
    else if (overrideKey == u"retry_on")
        settings.retryOn = {matcher};
    Dispatcher dispatcher(settings);
    Outcomes outcomes;
    outcomes.attach(dispatcher);
    enqueueNew(dispatcher, makeMessage(QStringLiteral("only")));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.finished(), 1, 30000);

    if (expected == u"success") {
        QCOMPARE(outcomes.succeeded.size(), 1);
        QCOMPARE(outcomes.succeeded.first().attemptsMade, 1);
        QVERIFY(outcomes.succeeded.first().history.first().error.isEmpty());
        QCOMPARE(server.requestCount(), 1);
        return;
    }
    QCOMPARE(outcomes.dead.size(), 1);
    const Outcomes::Dead &dead = outcomes.dead.first();
    QVERIFY2(dead.reason.contains(reasonContains), qPrintable(dead.reason));
    QCOMPARE(dead.history, dead.job.history);
    if (expected == u"dead") {
        QVERIFY(outcomes.retries.isEmpty());
        QCOMPARE(dead.history.size(), 1);
        QCOMPARE(server.requestCount(), 1);
    } else {
        // retry 1: one retry after the first attempt, then a dead letter.
        QCOMPARE(outcomes.retries.size(), 1);
        QCOMPARE(dead.history.size(), 2);
        QVERIFY2(dead.reason.startsWith(u"gave up after 2 attempts"), qPrintable(dead.reason));
        // Qt itself sends a request again, once or twice, when a kept-alive
        // connection closes under it; so a broken exchange may reach the server
        // more than once per attempt.
        QVERIFY(server.requestCount() >= 2);
        for (const AttemptRecord &attempt : dead.history)
            QVERIFY(!attempt.error.isEmpty());
    }
}

void tst_Dispatcher::exactBackoffSchedule()
{
    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(Response::withStatus(503));
    SubscriptionConfig settings = config({server.url().toString()});
    settings.retry = 4;
    settings.retryBackoff.initial = 100ms;
    settings.retryBackoff.multiplier = 2.0;
    settings.retryBackoff.max = 300ms;
    settings.retryBackoff.jitter = true;
    Dispatcher dispatcher(settings, manualClock(), [] { return 0.5; });
    Outcomes outcomes;
    outcomes.attach(dispatcher);
    // Time moves only when a retry is scheduled: to the moment it is due.
    outcomes.onRetry = [this](const Outcomes::Retry &retry) { m_clock->setNow(retry.nextAt); };
    const QDateTime start = m_clock->now();

    enqueueNew(dispatcher, makeMessage(QStringLiteral("backoff")));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.dead.size(), 1, 30000);

    // Full jitter with the random source at 0.5: half of 100, 200, 300 (max), 300.
    const QList<qint64> delays = {50, 100, 150, 150};
    QCOMPARE(outcomes.retries.size(), delays.size());
    QDateTime expectedStart = start;
    for (qsizetype i = 0; i < delays.size(); ++i) {
        const Outcomes::Retry &retry = outcomes.retries.at(i);
        QCOMPARE(retry.attempt.attempt, int(i + 1));
        QCOMPARE(retry.attempt.startedAt, expectedStart);
        QCOMPARE(retry.attempt.finishedAt.msecsTo(retry.nextAt), delays.at(i));
        QCOMPARE(retry.job.notBefore, retry.nextAt);
        QCOMPARE(retry.job.attemptsMade, int(i + 1));
        expectedStart = retry.nextAt;
    }
    const Outcomes::Dead &dead = outcomes.dead.first();
    QVERIFY2(dead.reason.contains(u"gave up after 5 attempts") && dead.reason.contains(u"503"),
             qPrintable(dead.reason));
    QCOMPARE(dead.job.message.id, QStringLiteral("backoff"));
    QCOMPARE(dead.job.target, server.url().toString());
    QCOMPARE(dead.history.size(), 5);
    for (qsizetype i = 0; i < dead.history.size(); ++i) {
        QCOMPARE(dead.history.at(i).attempt, int(i + 1));
        QCOMPARE(dead.history.at(i).httpStatus, 503);
        QVERIFY(dead.history.at(i).error.contains(u"HTTP 503"));
    }
    QCOMPARE(dead.history.last().startedAt, expectedStart);
    QCOMPARE(server.requestCount(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(server.requests().at(i).header("x-mqhook-attempt"), QByteArray::number(i + 1));
        QCOMPARE(server.requests().at(i).header("x-mqhook-message-id"), QByteArray("backoff"));
    }
    const TargetCounters counters = dispatcher.counters(server.url().toString());
    QCOMPARE(counters.requests, quint64(5));
    QCOMPARE(counters.retried, quint64(4));
    QCOMPARE(counters.failedPermanently, quint64(1));
}

void tst_Dispatcher::retryAfter_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<qint64>("maxMs");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("seconds") << QByteArray("1") << qint64(60000) << qint64(1000);
    QTest::newRow("seconds capped at retry_backoff.max")
        << QByteArray("120") << qint64(1500) << qint64(1500);
    const QDateTime later = start().addSecs(2);
    QTest::newRow("HTTP-date") << QLocale::c()
                                      .toString(later,
                                                QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                                      .toLatin1()
                               << qint64(60000) << qint64(2000);
    QTest::newRow("unreadable: the backoff") << QByteArray("later") << qint64(60000) << qint64(10);
}

void tst_Dispatcher::retryAfter()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(qint64, maxMs);
    QFETCH(qint64, expectedMs);

    HttpTestServer server;
    QVERIFY(server.start());
    server.script({Response::retryAfter(429, retryAfter), Response::withStatus(200)});
    SubscriptionConfig settings = config({server.url().toString()});
    settings.retryBackoff.max = std::chrono::milliseconds(maxMs);
    Dispatcher dispatcher(settings, manualClock());
    Outcomes outcomes;
    outcomes.attach(dispatcher);
    outcomes.onRetry = [this](const Outcomes::Retry &retry) { m_clock->setNow(retry.nextAt); };
    enqueueNew(dispatcher, makeMessage(QStringLiteral("ra")));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeeded.size(), 1, 30000);
    QCOMPARE(outcomes.retries.size(), 1);
    QCOMPARE(outcomes.retries.first().attempt.finishedAt.msecsTo(outcomes.retries.first().nextAt),
             expectedMs);
    QCOMPARE(outcomes.succeeded.first().history.size(), 2);
    QCOMPARE(outcomes.succeeded.first().history.first().httpStatus, 429);
}

void tst_Dispatcher::brokenAddressesDoNotDelayAHealthyOne()
{
    HttpTestServer healthy;
    HttpTestServer hanging;
    QVERIFY(healthy.start());
    QVERIFY(hanging.start());
    hanging.setDefaultResponse(Response::act(Response::Action::Hang));
    const QString healthyAddress = healthy.url(QStringLiteral("/ok")).toString();
    const QString hangingAddress = hanging.url(QStringLiteral("/slow")).toString();
    const QString refusedAddress = closedAddress();
    QVERIFY(!refusedAddress.isEmpty());
    SubscriptionConfig settings = config({refusedAddress, hangingAddress, healthyAddress});
    settings.maxInflight = 2;
    settings.retry = 1000;
    settings.timeout = 120s;
    Dispatcher dispatcher(settings);
    Outcomes outcomes;
    outcomes.attach(dispatcher);

    const int messages = 30;
    for (int i = 0; i < messages; ++i)
        enqueueNew(dispatcher, makeMessage(QStringLiteral("h%1").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeededFor(healthyAddress), messages, 60000);

    // The healthy address got every message exactly once.
    QCOMPARE(healthy.requestCount(), messages);
    QSet<QByteArray> ids;
    for (const HttpTestServer::Request &request : healthy.requests())
        ids.insert(request.header("x-mqhook-message-id"));
    QCOMPARE(ids.size(), messages);
    // The hanging one holds max_inflight requests and queues the rest.
    QTRY_COMPARE(hanging.requestCount(), 2);
    const TargetCounters slow = dispatcher.counters(hangingAddress);
    QCOMPARE(slow.inFlight, 2);
    QCOMPARE(slow.queued, messages - 2);
    QCOMPARE(slow.requests, quint64(2));
    // The refused one retries, and nothing else is affected.
    QTRY_VERIFY(dispatcher.counters(refusedAddress).retried > 0);
    QVERIFY(outcomes.dead.isEmpty());
    for (const Outcomes::Retry &retry : std::as_const(outcomes.retries)) {
        QCOMPARE(retry.job.target, refusedAddress);
        QCOMPARE(retry.attempt.httpStatus, 0);
    }
    dispatcher.clear();
    QCOMPARE(pendingIn(dispatcher), 0);
}

void tst_Dispatcher::roundRobinFailsOver()
{
    HttpTestServer one;
    HttpTestServer two;
    QVERIFY(one.start());
    QVERIFY(two.start());
    const QString down = closedAddress();
    const QStringList addresses = {down, one.url().toString(), two.url().toString()};
    SubscriptionConfig settings = config(addresses);
    settings.dispatch = DispatchMode::RoundRobin;
    Dispatcher dispatcher(settings);
    Outcomes outcomes;
    outcomes.attach(dispatcher);

    for (int i = 0; i < 6; ++i)
        enqueueNew(dispatcher, makeMessage(QStringLiteral("rr%1").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeeded.size(), 6, 30000);

    // Each message went to one address; the two sent to the dead one failed over.
    QCOMPARE(one.requestCount() + two.requestCount(), 6);
    QSet<QByteArray> ids;
    for (const HttpTestServer *server : {&one, &two}) {
        for (const HttpTestServer::Request &request : server->requests())
            ids.insert(request.header("x-mqhook-message-id"));
    }
    QCOMPARE(ids.size(), 6);
    QCOMPARE(one.requestCount(), 4); // its own two and the two failed over from `down`
    QCOMPARE(two.requestCount(), 2);
    int failedOver = 0;
    for (const DeliveryJob &job : std::as_const(outcomes.succeeded)) {
        if (job.history.size() == 2) {
            ++failedOver;
            QCOMPARE(job.history.first().httpStatus, 0);
            QVERIFY(!job.history.first().error.isEmpty());
            QCOMPARE(job.target, addresses.at(1));
        }
    }
    QCOMPARE(failedOver, 2);
    // A failover goes out at once.
    QCOMPARE(outcomes.retries.size(), 2);
    for (const Outcomes::Retry &retry : std::as_const(outcomes.retries))
        QCOMPARE(retry.nextAt, retry.attempt.finishedAt);
}

void tst_Dispatcher::roundRobinBacksOffPerRound()
{
    HttpTestServer one;
    HttpTestServer two;
    QVERIFY(one.start());
    QVERIFY(two.start());
    one.setDefaultResponse(Response::withStatus(500));
    two.setDefaultResponse(Response::withStatus(500));
    const QStringList addresses = {one.url().toString(), two.url().toString()};
    SubscriptionConfig settings = config(addresses);
    settings.dispatch = DispatchMode::RoundRobin;
    settings.retryBackoff.initial = 100ms;
    Dispatcher dispatcher(settings, manualClock());
    Outcomes outcomes;
    outcomes.attach(dispatcher);
    outcomes.onRetry = [this](const Outcomes::Retry &retry) { m_clock->setNow(retry.nextAt); };

    enqueueNew(dispatcher, makeMessage(QStringLiteral("rr")));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.dead.size(), 1, 30000);

    // 1 on one, at once 2 on two; a round is over: wait 100 ms; 3 on one, at once 4 on two.
    const QList<qint64> delays = {0, 100, 0};
    const QStringList nextTargets = {addresses.at(1), addresses.at(0), addresses.at(1)};
    QCOMPARE(outcomes.retries.size(), 3);
    for (qsizetype i = 0; i < 3; ++i) {
        const Outcomes::Retry &retry = outcomes.retries.at(i);
        QCOMPARE(retry.attempt.finishedAt.msecsTo(retry.nextAt), delays.at(i));
        QCOMPARE(retry.job.target, nextTargets.at(i));
    }
    QCOMPARE(outcomes.dead.first().history.size(), 4);
    QCOMPARE(one.requestCount(), 2);
    QCOMPARE(two.requestCount(), 2);
}

void tst_Dispatcher::templates()
{
    HttpTestServer server;
    QVERIFY(server.start());
    SubscriptionConfig settings = config({server.url().toString() + QStringLiteral("in/${topic}")});
    settings.bodyTemplate = QStringLiteral(R"({"t":${payload.temp},"from":"${app_id}"})");
    settings.callbackHeaders = {{QStringLiteral("X-Device"), QStringLiteral("${payload.dev}")}};
    Dispatcher dispatcher(settings);
    QVERIFY2(dispatcher.isValid(), qPrintable(dispatcher.errorString()));
    Outcomes outcomes;
    outcomes.attach(dispatcher);

    enqueueNew(dispatcher, makeMessage(QStringLiteral("good"), QStringLiteral("a/b c"),
                                       R"({"temp":3,"dev":"d-1"})"));
    enqueueNew(dispatcher, makeMessage(QStringLiteral("text"), QStringLiteral("a"), "21 C"));
    enqueueNew(dispatcher,
               makeMessage(QStringLiteral("nodev"), QStringLiteral("a"), R"({"temp":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.finished(), 3, 30000);

    QCOMPARE(outcomes.succeeded.size(), 1);
    QCOMPARE(server.requestCount(), 1);
    const HttpTestServer::Request &request = server.requests().first();
    QCOMPARE(request.target, QByteArray("/in/a%2Fb%20c"));
    QCOMPARE(request.body, QByteArray(R"({"t":3,"from":"app-1"})"));
    QCOMPARE(request.header("content-type"), QByteArray("application/json"));
    QCOMPARE(request.header("x-device"), QByteArray("d-1"));

    QCOMPARE(outcomes.dead.size(), 2);
    for (const Outcomes::Dead &dead : std::as_const(outcomes.dead)) {
        QVERIFY(dead.history.isEmpty()); // never sent, never retried
        if (dead.job.message.id == u"text")
            QVERIFY2(dead.reason.contains(u"not JSON"), qPrintable(dead.reason));
        else
            QVERIFY2(dead.reason.contains(u"no field 'dev'"), qPrintable(dead.reason));
    }
}

void tst_Dispatcher::batchBySize()
{
    HttpTestServer server;
    QVERIFY(server.start());
    SubscriptionConfig settings = config({server.url().toString()});
    settings.batch.maxMessages = 4;
    settings.batch.maxWait = 600s; // only the size can trigger here
    settings.maxInflight = 1;
    Dispatcher dispatcher(settings);
    Outcomes outcomes;
    outcomes.attach(dispatcher);

    for (int i = 0; i < 8; ++i)
        enqueueNew(dispatcher, makeMessage(QStringLiteral("b%1").arg(i), QStringLiteral("t"),
                                           i % 2 ? QByteArray("text") : QByteArray::number(i)));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeeded.size(), 8, 30000);
    QCOMPARE(server.requestCount(), 2);
    for (int r = 0; r < 2; ++r) {
        const HttpTestServer::Request &request = server.requests().at(r);
        const QJsonArray array = QJsonDocument::fromJson(request.body).array();
        QCOMPARE(array.size(), 4);
        QStringList ids;
        for (int i = 0; i < 4; ++i) {
            const int n = r * 4 + i;
            ids.append(QStringLiteral("b%1").arg(n));
            if (n % 2)
                QCOMPARE(array.at(i).toString(), QStringLiteral("text"));
            else
                QCOMPARE(array.at(i).toInt(), n);
        }
        QCOMPARE(request.header("x-mqhook-message-ids"), ids.join(u',').toUtf8());
        QCOMPARE(request.header("x-mqhook-batch-size"), QByteArray("4"));
        QCOMPARE(request.header("content-type"), QByteArray("application/json"));
    }
    QCOMPARE(dispatcher.counters(server.url().toString()).requests, quint64(2));
}

void tst_Dispatcher::batchByTime()
{
    HttpTestServer server;
    QVERIFY(server.start());
    SubscriptionConfig settings = config({server.url().toString()});
    settings.batch.maxMessages = 100;
    settings.batch.maxWait = 200ms;
    Dispatcher dispatcher(settings);
    Outcomes outcomes;
    outcomes.attach(dispatcher);

    for (int i = 0; i < 3; ++i)
        enqueueNew(dispatcher, makeMessage(QStringLiteral("w%1").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeeded.size(), 3, 30000);
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(QJsonDocument::fromJson(server.requests().first().body).array().size(), 3);
    QCOMPARE(server.requests().first().header("x-mqhook-message-ids"), QByteArray("w0,w1,w2"));
}

void tst_Dispatcher::batchRetriedAsWhole()
{
    HttpTestServer server;
    QVERIFY(server.start());
    server.script({Response::withStatus(500), Response::withStatus(200)});
    SubscriptionConfig settings = config({server.url().toString()});
    settings.batch.maxMessages = 3;
    settings.batch.maxWait = 600s;
    settings.retryBackoff.jitter = true;
    settings.retryBackoff.initial = 1s;
    settings.retryBackoff.max = 10s;
    double draw = 0.0;
    // A different draw on every call: the members must still share one.
    Dispatcher dispatcher(settings, manualClock(), [&draw] { return draw += 0.25; });
    Outcomes outcomes;
    outcomes.attach(dispatcher);
    outcomes.onRetry = [this](const Outcomes::Retry &retry) { m_clock->setNow(retry.nextAt); };

    for (int i = 0; i < 3; ++i)
        enqueueNew(dispatcher, makeMessage(QStringLiteral("r%1").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeeded.size(), 3, 30000);
    QCOMPARE(outcomes.retries.size(), 3);
    for (const Outcomes::Retry &retry : std::as_const(outcomes.retries)) {
        QCOMPARE(retry.attempt, outcomes.retries.first().attempt);
        QCOMPARE(retry.nextAt, outcomes.retries.first().nextAt);
    }
    QCOMPARE(outcomes.retries.first().attempt.finishedAt.msecsTo(outcomes.retries.first().nextAt),
             250);
    for (const DeliveryJob &job : std::as_const(outcomes.succeeded))
        QCOMPARE(job.history.size(), 2);
    QCOMPARE(server.requestCount(), 2);
    const HttpTestServer::Request &first = server.requests().at(0);
    const HttpTestServer::Request &second = server.requests().at(1);
    QCOMPARE(first.body, second.body);
    QCOMPARE(first.header("x-mqhook-message-id"), second.header("x-mqhook-message-id"));
    QCOMPARE(first.header("x-mqhook-attempt"), QByteArray("1"));
    QCOMPARE(second.header("x-mqhook-attempt"), QByteArray("2"));
}

void tst_Dispatcher::perTopicOrder()
{
    HttpTestServer server;
    QVERIFY(server.start());
    QStringList accepted; // message ids answered 200, in the order answered
    bool firstOfA = true;
    server.setHandler([&](const HttpTestServer::Request &request) {
        const QString id = QString::fromUtf8(request.header("x-mqhook-message-id"));
        if (id == u"A-0" && firstOfA) {
            firstOfA = false;
            return Response::withStatus(503);
        }
        accepted.append(id);
        return Response::withStatus(200).delayed(20ms);
    });
    SubscriptionConfig settings = config({server.url().toString()});
    settings.ordering = Ordering::PerTopic;
    settings.maxInflight = 8;
    settings.retryBackoff.initial = 1s;
    Dispatcher dispatcher(settings, manualClock());
    Outcomes outcomes;
    outcomes.attach(dispatcher);
    int mostInFlight = 0;
    connect(&server, &HttpTestServer::requestReceived, this, [&] {
        mostInFlight =
            std::max(mostInFlight, dispatcher.counters(server.url().toString()).inFlight);
    });

    const QStringList topics = {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")};
    const int perTopic = 10;
    for (int i = 0; i < perTopic; ++i) {
        for (const QString &topic : topics)
            enqueueNew(dispatcher, makeMessage(QStringLiteral("%1-%2").arg(topic).arg(i), topic));
    }
    // B and C finish while A's head waits for its retry (the clock stands still).
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeeded.size(), 2 * perTopic, 30000);
    QCOMPARE(outcomes.retries.size(), 1);
    for (const DeliveryJob &job : std::as_const(outcomes.succeeded))
        QVERIFY(job.message.topic != u"A");
    QVERIFY2(mostInFlight >= 2, "different topics go out in parallel");

    m_clock->setNow(outcomes.retries.first().nextAt);
    QTRY_COMPARE_WITH_TIMEOUT(outcomes.succeeded.size(), 3 * perTopic, 30000);
    for (const QString &topic : topics) {
        QStringList expected;
        for (int i = 0; i < perTopic; ++i)
            expected.append(QStringLiteral("%1-%2").arg(topic).arg(i));
        QStringList seen;
        for (const QString &id : std::as_const(accepted)) {
            if (id.startsWith(topic + u'-'))
                seen.append(id);
        }
        QCOMPARE(seen, expected);
    }
}

void tst_Dispatcher::invalidConfigurationDeadLetters()
{
    SubscriptionConfig settings = config({QStringLiteral("http://127.0.0.1:9/")});
    settings.bodyTemplate = QStringLiteral("${nope}");
    Dispatcher dispatcher(settings);
    QVERIFY(!dispatcher.isValid());
    QVERIFY2(dispatcher.errorString().contains(u"body_template"),
             qPrintable(dispatcher.errorString()));
    Outcomes outcomes;
    outcomes.attach(dispatcher);
    enqueueNew(dispatcher, makeMessage(QStringLiteral("x")));
    QCOMPARE(outcomes.dead.size(), 0); // not from within enqueue()
    QTRY_COMPARE(outcomes.dead.size(), 1);
    QCOMPARE(outcomes.dead.first().reason, dispatcher.errorString());
}

void tst_Dispatcher::unknownAddressDeadLetters()
{
    Dispatcher dispatcher(config({QStringLiteral("http://127.0.0.1:9/")}));
    Outcomes outcomes;
    outcomes.attach(dispatcher);
    DeliveryJob job;
    job.id = 7;
    job.message = makeMessage(QStringLiteral("gone"));
    job.target = QStringLiteral("http://127.0.0.1:9/removed");
    dispatcher.enqueue(job);
    QTRY_COMPARE(outcomes.dead.size(), 1);
    QCOMPARE(outcomes.dead.first().job.id, qint64(7));
    QVERIFY(outcomes.dead.first().reason.contains(u"not configured"));
}

QTEST_GUILESS_MAIN(tst_Dispatcher)
#include "tst_dispatcher.moc"
