// The metrics registry and its Prometheus text exposition.
#include "observe/metrics.h"
#include "testpaths.h"

#include <QProcess>
#include <QTest>
#include <QThread>

#include <atomic>
#include <limits>

using namespace mqhook;
using namespace Qt::StringLiterals;

class tst_Metrics : public QObject
{
    Q_OBJECT

private slots:
    void exactText();
    void seriesAreLookedUpOnce();
    void escaping();
    void numbers();
    void histogramBuckets();
    void promtoolAcceptsTheOutput();
    void renderWhileAnotherThreadUpdates();
};

void tst_Metrics::exactText()
{
    MetricsRegistry registry;
    auto *received = registry.counters("mqhook_messages_received_total",
                                       u"Messages taken from the brokers."_s, {"client_id"});
    received->at({u"plant-a"_s})->add(3);
    received->at({u"plant-b"_s})->add();
    auto *pending = registry.gauges("mqhook_queue_pending_deliveries", u"Deliveries to make."_s);
    pending->at()->set(42);
    auto *duration =
        registry.histograms("mqhook_delivery_duration_seconds", u"Time of one attempt."_s,
                            {0.01, 0.5}, {"route", "target"});
    Histogram *alarms = duration->at({u"a/alarms"_s, u"http://h/x"_s});
    alarms->observe(0.0078125);
    alarms->observe(std::chrono::microseconds(250'000));
    alarms->observe(2.0);
    registry.gaugeFunction("mqhook_uptime_seconds", u"Since the start."_s, [] { return 12.5; });

    const QByteArray expected =
        R"(# HELP mqhook_messages_received_total Messages taken from the brokers.
# TYPE mqhook_messages_received_total counter
mqhook_messages_received_total{client_id="plant-a"} 3
mqhook_messages_received_total{client_id="plant-b"} 1
# HELP mqhook_queue_pending_deliveries Deliveries to make.
# TYPE mqhook_queue_pending_deliveries gauge
mqhook_queue_pending_deliveries 42
# HELP mqhook_delivery_duration_seconds Time of one attempt.
# TYPE mqhook_delivery_duration_seconds histogram
mqhook_delivery_duration_seconds_bucket{route="a/alarms",target="http://h/x",le="0.01"} 1
mqhook_delivery_duration_seconds_bucket{route="a/alarms",target="http://h/x",le="0.5"} 2
mqhook_delivery_duration_seconds_bucket{route="a/alarms",target="http://h/x",le="+Inf"} 3
mqhook_delivery_duration_seconds_sum{route="a/alarms",target="http://h/x"} 2.2578125
mqhook_delivery_duration_seconds_count{route="a/alarms",target="http://h/x"} 3
# HELP mqhook_uptime_seconds Since the start.
# TYPE mqhook_uptime_seconds gauge
mqhook_uptime_seconds 12.5
)";
    QCOMPARE(registry.render(), expected);
}

void tst_Metrics::seriesAreLookedUpOnce()
{
    MetricsRegistry registry;
    auto *family = registry.counters("x_total", u"x"_s, {"a", "b"});
    Counter *one = family->at({u"1"_s, u"2"_s});
    QCOMPARE(family->at({u"1"_s, u"2"_s}), one);
    QVERIFY(family->at({u"2"_s, u"1"_s}) != one);
    one->add(5);
    QCOMPARE(family->at({u"1"_s, u"2"_s})->value(), 5u);
    Gauge *gauge = registry.gauges("g", u"g"_s)->at();
    gauge->set(2);
    gauge->add(-3.5);
    QCOMPARE(gauge->value(), -1.5);
    // A family without series is still announced: its HELP and TYPE.
    registry.gauges("empty", u"nothing yet"_s, {"l"});
    QVERIFY(registry.render().endsWith("# HELP empty nothing yet\n# TYPE empty gauge\n"));
}

void tst_Metrics::escaping()
{
    MetricsRegistry registry;
    registry.counters("t_total", u"back\\slash, \"quotes\" and a\nnew line"_s, {"topic"})
        ->at({u"a\\b \"c\"\nd 温度"_s})
        ->add();
    const QByteArray expected =
        "# HELP t_total back\\\\slash, \"quotes\" and a\\nnew line\n"
        "# TYPE t_total counter\n"
        "t_total{topic=\"a\\\\b \\\"c\\\"\\nd \xe6\xb8\xa9\xe5\xba\xa6\"} 1\n";
    QCOMPARE(registry.render(), expected);
}

void tst_Metrics::numbers()
{
    MetricsRegistry registry;
    auto *gauges = registry.gauges("n", u"n"_s, {"case"});
    gauges->at({u"whole"_s})->set(1e6);
    gauges->at({u"small"_s})->set(0.000125);
    gauges->at({u"negative"_s})->set(-7);
    gauges->at({u"nan"_s})->set(std::numeric_limits<double>::quiet_NaN());
    gauges->at({u"inf"_s})->set(std::numeric_limits<double>::infinity());
    gauges->at({u"-inf"_s})->set(-std::numeric_limits<double>::infinity());
    registry.counters("c_total", u"c"_s)->at()->add(std::numeric_limits<quint64>::max());
    const QByteArray text = registry.render();
    QVERIFY2(text.contains("n{case=\"whole\"} 1000000\n"), text.constData());
    QVERIFY(text.contains("n{case=\"small\"} 0.000125\n"));
    QVERIFY(text.contains("n{case=\"negative\"} -7\n"));
    QVERIFY(text.contains("n{case=\"nan\"} NaN\n"));
    QVERIFY(text.contains("n{case=\"inf\"} +Inf\n"));
    QVERIFY(text.contains("n{case=\"-inf\"} -Inf\n"));
    QVERIFY(text.contains("c_total 18446744073709551615\n"));
}

// "le" is inclusive; the buckets are cumulative; +Inf is the count.
void tst_Metrics::histogramBuckets()
{
    MetricsRegistry registry;
    auto *family =
        registry.histograms("h_seconds", u"h"_s, {0.1, 1, std::numeric_limits<double>::infinity()});
    Histogram *histogram = family->at();
    Histogram::Snapshot snapshot = histogram->snapshot();
    QCOMPARE(snapshot.cumulative, (QList<quint64>{0, 0, 0}));
    QCOMPARE(snapshot.count, 0u);

    for (double value : {0.05, 0.1, 0.100001, 1.0, 1.5, 100.0, 0.0})
        histogram->observe(value);
    snapshot = histogram->snapshot();
    QCOMPARE(snapshot.cumulative, (QList<quint64>{3, 5, 7})); // the given +Inf is not doubled
    QCOMPARE(snapshot.count, 7u);
    QCOMPARE(snapshot.sum, 0.05 + 0.1 + 0.100001 + 1.0 + 1.5 + 100.0);
    const QByteArray text = registry.render();
    QVERIFY(text.contains("h_seconds_bucket{le=\"0.1\"} 3\n"));
    QVERIFY(text.contains("h_seconds_bucket{le=\"1\"} 5\n"));
    QVERIFY(text.contains("h_seconds_bucket{le=\"+Inf\"} 7\n"));
    QVERIFY(text.contains("h_seconds_count 7\n"));
    QCOMPARE(text.count("h_seconds_bucket"), 3);

    const std::vector<double> latency = MetricsRegistry::latencyBounds();
    QVERIFY(std::is_sorted(latency.begin(), latency.end()));
    QVERIFY(latency.front() <= 0.001 && latency.back() >= 10);
}

// Prometheus' own parser and linter (Debian package prometheus) on a
// registry with every kind of family and awkward label values.
void tst_Metrics::promtoolAcceptsTheOutput()
{
    const QString promtool = test::requireProgram(u"promtool"_s, u"prometheus"_s);
    if (promtool.isEmpty())
        return;
    MetricsRegistry registry;
    auto *deliveries = registry.counters("mqhook_deliveries_total", u"Delivery outcomes."_s,
                                         {"route", "target", "outcome"});
    deliveries->at({u"c/\"quoted\""_s, u"http://h/a\\b"_s, u"success"_s})->add(10);
    deliveries->at({u"c/new\nline"_s, u"http://h/"_s, u"dead"_s})->add(1);
    registry.gauges("mqhook_broker_connected", u"1 while connected.\nElse 0."_s, {"client_id"})
        ->at({u"温度"_s})
        ->set(1);
    auto *durations = registry.histograms("mqhook_delivery_duration_seconds", u"Attempts."_s,
                                          MetricsRegistry::latencyBounds(), {"route"});
    for (int i = 0; i < 100; ++i)
        durations->at({u"r"_s})->observe(std::chrono::microseconds(i * 997));
    durations->at({u"unused"_s});
    registry.gaugeFunction("mqhook_uptime_seconds", u"Seconds since the start."_s,
                           [] { return 3.25; });

    QProcess process;
    process.start(promtool, {u"check"_s, u"metrics"_s});
    QVERIFY(process.waitForStarted());
    process.write(registry.render());
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(60'000));
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             output.constData());
    QVERIFY2(output.trimmed().isEmpty(), output.constData()); // no lint finding either
}

// Values change on one thread while another renders and adds series: the
// sanitizer build checks this for races.
void tst_Metrics::renderWhileAnotherThreadUpdates()
{
    MetricsRegistry registry;
    auto *counters = registry.counters("u_total", u"u"_s, {"n"});
    auto *histograms =
        registry.histograms("d_seconds", u"d"_s, MetricsRegistry::latencyBounds(), {"n"});
    Counter *counter = counters->at({u"0"_s});
    Histogram *histogram = histograms->at({u"0"_s});
    constexpr int updates = 200'000;
    std::atomic<bool> done = false;
    QThread *updater = QThread::create([&] {
        for (int i = 0; i < updates; ++i) {
            counter->add();
            histogram->observe(0.002);
            if (i % 10'000 == 0)
                counters->at({QString::number(i)})->add();
        }
        done = true;
    });
    updater->start();
    int renders = 0;
    while (!done) {
        QVERIFY(registry.render().startsWith("# HELP u_total u\n"));
        ++renders;
    }
    QVERIFY(updater->wait(60'000));
    delete updater;
    QVERIFY(renders > 0);
    QCOMPARE(counter->value(), quint64(updates + 1)); // "0" was made again by the loop
    QCOMPARE(histogram->snapshot().count, quint64(updates));
    QVERIFY(registry.render().contains("u_total{n=\"190000\"} 1\n"));
}

QTEST_GUILESS_MAIN(tst_Metrics)
#include "tst_metrics.moc"
