#include "delivery/httpsender.h"
#include "httptestserver.h"
#include "testcertificates.h"
#include "testpaths.h"

#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;
using Response = HttpTestServer::Response;

class tst_HttpSender : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sendsMethodHeadersAndBody();
    void reportsStatus_data();
    void reportsStatus();
    void brokenExchanges_data();
    void brokenExchanges();
    void connectionRefused();
    void keepsConnectionsAlive();
    void sendsNoCookies();
    void spreadsOverManagers_data();
    void spreadsOverManagers();
    void keepsResponseHeadersWhenAsked_data();
    void keepsResponseHeadersWhenAsked();
    void https_data();
    void https();
    void http2WhereOffered();
    void badTlsFiles_data();
    void badTlsFiles();

private:
    static PostResult postOnce(HttpSender &sender, const PostRequest &request);

    QTemporaryDir m_dir;
    TestCertificates m_certs;
};

void tst_HttpSender::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(makeTestCertificates(m_dir.path(), &m_certs, &error), qPrintable(error));
}

PostResult tst_HttpSender::postOnce(HttpSender &sender, const PostRequest &request)
{
    QSignalSpy spy(&sender, &HttpSender::finished);
    sender.post(request);
    if (!spy.wait(30000))
        return {};
    return spy.first().first().value<PostResult>();
}

void tst_HttpSender::sendsMethodHeadersAndBody()
{
    HttpTestServer server;
    QVERIFY(server.start());
    HttpSender sender(1);
    PostRequest request;
    request.id = 42;
    request.url = server.url(QStringLiteral("/hook/a b"));
    request.method = "PUT";
    request.headers = {{"X-Custom", "one"}, {"Content-Type", "application/json"}};
    request.body = R"({"a":1})";

    const PostResult result = postOnce(sender, request);
    QCOMPARE(result.id, quint64(42));
    QCOMPARE(result.httpStatus, 200);
    QVERIFY(result.errorString.isEmpty());
    QCOMPARE(server.requestCount(), 1);
    const HttpTestServer::Request &received = server.requests().first();
    QCOMPARE(received.method, QByteArray("PUT"));
    QCOMPARE(received.target, QByteArray("/hook/a%20b"));
    QCOMPARE(received.header("x-custom"), QByteArray("one"));
    QCOMPARE(received.header("content-type"), QByteArray("application/json"));
    QCOMPARE(received.body, request.body);
    QCOMPARE(sender.inFlight(), 0);
}

void tst_HttpSender::reportsStatus_data()
{
    QTest::addColumn<Response>("response");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("location");

    QTest::newRow("204") << Response::withStatus(204) << 204 << QByteArray() << QByteArray();
    QTest::newRow("404 with body")
        << Response::withStatus(404, "no such hook") << 404 << QByteArray() << QByteArray();
    QTest::newRow("500") << Response::withStatus(500) << 500 << QByteArray() << QByteArray();
    QTest::newRow("429 Retry-After")
        << Response::retryAfter(429, "7") << 429 << QByteArray("7") << QByteArray();
    Response redirect = Response::withStatus(302);
    redirect.headers.append(
        qMakePair(QByteArray("Location"), QByteArray("http://127.0.0.1:1/elsewhere")));
    QTest::newRow("302 is not followed")
        << redirect << 302 << QByteArray() << QByteArray("http://127.0.0.1:1/elsewhere");
}

void tst_HttpSender::reportsStatus()
{
    QFETCH(Response, response);
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, location);

    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(response);
    HttpSender sender(1);
    PostRequest request;
    request.url = server.url();
    request.body = "x";
    const PostResult result = postOnce(sender, request);
    QCOMPARE(result.httpStatus, status);
    QVERIFY(result.hasResponse());
    QCOMPARE(result.retryAfter, retryAfter);
    QCOMPARE(result.location, location);
    QCOMPARE(result.bodyExcerpt, response.body);
    QCOMPARE(server.requestCount(), 1);
}

void tst_HttpSender::brokenExchanges_data()
{
    QTest::addColumn<Response>("response");
    QTest::addColumn<bool>("timedOut");

    QTest::newRow("hangs past the timeout") << Response::act(Response::Action::Hang) << true;
    QTest::newRow("answers slower than the timeout")
        << Response::withStatus(200).delayed(5s) << true;
    QTest::newRow("closes mid-response")
        << Response::act(Response::Action::CloseMidResponse) << false;
    QTest::newRow("answers garbage") << Response::act(Response::Action::Garbage) << false;
    QTest::newRow("closes without a byte") << Response::act(Response::Action::Close) << false;
}

void tst_HttpSender::brokenExchanges()
{
    QFETCH(Response, response);
    QFETCH(bool, timedOut);

    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(response);
    HttpSender sender(1);
    PostRequest request;
    request.url = server.url();
    request.timeout = 300ms;
    const PostResult result = postOnce(sender, request);
    QCOMPARE(result.httpStatus, 0);
    QVERIFY(!result.hasResponse());
    QCOMPARE(result.timedOut, timedOut);
    QVERIFY(result.networkError != QNetworkReply::NoError);
    QVERIFY(!result.errorString.isEmpty());
    if (timedOut)
        QVERIFY2(result.errorString.contains(u"300 ms"), qPrintable(result.errorString));
}

void tst_HttpSender::connectionRefused()
{
    quint16 port = 0;
    {
        HttpTestServer closed;
        QVERIFY(closed.start());
        port = closed.port();
    }
    HttpSender sender(1);
    PostRequest request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    const PostResult result = postOnce(sender, request);
    QCOMPARE(result.httpStatus, 0);
    QCOMPARE(result.networkError, QNetworkReply::ConnectionRefusedError);
    QVERIFY(!result.timedOut);
    QVERIFY2(result.errorString.contains(QString::number(port)), qPrintable(result.errorString));
}

void tst_HttpSender::keepsConnectionsAlive()
{
    HttpTestServer server;
    QVERIFY(server.start());
    HttpSender sender(1);
    PostRequest request;
    request.url = server.url();
    for (int i = 0; i < 5; ++i) {
        request.id = quint64(i);
        QCOMPARE(postOnce(sender, request).httpStatus, 200);
    }
    QCOMPARE(server.requestCount(), 5);
    QCOMPARE(server.connectionCount(), 1);
}

void tst_HttpSender::sendsNoCookies()
{
    HttpTestServer server;
    QVERIFY(server.start());
    Response withCookie = Response::withStatus(200);
    withCookie.headers.append(
        qMakePair(QByteArray("Set-Cookie"), QByteArray("session=abc; Path=/")));
    server.setDefaultResponse(withCookie);
    HttpSender sender(1);
    PostRequest request;
    request.url = server.url();
    QCOMPARE(postOnce(sender, request).httpStatus, 200);
    QCOMPARE(postOnce(sender, request).httpStatus, 200);
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(server.requests().at(1).header("cookie"), QByteArray());
}

void tst_HttpSender::spreadsOverManagers_data()
{
    QTest::addColumn<int>("maxParallel");
    QTest::addColumn<int>("managers");

    QTest::newRow("1 in flight: one manager") << 1 << 1;
    QTest::newRow("6 in flight: one manager") << 6 << 1;
    QTest::newRow("7 in flight: two managers") << 7 << 2;
    QTest::newRow("18 in flight: three managers") << 18 << 3;
}

void tst_HttpSender::spreadsOverManagers()
{
    QFETCH(int, maxParallel);
    QFETCH(int, managers);

    HttpTestServer server;
    QVERIFY(server.start());
    server.setDefaultResponse(Response::act(Response::Action::Hang));
    QCOMPARE(HttpSender::managersFor(maxParallel), managers);
    HttpSender sender(maxParallel);
    PostRequest request;
    request.url = server.url();
    request.timeout = 60s;
    for (int i = 0; i < maxParallel; ++i) {
        request.id = quint64(i);
        sender.post(request);
    }
    // Every request reaches the server at once, each on its own connection.
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), maxParallel, 30000);
    QCOMPARE(server.connectionCount(), maxParallel);
    QCOMPARE(sender.inFlight(), maxParallel);
    sender.abortAll();
    QCOMPARE(sender.inFlight(), 0);
}

void tst_HttpSender::keepsResponseHeadersWhenAsked_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http://, mqhook's own client") << false;
    QTest::newRow("https://, Qt's network stack") << true;
}

void tst_HttpSender::keepsResponseHeadersWhenAsked()
{
    QFETCH(bool, tls);
    HttpTestServer server;
    QString error;
    QVERIFY2(tls ? server.startTls(m_certs.serverCert, m_certs.serverKey, {}, &error)
                 : server.start(&error),
             qPrintable(error));
    Response answer = Response::withStatus(201, "made");
    answer.headers = {{"X-Answer", "forty-two"}, {"Location", "/things/1"}};
    server.setDefaultResponse(answer);

    PostRequest request;
    request.url = server.url(QStringLiteral("/things"));
    TlsConfig trust;
    trust.caFile = m_certs.caCert;
    // Forwarding does not ask for them: none are kept.
    HttpSender plain(1);
    QVERIFY2(plain.setTlsConfig(trust, &error), qPrintable(error));
    PostResult result = postOnce(plain, request);
    QCOMPARE(result.httpStatus, 201);
    QVERIFY(result.headers.isEmpty());

    HttpSender keeping(1);
    QVERIFY2(keeping.setTlsConfig(trust, &error), qPrintable(error));
    keeping.setKeepResponseHeaders(true);
    result = postOnce(keeping, request);
    QCOMPARE(result.httpStatus, 201);
    QCOMPARE(result.bodyExcerpt, QByteArray("made"));
    const auto has = [&result](const QByteArray &name, const QByteArray &value) {
        for (const auto &[n, v] : result.headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0 && v == value)
                return true;
        }
        return false;
    };
    QVERIFY(has("X-Answer", "forty-two"));
    QVERIFY(has("Location", "/things/1"));
    QCOMPARE(result.location, QByteArray("/things/1"));
}

void tst_HttpSender::https_data()
{
    QTest::addColumn<bool>("requireClientCert");
    QTest::addColumn<bool>("trustCa");
    QTest::addColumn<bool>("sendClientCert");
    QTest::addColumn<bool>("skipVerify");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("client certificate required and sent") << true << true << true << false << true;
    QTest::newRow("client certificate required, none sent")
        << true << true << false << false << false;
    QTest::newRow("server not trusted") << false << false << false << false << false;
    QTest::newRow("server not trusted, verification off")
        << false << false << false << true << true;
    QTest::newRow("server trusted, no client certificate")
        << false << true << false << false << true;
}

void tst_HttpSender::https()
{
    QFETCH(bool, requireClientCert);
    QFETCH(bool, trustCa);
    QFETCH(bool, sendClientCert);
    QFETCH(bool, skipVerify);
    QFETCH(bool, accepted);

    HttpTestServer server;
    QString error;
    QVERIFY2(server.startTls(m_certs.serverCert, m_certs.serverKey,
                             requireClientCert ? m_certs.caCert : QString(), &error),
             qPrintable(error));
    TlsConfig tls;
    tls.caFile = trustCa ? m_certs.caCert : m_certs.otherCaCert;
    if (sendClientCert) {
        tls.certFile = m_certs.clientCert;
        tls.keyFile = m_certs.clientKey;
    }
    tls.insecureSkipVerify = skipVerify;
    HttpSender sender(1);
    QVERIFY2(sender.setTlsConfig(tls, &error), qPrintable(error));

    PostRequest request;
    request.url = server.url(QStringLiteral("/secure"));
    request.body = "over TLS";
    const PostResult result = postOnce(sender, request);
    if (accepted) {
        QCOMPARE(result.httpStatus, 200);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(server.requests().first().body, QByteArray("over TLS"));
    } else {
        QCOMPARE(result.httpStatus, 0);
        QVERIFY(!result.errorString.isEmpty());
        QCOMPARE(server.requestCount(), 0);
    }
}

void tst_HttpSender::http2WhereOffered()
{
    // nginx offers h2 by ALPN; the test server speaks HTTP/1.1 only.
    const QString nginx = requireProgram(QStringLiteral("nginx"), QStringLiteral("nginx-light"));
    QVERIFY(!nginx.isEmpty());
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile conf(dir.filePath(QStringLiteral("nginx.conf")));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write(QStringLiteral("daemon off;\nmaster_process off;\npid %1/nginx.pid;\n"
                              "error_log %1/error.log warn;\nevents {}\n"
                              "http {\n access_log off;\n client_body_temp_path %1;\n"
                              " server {\n  listen 127.0.0.1:%2 ssl http2;\n"
                              "  ssl_certificate %3;\n  ssl_certificate_key %4;\n"
                              "  location / { return 200; }\n }\n}\n")
                   .arg(dir.path())
                   .arg(port)
                   .arg(m_certs.serverCert, m_certs.serverKey)
                   .toUtf8());
    conf.close();
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedChannels);
    server.start(nginx, {QStringLiteral("-e"), dir.filePath(QStringLiteral("error.log")),
                         QStringLiteral("-p"), dir.path(), QStringLiteral("-c"), conf.fileName()});
    QVERIFY(server.waitForStarted());
    const auto stop = qScopeGuard([&server] {
        server.terminate();
        server.waitForFinished(10000);
    });
    QTRY_VERIFY_WITH_TIMEOUT(
        [port] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            return socket.waitForConnected(200);
        }(),
        20000);

    TlsConfig tls;
    tls.caFile = m_certs.caCert;
    HttpSender sender(1);
    QString error;
    QVERIFY2(sender.setTlsConfig(tls, &error), qPrintable(error));
    PostRequest request;
    request.url = QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(port));
    request.body = "h2";
    const PostResult result = postOnce(sender, request);
    QVERIFY2(result.httpStatus == 200, qPrintable(result.errorString));
    QVERIFY(result.http2);
}

void tst_HttpSender::badTlsFiles_data()
{
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("certFile");
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("missing CA file") << QStringLiteral("/nonexistent/ca.pem") << QString()
                                     << QString() << QStringLiteral("does not exist");
    QTest::newRow("CA file is a key") << QStringLiteral("client.key") << QString() << QString()
                                      << QStringLiteral("no PEM certificate");
    QTest::newRow("certificate without key")
        << QString() << QStringLiteral("client.pem") << QString() << QStringLiteral("both");
    QTest::newRow("key file is a certificate")
        << QString() << QStringLiteral("client.pem") << QStringLiteral("client.pem")
        << QStringLiteral("no unencrypted PEM");
}

void tst_HttpSender::badTlsFiles()
{
    QFETCH(QString, caFile);
    QFETCH(QString, certFile);
    QFETCH(QString, keyFile);
    QFETCH(QString, errorContains);

    const auto inDir = [this](const QString &name) {
        return name.isEmpty() || name.startsWith(u'/') ? name : m_dir.filePath(name);
    };
    TlsConfig tls;
    tls.caFile = inDir(caFile);
    tls.certFile = inDir(certFile);
    tls.keyFile = inDir(keyFile);
    HttpSender sender(1);
    QString error;
    QVERIFY(!sender.setTlsConfig(tls, &error));
    QVERIFY2(error.contains(errorContains), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_HttpSender)
#include "tst_httpsender.moc"
