// The admin endpoint in the process, over real loopback sockets: its HTTP
// rules and limits against hostile clients, the token, the event stream
// (order, filters, resuming, slow readers), readiness against a real broker
// and the dead-letter calls against a real outbox.
#include "adminhttp.h"
#include "config/config.h"
#include "countingendpoint.h"
#include "forwardconfig.h"
#include "mosquittofixture.h"
#include "observe/eventring.h"
#include "observe/eventstreamclient.h"
#include "service/adminendpoint.h"
#include "service/bridge.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 20000;
const QByteArray token = "an-admin-token-for-the-tests";

AdminConfig adminConfig(quint16 port, const QString &withToken = QString::fromLatin1(token))
{
    AdminConfig config;
    config.listen = u"127.0.0.1:%1"_s.arg(port);
    config.token = withToken;
    config.maxConnections = 8;
    return config;
}

Event messageEvent(Event::Kind kind, const QString &topic, const QString &route = u"c/1"_s)
{
    Event event;
    event.kind = kind;
    event.time = QDateTime::currentDateTimeUtc();
    event.clientId = u"c"_s;
    event.messageId = u"m-"_s + topic;
    event.topic = topic;
    event.route = kind == Event::Kind::Taken ? QString() : route;
    if (kind == Event::Kind::Taken)
        event.routes = {route};
    return event;
}

// A client socket that never reads, with a small receive window: the
// server's writes back up into its own buffer.
class StalledReader
{
public:
    explicit StalledReader(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    }
    ~StalledReader() { ::close(m_fd); }
    StalledReader(const StalledReader &) = delete;
    StalledReader &operator=(const StalledReader &) = delete;

    bool isConnected() const { return m_connected; }
    // Reads what arrives until the server ends the connection (EOF or reset).
    bool waitClosed(int ms)
    {
        return QTest::qWaitFor(
            [this] {
                char chunk[65536];
                for (;;) {
                    const ssize_t got = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
                    if (got == 0 || (got < 0 && errno == ECONNRESET))
                        return true;
                    if (got < 0)
                        return false;
                }
            },
            ms);
    }
    void send(const QByteArray &bytes) { (void)::send(m_fd, bytes.constData(), bytes.size(), 0); }
    // Everything received so far, without waiting for more.
    QByteArray drain()
    {
        QByteArray all;
        char chunk[65536];
        for (;;) {
            const ssize_t got = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (got <= 0)
                break;
            all.append(chunk, got);
        }
        return all;
    }

private:
    int m_fd = -1;
    bool m_connected = false;
};

} // namespace

class tst_AdminEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void healthzNeedsNoToken();
    void tokenOnEveryOtherPath_data();
    void tokenOnEveryOtherPath();
    void routesAndMethods_data();
    void routesAndMethods();
    void malformedRequests_data();
    void malformedRequests();
    void slowRequestTimesOut();
    void idleConnectionCloses();
    void connectionLimit();
    void keepAliveAndPipelining();
    void readinessWhileStopped();
    void eventsInOrderWithFilters();
    void badEventQueries_data();
    void badEventQueries();
    void lastEventIdResumesWithoutGaps();
    void anotherRunStartsFromTheOldest();
    void slowReaderDropsAndStaysBounded();
    void heartbeatAndStall();
    void reloadAppliesTokenAndAddress();
    void readinessFollowsTheBroker();
    void deadLettersThroughTheOutbox();

private:
    quint16 startEndpoint(const AdminConfig &config);
    // A new endpoint with m_limits.
    void makeEndpoint();
    Config bridgeConfig(quint16 brokerPort, const QUrl &callback, int retry);

    QTemporaryDir m_dir;
    int m_queues = 0;
    std::unique_ptr<Bridge> m_bridge;
    std::unique_ptr<EventRing> m_ring;
    std::unique_ptr<AdminEndpoint> m_endpoint;
    AdminServer::Limits m_limits;
};

void tst_AdminEndpoint::init()
{
    m_bridge = std::make_unique<Bridge>();
    m_ring = std::make_unique<EventRing>(100);
    m_limits = AdminServer::Limits();
    m_limits.requestTimeout = 500ms;
    m_limits.idleTimeout = 1000ms;
    m_limits.heartbeat = 300ms;
    m_limits.streamBufferBytes = 16 * 1024;
    m_limits.streamBatch = 16;
    makeEndpoint();
}

void tst_AdminEndpoint::makeEndpoint()
{
    m_endpoint.reset();
    m_endpoint = std::make_unique<AdminEndpoint>(m_bridge.get(), m_ring.get(), m_limits);
    m_endpoint->setMetrics([] { return QByteArray("# TYPE up gauge\nup 1\n"); });
}

void tst_AdminEndpoint::cleanup()
{
    m_endpoint.reset();
    if (m_bridge && m_bridge->state() == Bridge::State::Running) {
        QSignalSpy stopped(m_bridge.get(), &Bridge::stopped);
        m_bridge->stop(0ms);
        stopped.wait(timeout);
    }
    m_bridge.reset();
    m_ring.reset();
}

quint16 tst_AdminEndpoint::startEndpoint(const AdminConfig &config)
{
    makeEndpoint();
    QString error;
    if (!m_endpoint->start(config, &error)) {
        qWarning("%s", qPrintable(error));
        return 0;
    }
    return quint16(m_endpoint->url().port());
}

void tst_AdminEndpoint::healthzNeedsNoToken()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    const HttpReply reply = httpRequest(port, "GET", u"/healthz"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(reply.header("content-type"), "application/json");
}

void tst_AdminEndpoint::tokenOnEveryOtherPath_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("readyz") << QByteArray("GET") << u"/readyz"_s;
    QTest::newRow("metrics") << QByteArray("GET") << u"/metrics"_s;
    QTest::newRow("status") << QByteArray("GET") << u"/api/status"_s;
    QTest::newRow("events") << QByteArray("GET") << u"/api/events"_s;
    QTest::newRow("dead letters") << QByteArray("GET") << u"/api/dead-letters"_s;
    QTest::newRow("one dead letter") << QByteArray("GET") << u"/api/dead-letters/1"_s;
    QTest::newRow("retry") << QByteArray("POST") << u"/api/dead-letters/1/retry"_s;
    QTest::newRow("retry all") << QByteArray("POST") << u"/api/dead-letters/retry-all"_s;
    QTest::newRow("delete") << QByteArray("DELETE") << u"/api/dead-letters/1"_s;
    QTest::newRow("unknown path") << QByteArray("GET") << u"/secret"_s;
}

void tst_AdminEndpoint::tokenOnEveryOtherPath()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);

    HttpReply reply = httpRequest(port, method, path);
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.header("www-authenticate"), "Bearer realm=\"mqhook\"");
    QCOMPARE(reply.json().value(u"error"_s).toString(), u"unauthorized"_s);

    reply = httpRequest(port, method, path, "wrong-token-of-the-same-len");
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.header("www-authenticate").contains("invalid_token"));
    QVERIFY(!reply.body.contains(token));

    if (path == u"/api/events") {
        // A stream has no end to wait for: its head is enough.
        HttpConnection stream(port);
        stream.send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                    "\r\n\r\n");
        QVERIFY(stream.waitFor("\r\n\r\n", timeout));
        QVERIFY2(stream.pending().startsWith("HTTP/1.1 200 "), stream.pending().constData());
        return;
    }
    reply = httpRequest(port, method, path, token);
    QVERIFY2(reply.status != 401, reply.body.constData());
    QVERIFY(reply.status != 0);
}

void tst_AdminEndpoint::routesAndMethods_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allow");
    QTest::newRow("unknown path") << QByteArray("GET") << u"/nothing"_s << 404 << QByteArray();
    QTest::newRow("trailing slash") << QByteArray("GET") << u"/metrics/"_s << 404 << QByteArray();
    QTest::newRow("below a dead letter")
        << QByteArray("GET") << u"/api/dead-letters/1/x"_s << 404 << QByteArray();
    QTest::newRow("POST to metrics")
        << QByteArray("POST") << u"/metrics"_s << 405 << QByteArray("GET");
    QTest::newRow("HEAD") << QByteArray("HEAD") << u"/healthz"_s << 405 << QByteArray("GET");
    QTest::newRow("PUT a dead letter")
        << QByteArray("PUT") << u"/api/dead-letters/4"_s << 405 << QByteArray("GET, DELETE");
    QTest::newRow("GET a retry") << QByteArray("GET") << u"/api/dead-letters/4/retry"_s << 405
                                 << QByteArray("POST");
    QTest::newRow("id not a number")
        << QByteArray("GET") << u"/api/dead-letters/abc"_s << 400 << QByteArray();
    QTest::newRow("id zero") << QByteArray("DELETE") << u"/api/dead-letters/0"_s << 400
                             << QByteArray();
    QTest::newRow("id negative") << QByteArray("POST") << u"/api/dead-letters/-3/retry"_s << 400
                                 << QByteArray();
    QTest::newRow("bad page") << QByteArray("GET") << u"/api/dead-letters?limit=0"_s << 400
                              << QByteArray();
    QTest::newRow("stopped queue")
        << QByteArray("GET") << u"/api/dead-letters/5"_s << 503 << QByteArray();
}

void tst_AdminEndpoint::routesAndMethods()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    const HttpReply reply = httpRequest(port, method, path, token);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.header("allow"), allow);
    QCOMPARE(reply.header("content-type"), "application/json");
    QVERIFY2(!reply.json().value(u"message"_s).toString().isEmpty(), reply.body.constData());
}

void tst_AdminEndpoint::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("a TLS handshake")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
    QTest::newRow("garbage line") << QByteArray("hello there\r\n\r\n") << 400;
    QTest::newRow("no version") << QByteArray("GET /healthz\r\n\r\n") << 400;
    QTest::newRow("HTTP/2") << QByteArray("GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("no Host") << QByteArray("GET /healthz HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("oversized header")
        << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + QByteArray(64 * 1024, 'a') +
                      "\r\n\r\n")
        << 431;
    QTest::newRow("oversized request line")
        << QByteArray("GET /" + QByteArray(64 * 1024, 'a') + " HTTP/1.1\r\n\r\n") << 414;
    QTest::newRow("oversized body")
        << QByteArray("POST /api/dead-letters/retry-all HTTP/1.1\r\nHost: x\r\n"
                      "Content-Length: 10000000\r\n\r\n")
        << 413;
    QTest::newRow("chunked") << QByteArray("POST /api/dead-letters/retry-all HTTP/1.1\r\nHost: "
                                           "x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                             << 501;
}

void tst_AdminEndpoint::malformedRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    HttpConnection connection(port);
    QVERIFY(connection.isConnected());
    connection.send(request);
    const std::optional<HttpReply> reply = connection.read(timeout);
    QVERIFY(reply);
    QCOMPARE(reply->status, status);
    QCOMPARE(reply->header("connection"), "close");
    QVERIFY(!reply->json().value(u"message"_s).toString().isEmpty());
    QVERIFY(connection.waitClosed(timeout));
    // And the server goes on.
    QCOMPARE(httpRequest(port, "GET", u"/healthz"_s).status, 200);
}

void tst_AdminEndpoint::slowRequestTimesOut()
{
    // A request begun and never finished (slowloris) gets 408 and the door.
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    HttpConnection connection(port);
    connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n");
    for (int i = 0; i < 3; ++i) {
        QTest::qWait(100);
        connection.send("X-B: 1\r\n"); // trickling does not extend the deadline
    }
    const std::optional<HttpReply> reply = connection.read(timeout);
    QVERIFY(reply);
    QCOMPARE(reply->status, 408);
    QVERIFY(connection.waitClosed(timeout));
}

void tst_AdminEndpoint::idleConnectionCloses()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    HttpConnection connection(port);
    QVERIFY(connection.isConnected());
    QVERIFY(connection.waitClosed(timeout));
    QVERIFY(connection.pending().isEmpty()); // closed without a word
}

void tst_AdminEndpoint::connectionLimit()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    m_limits.idleTimeout = 60s; // the idle ones stay while the test looks
    QString error;
    AdminConfig config = adminConfig(port);
    config.maxConnections = 4;
    makeEndpoint();
    QVERIFY2(m_endpoint->start(config, &error), qPrintable(error));

    std::vector<std::unique_ptr<HttpConnection>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<HttpConnection>(port));
        QVERIFY(idle.back()->isConnected());
    }
    QTest::qWait(100);
    HttpConnection extra(port);
    const std::optional<HttpReply> refused = extra.read(timeout);
    QVERIFY(refused);
    QCOMPARE(refused->status, 503);
    QVERIFY(refused->json().value(u"message"_s).toString().contains(u"max_connections"_s));
    QVERIFY(extra.waitClosed(timeout));

    idle.pop_back();
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port, "GET", u"/healthz"_s).status, 200, timeout);
}

void tst_AdminEndpoint::keepAliveAndPipelining()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    HttpConnection connection(port);
    const QByteArray auth = "Authorization: Bearer " + token + "\r\n";
    connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    "GET /readyz HTTP/1.1\r\nHost: x\r\n" +
                    auth +
                    "\r\n"
                    "GET /metrics HTTP/1.1\r\nHost: x\r\n" +
                    auth + "Connection: close\r\n\r\n");
    const std::optional<HttpReply> first = connection.read(timeout);
    const std::optional<HttpReply> second = connection.read(timeout);
    const std::optional<HttpReply> third = connection.read(timeout);
    QVERIFY(first && second && third);
    QCOMPARE(first->status, 200);
    QCOMPARE(first->header("connection"), "keep-alive");
    QCOMPARE(second->status, 503); // the bridge is not running
    QCOMPARE(third->status, 200);
    QCOMPARE(third->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    QCOMPARE(third->body, "# TYPE up gauge\nup 1\n");
    QVERIFY(connection.waitClosed(timeout));
}

void tst_AdminEndpoint::readinessWhileStopped()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort(), {}));
    QVERIFY(port);
    const HttpReply reply = httpRequest(port, "GET", u"/readyz"_s);
    QCOMPARE(reply.status, 503);
    const QJsonObject body = reply.json();
    QCOMPARE(body.value(u"ready"_s).toBool(true), false);
    const QJsonArray problems = body.value(u"problems"_s).toArray();
    QVERIFY(!problems.isEmpty());
    QCOMPARE(problems.first().toObject().value(u"reason"_s).toString(), u"forwarding is stopped"_s);
}

void tst_AdminEndpoint::eventsInOrderWithFilters()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    EventStreamClient all;
    EventStreamClient filtered;
    for (EventStreamClient *client : {&all, &filtered}) {
        client->setUrl(m_endpoint->url());
        client->setToken(QString::fromLatin1(token));
    }
    EventFilter filter;
    QVERIFY(filter.setTopic(u"a/+/x"_s));
    filter.kinds = {Event::Kind::Delivered, Event::Kind::Connected};
    filtered.setFilter(filter);
    QList<Event> gotAll;
    QList<Event> gotFiltered;
    connect(&all, &EventStreamClient::eventReceived, this, [&](const Event &e) { gotAll += e; });
    connect(&filtered, &EventStreamClient::eventReceived, this,
            [&](const Event &e) { gotFiltered += e; });
    all.start();
    filtered.start();
    QTRY_COMPARE_WITH_TIMEOUT(all.state(), EventStreamClient::State::Connected, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(filtered.state(), EventStreamClient::State::Connected, timeout);

    QList<quint64> delivered;
    for (int i = 0; i < 30; ++i) {
        m_ring->append(messageEvent(Event::Kind::Taken, u"a/%1/x"_s.arg(i)));
        const quint64 seq = m_ring->append(
            messageEvent(Event::Kind::Delivered, i % 2 ? u"a/%1/x"_s.arg(i) : u"b/%1"_s.arg(i)));
        if (i % 2)
            delivered.append(seq);
    }
    Event connected;
    connected.kind = Event::Kind::Connected;
    connected.clientId = u"c"_s;
    connected.time = QDateTime::currentDateTimeUtc();
    const quint64 connectedSeq = m_ring->append(connected);

    QTRY_COMPARE_WITH_TIMEOUT(gotAll.size(), 61, timeout);
    for (qsizetype i = 1; i < gotAll.size(); ++i)
        QCOMPARE(gotAll.at(i).seq, gotAll.at(i - 1).seq + 1);
    QTRY_COMPARE_WITH_TIMEOUT(gotFiltered.size(), 16, timeout);
    QList<quint64> filteredSeqs;
    for (const Event &event : std::as_const(gotFiltered))
        filteredSeqs.append(event.seq);
    QCOMPARE(filteredSeqs, delivered + QList<quint64>{connectedSeq});
    QCOMPARE(gotFiltered.last().kind, Event::Kind::Connected); // no topic: passes the topic filter
}

void tst_AdminEndpoint::badEventQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("extra");
    QTest::newRow("topic not a filter") << u"topic=a/%23/b"_s << QByteArray();
    QTest::newRow("unknown kind") << u"kind=taken,eaten"_s << QByteArray();
    QTest::newRow("id not a number") << QString() << QByteArray("Last-Event-ID: x1\r\n");
    QTest::newRow("query id not a number") << u"last_event_id=-1"_s << QByteArray();
}

void tst_AdminEndpoint::badEventQueries()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, extra);
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    const HttpReply reply = httpRequest(port, "GET", u"/api/events?"_s + query, token, extra);
    QCOMPARE(reply.status, 400);
    QVERIFY(!reply.json().value(u"message"_s).toString().isEmpty());
}

void tst_AdminEndpoint::lastEventIdResumesWithoutGaps()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    EventStreamClient client;
    client.setUrl(m_endpoint->url());
    client.setToken(QString::fromLatin1(token));
    QList<quint64> seqs;
    connect(&client, &EventStreamClient::eventReceived, this,
            [&](const Event &e) { seqs.append(e.seq); });
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), EventStreamClient::State::Connected, timeout);
    for (int i = 0; i < 20; ++i)
        m_ring->append(messageEvent(Event::Kind::Taken, u"t/%1"_s.arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(seqs.size(), 20, timeout);

    // The service goes away and comes back on the same port; meanwhile 30
    // more events (the ring holds 100): the client gets each once, in order.
    m_endpoint->stop();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), EventStreamClient::State::Waiting, timeout);
    for (int i = 20; i < 50; ++i)
        m_ring->append(messageEvent(Event::Kind::Taken, u"t/%1"_s.arg(i)));
    QString error;
    QVERIFY2(m_endpoint->start(adminConfig(port), &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(seqs.size(), 50, timeout);
    for (qsizetype i = 0; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i), seqs.first() + quint64(i));
    QCOMPARE(client.lastEventId(), seqs.last());
}

void tst_AdminEndpoint::anotherRunStartsFromTheOldest()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    for (int i = 0; i < 5; ++i)
        m_ring->append(messageEvent(Event::Kind::Taken, u"t/%1"_s.arg(i)));
    // An id of another run (the service restarted): everything held comes.
    HttpConnection connection(port);
    connection.send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                    "\r\nLast-Event-ID: 3\r\nX-Mqhook-Run: 0000000000000001\r\n\r\n");
    QVERIFY(connection.waitFor("id: 5\n", timeout));
    QVERIFY(connection.pending().contains("id: 1\n"));
    QVERIFY(connection.pending().contains("X-Mqhook-Run: " + m_endpoint->run()));
    // The same run resumes after the id.
    HttpConnection same(port);
    same.send("GET /api/events?last_event_id=3 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              token + "\r\nX-Mqhook-Run: " + m_endpoint->run() + "\r\n\r\n");
    QVERIFY(same.waitFor("id: 5\n", timeout));
    QVERIFY(!same.pending().contains("id: 3\n"));
    QVERIFY(same.pending().contains("id: 4\n"));
}

void tst_AdminEndpoint::slowReaderDropsAndStaysBounded()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    StalledReader reader(port);
    QVERIFY(reader.isConnected());
    reader.send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                "\r\n\r\n");
    // The stream is open (its head came); from now on the reader takes nothing.
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += reader.drain()).contains("retry: 2000\n\n"), timeout);

    // Far more than the ring (100) and the stream's buffer (16 KiB) hold,
    // appended while the reader takes nothing.
    const QByteArray big(200, 'p');
    for (int i = 0; i < 5000; ++i) {
        Event event = messageEvent(Event::Kind::Taken, u"t/%1"_s.arg(i));
        event.preview = big;
        m_ring->append(event);
        if (i % 100 == 0)
            QCoreApplication::processEvents();
    }
    QTest::qWait(300);
    QCOMPARE(httpRequest(port, "GET", u"/healthz"_s).status, 200); // not held up

    // Now it reads: after what its buffers held comes a dropped event, then
    // the newest events, in order.
    QTRY_VERIFY_WITH_TIMEOUT((received += reader.drain()).contains("id: 5000\n"), timeout);
    // Every event is accounted for: received once, in order, or counted in
    // a dropped notice; and what was received is bounded, not the 2 MB
    // appended.
    qInfo("the stalled reader received %lld bytes", qint64(received.size()));
    QVERIFY2(received.size() < 256 * 1024, "the server held more than its bound for one reader");
    qint64 droppedTotal = 0;
    int notices = 0;
    qint64 lastId = 0;
    int ids = 0;
    const QList<QByteArray> blocks = received.mid(received.indexOf("\r\n\r\n") + 4).split('\n');
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QByteArray &line = blocks.at(i);
        if (line.startsWith("id: ")) {
            const qint64 id = line.mid(4).toLongLong();
            QVERIFY2(id > lastId, line.constData());
            lastId = id;
            ++ids;
        } else if (line == "event: dropped") {
            const QJsonObject notice = QJsonDocument::fromJson(blocks.value(i + 1).mid(6)).object();
            QCOMPARE(notice.value(u"kind"_s).toString(), u"dropped"_s);
            droppedTotal += notice.value(u"count"_s).toInteger();
            ++notices;
        }
    }
    QVERIFY(notices > 0);
    QCOMPARE(lastId, 5000);
    QCOMPARE(ids + droppedTotal, 5000);
}

void tst_AdminEndpoint::heartbeatAndStall()
{
    m_limits.streamStallTimeout = 1000ms;
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    HttpConnection connection(port);
    connection.send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                    "\r\n\r\n");
    QVERIFY(connection.waitFor(": heartbeat\n\n", timeout));
    QVERIFY(connection.pending().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(connection.pending().contains("Content-Type: text/event-stream; charset=utf-8\r\n"));
    QVERIFY(connection.pending().contains("\r\n\r\nretry: 2000\n\n"));

    // A reader that takes nothing at all is let go after the stall timeout.
    StalledReader stalled(port);
    stalled.send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                 "\r\n\r\n");
    QByteArray head;
    QTRY_VERIFY_WITH_TIMEOUT((head += stalled.drain()).contains("retry: 2000\n\n"), timeout);
    for (int i = 0; i < 3000; ++i) {
        Event event = messageEvent(Event::Kind::Taken, u"t/%1"_s.arg(i));
        event.preview = QByteArray(200, 'p');
        m_ring->append(event);
        if (i % 100 == 0)
            QCoreApplication::processEvents();
    }
    QTest::qWait(2500);
    QVERIFY(stalled.waitClosed(timeout));
    // The one that reads stays.
    QVERIFY(connection.waitFor("id: 3000\n", timeout));
    QCOMPARE(connection.socket().state(), QAbstractSocket::ConnectedState);
}

void tst_AdminEndpoint::reloadAppliesTokenAndAddress()
{
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    HttpConnection stream(port);
    stream.send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                "\r\n\r\n");
    QVERIFY(stream.waitFor("retry: 2000\n\n", timeout));

    // A new token: the stream opened with the old one ends, requests need the new one.
    AdminConfig changed = adminConfig(port, u"another-token-for-the-tests"_s);
    const QStringList notes = m_endpoint->apply(changed);
    QVERIFY2(notes.join(u'\n').contains(u"token changed"_s), qPrintable(notes.join(u'\n')));
    QVERIFY(stream.waitClosed(timeout));
    QCOMPARE(httpRequest(port, "GET", u"/api/status"_s, token).status, 401);
    QCOMPARE(httpRequest(port, "GET", u"/api/status"_s, "another-token-for-the-tests").status, 200);

    // A new address: listened on before the old one goes.
    const quint16 other = MosquittoFixture::freePort();
    changed.listen = u"127.0.0.1:%1"_s.arg(other);
    QVERIFY(m_endpoint->apply(changed).join(u'\n').contains(u"now on"_s));
    QCOMPARE(m_endpoint->url().port(), int(other));
    QCOMPARE(httpRequest(other, "GET", u"/healthz"_s).status, 200);
    QCOMPARE(httpRequest(port, "GET", u"/healthz"_s).status, 0); // refused

    // An address that cannot be had: the old one stays.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost));
    changed.listen = u"127.0.0.1:%1"_s.arg(squatter.serverPort());
    QVERIFY(m_endpoint->apply(changed).join(u'\n').contains(u"it stays on"_s));
    QCOMPARE(httpRequest(other, "GET", u"/healthz"_s).status, 200);

    // Off.
    changed.listen.clear();
    m_endpoint->apply(changed);
    QVERIFY(!m_endpoint->isListening());
    QCOMPARE(httpRequest(other, "GET", u"/healthz"_s).status, 0);
}

Config tst_AdminEndpoint::bridgeConfig(quint16 brokerPort, const QUrl &callback, int retry)
{
    Config config;
    BrokerConfig broker;
    broker.clientId = u"admin-test"_s;
    broker.brokerIp = u"127.0.0.1"_s;
    broker.brokerPort = brokerPort;
    broker.alive = 5;
    SubscriptionConfig route;
    route.appName = u"r"_s;
    route.appId = u"1"_s;
    route.callbackMethod = u"HTTP"_s;
    route.callbackAddresses = {callback.toString()};
    route.subTopic = {u"admin/#"_s, 1};
    route.retry = retry;
    route.retryBackoff.initial = 50ms;
    route.retryBackoff.max = 100ms;
    broker.subscriptions = {route};
    config.brokers = {broker};
    config.queue.dir = m_dir.filePath(u"queue-%1"_s.arg(++m_queues));
    return config;
}

void tst_AdminEndpoint::readinessFollowsTheBroker()
{
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    CountingEndpoint endpoint;
    QVERIFY2(endpoint.start(&error), qPrintable(error));
    QVERIFY2(m_bridge->start(bridgeConfig(broker.port(), endpoint.url(u"/hook"_s), 3), &error),
             qPrintable(error));
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port, "GET", u"/readyz"_s, token).status, 200, timeout);
    QCOMPARE(httpRequest(port, "GET", u"/readyz"_s, token).json().value(u"ready"_s).toBool(), true);

    broker.stop();
    HttpReply reply;
    QTRY_VERIFY_WITH_TIMEOUT((reply = httpRequest(port, "GET", u"/readyz"_s, token)).status == 503,
                             timeout);
    const QJsonObject problem = reply.json().value(u"problems"_s).toArray().first().toObject();
    QCOMPARE(problem.value(u"component"_s).toString(), u"connection"_s);
    QCOMPARE(problem.value(u"client_id"_s).toString(), u"admin-test"_s);
    QCOMPARE(problem.value(u"address"_s).toString(), u"127.0.0.1:%1"_s.arg(broker.port()));
    QVERIFY2(problem.value(u"reason"_s).toString().startsWith(u"not connected"_s),
             reply.body.constData());

    // The status says the same, and hides nothing it should not show.
    const QJsonObject status = httpRequest(port, "GET", u"/api/status"_s, token).json();
    const QJsonObject connection =
        status.value(u"brokers"_s).toArray().first().toObject().value(u"connection"_s).toObject();
    QCOMPARE(connection.value(u"connected"_s).toBool(true), false);
    QCOMPARE(status.value(u"state"_s).toString(), u"running"_s);
    QCOMPARE(status.value(u"routes"_s).toArray().first().toObject().value(u"route"_s).toString(),
             u"admin-test/1/r"_s);

    QVERIFY2(broker.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port, "GET", u"/readyz"_s, token).status, 200,
                              timeout * 2);
}

void tst_AdminEndpoint::deadLettersThroughTheOutbox()
{
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    CountingEndpoint endpoint;
    QVERIFY2(endpoint.start(&error), qPrintable(error));
    endpoint.setMode(CountingEndpoint::Mode::Unavailable);
    // No retry: the first 503 makes a dead letter.
    QVERIFY2(m_bridge->start(bridgeConfig(broker.port(), endpoint.url(u"/dead"_s), 0), &error),
             qPrintable(error));
    const quint16 port = startEndpoint(adminConfig(MosquittoFixture::freePort()));
    QVERIFY(port);
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port, "GET", u"/readyz"_s, token).status, 200, timeout);
    for (const char *payload : {"first", "second", "third"})
        QVERIFY2(broker.publish({u"-q"_s, u"1"_s, u"-t"_s, u"admin/dl"_s, u"-m"_s,
                                 QString::fromLatin1(payload)},
                                &error),
                 qPrintable(error));
    QJsonObject page;
    QTRY_COMPARE_WITH_TIMEOUT(
        (page = httpRequest(port, "GET", u"/api/dead-letters"_s, token).json())
            .value(u"total"_s)
            .toInt(),
        3, timeout);
    const QJsonArray letters = page.value(u"dead_letters"_s).toArray();
    QCOMPARE(letters.size(), 3);
    QCOMPARE(page.value(u"next_after"_s).isNull(), true);
    const qint64 first = letters.at(0).toObject().value(u"id"_s).toInteger();
    const qint64 second = letters.at(1).toObject().value(u"id"_s).toInteger();
    QCOMPARE(letters.at(0).toObject().value(u"topic"_s).toString(), u"admin/dl"_s);
    QCOMPARE(letters.at(0).toObject().value(u"route"_s).toString(), u"admin-test/1/r"_s);

    // Paged: one at a time.
    const QJsonObject one =
        httpRequest(port, "GET", u"/api/dead-letters?after=0&limit=1"_s, token).json();
    QCOMPARE(one.value(u"dead_letters"_s).toArray().size(), 1);
    QCOMPARE(one.value(u"next_after"_s).toInteger(), first);

    const HttpReply shown = httpRequest(port, "GET", u"/api/dead-letters/%1"_s.arg(first), token);
    QCOMPARE(shown.status, 200);
    QCOMPARE(shown.json().value(u"payload"_s).toString(), u"first"_s);
    QCOMPARE(shown.json()
                 .value(u"history"_s)
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"http_status"_s)
                 .toInt(),
             503);
    QCOMPARE(httpRequest(port, "GET", u"/api/dead-letters/999999"_s, token).status, 404);

    endpoint.setMode(CountingEndpoint::Mode::Up);
    HttpReply reply = httpRequest(port, "POST", u"/api/dead-letters/%1/retry"_s.arg(first), token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"retried"_s).toInt(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.accepted(u"/dead"_s).contains("first"), timeout);

    reply = httpRequest(port, "DELETE", u"/api/dead-letters/%1"_s.arg(second), token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"deleted"_s).toInt(), 1);
    QCOMPARE(httpRequest(port, "DELETE", u"/api/dead-letters/%1"_s.arg(second), token).status, 404);

    reply = httpRequest(port, "POST", u"/api/dead-letters/retry-all"_s, token);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"retried"_s).toInt(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.accepted(u"/dead"_s).contains("third"), timeout);
    QVERIFY(!endpoint.accepted(u"/dead"_s).contains("second"));
    QTRY_COMPARE_WITH_TIMEOUT(
        httpRequest(port, "GET", u"/api/dead-letters"_s, token).json().value(u"total"_s).toInt(), 0,
        timeout);
}

QTEST_GUILESS_MAIN(tst_AdminEndpoint)
#include "tst_adminendpoint.moc"
