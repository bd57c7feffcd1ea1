#include "delivery/backoffpolicy.h"

#include <QTest>

using namespace mqhook;
using namespace std::chrono_literals;

class tst_BackoffPolicy : public QObject
{
    Q_OBJECT

private slots:
    void schedule_data();
    void schedule();
    void defaultRandomStaysInBounds();
};

void tst_BackoffPolicy::schedule_data()
{
    QTest::addColumn<bool>("jitter");
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("initial");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<double>("multiplier");
    QTest::addColumn<QList<qint64>>("delays"); // for retries 1, 2, 3, ...

    QTest::newRow("no jitter doubles up to max")
        << false << 0.0 << qint64(1000) << qint64(5000) << 2.0
        << QList<qint64>{1000, 2000, 4000, 5000, 5000};
    QTest::newRow("full jitter scales the bound")
        << true << 0.5 << qint64(1000) << qint64(5000) << 2.0
        << QList<qint64>{500, 1000, 2000, 2500, 2500};
    QTest::newRow("jitter may draw zero")
        << true << 0.0 << qint64(1000) << qint64(5000) << 2.0 << QList<qint64>{0, 0, 0};
    QTest::newRow("multiplier 3") << false << 0.0 << qint64(100) << qint64(60000) << 3.0
                                  << QList<qint64>{100, 300, 900, 2700};
    QTest::newRow("multiplier 1 is constant")
        << false << 0.0 << qint64(250) << qint64(60000) << 1.0 << QList<qint64>{250, 250, 250};
}

void tst_BackoffPolicy::schedule()
{
    QFETCH(bool, jitter);
    QFETCH(double, random);
    QFETCH(qint64, initial);
    QFETCH(qint64, max);
    QFETCH(double, multiplier);
    QFETCH(QList<qint64>, delays);

    RetryBackoff config;
    config.jitter = jitter;
    config.initial = std::chrono::milliseconds(initial);
    config.max = std::chrono::milliseconds(max);
    config.multiplier = multiplier;
    const BackoffPolicy policy(config, [random] { return random; });
    for (int retry = 1; retry <= delays.size(); ++retry)
        QCOMPARE(policy.delay(retry).count(), delays.at(retry - 1));
    // A retry count far beyond any real one stays at max instead of overflowing.
    QCOMPARE(policy.ceiling(10000), std::chrono::milliseconds(multiplier > 1 ? max : initial));
}

void tst_BackoffPolicy::defaultRandomStaysInBounds()
{
    RetryBackoff config;
    config.initial = 1s;
    config.max = 60s;
    const BackoffPolicy policy(config);
    for (int retry = 1; retry <= 20; ++retry) {
        const auto delay = policy.delay(retry);
        QVERIFY(delay >= 0ms);
        QVERIFY(delay <= policy.ceiling(retry));
    }
}

QTEST_GUILESS_MAIN(tst_BackoffPolicy)
#include "tst_backoffpolicy.moc"
