// Which events a reader of the event stream gets (?topic=, ?route=, ?kind=,
// and tail's --topic, --route, --kind), and how tail prints one.
#include "observe/eventfilter.h"
#include "observe/eventline.h"

#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

Event makeEvent(Event::Kind kind, const QString &topic = {}, const QString &route = {})
{
    Event e;
    e.kind = kind;
    e.topic = topic;
    e.time = QDateTime(QDate(2024, 5, 2), QTime(9, 14, 3, 120), Qt::UTC);
    if (kind == Event::Kind::Taken)
        e.routes = {route};
    else
        e.route = route;
    return e;
}

} // namespace

class tst_EventFilter : public QObject
{
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
    void queryRoundTrip();
    void badQueries_data();
    void badQueries();
    void lines();
    void preview_data();
    void preview();
};

void tst_EventFilter::matches_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("kinds");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("eventTopic");
    QTest::addColumn<QString>("eventRoute");
    QTest::addColumn<bool>("matches");
    using K = Event::Kind;
    QTest::newRow("no filter") << QString() << QString() << QString() << int(K::Taken) << u"a/b"_s
                               << u"c/1"_s << true;
    QTest::newRow("topic matches")
        << u"a/+"_s << QString() << QString() << int(K::Delivered) << u"a/b"_s << u"c/1"_s << true;
    QTest::newRow("topic does not") << u"a/+"_s << QString() << QString() << int(K::Delivered)
                                    << u"a/b/c"_s << u"c/1"_s << false;
    QTest::newRow("multi-level") << u"a/#"_s << QString() << QString() << int(K::Dead) << u"a/b/c"_s
                                 << u"c/1"_s << true;
    QTest::newRow("no topic passes a topic filter")
        << u"a/#"_s << QString() << QString() << int(K::Connected) << QString() << QString()
        << true;
    QTest::newRow("route of a delivery")
        << QString() << u"c/1"_s << QString() << int(K::Delivered) << u"x"_s << u"c/1"_s << true;
    QTest::newRow("other route") << QString() << u"c/2"_s << QString() << int(K::Delivered)
                                 << u"x"_s << u"c/1"_s << false;
    QTest::newRow("route among those that took it")
        << QString() << u"c/1"_s << QString() << int(K::Taken) << u"x"_s << u"c/1"_s << true;
    QTest::newRow("unrouted is on no route")
        << QString() << u"c/1"_s << QString() << int(K::Unrouted) << u"x"_s << QString() << false;
    QTest::newRow("kind listed") << QString() << QString() << u"dead,delivered"_s
                                 << int(K::Delivered) << u"x"_s << u"c/1"_s << true;
    QTest::newRow("kind not listed") << QString() << QString() << u"dead"_s << int(K::Connected)
                                     << QString() << QString() << false;
    QTest::newRow("dropped always passes")
        << u"a/#"_s << u"c/9"_s << u"dead"_s << int(K::Dropped) << QString() << QString() << true;
}

void tst_EventFilter::matches()
{
    QFETCH(QString, topic);
    QFETCH(QString, route);
    QFETCH(QString, kinds);
    QFETCH(int, kind);
    QFETCH(QString, eventTopic);
    QFETCH(QString, eventRoute);
    QFETCH(bool, matches);
    QUrlQuery query;
    if (!topic.isEmpty())
        query.addQueryItem(u"topic"_s, QString::fromLatin1(QUrl::toPercentEncoding(topic, "/+")));
    if (!route.isEmpty())
        query.addQueryItem(u"route"_s, route);
    if (!kinds.isEmpty())
        query.addQueryItem(u"kind"_s, kinds);
    QString error;
    const std::optional<EventFilter> filter = EventFilter::fromQuery(query, &error);
    QVERIFY2(filter, qPrintable(error));
    QCOMPARE(filter->matches(makeEvent(Event::Kind(kind), eventTopic, eventRoute)), matches);
}

void tst_EventFilter::queryRoundTrip()
{
    EventFilter filter;
    QVERIFY(filter.setTopic(u"sensors/+/temp/#"_s));
    filter.route = u"client a&b/1=2"_s;
    filter.kinds = {Event::Kind::Delivered, Event::Kind::Dead};
    QUrlQuery query;
    filter.addToQuery(&query);
    // As it goes over the wire and comes back.
    const QUrlQuery received(query.toString(QUrl::FullyEncoded));
    QString error;
    const std::optional<EventFilter> back = EventFilter::fromQuery(received, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->topic(), filter.topic());
    QCOMPARE(back->route, filter.route);
    QCOMPARE(back->kinds, filter.kinds);
}

void tst_EventFilter::badQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("# not last") << u"topic=a/%23/b"_s << u"topic"_s;
    QTest::newRow("+ inside a level") << u"topic=a/b%2B"_s << u"topic"_s;
    QTest::newRow("unknown kind") << u"kind=taken,eaten"_s << u"eaten"_s;
}

void tst_EventFilter::badQueries()
{
    QFETCH(QString, query);
    QFETCH(QString, fragment);
    QString error;
    QVERIFY(!EventFilter::fromQuery(QUrlQuery(query), &error));
    QVERIFY2(error.contains(fragment), qPrintable(error));
}

void tst_EventFilter::lines()
{
    const auto check = [](const Event &event, const QStringList &parts) {
        const QString line = EventLine::format(event, false);
        for (const QString &part : parts) {
            if (!line.contains(part))
                return line + u" lacks "_s + part;
        }
        if (line.contains(u'\n') || line.contains(u"\x1b["_s))
            return line + u" is not one plain line"_s;
        if (!EventLine::format(event, true).contains(u"\x1b["_s))
            return line + u" has no colour when asked"_s;
        return QString();
    };
    Event taken = makeEvent(Event::Kind::Taken, u"a/b"_s, u"c/1"_s);
    taken.clientId = u"c"_s;
    taken.qos = 1;
    taken.size = 5;
    taken.preview = "hello";
    QString problem =
        check(taken, {u"taken"_s, u"a/b"_s, u"c q1"_s, u"5 byte(s)"_s, u"-> c/1"_s, u"hello"_s});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    Event delivered = makeEvent(Event::Kind::Delivered, u"a/b"_s, u"c/1"_s);
    delivered.target = u"http://x/hook"_s;
    delivered.httpStatus = 200;
    delivered.latencyUs = 2310;
    delivered.attempt = 1;
    problem = check(delivered, {u"delivered"_s, u"c/1 -> http://x/hook"_s, u"200"_s, u"2.3 ms"_s,
                                u"attempt 1"_s});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    Event dropped;
    dropped.kind = Event::Kind::Dropped;
    dropped.count = 12;
    problem = check(dropped, {u"dropped"_s, u"12 event(s) dropped"_s});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_EventFilter::preview_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<QString>("shown");
    QTest::newRow("text") << QByteArray("{\"a\": 1}") << qint64(8) << u"{\"a\": 1}"_s;
    QTest::newRow("line breaks escaped") << QByteArray("a\nb\tc") << qint64(5) << u"a\\nb\\tc"_s;
    QTest::newRow("cut") << QByteArray("abc") << qint64(300) << u"abc…"_s;
    QTest::newRow("binary as hex") << QByteArray("\xff\x00\x01", 3) << qint64(3) << u"0xff0001"_s;
    QTest::newRow("none kept") << QByteArray() << qint64(10) << u"(10 byte(s), not previewed)"_s;
}

void tst_EventFilter::preview()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, size);
    QFETCH(QString, shown);
    QCOMPARE(EventLine::preview(bytes, size), shown);
}

QTEST_GUILESS_MAIN(tst_EventFilter)
#include "tst_eventfilter.moc"
