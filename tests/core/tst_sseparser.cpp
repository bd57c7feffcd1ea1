// The event-stream reader of `mqhook tail` and the attached window (HTML
// Living Standard, "Server-sent events" §9.2.5, §9.2.6).
#include "observe/sseparser.h"

#include <QTest>

using namespace mqhook;

namespace {

struct Parsed
{
    QList<SseParser::Message> messages;
    int comments = 0;
    bool ok = true;
};

Parsed parse(const QByteArray &stream, qsizetype pieceSize)
{
    SseParser parser;
    Parsed parsed;
    for (qsizetype at = 0; at < stream.size(); at += pieceSize) {
        parsed.ok =
            parser.feed(QByteArrayView(stream).sliced(at, qMin(pieceSize, stream.size() - at))) &&
            parsed.ok;
        parsed.messages += parser.takeMessages();
        parsed.comments += parser.takeComments();
    }
    return parsed;
}

} // namespace

class tst_SseParser : public QObject
{
    Q_OBJECT

private slots:
    void events_data();
    void events();
    void lastIdAndRetry();
    void limits();
    void notUtf8();
};

void tst_SseParser::events_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<QByteArray>>("expected"); // "type|data|id" per event
    QTest::addColumn<int>("comments");
    QTest::newRow("one event") << QByteArray("id: 1\nevent: taken\ndata: {\"a\":1}\n\n")
                               << QList<QByteArray>{"taken|{\"a\":1}|1"} << 0;
    QTest::newRow("CRLF line ends")
        << QByteArray("id: 1\r\nevent: taken\r\ndata: x\r\n\r\nid: 2\r\ndata: y\r\n\r\n")
        << QList<QByteArray>{"taken|x|1", "|y|2"} << 0;
    QTest::newRow("CR line ends") << QByteArray("data: x\r\rdata: y\r\r")
                                  << QList<QByteArray>{"|x|", "|y|"} << 0;
    QTest::newRow("data lines joined")
        << QByteArray("data: a\ndata:b\ndata\n\n") << QList<QByteArray>{"|a\nb\n|"} << 0;
    QTest::newRow("comments are heartbeats")
        << QByteArray(": heartbeat\n\n:\n\ndata: x\n\n") << QList<QByteArray>{"|x|"} << 2;
    QTest::newRow("an event without data is dropped")
        << QByteArray("event: dropped\n\ndata: x\n\n") << QList<QByteArray>{"|x|"} << 0;
    QTest::newRow("unknown fields are ignored")
        << QByteArray("foo: bar\ndata: x\nbaz\n\n") << QList<QByteArray>{"|x|"} << 0;
    QTest::newRow("the id stays for later events")
        << QByteArray("id: 7\ndata: a\n\ndata: b\n\n") << QList<QByteArray>{"|a|7", "|b|7"} << 0;
    QTest::newRow("only the first space goes")
        << QByteArray("data:  two\n\n") << QList<QByteArray>{"| two|"} << 0;
    QTest::newRow("byte-order mark at the start") << QByteArray("\xEF\xBB\xBF"
                                                                "data: x\n\n")
                                                  << QList<QByteArray>{"|x|"} << 0;
    QTest::newRow("characters of several bytes, split anywhere")
        << QByteArray("data: \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n\n")
        << QList<QByteArray>{"|\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80|"} << 0;
    QTest::newRow("lines of many pieces and of one")
        << QByteArray("id: 12345\ndata: " + QByteArray(300, 'a') + "\n\ndata: b\n\n")
        << QList<QByteArray>{"|" + QByteArray(300, 'a') + "|12345", "|b|12345"} << 0;
    QTest::newRow("an unfinished event is not dispatched")
        << QByteArray("data: x\n\ndata: y\n") << QList<QByteArray>{"|x|"} << 0;
}

void tst_SseParser::events()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(int, comments);
    // Every piece size: a line end, even CRLF, may be split anywhere.
    for (qsizetype size = 1; size <= stream.size(); ++size) {
        const Parsed parsed = parse(stream, size);
        QVERIFY(parsed.ok);
        QList<QByteArray> got;
        for (const SseParser::Message &message : parsed.messages)
            got.append(message.event + '|' + message.data + '|' + message.id);
        QCOMPARE(got, expected);
        QCOMPARE(parsed.comments, comments);
    }
}

void tst_SseParser::lastIdAndRetry()
{
    SseParser parser;
    QVERIFY(parser.feed("retry: 2000\nid: 41\ndata: x\n\nretry: soon\nid: 42\n\n"));
    QCOMPARE(parser.retry(), std::optional<int>(2000)); // "soon" is ignored
    QCOMPARE(parser.lastEventId(), "42");               // set even by an event without data
    parser.reset();                                     // a new connection keeps the id
    QCOMPARE(parser.lastEventId(), "42");
    QVERIFY(parser.takeMessages().isEmpty());
}

void tst_SseParser::limits()
{
    SseParser parser;
    const QByteArray line = "data: " + QByteArray(SseParser::maxLineLength, 'x');
    QVERIFY(!parser.feed(line));
    QVERIFY(parser.errorString().contains(QStringLiteral("longer than")));
    QVERIFY(!parser.feed("data: x\n\n")); // stays failed

    SseParser big;
    const QByteArray part = "data: " + QByteArray(1024 * 1024 - 10, 'x') + '\n';
    bool ok = true;
    for (int i = 0; i < 5 && ok; ++i)
        ok = big.feed(part);
    QVERIFY(!ok);
    QVERIFY(big.errorString().contains(QStringLiteral("larger than")));
}

void tst_SseParser::notUtf8()
{
    SseParser parser;
    QVERIFY(!parser.feed("data: \xff\xfe\n\n"));
    QVERIFY(parser.errorString().contains(QStringLiteral("UTF-8")));

    // A character cut short by the line end, and a surrogate's encoding, in
    // pieces of every size: found whether a line came in one piece or many.
    for (const QByteArray stream : {QByteArray("data: ok\n\ndata: \xE2\x82\nx\n\n"),
                                    QByteArray("data: ok\n\ndata: \xED\xA0\x80\n\n")}) {
        for (qsizetype size = 1; size <= stream.size(); ++size) {
            const Parsed parsed = parse(stream, size);
            QVERIFY2(!parsed.ok, stream.toHex().constData());
            QCOMPARE(parsed.messages.size(), 1);
        }
    }
}

QTEST_GUILESS_MAIN(tst_SseParser)
#include "tst_sseparser.moc"
