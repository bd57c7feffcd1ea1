// The event record: kind names and JSON both ways.
#include "observe/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace mqhook;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(mqhook::Event)

namespace mqhook {
// What QCOMPARE prints when two events differ.
char *toString(const Event &event)
{
    return qstrdup(eventToJson(event).constData());
}
} // namespace mqhook

namespace {

using Kind = Event::Kind;

QDateTime at(int second, int ms = 0)
{
    return QDateTime(QDate(2024, 5, 17), QTime(12, 30, second, ms), Qt::UTC);
}

Event messageEvent(Kind kind)
{
    Event event;
    event.seq = 41;
    event.kind = kind;
    event.time = at(1, 250);
    event.clientId = u"plant-a"_s;
    event.messageId = u"m-0001"_s;
    event.topic = u"sensors/hall/temperature"_s;
    event.qos = 1;
    event.retain = true;
    event.size = 1234;
    return event;
}

Event deliveryEvent(Kind kind)
{
    Event event = messageEvent(kind);
    event.route = u"plant-a/alarms"_s;
    event.target = u"http://127.0.0.1:8080/hook"_s;
    event.attempt = 3;
    event.latencyUs = 15'250;
    return event;
}

const QList<Kind> allKinds = {
    Kind::Taken,        Kind::Unrouted,      Kind::Delivered,      Kind::Retrying,
    Kind::Dead,         Kind::Connected,     Kind::ConnectionLost, Kind::ReconnectScheduled,
    Kind::IntakePaused, Kind::IntakeResumed, Kind::CommitFailed,   Kind::CommitRecovered,
    Kind::Problem,      Kind::Dropped,
};

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class tst_Event : public QObject
{
    Q_OBJECT

private slots:
    void kindNames();
    void roundTrip_data();
    void roundTrip();
    void everyKindRoundTrips();
    void unusedFieldsAreLeftOut();
    void compactTextInFieldOrder();
    void bytesAreTextOrBase64_data();
    void bytesAreTextOrBase64();
    void badJson_data();
    void badJson();
    void unknownFieldsAreIgnored();
};

void tst_Event::kindNames()
{
    const QStringList expected = {
        u"taken"_s,         u"unrouted"_s,       u"delivered"_s,       u"retrying"_s,
        u"dead"_s,          u"connected"_s,      u"connection_lost"_s, u"reconnect_scheduled"_s,
        u"intake_paused"_s, u"intake_resumed"_s, u"commit_failed"_s,   u"commit_recovered"_s,
        u"problem"_s,       u"dropped"_s,
    };
    QCOMPARE(allKinds.size(), expected.size());
    for (qsizetype i = 0; i < allKinds.size(); ++i) {
        QCOMPARE(eventKindName(allKinds.at(i)), expected.at(i));
        QCOMPARE(eventKindFromName(expected.at(i)), std::optional(allKinds.at(i)));
    }
    QVERIFY(!eventKindFromName(u"Taken"));
    QVERIFY(!eventKindFromName(u""));
}

void tst_Event::roundTrip_data()
{
    QTest::addColumn<Event>("event");

    Event taken = messageEvent(Kind::Taken);
    taken.preview = "{\"t\": 21.5}";
    taken.contentType = u"application/json"_s;
    taken.userProperties = {{u"site"_s, u"north"_s}, {u"site"_s, u"south"_s}};
    taken.routes = {u"plant-a/alarms"_s, u"plant-a/archive"_s};
    QTest::newRow("taken") << taken;

    Event binary = messageEvent(Kind::Taken);
    binary.preview = QByteArray("\x00\xff\xfe\x80 binary", 10);
    binary.qos = 0;
    binary.retain = false;
    QTest::newRow("taken, binary preview, QoS 0") << binary;

    Event unrouted = messageEvent(Kind::Unrouted);
    unrouted.reason = u"excluded by exclude_topic \"sensors/+/temperature\" of route alarms"_s;
    QTest::newRow("unrouted") << unrouted;

    Event delivered = deliveryEvent(Kind::Delivered);
    delivered.httpStatus = 200;
    delivered.response = "{\"ok\":true}";
    QTest::newRow("delivered") << delivered;

    Event retrying = deliveryEvent(Kind::Retrying);
    retrying.httpStatus = 503;
    retrying.error = u"HTTP 503 Service Unavailable"_s;
    retrying.response = QByteArray("\x1f\x8b\x08\x00", 4);
    retrying.nextAt = at(9, 500);
    QTest::newRow("retrying, binary response") << retrying;

    Event transport = deliveryEvent(Kind::Retrying);
    transport.error = u"Connection refused"_s;
    transport.nextAt = at(5);
    QTest::newRow("retrying, no answer") << transport;

    Event dead = deliveryEvent(Kind::Dead);
    dead.httpStatus = 404;
    dead.reason = u"HTTP 404 is not retried"_s;
    QTest::newRow("dead") << dead;

    Event lost;
    lost.seq = 7;
    lost.kind = Kind::ConnectionLost;
    lost.time = at(2);
    lost.clientId = u"plant-a"_s;
    lost.reason = u"the broker closed the connection"_s;
    QTest::newRow("connection lost") << lost;

    Event scheduled = lost;
    scheduled.kind = Kind::ReconnectScheduled;
    scheduled.reason.clear();
    scheduled.nextAt = at(4);
    QTest::newRow("reconnect scheduled") << scheduled;

    Event dropped;
    dropped.kind = Kind::Dropped;
    dropped.count = 0;
    QTest::newRow("dropped, nothing else") << dropped;

    Event unicode = messageEvent(Kind::Taken);
    unicode.topic = u"温度/大厅"_s;
    unicode.preview = "\xef\xbb\xbf"
                      "caf\xc3\xa9 \xe2\x82\xac";
    QTest::newRow("UTF-8 with a byte order mark") << unicode;

    Event escapes = deliveryEvent(Kind::Retrying);
    escapes.route = u"quote \" backslash \\ slash /"_s;
    escapes.error = u"lines\nand\r\ttabs, a bell \a, a NUL \0 and U+2028 \u2028"_s;
    escapes.target = u"http://h/\x1f\x7f"_s;
    escapes.response = QByteArray("control \x01\x1f and \"quoted\"\n");
    escapes.userProperties = {{u"\""_s, u"\\"_s}};
    escapes.routes = {u"\n"_s, u"😀 outside the BMP"_s};
    QTest::newRow("characters JSON escapes") << escapes;

    Event edgeTimes = lost;
    edgeTimes.time = QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    edgeTimes.nextAt = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 1), Qt::UTC);
    QTest::newRow("times at the edges") << edgeTimes;

    Event offset = lost;
    offset.time = QDateTime(QDate(2024, 5, 17), QTime(14, 30, 0, 20), QTimeZone(7200)).toUTC();
    QTest::newRow("time from an offset") << offset;

    Event big;
    big.kind = Kind::Dropped;
    big.seq = (quint64(1) << 53) - 1;
    big.count = (qint64(1) << 53) - 1;
    QTest::newRow("largest exact JSON numbers") << big;
}

void tst_Event::roundTrip()
{
    QFETCH(Event, event);
    const QByteArray json = eventToJson(event);
    QString error;
    const std::optional<Event> back = eventFromJson(parse(json), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, event);
}

// Each kind with every field set comes back the same.
void tst_Event::everyKindRoundTrips()
{
    for (Kind kind : allKinds) {
        Event event = deliveryEvent(kind);
        event.preview = "abc";
        event.contentType = u"text/plain"_s;
        event.userProperties = {{u"a"_s, u"1"_s}};
        event.routes = {u"r"_s};
        event.httpStatus = 500;
        event.error = u"HTTP 500"_s;
        event.response = "oops";
        event.nextAt = at(30);
        event.reason = u"why"_s;
        event.count = 12;
        const std::optional<Event> back = eventFromJson(parse(eventToJson(event)));
        QVERIFY2(back, qPrintable(eventKindName(kind)));
        QCOMPARE(*back, event);
    }
}

void tst_Event::unusedFieldsAreLeftOut()
{
    Event lost;
    lost.seq = 3;
    lost.kind = Kind::ConnectionLost;
    lost.time = at(0, 5);
    lost.clientId = u"c"_s;
    lost.reason = u"timeout"_s;
    QCOMPARE(parse(eventToJson(lost)), parse(R"({"seq":3,"kind":"connection_lost",)"
                                             R"("time":"2024-05-17T12:30:00.005Z",)"
                                             R"("client_id":"c","reason":"timeout"})"));

    // What describes a message or an attempt is there even when zero.
    Event taken;
    taken.seq = 1;
    taken.kind = Kind::Taken;
    taken.topic = u"t"_s;
    QCOMPARE(parse(eventToJson(taken)),
             parse(R"({"seq":1,"kind":"taken","topic":"t","qos":0,"retain":false,"size":0})"));
    Event retrying;
    retrying.seq = 2;
    retrying.kind = Kind::Retrying;
    retrying.error = u"refused"_s;
    QCOMPARE(parse(eventToJson(retrying)),
             parse(R"({"seq":2,"kind":"retrying","attempt":0,"http_status":0,)"
                   R"("error":"refused","latency_us":0})"));
}

// The exact text: compact, keys in the order of the fields, times in UTC
// with milliseconds, only what JSON requires escaped.
void tst_Event::compactTextInFieldOrder()
{
    Event event = messageEvent(Kind::Taken);
    event.time = QDateTime(QDate(2024, 5, 17), QTime(14, 30, 0, 5), QTimeZone(7200));
    event.topic = u"a/\"b\""_s;
    event.preview = "h\ti";
    event.userProperties = {{u"k"_s, u"v"_s}};
    event.routes = {u"r1"_s, u"r2"_s};
    QCOMPARE(
        eventToJson(event),
        QByteArray("{\"seq\":41,\"kind\":\"taken\",\"time\":\"2024-05-17T12:30:00.005Z\","
                   "\"client_id\":\"plant-a\",\"message_id\":\"m-0001\",\"topic\":\"a/\\\"b\\\"\","
                   "\"qos\":1,\"retain\":true,\"size\":1234,\"preview\":\"h\\ti\","
                   "\"user_properties\":[[\"k\",\"v\"]],\"routes\":[\"r1\",\"r2\"]}"));

    QByteArray appended = "data: ";
    appendEventJson(&appended, event);
    QCOMPARE(appended, "data: " + eventToJson(event));
}

void tst_Event::bytesAreTextOrBase64_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    QTest::newRow("ASCII") << QByteArray("hello") << u"preview"_s << u"hello"_s;
    QTest::newRow("UTF-8") << QByteArray("\xc3\xa9t\xc3\xa9") << u"preview"_s << u"été"_s;
    QTest::newRow("NUL is valid UTF-8")
        << QByteArray("a\0b", 3) << u"preview"_s << QString(u"a\0b"_s);
    QTest::newRow("invalid byte") << QByteArray("\xff") << u"preview_base64"_s << u"/w=="_s;
    QTest::newRow("cut multi-byte sequence")
        << QByteArray("caf\xc3") << u"preview_base64"_s << u"Y2Fmww=="_s;
    QTest::newRow("a byte order mark first") << QByteArray("\xef\xbb\xbf"
                                                           "a")
                                             << u"preview_base64"_s << u"77u/YQ=="_s;
    QTest::newRow("a byte order mark later")
        << QByteArray("a\xef\xbb\xbf") << u"preview"_s << u"a\ufeff"_s;
    QTest::newRow("overlong encoding")
        << QByteArray("\xc0\xaf") << u"preview_base64"_s << u"wK8="_s;
}

void tst_Event::bytesAreTextOrBase64()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, key);
    QFETCH(QString, value);

    Event event;
    event.kind = Kind::Taken;
    event.preview = bytes;
    const QJsonObject json = parse(eventToJson(event));
    QCOMPARE(json.value(key).toString(), value);
    QVERIFY(!json.contains(key == "preview"_L1 ? u"preview_base64"_s : u"preview"_s));
    QCOMPARE(eventFromJson(json)->preview, bytes);

    Event answer;
    answer.kind = Kind::Delivered;
    answer.response = bytes;
    const QString responseKey = QString(key).replace(u"preview"_s, u"response"_s);
    QCOMPARE(parse(eventToJson(answer)).value(responseKey).toString(), value);
    QCOMPARE(eventFromJson(parse(eventToJson(answer)))->response, bytes);
}

void tst_Event::badJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    QTest::newRow("no kind") << QByteArray(R"({"seq":1})") << u"field \"kind\": missing"_s;
    QTest::newRow("unknown kind") << QByteArray(R"({"kind":"exploded"})")
                                  << u"field \"kind\": unknown kind \"exploded\""_s;
    QTest::newRow("kind a number")
        << QByteArray(R"({"kind":3})") << u"field \"kind\": expected a string"_s;
    QTest::newRow("seq a string") << QByteArray(R"({"kind":"taken","seq":"1"})")
                                  << u"field \"seq\": expected a whole number, 0 or more"_s;
    QTest::newRow("seq negative") << QByteArray(R"({"kind":"taken","seq":-1})")
                                  << u"field \"seq\": expected a whole number, 0 or more"_s;
    QTest::newRow("qos a fraction") << QByteArray(R"({"kind":"taken","qos":1.5})")
                                    << u"field \"qos\": expected a whole number, 0 or more"_s;
    QTest::newRow("attempt beyond int")
        << QByteArray(R"({"kind":"dead","attempt":4294967296})")
        << u"field \"attempt\": expected a whole number, 0 or more"_s;
    QTest::newRow("retain a number") << QByteArray(R"({"kind":"taken","retain":1})")
                                     << u"field \"retain\": expected true or false"_s;
    QTest::newRow("topic null") << QByteArray(R"({"kind":"taken","topic":null})")
                                << u"field \"topic\": expected a string"_s;
    QTest::newRow("time not a date") << QByteArray(R"({"kind":"taken","time":"yesterday"})")
                                     << u"field \"time\": expected a date and time (ISO 8601)"_s;
    QTest::newRow("next_at a number") << QByteArray(R"({"kind":"retrying","next_at":5})")
                                      << u"field \"next_at\": expected a string"_s;
    QTest::newRow("preview a number") << QByteArray(R"({"kind":"taken","preview":5})")
                                      << u"field \"preview\": expected a string"_s;
    QTest::newRow("preview twice")
        << QByteArray(R"({"kind":"taken","preview":"a","preview_base64":"YQ=="})")
        << u"field \"preview\": expected either preview or preview_base64, not both"_s;
    QTest::newRow("bad base64") << QByteArray(R"({"kind":"delivered","response_base64":"!!"})")
                                << u"field \"response_base64\": expected base64 text"_s;
    QTest::newRow("routes not strings") << QByteArray(R"({"kind":"taken","routes":["a",2]})")
                                        << u"field \"routes\": expected an array of strings"_s;
    QTest::newRow("routes a string") << QByteArray(R"({"kind":"taken","routes":"a"})")
                                     << u"field \"routes\": expected an array of strings"_s;
    QTest::newRow("user property of three")
        << QByteArray(R"({"kind":"taken","user_properties":[["a","b","c"]]})")
        << u"field \"user_properties\": expected an array of [name, value] string pairs"_s;
    QTest::newRow("user properties an object")
        << QByteArray(R"({"kind":"taken","user_properties":{"a":"b"}})")
        << u"field \"user_properties\": expected an array of [name, value] string pairs"_s;
    QTest::newRow("first wrong field is named")
        << QByteArray(R"({"kind":"taken","topic":1,"size":"x"})")
        << u"field \"topic\": expected a string"_s;
}

void tst_Event::badJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QJsonParseError parseError;
    const QJsonObject object = QJsonDocument::fromJson(json, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QString message;
    QVERIFY(!eventFromJson(object, &message));
    QCOMPARE(message, error);
    QVERIFY(!eventFromJson(object)); // no error pointer: no crash
}

void tst_Event::unknownFieldsAreIgnored()
{
    const std::optional<Event> event =
        eventFromJson(parse(R"({"kind":"connected","client_id":"c","shiny_new_field":[1]})"));
    QVERIFY(event);
    QCOMPARE(event->kind, Kind::Connected);
    QCOMPARE(event->clientId, u"c"_s);
}

QTEST_GUILESS_MAIN(tst_Event)
#include "tst_event.moc"
