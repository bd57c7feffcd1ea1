#include "live/problemmodel.h"
#include "live/rateseries.h"
#include "live/topicmodel.h"
#include "manualclock.h"
#include "sampleevents.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// A column's text for a topic, empty when the topic is not there.
QString column(const TopicModel &model, const QString &topic, int column)
{
    const QModelIndex found = model.indexOf(topic);
    return found.isValid() ? found.siblingAtColumn(column).data().toString() : QString();
}

QString routing(const TopicModel &model, const QString &topic)
{
    return column(model, topic, TopicModel::RoutesColumn);
}

qint64 messages(const TopicModel &model, const QString &topic)
{
    return column(model, topic, TopicModel::MessagesColumn).toLongLong();
}

QString rate(const TopicModel &model, const QString &topic)
{
    return column(model, topic, TopicModel::RateColumn);
}

} // namespace

// The topic overview's tree, the rates and the problems, from events.
class tst_TopicModel : public QObject
{
    Q_OBJECT

private slots:
    void treeOfLevels();
    void namesTheExcludeThatStoppedATopic();
    void ratePerTopic();
    void boundedTopics();
    void ratesPerSecondAndPercentiles();
    void percentile_data();
    void percentile();
    void problemsKeepWhatWentWrong();
};

void tst_TopicModel::treeOfLevels()
{
    const auto clock = std::make_shared<ManualClock>(QDateTime::currentDateTimeUtc());
    TopicModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addEvents({SampleEvents::taken(u"1"_s, u"from/v1/car-1/status"_s, {u"r/1/a"_s}, "one"),
                     SampleEvents::taken(u"2"_s, u"from/v1/car-2/status"_s, {u"r/1/a"_s}),
                     SampleEvents::taken(u"3"_s, u"from/v1/car-1/status"_s, {u"r/1/a"_s}, "three"),
                     SampleEvents::taken(u"4"_s, u"/lead/empty"_s, {u"r/1/a"_s})},
                    0);
    QCOMPARE(model.rowCount(), 2); // "from" and the empty first level of "/lead/empty"
    QCOMPARE(model.topicCount(), 3);
    QCOMPARE(messages(model, u"from"_s), 3);
    QCOMPARE(messages(model, u"from/v1/car-1/status"_s), 2);
    const QModelIndex leaf = model.indexOf(u"from/v1/car-1/status"_s);
    QVERIFY(leaf.isValid());
    QCOMPARE(leaf.data(TopicModel::FullTopicRole).toString(), u"from/v1/car-1/status"_s);
    QCOMPARE(leaf.siblingAtColumn(TopicModel::PayloadColumn).data().toString(), u"three"_s);
    QCOMPARE(leaf.siblingAtColumn(TopicModel::RoutesColumn).data().toString(), u"r/1/a"_s);
    QCOMPARE(model.index(1, 0).data().toString(), u"(empty level)"_s);
    // A level without messages of its own says nothing about routes.
    QCOMPARE(routing(model, u"from/v1"_s), QString());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_TopicModel::namesTheExcludeThatStoppedATopic()
{
    TopicModel model;
    model.addEvents(
        {SampleEvents::unrouted(
             u"1"_s, u"from/v1/aaa/debug"_s,
             u"sub_deal_config[0] (edge): excluded by excludeTopics \"from/v1/aaa/\""_s),
         SampleEvents::unrouted(u"2"_s, u"elsewhere"_s, u"no route matches"_s),
         SampleEvents::taken(u"3"_s, u"from/v1/bbb"_s, {u"r/1/a"_s, u"r/2/b"_s})},
        0);
    QCOMPARE(routing(model, u"from/v1/aaa/debug"_s),
             u"sub_deal_config[0] (edge): excluded by excludeTopics \"from/v1/aaa/\""_s);
    QVERIFY(model.indexOf(u"from/v1/aaa/debug"_s).data(TopicModel::UnroutedRole).toBool());
    QCOMPARE(routing(model, u"elsewhere"_s), u"no route matches"_s);
    QCOMPARE(routing(model, u"from/v1/bbb"_s), u"r/1/a, r/2/b"_s);
    // Routes of every message on the topic; why one was not routed too.
    model.addEvents({SampleEvents::taken(u"4"_s, u"from/v1/bbb"_s, {u"r/3/c"_s}),
                     SampleEvents::unrouted(u"5"_s, u"from/v1/bbb"_s, u"where: temp > 5"_s)},
                    0);
    QCOMPARE(routing(model, u"from/v1/bbb"_s),
             u"r/1/a, r/2/b, r/3/c; not routed: where: temp > 5"_s);
    QVERIFY(!model.indexOf(u"from/v1/bbb"_s).data(TopicModel::UnroutedRole).toBool());
}

void tst_TopicModel::ratePerTopic()
{
    const QDateTime start = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const auto clock = std::make_shared<ManualClock>(start);
    TopicModel model(clock);
    // 20 messages a second on a/b for ten seconds, 5 a second on a/c.
    for (int second = 0; second < 10; ++second) {
        QList<Event> events;
        for (int i = 0; i < 20; ++i)
            events.append(SampleEvents::taken(u"b%1-%2"_s.arg(second).arg(i), u"a/b"_s, {u"r"_s}));
        for (int i = 0; i < 5; ++i)
            events.append(SampleEvents::taken(u"c%1-%2"_s.arg(second).arg(i), u"a/c"_s, {u"r"_s}));
        model.addEvents(events, 0);
        clock->advance(1s);
    }
    model.updateRates();
    QCOMPARE(rate(model, u"a/b"_s), u"20/s"_s);
    QCOMPARE(rate(model, u"a/c"_s), u"5.0/s"_s);
    QCOMPARE(rate(model, u"a"_s), u"25/s"_s);
    // Quiet for longer than the window: no rate.
    clock->advance(20s);
    model.updateRates();
    QCOMPARE(rate(model, u"a/b"_s), QString());
    QCOMPARE(messages(model, u"a/b"_s), 200);
}

void tst_TopicModel::boundedTopics()
{
    TopicModel model;
    model.setMaxTopics(3);
    QList<Event> events;
    for (int i = 0; i < 5; ++i)
        events.append(SampleEvents::taken(QString::number(i), u"t/%1"_s.arg(i), {u"r"_s}));
    events.append(SampleEvents::taken(u"again"_s, u"t/0"_s, {u"r"_s}));
    model.addEvents(events, 0);
    QCOMPARE(model.topicCount(), 3);
    QCOMPARE(model.overflow(), 2);
    QCOMPARE(messages(model, u"t/0"_s), 2); // a topic already there still counts
    QVERIFY(!model.indexOf(u"t/4"_s).isValid());
}

void tst_TopicModel::ratesPerSecondAndPercentiles()
{
    const QDateTime start = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const auto clock = std::make_shared<ManualClock>(start);
    RateSeries series(clock, 60);
    QList<Event> events;
    for (int i = 1; i <= 100; ++i) {
        events.append(SampleEvents::taken(QString::number(i), u"t"_s, {u"r"_s}, {}, start));
        events.append(
            SampleEvents::delivered(QString::number(i), u"r"_s, u"u"_s, 1, 200, i * 1000, start));
    }
    events.append(SampleEvents::retrying(u"x"_s, u"r"_s, u"u"_s, 1, 500, u"e"_s, start));
    series.addEvents(events, 0);
    QVERIFY(series.points().isEmpty()); // the second is not over
    clock->advance(3s);
    series.tick();
    const QList<RateSeries::Point> points = series.points();
    QCOMPARE(points.size(), 2); // the second of the events and the one after; the last is open
    QCOMPARE(points.at(0).second, start.toSecsSinceEpoch());
    QCOMPARE(points.at(0).received, 100);
    QCOMPARE(points.at(0).delivered, 100);
    QCOMPARE(points.at(0).failed, 1);
    QCOMPARE(points.at(0).p50Ms, 50.0);
    QCOMPARE(points.at(0).p99Ms, 99.0);
    QCOMPARE(points.at(1).received, 0);
    // Events older than the window are left out; the window moves on.
    series.addEvents({SampleEvents::taken(u"old"_s, u"t"_s, {}, {}, start.addSecs(-120))}, 0);
    clock->advance(120s);
    series.tick();
    QVERIFY(series.points().size() <= 60);
    QVERIFY(series.points().constFirst().second > start.toSecsSinceEpoch());
}

void tst_TopicModel::percentile_data()
{
    QTest::addColumn<QList<qint64>>("values");
    QTest::addColumn<double>("p");
    QTest::addColumn<double>("expected");
    QTest::newRow("empty") << QList<qint64>{} << 0.5 << 0.0;
    QTest::newRow("one") << QList<qint64>{7} << 0.99 << 7.0;
    QTest::newRow("median of four is the second") << QList<qint64>{4, 1, 3, 2} << 0.5 << 2.0;
    QTest::newRow("p99 of ten is the largest")
        << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << 0.99 << 10.0;
}

void tst_TopicModel::percentile()
{
    QFETCH(QList<qint64>, values);
    QFETCH(double, p);
    QFETCH(double, expected);
    QCOMPARE(RateSeries::percentile(std::vector<qint64>(values.begin(), values.end()), p),
             expected);
}

void tst_TopicModel::problemsKeepWhatWentWrong()
{
    ProblemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBound(3);
    Event lost;
    lost.kind = Event::Kind::ConnectionLost;
    lost.time = QDateTime::currentDateTimeUtc();
    lost.clientId = u"edge-1"_s;
    lost.reason = u"Connection refused"_s;
    Event commit;
    commit.kind = Event::Kind::CommitFailed;
    commit.time = lost.time;
    commit.error = u"disk full"_s;
    model.addEvents(
        {SampleEvents::taken(u"1"_s, u"t"_s, {u"r"_s}), lost,
         SampleEvents::delivered(u"1"_s, u"r"_s, u"u"_s),
         SampleEvents::retrying(u"2"_s, u"r"_s, u"http://x/in"_s, 1, 503, u"HTTP 503"_s), commit},
        0);
    QCOMPARE(model.rowCount(), 3); // no message or delivery of its own
    QCOMPARE(model.index(0, ProblemModel::KindColumn).data().toString(), u"connection lost"_s);
    QCOMPARE(model.index(0, ProblemModel::WhereColumn).data().toString(), u"edge-1"_s);
    QCOMPARE(model.index(0, ProblemModel::WhatColumn).data().toString(), u"Connection refused"_s);
    QVERIFY(model.index(1, ProblemModel::WhatColumn)
                .data()
                .toString()
                .startsWith(u"attempt 1: HTTP 503; next attempt at"_s));
    QCOMPARE(model.index(1, ProblemModel::WhereColumn).data().toString(), u"r → http://x/in"_s);
    QCOMPARE(model.index(2, 0).data(ProblemModel::CategoryRole).toInt(),
             int(ProblemModel::Category::Queue));
    model.addEvents({SampleEvents::dead(u"2"_s, u"r"_s, u"u"_s, 4, u"HTTP 500"_s)}, 0);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, ProblemModel::WhatColumn).data().toString(),
             u"HTTP 500"_s); // the reason, which says it all
    Event noReason = SampleEvents::dead(u"3"_s, u"r"_s, u"u"_s, 2, QString());
    noReason.error = u"timed out"_s;
    model.addEvents({noReason}, 0);
    QCOMPARE(model.index(2, ProblemModel::WhatColumn).data().toString(),
             u"given up after 2 attempt(s): timed out"_s);
}

QTEST_MAIN(tst_TopicModel)
#include "tst_topicmodel.moc"
