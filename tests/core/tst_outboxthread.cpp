#include "delivery/outboxthread.h"
#include "outboxhelpers.h"
#include "outboxsamples.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;

namespace {

QStringList messageIdsOf(const QList<QueuedDelivery> &deliveries)
{
    QStringList ids;
    for (const QueuedDelivery &delivery : deliveries)
        ids.append(delivery.message.id);
    return ids;
}

// Every pending delivery in the file, read on the outbox's thread.
QList<QueuedDelivery> storedPending(OutboxThread &outbox)
{
    return outbox.call([](Outbox &store) { return loadPending(store); });
}

// A full disk, or room again, for the outbox on its thread.
bool fillDisk(OutboxThread &outbox, bool full)
{
    return outbox.call(
        [full](Outbox &store) { return setQueueFileFull(store.connectionName(), full); });
}

} // namespace

class TestOutboxThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void deliveriesMatchWhatIsStored();
    void outcomesFollowTheirGroup();
    void idsAreNeverReused_data();
    void idsAreNeverReused();
    void deliveredGroupIsCommittedWithoutWriting();
    void undeliveredPartIsStoredAfterTheDelay();
    void lateDeliveriesStopTheWaiting();
    void readPendingFollowsWrites();
    void storeFailureHoldsLaterWritesUntilItRecovers();
    void closeWritesWhatWaits();
    void intakeGoesOnAfterARetriedDeadLetter();
    void oneServicePerQueueFolder();

private:
    QueueConfig diskConfig() const
    {
        QueueConfig config;
        config.dir = m_dir->path();
        return config;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestOutboxThread::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

// The ids handed out before the commit are the ones in the file, and
// committed() comes once per group, in order.
void TestOutboxThread::deliveriesMatchWhatIsStored()
{
    OutboxThread outbox;
    QVERIFY(outbox.open(diskConfig()));
    QSignalSpy committed(&outbox, &OutboxThread::committed);

    QList<QueuedDelivery> handedOut;
    QList<quint64> tickets;
    qint64 withTargets = 0;
    for (int group = 0; group < 5; ++group) {
        QList<Intake> items;
        for (int i = 0; i < 10; ++i) {
            // Messages without a target take no ids.
            const int targets = (group + i) % 3;
            withTargets += targets > 0 ? 1 : 0;
            items.append(makeIntake(QStringLiteral("m%1-%2").arg(group).arg(i), targets));
        }
        const OutboxThread::Accepted accepted = outbox.enqueue(items);
        tickets.append(accepted.ticket);
        handedOut.append(accepted.deliveries);
    }
    QVERIFY(outbox.uncommittedMessages() > 0);
    QCOMPARE(outbox.waitForWrites(), tickets.last());
    QCOMPARE(outbox.uncommittedMessages(), 0);
    QCOMPARE(outbox.uncommittedBytes(), 0);
    QVERIFY(!committed.isEmpty());
    QCOMPARE(committed.last().at(0).toULongLong(), tickets.last());
    for (qsizetype i = 1; i < committed.size(); ++i)
        QVERIFY(committed.at(i).at(0).toULongLong() > committed.at(i - 1).at(0).toULongLong());

    const QList<QueuedDelivery> stored = storedPending(outbox);
    QCOMPARE(idsOf(stored), idsOf(handedOut));
    QCOMPARE(messageIdsOf(stored), messageIdsOf(handedOut));
    for (qsizetype i = 0; i < stored.size(); ++i)
        QCOMPARE(stored.at(i).target, handedOut.at(i).target);
    QCOMPARE(outbox.pendingMessages(), withTargets);
}

// An outcome given right after its group, before the commit, is written
// after it: nothing stays pending.
void TestOutboxThread::outcomesFollowTheirGroup()
{
    OutboxThread outbox;
    QVERIFY(outbox.open(diskConfig()));
    for (int group = 0; group < 20; ++group) {
        const OutboxThread::Accepted accepted =
            outbox.enqueue({makeIntake(QStringLiteral("a%1").arg(group), 2),
                            makeIntake(QStringLiteral("b%1").arg(group), 1)});
        QCOMPARE(accepted.deliveries.size(), 3);
        outbox.markSucceeded(idsOf(accepted.deliveries));
    }
    outbox.waitForWrites();
    QCOMPARE(outbox.pendingMessages(), 0);
    QCOMPARE(storedPending(outbox).size(), 0);
}

void TestOutboxThread::idsAreNeverReused_data()
{
    QTest::addColumn<bool>("stored");
    QTest::newRow("stored, then delivered") << true;
    QTest::newRow("delivered before it was stored") << false;
}

// Delivery ids start above every id ever used, even when the newest
// deliveries were delivered and removed before a restart, or never stored.
void TestOutboxThread::idsAreNeverReused()
{
    QFETCH(bool, stored);
    qint64 highest = 0;
    {
        OutboxThread outbox;
        outbox.setStoreDelay(stored ? 0ms : 60s);
        QVERIFY(outbox.open(diskConfig()));
        const OutboxThread::Accepted kept = outbox.enqueue({makeIntake(QStringLiteral("kept"), 1)});
        const OutboxThread::Accepted gone = outbox.enqueue(
            {makeIntake(QStringLiteral("g1"), 2), makeIntake(QStringLiteral("g2"), 1)});
        highest = gone.deliveries.last().id;
        QVERIFY(highest > kept.deliveries.last().id);
        if (stored)
            outbox.waitForWrites();
        for (const qint64 id : idsOf(gone.deliveries))
            QCOMPARE(outbox.finishUnstored(id), !stored);
        outbox.markSucceeded(idsOf(gone.deliveries)); // nothing left to do when never stored
    }
    OutboxThread outbox;
    QVERIFY(outbox.open(diskConfig()));
    QCOMPARE(outbox.pendingMessages(), 1);
    const OutboxThread::Accepted next = outbox.enqueue({makeIntake(QStringLiteral("next"), 1)});
    QCOMPARE(next.deliveries.first().id, highest + 1);
    outbox.waitForWrites();
    QCOMPARE(storedPending(outbox).size(), 2);
}

// A group whose deliveries all succeeded while it waited is committed at
// once, with nothing written; until then it waits for the store delay.
void TestOutboxThread::deliveredGroupIsCommittedWithoutWriting()
{
    OutboxThread outbox;
    outbox.setStoreDelay(60s);
    QVERIFY(outbox.open(diskConfig()));
    QSignalSpy committed(&outbox, &OutboxThread::committed);
    const OutboxThread::Accepted accepted =
        outbox.enqueue({makeIntake(QStringLiteral("a"), 2), makeIntake(QStringLiteral("b"), 1)});
    QCOMPARE(accepted.deliveries.size(), 3);
    QVERIFY(outbox.finishUnstored(accepted.deliveries.at(0).id));
    QVERIFY(outbox.finishUnstored(accepted.deliveries.at(1).id));
    QVERIFY(outbox.finishUnstored(accepted.deliveries.at(1).id)); // twice: no harm
    QTest::qWait(100);
    QVERIFY(committed.isEmpty()); // "b" is not delivered yet
    QCOMPARE(outbox.uncommittedMessages(), 2);

    QVERIFY(outbox.finishUnstored(accepted.deliveries.at(2).id));
    QTRY_COMPARE(committed.size(), 1);
    QCOMPARE(committed.at(0).at(0).toULongLong(), accepted.ticket);
    QCOMPARE(outbox.uncommittedMessages(), 0);
    QCOMPARE(outbox.pendingMessages(), 0);
    QVERIFY(!outbox.finishUnstored(accepted.deliveries.at(0).id)); // taken
    QCOMPARE(storedPending(outbox).size(), 0);
    QCOMPARE(outbox.call([](Outbox &store) {
        return store.nextIds().deliveryId; // the ids stay used
    }),
             accepted.deliveries.last().id + 1);
}

// What is not delivered within the store delay is stored then; what was
// delivered is not.
void TestOutboxThread::undeliveredPartIsStoredAfterTheDelay()
{
    OutboxThread outbox;
    outbox.setStoreDelay(200ms);
    QVERIFY(outbox.open(diskConfig()));
    QSignalSpy committed(&outbox, &OutboxThread::committed);
    const OutboxThread::Accepted accepted =
        outbox.enqueue({makeIntake(QStringLiteral("a"), 1), makeIntake(QStringLiteral("b"), 1)});
    QVERIFY(outbox.finishUnstored(accepted.deliveries.at(0).id));
    QTRY_COMPARE(committed.size(), 1);
    QCOMPARE(outbox.pendingMessages(), 1);
    const QList<QueuedDelivery> pending = storedPending(outbox);
    QCOMPARE(idsOf(pending), QList<qint64>{accepted.deliveries.at(1).id});

    // Delivered after it was stored: written as an outcome.
    QVERIFY(!outbox.finishUnstored(accepted.deliveries.at(1).id));
    outbox.markSucceeded({accepted.deliveries.at(1).id});
    outbox.waitForWrites();
    QCOMPARE(outbox.pendingMessages(), 0);
}

// Once a group's deliveries come too late, the next groups are stored
// without waiting; a delivery in time again makes them wait again.
void TestOutboxThread::lateDeliveriesStopTheWaiting()
{
    OutboxThread outbox;
    outbox.setStoreDelay(100ms);
    QVERIFY(outbox.open(diskConfig()));
    QSignalSpy committed(&outbox, &OutboxThread::committed);
    const OutboxThread::Accepted late = outbox.enqueue({makeIntake(QStringLiteral("late"), 1)});
    QTRY_COMPARE(committed.size(), 1); // stored after 100 ms

    // A delay that would outlast the test: a group that waited could not be
    // committed within QTRY's 5 s.
    outbox.setStoreDelay(60s);
    const OutboxThread::Accepted next = outbox.enqueue({makeIntake(QStringLiteral("next"), 1)});
    QTRY_COMPARE(committed.size(), 2);
    QCOMPARE(committed.at(1).at(0).toULongLong(), next.ticket);
    QCOMPARE(outbox.pendingMessages(), 2);

    // "next" delivered within the delay: groups wait for their deliveries again.
    QVERIFY(!outbox.finishUnstored(next.deliveries.at(0).id));
    outbox.markSucceeded({late.deliveries.at(0).id, next.deliveries.at(0).id});
    const OutboxThread::Accepted held = outbox.enqueue({makeIntake(QStringLiteral("held"), 1)});
    QTest::qWait(200);
    QCOMPARE(committed.size(), 2);
    QVERIFY(outbox.finishUnstored(held.deliveries.at(0).id));
    QTRY_COMPARE(committed.size(), 3);
    outbox.waitForWrites();
    QCOMPARE(outbox.pendingMessages(), 0);
}

// A slice read without blocking sees everything given before it, and waits
// while a group cannot be stored.
void TestOutboxThread::readPendingFollowsWrites()
{
    const QString route = QStringLiteral("client-1/app");
    const QString target = QStringLiteral("http://127.0.0.1:8080/hook0");
    OutboxThread outbox;
    outbox.setRetryInterval(50ms);
    outbox.setStoreDelay(0ms);
    QVERIFY(outbox.open(diskConfig()));
    struct Read
    {
        quint64 request = 0;
        QList<qint64> ids;
        QString error;
    };
    QList<Read> reads;
    connect(&outbox, &OutboxThread::pendingRead, this,
            [&reads](quint64 request, const QList<QueuedDelivery> &slice, const QString &error) {
                reads.append({request, idsOf(slice), error});
            });

    const OutboxThread::Accepted first =
        outbox.enqueue({makeIntake(QStringLiteral("a"), 1), makeIntake(QStringLiteral("b"), 1),
                        makeIntake(QStringLiteral("c"), 1)});
    const QList<qint64> ids = idsOf(first.deliveries);
    outbox.markSucceeded({ids.at(0)});
    const quint64 all = outbox.readPending(route, target, 0, 10);
    const quint64 after = outbox.readPending(route, target, ids.at(1), 10);
    const quint64 limited = outbox.readPending(route, target, 0, 1);
    QVERIFY(all != 0 && after != all && limited != after);
    QTRY_COMPARE(reads.size(), 3);
    QCOMPARE(reads.at(0).request, all);
    QCOMPARE(reads.at(0).ids, ids.mid(1));
    QVERIFY(reads.at(0).error.isEmpty());
    QCOMPARE(reads.at(1).request, after);
    QCOMPARE(reads.at(1).ids, ids.mid(2));
    QCOMPARE(reads.at(2).request, limited);
    QCOMPARE(reads.at(2).ids, ids.mid(1, 1));

    QVERIFY(fillDisk(outbox, true));
    QList<Intake> big;
    for (int i = 0; i < 50; ++i)
        big.append(makeIntake(QStringLiteral("big%1").arg(i), 1, QByteArray(8192, 'b')));
    const OutboxThread::Accepted held = outbox.enqueue(big);
    const quint64 waiting = outbox.readPending(route, target, ids.at(2), 100);
    QTRY_VERIFY(outbox.isStoreFailing());
    QTest::qWait(150);
    QCOMPARE(reads.size(), 3); // what it would read is not written yet

    QVERIFY(fillDisk(outbox, false));
    QTRY_COMPARE(reads.size(), 4);
    QCOMPARE(reads.at(3).request, waiting);
    QCOMPARE(reads.at(3).ids, idsOf(held.deliveries));
    QVERIFY(reads.at(3).error.isEmpty());
}

// A group that cannot be stored holds every write after it; the thread tries
// again and, once it works, stores and writes everything in order.
void TestOutboxThread::storeFailureHoldsLaterWritesUntilItRecovers()
{
    OutboxThread outbox;
    outbox.setRetryInterval(50ms);
    QVERIFY(outbox.open(diskConfig()));
    const OutboxThread::Accepted first = outbox.enqueue({makeIntake(QStringLiteral("first"), 1)});
    QCOMPARE(outbox.waitForWrites(), first.ticket);

    QSignalSpy failed(&outbox, &OutboxThread::storeFailed);
    QSignalSpy recovered(&outbox, &OutboxThread::storeRecovered);
    QVERIFY(fillDisk(outbox, true));
    QList<Intake> big;
    for (int i = 0; i < 50; ++i)
        big.append(makeIntake(QStringLiteral("big%1").arg(i), 1, QByteArray(8192, 'b')));
    const OutboxThread::Accepted held = outbox.enqueue(big);
    QCOMPARE(held.deliveries.size(), 50);
    // Delivered before it could be stored: written once the group is.
    outbox.markSucceeded(idsOf(held.deliveries.mid(0, 10)));
    outbox.markSucceeded(idsOf(first.deliveries));

    QCOMPARE(outbox.waitForWrites(), first.ticket);
    QVERIFY(outbox.isStoreFailing());
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("SQLITE_FULL")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(outbox.uncommittedMessages(), 50);
    QCOMPARE(outbox.pendingMessages(), 1); // the outcome for "first" waits too
    QVERIFY(!outbox.pendingRanges());      // what it would read is not all written
    QVERIFY(!outbox.loadPending(QStringLiteral("client-1/app"),
                                QStringLiteral("http://127.0.0.1:8080/hook0"), 0, 100));

    // Still failing after a few tries: one storeFailed() only.
    QTest::qWait(200);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(outbox.waitForWrites(), first.ticket);

    QVERIFY(fillDisk(outbox, false));
    QTRY_COMPARE(recovered.size(), 1);
    QCOMPARE(outbox.waitForWrites(), held.ticket);
    QVERIFY(!outbox.isStoreFailing());
    QCOMPARE(outbox.uncommittedMessages(), 0);
    QCOMPARE(outbox.pendingMessages(), 40);
    const std::optional<QList<PendingRange>> read = outbox.pendingRanges();
    QVERIFY(read);
    const QList<PendingRange> &ranges = *read;
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.at(0).firstId, held.deliveries.at(10).id);
    QCOMPARE(ranges.at(0).count, 40);
}

// close() writes what still waits, so a restart finds it.
void TestOutboxThread::closeWritesWhatWaits()
{
    QList<QueuedDelivery> handedOut;
    {
        OutboxThread outbox;
        QVERIFY(outbox.open(diskConfig()));
        for (int i = 0; i < 100; ++i)
            handedOut.append(
                outbox.enqueue({makeIntake(QStringLiteral("m%1").arg(i), 1)}).deliveries);
        outbox.markSucceeded({handedOut.first().id});
        outbox.close();
        QVERIFY(!outbox.isOpen());
    }
    handedOut.removeFirst();
    OutboxThread reopened;
    QVERIFY(reopened.open(diskConfig()));
    QCOMPARE(reopened.pendingMessages(), 99);
    QCOMPARE(idsOf(storedPending(reopened)), idsOf(handedOut));
}

// A dead letter retried while the service runs, taken up as the bridge takes
// it up, leaves intake working: later groups are stored and committed.
void TestOutboxThread::intakeGoesOnAfterARetriedDeadLetter()
{
    OutboxThread outbox;
    outbox.setStoreDelay(0ms);
    QVERIFY(outbox.open(diskConfig()));
    const OutboxThread::Accepted dead = outbox.enqueue({makeIntake(QStringLiteral("dead"), 1)});
    const OutboxThread::Accepted done = outbox.enqueue({makeIntake(QStringLiteral("done"), 1)});
    QCOMPARE(outbox.waitForWrites(), done.ticket);
    outbox.markDead({{dead.deliveries.at(0).id, QStringLiteral("HTTP 500"), {}}});
    outbox.markSucceeded(idsOf(done.deliveries)); // its message is gone from the file
    QSignalSpy requeued(&outbox, &OutboxThread::requeued);
    QVERIFY(outbox.call(
        [&](Outbox &store) { return store.deadLetters().retry(dead.deliveries.at(0).id); }));
    QTRY_VERIFY(!requeued.isEmpty());
    const std::optional<QList<PendingRange>> ranges = outbox.takeRequeuedRanges();
    QVERIFY(ranges);
    QCOMPARE(ranges->size(), 1);

    const OutboxThread::Accepted later = outbox.enqueue({makeIntake(QStringLiteral("later"), 1)});
    QCOMPARE(outbox.waitForWrites(), later.ticket);
    QVERIFY2(!outbox.isStoreFailing(), qPrintable(outbox.errorString()));
    QCOMPARE(outbox.pendingMessages(), 2);
}

// A second service on the same folder is refused, naming the folder and the
// process that has it; the dead-letters command (Outbox itself) is not.
void TestOutboxThread::oneServicePerQueueFolder()
{
    OutboxThread first;
    QVERIFY(first.open(diskConfig()));
    OutboxThread second;
    QVERIFY(!second.open(diskConfig()));
    QString error = second.errorString();
    QVERIFY2(error.contains(QDir::toNativeSeparators(m_dir->path())), qPrintable(error));
    QVERIFY2(error.contains(QString::number(QCoreApplication::applicationPid())),
             qPrintable(error));
    QVERIFY(!second.isOpen());

    Outbox deadLetters;
    QVERIFY(deadLetters.open(diskConfig()));
    deadLetters.close();

    first.close();
    QVERIFY2(second.open(diskConfig()), qPrintable(second.errorString()));
    // Memory queues share no folder.
    QueueConfig memory = diskConfig();
    memory.mode = QueueMode::Memory;
    OutboxThread inMemory;
    QVERIFY(inMemory.open(memory));
}

QTEST_GUILESS_MAIN(TestOutboxThread)
#include "tst_outboxthread.moc"
