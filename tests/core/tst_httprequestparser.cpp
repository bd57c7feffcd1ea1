// The admin endpoint's strict request reader (RFC 9112), and its token check.
#include "observe/bearertoken.h"
#include "observe/httprequestparser.h"

#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

using Status = HttpRequestParser::Status;

class tst_HttpRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void completeRequest();
    void anyPieceSize();
    void pipelinedRequestsStayInTheBuffer();
    void bodyByContentLength();
    void lenientWhereTheRfcAllows();
    void rejected_data();
    void rejected();
    void noiseFailsAtOnce();
    void limitsHoldBeforeTheLineEnds_data();
    void limitsHoldBeforeTheLineEnds();
    void keepAlive_data();
    void keepAlive();
    void bearerToken_data();
    void bearerToken();
};

void tst_HttpRequestParser::completeRequest()
{
    HttpRequestParser parser;
    QByteArray buffer = "GET /api/events?topic=a%2F%2B%2Fb&kind=taken,dead HTTP/1.1\r\n"
                        "Host: 127.0.0.1:9090\r\n"
                        "Authorization:   Bearer abc  \r\n"
                        "Last-Event-ID: 42\r\n"
                        "\r\n";
    QCOMPARE(parser.feed(buffer), Status::Complete);
    QVERIFY(buffer.isEmpty());
    const HttpRequest request = parser.take();
    QCOMPARE(request.method, "GET");
    QCOMPARE(request.path, u"/api/events"_s);
    QCOMPARE(request.query.queryItemValue(u"topic"_s, QUrl::FullyDecoded), u"a/+/b"_s);
    QCOMPARE(request.query.queryItemValue(u"kind"_s, QUrl::FullyDecoded), u"taken,dead"_s);
    QVERIFY(!request.query.hasQueryItem(u"route"_s));
    QCOMPARE(request.minorVersion, 1);
    // Names in lower case, values without the whitespace around them.
    QCOMPARE(request.header("authorization"), "Bearer abc");
    QCOMPARE(request.header("last-event-id"), "42");
    QVERIFY(request.header("cookie").isNull());
    QVERIFY(request.body.isEmpty());
    QCOMPARE(parser.status(), Status::NeedMore); // ready for the next one
}

void tst_HttpRequestParser::anyPieceSize()
{
    const QByteArray whole = "POST /api/dead-letters/7/retry HTTP/1.1\r\nHost: x\r\n"
                             "Content-Length: 5\r\n\r\nhello";
    for (int size = 1; size <= whole.size(); ++size) {
        HttpRequestParser parser;
        QByteArray buffer;
        Status status = Status::NeedMore;
        for (qsizetype at = 0; at < whole.size(); at += size) {
            QCOMPARE(status, Status::NeedMore);
            buffer += whole.mid(at, size);
            status = parser.feed(buffer);
        }
        QCOMPARE(status, Status::Complete);
        const HttpRequest request = parser.take();
        QCOMPARE(request.path, u"/api/dead-letters/7/retry"_s);
        QCOMPARE(request.body, "hello");
    }
}

void tst_HttpRequestParser::pipelinedRequestsStayInTheBuffer()
{
    HttpRequestParser parser;
    QByteArray buffer = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\nGET /met";
    QCOMPARE(parser.feed(buffer), Status::Complete);
    QCOMPARE(parser.take().path, u"/healthz"_s);
    QCOMPARE(parser.feed(buffer), Status::Complete);
    QCOMPARE(parser.take().path, u"/readyz"_s);
    QCOMPARE(parser.feed(buffer), Status::NeedMore);
    QVERIFY(parser.hasStarted());
    buffer += "rics HTTP/1.1\r\nHost: x\r\n\r\n";
    QCOMPARE(parser.feed(buffer), Status::Complete);
    QCOMPARE(parser.take().path, u"/metrics"_s);
    QVERIFY(!parser.hasStarted());
}

void tst_HttpRequestParser::bodyByContentLength()
{
    HttpRequestParser parser;
    QByteArray buffer = "DELETE /api/dead-letters/3 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                        "Content-Length: 3\r\n\r\nab";
    QCOMPARE(parser.feed(buffer), Status::NeedMore);
    buffer += "cGET";
    QCOMPARE(parser.feed(buffer), Status::Complete);
    QCOMPARE(parser.take().body, "abc");
    QCOMPARE(buffer, "GET"); // the next request's start
}

void tst_HttpRequestParser::lenientWhereTheRfcAllows()
{
    // RFC 9112 §2.2: empty lines before the request, and bare LF line ends.
    HttpRequestParser parser;
    QByteArray buffer = "\r\n\nGET /healthz HTTP/1.0\nHost: x\n\n";
    QCOMPARE(parser.feed(buffer), Status::Complete);
    const HttpRequest request = parser.take();
    QCOMPARE(request.path, u"/healthz"_s);
    QCOMPARE(request.minorVersion, 0);
    // HTTP/1.0 needs no Host.
    buffer = "GET / HTTP/1.0\r\n\r\n";
    QCOMPARE(parser.feed(buffer), Status::Complete);
}

void tst_HttpRequestParser::rejected_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("fragment");
    const QByteArray host = "Host: x\r\n";
    QTest::newRow("not HTTP at all") << QByteArray("hello\r\n\r\n") << 400 << u"request line"_s;
    QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << 400 << u"request line"_s;
    QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\n" + host + "\r\n") << 400
                                << u"request target"_s;
    QTest::newRow("method not a token")
        << QByteArray("G(T / HTTP/1.1\r\n" + host + "\r\n") << 400 << u"method"_s;
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n" + host + "\r\n") << 505
                              << u"HTTP/1.1"_s;
    QTest::newRow("lower-case version")
        << QByteArray("GET / http/1.1\r\n" + host + "\r\n") << 400 << u"version"_s;
    QTest::newRow("absolute form")
        << QByteArray("GET http://x/metrics HTTP/1.1\r\n" + host + "\r\n") << 400
        << u"request target"_s;
    QTest::newRow("asterisk form")
        << QByteArray("OPTIONS * HTTP/1.1\r\n" + host + "\r\n") << 400 << u"request target"_s;
    QTest::newRow("fragment") << QByteArray("GET /a#b HTTP/1.1\r\n" + host + "\r\n") << 400
                              << u"request target"_s;
    QTest::newRow("bad percent escape")
        << QByteArray("GET /a%zz HTTP/1.1\r\n" + host + "\r\n") << 400 << u"percent"_s;
    QTest::newRow("cut percent escape")
        << QByteArray("GET /a?b=%4 HTTP/1.1\r\n" + host + "\r\n") << 400 << u"percent"_s;
    QTest::newRow("NUL escape") << QByteArray("GET /a%00 HTTP/1.1\r\n" + host + "\r\n") << 400
                                << u"percent"_s;
    QTest::newRow("bare CR") << QByteArray("GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n") << 400
                             << u"bare CR"_s;
    QTest::newRow("no Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400 << u"Host"_s;
    QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400
                               << u"Host"_s;
    QTest::newRow("folded header")
        << QByteArray("GET / HTTP/1.1\r\n" + host + "X: a\r\n b\r\n\r\n") << 400 << u"folded"_s;
    QTest::newRow("space before the colon")
        << QByteArray("GET / HTTP/1.1\r\n" + host + "X : a\r\n\r\n") << 400 << u"Name: value"_s;
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\n" + host + "X\r\n\r\n") << 400
                              << u"Name: value"_s;
    QTest::newRow("control character") << QByteArray("GET / HTTP/1.1\r\n" + host +
                                                     "X: a\x01"
                                                     "b\r\n\r\n")
                                       << 400 << u"control character"_s;
    QTest::newRow("chunked body") << QByteArray("POST / HTTP/1.1\r\n" + host +
                                                "Transfer-Encoding: chunked\r\n\r\n")
                                  << 501 << u"Content-Length"_s;
    QTest::newRow("length not a number")
        << QByteArray("POST / HTTP/1.1\r\n" + host + "Content-Length: 1e3\r\n\r\n") << 400
        << u"not a number"_s;
    QTest::newRow("negative length")
        << QByteArray("POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n") << 400
        << u"not a number"_s;
    QTest::newRow("two lengths") << QByteArray("POST / HTTP/1.1\r\n" + host +
                                               "Content-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                 << 400 << u"twice"_s;
    QTest::newRow("body too large")
        << QByteArray("POST / HTTP/1.1\r\n" + host + "Content-Length: 65537\r\n\r\n") << 413
        << u"65536"_s;
    QTest::newRow("huge length") << QByteArray("POST / HTTP/1.1\r\n" + host +
                                               "Content-Length: 99999999999999999999999\r\n\r\n")
                                 << 400 << u"not a number"_s;
    QTest::newRow("request line too long")
        << QByteArray("GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\n" + host + "\r\n") << 414
        << u"8192"_s;
    QTest::newRow("one header too long")
        << QByteArray("GET / HTTP/1.1\r\n" + host + "X: " + QByteArray(17000, 'a') + "\r\n\r\n")
        << 431 << u"16384"_s;
    QByteArray many = "GET / HTTP/1.1\r\n" + host;
    for (int i = 0; i < 64; ++i)
        many += "X-" + QByteArray::number(i) + ": 1\r\n";
    QTest::newRow("too many headers") << QByteArray(many + "\r\n") << 431 << u"64 header"_s;
    QTest::newRow("endless empty lines")
        << QByteArray("\r\n\r\n\r\n\r\n\r\n\r\n") << 400 << u"empty lines"_s;
}

void tst_HttpRequestParser::rejected()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, fragment);
    HttpRequestParser parser;
    QByteArray buffer = request;
    QCOMPARE(parser.feed(buffer), Status::Failed);
    QCOMPARE(parser.errorStatus(), status);
    QVERIFY2(parser.errorString().contains(fragment), qPrintable(parser.errorString()));
    // A failed parser stays failed: what follows cannot be framed.
    buffer += "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    QCOMPARE(parser.feed(buffer), Status::Failed);
}

void tst_HttpRequestParser::noiseFailsAtOnce()
{
    // A TLS handshake on the plain port: no line end needed to know.
    HttpRequestParser parser;
    QByteArray buffer("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    QCOMPARE(parser.feed(buffer), Status::Failed);
    QCOMPARE(parser.errorStatus(), 400);
    // While a method is still arriving, it waits.
    HttpRequestParser waiting;
    buffer = "GE";
    QCOMPARE(waiting.feed(buffer), Status::NeedMore);
}

void tst_HttpRequestParser::limitsHoldBeforeTheLineEnds_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<int>("status");
    QTest::newRow("request line") << QByteArray("GET /" + QByteArray(9000, 'a')) << 414;
    QTest::newRow("header") << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(17000, 'a')) << 431;
}

void tst_HttpRequestParser::limitsHoldBeforeTheLineEnds()
{
    // A client that never ends its line cannot make the buffer grow past the limit.
    QFETCH(QByteArray, start);
    QFETCH(int, status);
    HttpRequestParser parser;
    QByteArray buffer;
    Status result = Status::NeedMore;
    for (qsizetype at = 0; at < start.size() && result == Status::NeedMore; at += 1000) {
        buffer += start.mid(at, 1000);
        result = parser.feed(buffer);
        QVERIFY(buffer.size() <= 17 * 1024 + 1000);
    }
    QCOMPARE(result, Status::Failed);
    QCOMPARE(parser.errorStatus(), status);
}

void tst_HttpRequestParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 by default") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray(
                                      "GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n")
                               << false;
    QTest::newRow("1.1 close in a list")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: te, close\r\n\r\n") << false;
    QTest::newRow("1.0 by default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
}

void tst_HttpRequestParser::keepAlive()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, keepAlive);
    HttpRequestParser parser;
    QCOMPARE(parser.feed(request), Status::Complete);
    QCOMPARE(parser.take().keepAlive(), keepAlive);
}

void tst_HttpRequestParser::bearerToken_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("matches");
    const QByteArray token = "s3cret-token-of-some-length";
    QTest::newRow("right") << QByteArray("Bearer " + token) << token << true;
    QTest::newRow("scheme in any case") << QByteArray("bEARER " + token) << token << true;
    QTest::newRow("wrong last character")
        << QByteArray("Bearer s3cret-token-of-some-lengtX") << token << false;
    QTest::newRow("prefix of the token") << QByteArray("Bearer s3cret") << token << false;
    QTest::newRow("token with more after it")
        << QByteArray("Bearer " + token + "x") << token << false;
    QTest::newRow("basic scheme") << QByteArray("Basic " + token) << token << false;
    QTest::newRow("no scheme") << token << token << false;
    QTest::newRow("empty header") << QByteArray() << token << false;
    QTest::newRow("no token configured") << QByteArray("Bearer ") << QByteArray() << false;
}

void tst_HttpRequestParser::bearerToken()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, token);
    QFETCH(bool, matches);
    QCOMPARE(bearerTokenMatches(header, token), matches);
}

QTEST_GUILESS_MAIN(tst_HttpRequestParser)
#include "tst_httprequestparser.moc"
