#include "delivery/httpresponseparser.h"

#include <QTest>

using namespace mqhook;

class tst_HttpResponseParser : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void cutShort_data();
    void cutShort();
    void keepsOnlyTheExcerpt();
};

namespace {

enum class Feeding
{
    Whole,
    ByteByByte,
    InTwo, // split in the middle
};

// Feeds `bytes` as told; returns how many were used.
qsizetype feed(HttpResponseParser &parser, const QByteArray &bytes, Feeding feeding)
{
    switch (feeding) {
    case Feeding::Whole:
        return parser.feed(bytes);
    case Feeding::ByteByByte: {
        qsizetype used = 0;
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            const qsizetype took = parser.feed(QByteArrayView(bytes).sliced(i, 1));
            used += took;
            if (took == 0)
                break;
        }
        return used;
    }
    case Feeding::InTwo: {
        const qsizetype half = bytes.size() / 2;
        qsizetype used = parser.feed(QByteArrayView(bytes).first(half));
        if (used == half)
            used += parser.feed(QByteArrayView(bytes).sliced(half));
        return used;
    }
    }
    return 0;
}

const QList<std::pair<const char *, Feeding>> feedings = {
    {"whole", Feeding::Whole},
    {"byte by byte", Feeding::ByteByByte},
    {"in two", Feeding::InTwo},
};

} // namespace

void tst_HttpResponseParser::parses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("head");
    QTest::addColumn<bool>("untilClose"); // complete only once the peer closes
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("excerpt");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("location");
    QTest::addColumn<int>("surplus"); // bytes after the response, left unused

    struct Row
    {
        const char *name;
        QByteArray bytes;
        bool head;
        bool untilClose;
        int status;
        QByteArray excerpt;
        bool keepAlive;
        QByteArray retryAfter;
        QByteArray location;
        int surplus;
    };
    const QList<Row> rows = {
        {"Content-Length",
         "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
         false,
         false,
         200,
         "hello",
         true,
         {},
         {},
         0},
        {"no reason phrase", "HTTP/1.1 204\r\n\r\n", false, false, 204, {}, true, {}, {}, 0},
        {"bare LF line ends",
         "HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
         false,
         false,
         200,
         "ok",
         true,
         {},
         {},
         0},
        {"headers kept",
         "HTTP/1.1 429 Slow Down\r\nretry-after:  7 \r\nLocation: /x\r\n"
         "Content-Length: 0\r\n\r\n",
         false,
         false,
         429,
         {},
         true,
         "7",
         "/x",
         0},
        {"chunked with extensions and trailers",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n"
         "6 ; x=\"y\"\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n",
         false,
         false,
         200,
         "hello world0123456789",
         true,
         {},
         {},
         0},
        {"chunked, upper-case hex, no trailers",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nB\r\nhello world\r\n0\r\n\r\n",
         false,
         false,
         200,
         "hello world",
         true,
         {},
         {},
         0},
        {"close-delimited",
         "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end",
         false,
         true,
         200,
         "until the end",
         false,
         {},
         {},
         0},
        {"unknown transfer coding: until close",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz",
         false,
         true,
         200,
         "zzz",
         false,
         {},
         {},
         0},
        {"100 Continue first",
         "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
         false,
         false,
         201,
         "ok",
         true,
         {},
         {},
         0},
        {"two interim answers with headers",
         "HTTP/1.1 100 Continue\r\nX-A: 1\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\n"
         "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
         false,
         false,
         200,
         {},
         true,
         {},
         {},
         0},
        {"HEAD ignores Content-Length",
         "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n",
         true,
         false,
         200,
         {},
         true,
         {},
         {},
         0},
        {"204 has no body",
         "HTTP/1.1 204 No Content\r\n\r\n",
         false,
         false,
         204,
         {},
         true,
         {},
         {},
         0},
        {"304 has no body even with a length",
         "HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n",
         false,
         false,
         304,
         {},
         true,
         {},
         {},
         0},
        {"Connection: close",
         "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
         false,
         false,
         200,
         "ok",
         false,
         {},
         {},
         0},
        {"Connection list with close",
         "HTTP/1.1 200 OK\r\nConnection: foo, CLOSE\r\nContent-Length: 0\r\n\r\n",
         false,
         false,
         200,
         {},
         false,
         {},
         {},
         0},
        {"HTTP/1.0 closes",
         "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
         false,
         false,
         200,
         "ok",
         false,
         {},
         {},
         0},
        {"HTTP/1.0 keep-alive",
         "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok",
         false,
         false,
         200,
         "ok",
         true,
         {},
         {},
         0},
        {"identical Content-Length list",
         "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok",
         false,
         false,
         200,
         "ok",
         true,
         {},
         {},
         0},
        {"surplus after the response",
         "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA",
         false,
         false,
         200,
         "ok",
         true,
         {},
         {},
         5},
    };
    for (const Row &row : rows) {
        for (const auto &[feedingName, feeding] : feedings) {
            Q_UNUSED(feeding);
            QTest::addRow("%s, %s", row.name, feedingName)
                << row.bytes << row.head << row.untilClose << row.status << row.excerpt
                << row.keepAlive << row.retryAfter << row.location << row.surplus;
        }
    }
}

void tst_HttpResponseParser::parses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, head);
    QFETCH(bool, untilClose);
    QFETCH(int, status);
    QFETCH(QByteArray, excerpt);
    QFETCH(bool, keepAlive);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, location);
    QFETCH(int, surplus);

    const QByteArray tag = QTest::currentDataTag();
    const Feeding feeding = tag.endsWith("byte by byte") ? Feeding::ByteByByte
                            : tag.endsWith("in two")     ? Feeding::InTwo
                                                         : Feeding::Whole;
    HttpResponseParser parser;
    parser.reset(head);
    QVERIFY(!parser.hasStarted());
    const qsizetype used = feed(parser, bytes, feeding);
    QVERIFY2(!parser.hasFailed(), qPrintable(parser.errorString()));
    QVERIFY(parser.hasStarted());
    QCOMPARE(used, bytes.size() - surplus);
    QCOMPARE(parser.isComplete(), !untilClose);
    if (untilClose)
        QVERIFY(parser.finishAtClose());
    QVERIFY(parser.isComplete());
    QCOMPARE(parser.status(), status);
    QCOMPARE(parser.bodyExcerpt(), excerpt);
    QCOMPARE(parser.keepAlive(), keepAlive);
    QCOMPARE(parser.retryAfter(), retryAfter);
    QCOMPARE(parser.location(), location);
}

void tst_HttpResponseParser::rejects_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("not HTTP") << QByteArray("\x16\x03 this is not HTTP at all\r\n\r\n")
                              << QStringLiteral("malformed status line");
    QTest::newRow("status code not a number")
        << QByteArray("HTTP/1.1 abc OK\r\n\r\n") << QStringLiteral("malformed status line");
    QTest::newRow("status code too short")
        << QByteArray("HTTP/1.1 20 OK\r\n\r\n") << QStringLiteral("malformed status line");
    QTest::newRow("HTTP/2 status line")
        << QByteArray("HTTP/2.0 200 OK\r\n\r\n") << QStringLiteral("unsupported HTTP version");
    QTest::newRow("status below 100")
        << QByteArray("HTTP/1.1 099 Odd\r\n\r\n") << QStringLiteral("out of range");
    QTest::newRow("header without colon")
        << QByteArray("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n") << QStringLiteral("malformed header");
    QTest::newRow("space before colon")
        << QByteArray("HTTP/1.1 200 OK\r\nName : v\r\n\r\n") << QStringLiteral("malformed header");
    QTest::newRow("obsolete line folding")
        << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n  c\r\n\r\n") << QStringLiteral("folding");
    QTest::newRow("Content-Length not a number")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n")
        << QStringLiteral("Content-Length");
    QTest::newRow("conflicting Content-Length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok")
        << QStringLiteral("conflicting Content-Length");
    QTest::newRow("chunk size not hex")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n")
        << QStringLiteral("malformed chunk size");
    QTest::newRow("chunk longer than declared")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n")
        << QStringLiteral("longer than its size");
    QTest::newRow("chunk size overflows")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "ffffffffffffffffffff\r\n")
        << QStringLiteral("malformed chunk size");
    QTest::newRow("malformed trailer")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnope\r\n\r\n")
        << QStringLiteral("malformed trailer");
    QTest::newRow("101 without an upgrade")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n")
        << QStringLiteral("switched protocols");

    // Size limits.
    const QByteArray status = "HTTP/1.1 200 OK\r\n";
    QTest::newRow("one header line too long")
        << status + "X-Big: " + QByteArray(HttpResponseParser::maxLineLength, 'a') + "\r\n\r\n"
        << QStringLiteral("longer than");
    QTest::newRow("status line too long, never ended")
        << "HTTP/1.1 200 " + QByteArray(HttpResponseParser::maxLineLength + 1, 'r')
        << QStringLiteral("longer than");
    QByteArray manyBytes = status;
    for (int i = 0; i < 20; ++i)
        manyBytes += "X-H" + QByteArray::number(i) + ": " + QByteArray(4000, 'v') + "\r\n";
    QTest::newRow("header section too large") << manyBytes + "\r\n"
                                              << QStringLiteral("larger than");
    QByteArray manyFields = status;
    for (int i = 0; i <= HttpResponseParser::maxHeaderCount; ++i)
        manyFields += "X-H" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("too many header fields") << manyFields + "\r\n" << QStringLiteral("more than");
}

void tst_HttpResponseParser::rejects()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, errorContains);

    for (const auto &[feedingName, feeding] : feedings) {
        HttpResponseParser parser;
        parser.reset(false);
        feed(parser, bytes, feeding);
        QVERIFY2(parser.hasFailed(), feedingName);
        QVERIFY(!parser.isComplete());
        QVERIFY(!parser.keepAlive());
        QVERIFY2(parser.errorString().contains(errorContains), qPrintable(parser.errorString()));
    }
}

void tst_HttpResponseParser::cutShort_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("nothing") << QByteArray();
    QTest::newRow("in the status line") << QByteArray("HTTP/1.1 20");
    QTest::newRow("in the headers")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConte");
    QTest::newRow("in a fixed-length body")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
    QTest::newRow("in a chunk") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc");
    QTest::newRow("before the last chunk")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
    QTest::newRow("in the trailers")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n");
    QTest::newRow("after an interim answer") << QByteArray("HTTP/1.1 100 Continue\r\n\r\n");
}

void tst_HttpResponseParser::cutShort()
{
    QFETCH(QByteArray, bytes);

    HttpResponseParser parser;
    parser.reset(false);
    QCOMPARE(parser.feed(bytes), bytes.size());
    QVERIFY(!parser.hasFailed());
    QVERIFY(!parser.isComplete());
    QCOMPARE(parser.hasStarted(), !bytes.isEmpty());
    QVERIFY(!parser.finishAtClose());
}

void tst_HttpResponseParser::keepsOnlyTheExcerpt()
{
    const QByteArray body(3 * 1024 * 1024, 'b');
    const QByteArray head =
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\n\r\n";
    const QByteArray next = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    HttpResponseParser parser;
    parser.reset(false);
    QCOMPARE(parser.feed(head), head.size());
    // In pieces of odd sizes, as a socket would hand them over.
    qsizetype offset = 0;
    while (offset < body.size()) {
        const qsizetype piece = std::min<qsizetype>(16381, body.size() - offset);
        QCOMPARE(parser.feed(QByteArrayView(body).sliced(offset, piece)), piece);
        offset += piece;
    }
    QVERIFY(parser.isComplete());
    QCOMPARE(parser.status(), 500);
    QCOMPARE(parser.bodyExcerpt(), body.left(HttpResponseParser::excerptSize));
    // The parser is reusable for the next response on the connection.
    parser.reset(false);
    QCOMPARE(parser.feed(next), next.size());
    QVERIFY(parser.isComplete());
    QCOMPARE(parser.status(), 200);
    QVERIFY(parser.bodyExcerpt().isEmpty());
}

QTEST_GUILESS_MAIN(tst_HttpResponseParser)
#include "tst_httpresponseparser.moc"
