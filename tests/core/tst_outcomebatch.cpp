// Delivery outcomes gathered into one write.
#include "service/outcomebatch.h"

#include <QTest>

using namespace mqhook;
using namespace std::chrono_literals;

class tst_OutcomeBatch : public QObject
{
    Q_OBJECT

private slots:
    void outcomesOfOnePassShareOneFlush();
    void eachFlushEndsABatch();
    void deadLettersTheCallerFlushesScheduleNothing();
};

void tst_OutcomeBatch::outcomesOfOnePassShareOneFlush()
{
    QObject context;
    int flushes = 0;
    OutcomeBatch batch(1ms, &context, [&] { ++flushes; });
    QVERIFY(batch.isEmpty());
    batch.addSucceeded(1);
    batch.addRetry({2, {}, {}});
    batch.addDead({3, QStringLiteral("HTTP 404"), {}});
    batch.addSucceeded(4);
    QVERIFY(!batch.isEmpty());
    QCOMPARE(flushes, 0); // never from within an add

    QTRY_COMPARE(flushes, 1);
    const OutcomeBatch::Outcomes outcomes = batch.take();
    QCOMPARE(outcomes.succeeded, (QList<qint64>{1, 4}));
    QCOMPARE(outcomes.retries.size(), 1);
    QCOMPARE(outcomes.retries.first().id, 2);
    QCOMPARE(outcomes.dead.size(), 1);
    QCOMPARE(outcomes.dead.first().reason, QStringLiteral("HTTP 404"));
    QVERIFY(batch.isEmpty());
}

// Each flush ends a batch, whether or not it takes the outcomes (the bridge
// has no outbox to write them to once it stopped): the next outcome
// schedules the next flush.
void tst_OutcomeBatch::eachFlushEndsABatch()
{
    QObject context;
    int flushes = 0;
    OutcomeBatch batch(1ms, &context, [&] { ++flushes; });
    batch.addSucceeded(1);
    QTRY_COMPARE(flushes, 1);
    batch.addSucceeded(2);
    QTRY_COMPARE(flushes, 2);
    QCOMPARE(batch.take().succeeded, (QList<qint64>{1, 2}));
    batch.addRetry({3, {}, {}});
    QTRY_COMPARE(flushes, 3);
    QCOMPARE(batch.take().retries.size(), 1);
}

void tst_OutcomeBatch::deadLettersTheCallerFlushesScheduleNothing()
{
    QObject context;
    int flushes = 0;
    OutcomeBatch batch(1ms, &context, [&] { ++flushes; });
    batch.addDead({1, QStringLiteral("route gone"), {}}, OutcomeBatch::Flush::ByCaller);
    QTest::qWait(20);
    QCOMPARE(flushes, 0);
    QCOMPARE(batch.take().dead.size(), 1);
}

QTEST_GUILESS_MAIN(tst_OutcomeBatch)
#include "tst_outcomebatch.moc"
