#include "delivery/httpconnectionpool.h"
#include "delivery/httpsender.h"
#include "httptestserver.h"

#include <QSignalSpy>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;
using Response = HttpTestServer::Response;

// HttpConnectionPool (and HttpConnection under it) against a scripted server
// on loopback: framing, keep-alive, errors and the deadline.
class tst_HttpConnection : public QObject
{
    Q_OBJECT

private slots:
    void answers_data();
    void answers();
    void brokenAnswers_data();
    void brokenAnswers();
    void reusesOneConnection();
    void sendsCredentialsFromTheAddress();
    void framingHeadersAreOurs();
    void opensConnectionsUpToTheLimit();
    void idleConnectionClosedByServer();
    void staleConnectionRetriedOnce();
    void staleRetryFailsToo();
    void closesIdleConnections();
    void deadlineOnTricklingServer();
    void deadlineWhileWaitingForAConnection();
    void deadlinesInAnyOrder();
    void alternatesBetweenAddresses();
    void largeRequestBody();
    void bigResponseBodyKeepsExcerpt();
    void badRequestFailsLater();
    void abortAllIsSilent();
    void senderUsesOwnClientForHttp();

private:
    static PostResult postOnce(HttpConnectionPool &pool, const PostRequest &request);
    static PostRequest requestTo(const HttpTestServer &server, QByteArray body = "{}");
};

PostResult tst_HttpConnection::postOnce(HttpConnectionPool &pool, const PostRequest &request)
{
    QSignalSpy spy(&pool, &HttpConnectionPool::finished);
    pool.post(request);
    if (!spy.wait(30000))
        return {};
    return spy.first().first().value<PostResult>();
}

PostRequest tst_HttpConnection::requestTo(const HttpTestServer &server, QByteArray body)
{
    PostRequest request;
    request.url = server.url(QStringLiteral("/hook"));
    request.headers = {{"Content-Type", "application/json"}, {"X-Mqhook-Message-Id", "m-1"}};
    request.body = std::move(body);
    request.timeout = 20s;
    return request;
}

void tst_HttpConnection::answers_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("piece"); // 0: whole, else bytes per write
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("excerpt");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("connections"); // after two requests

    const QByteArray plain = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nRetry-After: 3\r\n\r\nhello";
    const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "5;name=value\r\nhello\r\n6 ; x\r\n world\r\n0\r\n"
                               "X-Trailer: t\r\n\r\n";
    const QByteArray post = "POST";
    QTest::newRow("Content-Length")
        << plain << 0 << false << post << 200 << QByteArray("hello") << QByteArray("3") << 1;
    QTest::newRow("Content-Length, 1-byte segments")
        << plain << 1 << false << post << 200 << QByteArray("hello") << QByteArray("3") << 1;
    QTest::newRow("chunked with extensions and trailers")
        << chunked << 0 << false << post << 200 << QByteArray("hello world") << QByteArray() << 1;
    QTest::newRow("chunked, 1-byte segments")
        << chunked << 1 << false << post << 200 << QByteArray("hello world") << QByteArray() << 1;
    QTest::newRow("close-delimited body")
        << QByteArray("HTTP/1.1 200 OK\r\n\r\nthe body runs to the close") << 0 << true << post
        << 200 << QByteArray("the body runs to the close") << QByteArray() << 2;
    QTest::newRow("100 Continue before the answer")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
                      "Content-Length: 2\r\n\r\nok")
        << 0 << false << post << 201 << QByteArray("ok") << QByteArray() << 1;
    QTest::newRow("100 Continue, 1-byte segments")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
                      "Content-Length: 2\r\n\r\nok")
        << 1 << false << post << 201 << QByteArray("ok") << QByteArray() << 1;
    QTest::newRow("HEAD without body")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n") << 0 << false
        << QByteArray("HEAD") << 200 << QByteArray() << QByteArray() << 1;
    QTest::newRow("204 without body") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << 0 << false
                                      << post << 204 << QByteArray() << QByteArray() << 1;
    QTest::newRow("304 without body")
        << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n") << 0 << false
        << post << 304 << QByteArray() << QByteArray() << 1;
    QTest::newRow("Connection: close")
        << QByteArray("HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbusy")
        << 0 << false << post << 503 << QByteArray("busy") << QByteArray() << 2;
    QTest::newRow("HTTP/1.0 without keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") << 0 << false << post << 200
        << QByteArray("ok") << QByteArray() << 2;
    QTest::newRow("HTTP/1.0 with keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok")
        << 0 << false << post << 200 << QByteArray("ok") << QByteArray() << 1;
}

void tst_HttpConnection::answers()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, piece);
    QFETCH(bool, closeAfter);
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    QFETCH(QByteArray, excerpt);
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, connections);

    HttpTestServer server;
    QVERIFY(server.start());
    Response response = Response::rawBytes(raw, piece);
    response.closeAfter = closeAfter;
    server.setDefaultResponse(response);
    HttpConnectionPool pool(4);
    PostRequest request = requestTo(server);
    request.method = method;
    for (int i = 0; i < 2; ++i) {
        request.id = quint64(i + 1);
        const PostResult result = postOnce(pool, request);
        QCOMPARE(result.id, quint64(i + 1));
        QVERIFY2(result.httpStatus == status, qPrintable(result.errorString));
        QCOMPARE(result.networkError, QNetworkReply::NoError);
        QVERIFY(result.errorString.isEmpty());
        QCOMPARE(result.bodyExcerpt, excerpt);
        QCOMPARE(result.retryAfter, retryAfter);
        QVERIFY(!result.http2);
    }
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(server.connectionCount(), connections);
    QCOMPARE(server.requests().first().method, method);
    QCOMPARE(pool.inFlight(), 0);
}

void tst_HttpConnection::brokenAnswers_data()
{
    QTest::addColumn<Response>("response");
    QTest::addColumn<int>("error"); // QNetworkReply::NetworkError
    QTest::addColumn<QString>("errorContains");

    const auto error = [](QNetworkReply::NetworkError value) { return int(value); };
    QTest::newRow("malformed status line")
        << Response::rawBytes("HTTP/1.1 abc OK\r\n\r\n") << error(QNetworkReply::ProtocolFailure)
        << QStringLiteral("malformed status line");
    QTest::newRow("oversized header")
        << Response::rawBytes("HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(20000, 'a') +
                              "\r\nContent-Length: 0\r\n\r\n")
        << error(QNetworkReply::ProtocolFailure) << QStringLiteral("longer than");
    QTest::newRow("garbage") << Response::act(Response::Action::Garbage)
                             << error(QNetworkReply::ProtocolFailure)
                             << QStringLiteral("malformed response");
    QTest::newRow("closed mid-headers")
        << Response::act(Response::Action::CloseMidResponse)
        << error(QNetworkReply::RemoteHostClosedError) << QStringLiteral("mid-response");
    QTest::newRow("closed mid-body")
        << Response::rawBytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc").closing()
        << error(QNetworkReply::RemoteHostClosedError) << QStringLiteral("mid-response");
    QTest::newRow("closed without a byte on a fresh connection")
        << Response::act(Response::Action::Close) << error(QNetworkReply::RemoteHostClosedError)
        << QStringLiteral("without answering");
}

void tst_HttpConnection::brokenAnswers()
{
    QFETCH(Response, response);
    QFETCH(int, error);
    QFETCH(QString, errorContains);

    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(response);
    HttpConnectionPool pool(1);
    const PostResult result = postOnce(pool, requestTo(server));
    QCOMPARE(result.httpStatus, 0);
    QVERIFY(!result.hasResponse());
    QVERIFY(!result.timedOut);
    QCOMPARE(int(result.networkError), error);
    QVERIFY2(result.errorString.contains(errorContains), qPrintable(result.errorString));
    // A fresh connection is never retried: the server saw the request once.
    QCOMPARE(server.requestCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(server.openConnectionCount(), 0, 30000);
}

void tst_HttpConnection::reusesOneConnection()
{
    HttpTestServer server;
    QVERIFY(server.start());
    HttpConnectionPool pool(8);
    for (int i = 0; i < 20; ++i) {
        PostRequest request = requestTo(server, QByteArray::number(i));
        QCOMPARE(postOnce(pool, request).httpStatus, 200);
    }
    QCOMPARE(server.requestCount(), 20);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(server.openConnectionCount(), 1);
    const HttpTestServer::Request &last = server.requests().last();
    QCOMPARE(last.method, QByteArray("POST"));
    QCOMPARE(last.target, QByteArray("/hook"));
    QCOMPARE(last.body, QByteArray("19"));
    QCOMPARE(last.header("content-length"), QByteArray("2"));
    QCOMPARE(last.header("host"),
             QByteArrayLiteral("127.0.0.1:") + QByteArray::number(server.port()));
    QCOMPARE(last.header("x-mqhook-message-id"), QByteArray("m-1"));
}

void tst_HttpConnection::sendsCredentialsFromTheAddress()
{
    HttpTestServer server;
    QVERIFY(server.start());
    HttpConnectionPool pool(1);
    PostRequest request = requestTo(server);
    request.url.setUserName(QStringLiteral("hook user"));
    request.url.setPassword(QStringLiteral("p:ss"));
    request.url.setQuery(QStringLiteral("a=1&b=x y"));
    QCOMPARE(postOnce(pool, request).httpStatus, 200);
    const HttpTestServer::Request &received = server.requests().first();
    QCOMPARE(received.header("authorization"), "Basic " + QByteArray("hook user:p:ss").toBase64());
    QCOMPARE(received.target, QByteArray("/hook?a=1&b=x%20y"));

    // A configured Authorization header wins.
    request.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer t")));
    QCOMPARE(postOnce(pool, request).httpStatus, 200);
    QCOMPARE(server.requests().at(1).header("authorization"), QByteArray("Bearer t"));
}

// A caller's Content-Length, Transfer-Encoding or Connection could contradict
// how the request is framed: they are left out. A Host header is sent as given.
void tst_HttpConnection::framingHeadersAreOurs()
{
    HttpTestServer server;
    QVERIFY(server.start());
    HttpConnectionPool pool(1);
    for (int i = 0; i < 2; ++i) {
        PostRequest request = requestTo(server, "hello");
        request.headers = {{"content-length", "999"}, {"Transfer-Encoding", "chunked"},
                           {"X-Before", "b"},         {"Connection", "close"},
                           {"Host", "hooks.example"}, {"X-After", "a"}};
        QCOMPARE(postOnce(pool, request).httpStatus, 200);
    }
    QCOMPARE(server.connectionCount(), 1);
    for (const HttpTestServer::Request &received : server.requests()) {
        QCOMPARE(received.body, QByteArray("hello"));
        QCOMPARE(received.header("content-length"), QByteArray("5"));
        QCOMPARE(received.header("transfer-encoding"), QByteArray());
        QCOMPARE(received.header("connection"), QByteArray());
        QCOMPARE(received.header("host"), QByteArray("hooks.example"));
        QCOMPARE(received.header("x-before"), QByteArray("b"));
        QCOMPARE(received.header("x-after"), QByteArray("a"));
    }
}

void tst_HttpConnection::opensConnectionsUpToTheLimit()
{
    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(Response::withStatus(200).delayed(200ms));
    HttpConnectionPool pool(3);
    QSignalSpy spy(&pool, &HttpConnectionPool::finished);
    for (int i = 0; i < 7; ++i) {
        PostRequest request = requestTo(server);
        request.id = quint64(i);
        pool.post(request);
    }
    QCOMPARE(spy.size(), 0); // never from within post()
    QCOMPARE(pool.inFlight(), 7);
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 7, 30000);
    for (const QList<QVariant> &arguments : spy)
        QCOMPARE(arguments.first().value<PostResult>().httpStatus, 200);
    QCOMPARE(server.requestCount(), 7);
    QCOMPARE(server.connectionCount(), 3);
    QCOMPARE(pool.inFlight(), 0);
}

void tst_HttpConnection::idleConnectionClosedByServer()
{
    HttpTestServer server;
    QVERIFY(server.start());
    // The server closes each connection after answering without saying so.
    server.setDefaultResponse(Response::withStatus(200).closing());
    HttpConnectionPool pool(1);
    QCOMPARE(postOnce(pool, requestTo(server)).httpStatus, 200);
    // The next request goes out on a new connection, without an error.
    QTRY_COMPARE_WITH_TIMEOUT(server.openConnectionCount(), 0, 30000);
    QCOMPARE(postOnce(pool, requestTo(server)).httpStatus, 200);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.requestCount(), 2);

    // The next request follows at once, before the close can have been
    // seen: it still succeeds (sent again on a fresh connection if need be).
    QSignalSpy spy(&pool, &HttpConnectionPool::finished);
    connect(
        &pool, &HttpConnectionPool::finished, this,
        [&pool, &server](const PostResult &result) {
            if (result.id == 1) {
                PostRequest next = requestTo(server);
                next.id = 2;
                pool.post(next);
            }
        },
        Qt::DirectConnection);
    PostRequest first = requestTo(server);
    first.id = 1;
    pool.post(first);
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 30000);
    QCOMPARE(spy.at(0).first().value<PostResult>().httpStatus, 200);
    const PostResult second = spy.at(1).first().value<PostResult>();
    QVERIFY2(second.httpStatus == 200, qPrintable(second.errorString));
    QCOMPARE(server.connectionCount(), 4);
}

void tst_HttpConnection::staleConnectionRetriedOnce()
{
    HttpTestServer server;
    QVERIFY(server.start());
    // The second request on the first connection meets a server that drops
    // the connection without a byte, as one closing an idle connection does.
    server.setHandler([&server](const HttpTestServer::Request &request) {
        if (request.connection == 1 && server.requestCount() == 2)
            return Response::act(Response::Action::Close);
        return Response::withStatus(200);
    });
    HttpConnectionPool pool(1);
    QCOMPARE(postOnce(pool, requestTo(server, "first")).httpStatus, 200);
    const PostResult result = postOnce(pool, requestTo(server, "second"));
    QVERIFY2(result.httpStatus == 200, qPrintable(result.errorString));
    QCOMPARE(server.requestCount(), 3);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.requests().at(2).connection, 2);
    QCOMPARE(server.requests().at(2).body, QByteArray("second"));
    QCOMPARE(server.requests().at(2).header("x-mqhook-message-id"), QByteArray("m-1"));
}

void tst_HttpConnection::staleRetryFailsToo()
{
    HttpTestServer server;
    QVERIFY(server.start());
    server.setHandler([&server](const HttpTestServer::Request &) {
        return server.requestCount() == 1 ? Response::withStatus(200)
                                          : Response::act(Response::Action::Close);
    });
    HttpConnectionPool pool(1);
    QCOMPARE(postOnce(pool, requestTo(server)).httpStatus, 200);
    const PostResult result = postOnce(pool, requestTo(server));
    QCOMPARE(result.httpStatus, 0);
    QCOMPARE(result.networkError, QNetworkReply::RemoteHostClosedError);
    // Sent once on the kept-alive connection and once more, no further.
    QCOMPARE(server.requestCount(), 3);
    QCOMPARE(server.connectionCount(), 2);
}

void tst_HttpConnection::closesIdleConnections()
{
    HttpTestServer server;
    QVERIFY(server.start());
    HttpConnectionPool pool(2);
    pool.setIdleTimeout(50ms);
    QCOMPARE(postOnce(pool, requestTo(server)).httpStatus, 200);
    QTRY_COMPARE_WITH_TIMEOUT(server.openConnectionCount(), 0, 30000);
    QCOMPARE(postOnce(pool, requestTo(server)).httpStatus, 200);
    QCOMPARE(server.connectionCount(), 2);
}

void tst_HttpConnection::deadlineOnTricklingServer()
{
    HttpTestServer server;
    QVERIFY(server.start());
    // A byte every 50 ms: never silent for long, never done in time.
    Response trickle = Response::rawBytes(
        "HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n" + QByteArray(400, 't'), 1);
    trickle.rawInterval = 50ms;
    server.setDefaultResponse(trickle);
    HttpConnectionPool pool(1);
    PostRequest request = requestTo(server);
    request.timeout = 300ms;
    const PostResult result = postOnce(pool, request);
    QCOMPARE(result.httpStatus, 0);
    QVERIFY(result.timedOut);
    QCOMPARE(result.networkError, QNetworkReply::TimeoutError);
    QVERIFY2(result.errorString.contains(u"no complete response within 300 ms"),
             qPrintable(result.errorString));
    QTRY_COMPARE_WITH_TIMEOUT(server.openConnectionCount(), 0, 30000);
}

void tst_HttpConnection::deadlineWhileWaitingForAConnection()
{
    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(Response::act(Response::Action::Hang));
    HttpConnectionPool pool(1);
    QSignalSpy spy(&pool, &HttpConnectionPool::finished);
    PostRequest hanging = requestTo(server);
    hanging.id = 1;
    hanging.timeout = 60s;
    pool.post(hanging);
    PostRequest waiting = requestTo(server);
    waiting.id = 2;
    waiting.timeout = 200ms;
    pool.post(waiting);
    QVERIFY(spy.wait(30000));
    const PostResult result = spy.first().first().value<PostResult>();
    QCOMPARE(result.id, quint64(2));
    QVERIFY(result.timedOut);
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(pool.inFlight(), 1);
    pool.abortAll();
    QCOMPARE(pool.inFlight(), 0);
}

// One timer serves every deadline: requests time out in the order of their
// deadlines, not of their posting, also one posted from a finished() handler
// with a deadline before those already waiting.
void tst_HttpConnection::deadlinesInAnyOrder()
{
    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(Response::act(Response::Action::Hang));
    HttpConnectionPool pool(4);
    QList<PostResult> results;
    connect(&pool, &HttpConnectionPool::finished, this, [&](const PostResult &result) {
        results.append(result);
        if (result.id == 2) {
            PostRequest late = requestTo(server);
            late.id = 4;
            late.timeout = 150ms; // due before 3 and 1
            pool.post(late);
        }
    });
    const QList<QPair<quint64, std::chrono::milliseconds>> posted = {
        {1, 900ms}, {2, 300ms}, {3, 600ms}};
    for (const auto &[id, timeout] : posted) {
        PostRequest request = requestTo(server);
        request.id = id;
        request.timeout = timeout;
        pool.post(request);
    }
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 4, 30000);
    QList<quint64> order;
    for (const PostResult &result : std::as_const(results)) {
        order.append(result.id);
        QVERIFY(result.timedOut);
    }
    QCOMPARE(order, (QList<quint64>{2, 4, 3, 1}));
    QVERIFY2(results.at(0).elapsed >= 300ms,
             qPrintable(QString::number(results.at(0).elapsed.count())));
    QVERIFY(results.at(1).elapsed >= 150ms);
    QVERIFY(results.at(2).elapsed >= 600ms);
    QVERIFY(results.at(3).elapsed >= 900ms);
    QCOMPARE(pool.inFlight(), 0);
}

// The parts of a request that come from its address are kept between
// requests; a pool given several addresses in turn sends each its own.
void tst_HttpConnection::alternatesBetweenAddresses()
{
    HttpTestServer first;
    HttpTestServer second;
    QVERIFY(first.start());
    QVERIFY(second.start());
    HttpConnectionPool pool(2);
    for (int i = 0; i < 6; ++i) {
        HttpTestServer &server = i % 2 == 0 ? first : second;
        PostRequest request = requestTo(server, QByteArray::number(i));
        request.url.setPath(i % 2 == 0 ? QStringLiteral("/first") : QStringLiteral("/second"));
        if (i == 4)
            request.method = "PUT";
        QCOMPARE(postOnce(pool, request).httpStatus, 200);
    }
    for (HttpTestServer *server : {&first, &second}) {
        QCOMPARE(server->requestCount(), 3);
        for (const HttpTestServer::Request &received : server->requests()) {
            QCOMPARE(received.target,
                     server == &first ? QByteArray("/first") : QByteArray("/second"));
            QCOMPARE(received.header("host"),
                     QByteArrayLiteral("127.0.0.1:") + QByteArray::number(server->port()));
        }
    }
    QCOMPARE(first.requests().at(1).method, QByteArray("POST"));
    QCOMPARE(first.requests().at(2).method, QByteArray("PUT"));
    QCOMPARE(first.requests().at(2).body, QByteArray("4"));
}

void tst_HttpConnection::largeRequestBody()
{
    HttpTestServer server;
    QVERIFY(server.start());
    QByteArray body(10 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char('a' + i % 26);
    HttpConnectionPool pool(1);
    const PostResult result = postOnce(pool, requestTo(server, body));
    QVERIFY2(result.httpStatus == 200, qPrintable(result.errorString));
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(server.requests().first().header("content-length"), QByteArray::number(body.size()));
    QVERIFY(server.requests().first().body == body);
}

void tst_HttpConnection::bigResponseBodyKeepsExcerpt()
{
    HttpTestServer server;
    QVERIFY(server.start());
    QByteArray body(4 * 1024 * 1024, 'x');
    body.replace(0, 5, "start");
    server.setDefaultResponse(Response::withStatus(500, body));
    HttpConnectionPool pool(1);
    for (int i = 0; i < 2; ++i) {
        const PostResult result = postOnce(pool, requestTo(server));
        QCOMPARE(result.httpStatus, 500);
        QCOMPARE(result.bodyExcerpt.size(), qsizetype(512));
        QCOMPARE(result.bodyExcerpt, body.left(512));
    }
    // The rest was read and dropped: the connection carried the second one.
    QCOMPARE(server.connectionCount(), 1);
}

void tst_HttpConnection::badRequestFailsLater()
{
    HttpTestServer server;
    QVERIFY(server.start());
    HttpConnectionPool pool(1);
    PostRequest request = requestTo(server);
    request.headers.append(qMakePair(QByteArray("X-Injected"), QByteArray("a\r\nX-Other: b")));
    QSignalSpy spy(&pool, &HttpConnectionPool::finished);
    pool.post(request);
    QCOMPARE(spy.size(), 0);
    QVERIFY(spy.wait(30000));
    const PostResult result = spy.first().first().value<PostResult>();
    QCOMPARE(result.httpStatus, 0);
    QVERIFY2(result.errorString.contains(u"X-Injected"), qPrintable(result.errorString));
    QCOMPARE(server.requestCount(), 0);
}

void tst_HttpConnection::abortAllIsSilent()
{
    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(Response::withStatus(200).delayed(100ms));
    HttpConnectionPool pool(2);
    QSignalSpy spy(&pool, &HttpConnectionPool::finished);
    for (int i = 0; i < 4; ++i)
        pool.post(requestTo(server));
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 2, 30000);
    pool.abortAll();
    QCOMPARE(pool.inFlight(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.openConnectionCount(), 0, 30000);
    // The delayed answers come and go unheard.
    QTest::qWait(300);
    QCOMPARE(spy.size(), 0);
    QCOMPARE(server.requestCount(), 2);
    // And the pool still works.
    QCOMPARE(postOnce(pool, requestTo(server)).httpStatus, 200);
}

void tst_HttpConnection::senderUsesOwnClientForHttp()
{
    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(Response::act(Response::Action::Hang));
    HttpSender sender(10);
    QSignalSpy spy(&sender, &HttpSender::finished);
    // More than QNetworkAccessManager's 6 per host, from one sender.
    for (int i = 0; i < 10; ++i) {
        PostRequest request = requestTo(server);
        request.timeout = 60s;
        sender.post(request);
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 10, 30000);
    QCOMPARE(server.connectionCount(), 10);
    QCOMPARE(sender.inFlight(), 10);
    sender.abortAll();
    QCOMPARE(sender.inFlight(), 0);
    QCOMPARE(spy.size(), 0);
}

QTEST_GUILESS_MAIN(tst_HttpConnection)
#include "tst_httpconnection.moc"
