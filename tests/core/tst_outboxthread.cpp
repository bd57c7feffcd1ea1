#include "delivery/outboxthread.h"
#include "outboxhelpers.h"
#include "outboxsamples.h"

#include <QDir>
#include <QHash>
#include <QScopeGuard>
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

// Dead letters made the way the service makes them: `count` messages to one
// address, each dead after `count` failed attempts. Their ids, in order.
QList<qint64> addDeadLetters(OutboxThread &outbox, int count, const QDateTime &at)
{
    QList<Intake> items;
    for (int i = 0; i < count; ++i)
        items.append(makeIntake(QStringLiteral("dead%1").arg(i), 1));
    const OutboxThread::Accepted accepted = outbox.enqueue(items);
    QList<AttemptRecord> history;
    for (int attempt = 1; attempt <= count; ++attempt)
        history.append(failedAttempt(attempt, at.addSecs(attempt)));
    QList<DeadUpdate> dead;
    for (const QueuedDelivery &delivery : accepted.deliveries)
        dead.append({delivery.id, QStringLiteral("HTTP 503 every time"), history});
    outbox.markDead(dead);
    outbox.waitForWrites();
    return idsOf(accepted.deliveries);
}

// What one signal of the dead-letter requests brought, by request number.
template<typename T>
class Replies
{
public:
    Replies(OutboxThread &outbox, void (OutboxThread::*signal)(quint64, const QueueResult<T> &))
    {
        QObject::connect(&outbox, signal, &m_context,
                         [this](quint64 request, const QueueResult<T> &result) {
                             m_results.insert(request, result);
                         });
    }
    // Waits for the result of `request`.
    std::optional<QueueResult<T>> take(quint64 request)
    {
        if (request == 0 || !QTest::qWaitFor([&] { return m_results.contains(request); }))
            return std::nullopt;
        return m_results.take(request);
    }
    qsizetype count() const { return m_results.size(); }

private:
    QObject m_context;
    QHash<quint64, QueueResult<T>> m_results;
};

} // namespace

class tst_OutboxThread : public QObject
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
    void deadLettersPageByPage();
    void unknownDeadLetterIds();
    void retriedDeadLetterIsPendingAgain();
    void deadLetterRequestsFromAnotherThread();
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

void tst_OutboxThread::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

// The ids handed out before the commit are the ones in the file, and
// committed() comes once per group, in order.
void tst_OutboxThread::deliveriesMatchWhatIsStored()
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
void tst_OutboxThread::outcomesFollowTheirGroup()
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

void tst_OutboxThread::idsAreNeverReused_data()
{
    QTest::addColumn<bool>("stored");
    QTest::newRow("stored, then delivered") << true;
    QTest::newRow("delivered before it was stored") << false;
}

// Delivery ids start above every id ever used, even when the newest
// deliveries were delivered and removed before a restart, or never stored.
void tst_OutboxThread::idsAreNeverReused()
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
void tst_OutboxThread::deliveredGroupIsCommittedWithoutWriting()
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
void tst_OutboxThread::undeliveredPartIsStoredAfterTheDelay()
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
void tst_OutboxThread::lateDeliveriesStopTheWaiting()
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
void tst_OutboxThread::readPendingFollowsWrites()
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
void tst_OutboxThread::storeFailureHoldsLaterWritesUntilItRecovers()
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
void tst_OutboxThread::closeWritesWhatWaits()
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
void tst_OutboxThread::intakeGoesOnAfterARetriedDeadLetter()
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

// The running service's dead letters, a page at a time: each in full, in
// id order, with how many there are, and the same when read by id.
void tst_OutboxThread::deadLettersPageByPage()
{
    OutboxThread outbox;
    QVERIFY(outbox.open(diskConfig()));
    const QDateTime at(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    const QList<qint64> dead = addDeadLetters(outbox, 5, at);
    // A pending one after them is no dead letter.
    const OutboxThread::Accepted pending = outbox.enqueue({makeIntake(QStringLiteral("p"), 1)});
    outbox.waitForWrites();
    Replies<DeadLetterPage> pages(outbox, &OutboxThread::deadLettersRead);
    Replies<DeadLetter> letters(outbox, &OutboxThread::deadLetterRead);

    QList<qint64> read;
    qint64 after = 0;
    for (int page = 0; page < 5; ++page) {
        const std::optional<QueueResult<DeadLetterPage>> result =
            pages.take(outbox.readDeadLetters(after, 2));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->error.message()));
        QCOMPARE(result->value.total, 5);
        QVERIFY(result->value.letters.size() <= 2);
        if (result->value.letters.isEmpty())
            break;
        for (const DeadLetter &letter : result->value.letters) {
            read.append(letter.id);
            QCOMPARE(letter.message.id, QStringLiteral("dead%1").arg(read.size() - 1));
            QCOMPARE(letter.message.topic, QStringLiteral("sensors/") + letter.message.id);
            QCOMPARE(letter.message.clientId, QStringLiteral("client-1"));
            QCOMPARE(letter.message.qos, 1);
            QCOMPARE(letter.message.payload, QByteArray(200, 'x'));
            QCOMPARE(letter.message.receivedAt, makeMessage(letter.message.id).receivedAt);
            QCOMPARE(letter.route, QStringLiteral("client-1/app"));
            QCOMPARE(letter.target, QStringLiteral("http://127.0.0.1:8080/hook0"));
            QCOMPARE(letter.reason, QStringLiteral("HTTP 503 every time"));
            QCOMPARE(letter.history.size(), 5);
            QCOMPARE(letter.history.at(4).attempt, failedAttempt(5, at.addSecs(5)));
        }
        after = result->value.letters.constLast().id;
    }
    QCOMPARE(read, dead);

    const std::optional<QueueResult<DeadLetter>> one =
        letters.take(outbox.readDeadLetter(dead.at(3)));
    QVERIFY(one && one->ok());
    QCOMPARE(one->value.id, dead.at(3));
    QCOMPARE(one->value.message.id, QStringLiteral("dead3"));
    QCOMPARE(one->value.history.size(), 5);
    QCOMPARE(one->value.history.at(0).attempt, failedAttempt(1, at.addSecs(1)));
    QCOMPARE(one->value.history.at(0).run, 1);
    QCOMPARE(outbox.pendingMessages(), 1);
    QCOMPARE(pending.deliveries.size(), 1);
}

// An id that names no dead letter (never used, pending, or already retried)
// comes back as NotFound from every request that takes one, and changes nothing.
void tst_OutboxThread::unknownDeadLetterIds()
{
    OutboxThread outbox;
    QVERIFY(outbox.open(diskConfig()));
    const QList<qint64> dead = addDeadLetters(outbox, 1, QDateTime::currentDateTimeUtc());
    const OutboxThread::Accepted pending = outbox.enqueue({makeIntake(QStringLiteral("p"), 1)});
    outbox.waitForWrites();
    Replies<DeadLetter> letters(outbox, &OutboxThread::deadLetterRead);
    Replies<qint64> changes(outbox, &OutboxThread::deadLettersChanged);
    QSignalSpy requeued(&outbox, &OutboxThread::requeued);

    for (const qint64 id : {dead.at(0) + 1000, pending.deliveries.at(0).id, qint64(0)}) {
        const std::optional<QueueResult<DeadLetter>> read = letters.take(outbox.readDeadLetter(id));
        QVERIFY(read);
        QCOMPARE(read->error.code(), QueueError::Code::NotFound);
        QVERIFY2(read->error.message().contains(QString::number(id)),
                 qPrintable(read->error.message()));
        for (const quint64 request : {outbox.retryDeadLetter(id), outbox.removeDeadLetter(id)}) {
            const std::optional<QueueResult<qint64>> changed = changes.take(request);
            QVERIFY(changed);
            QVERIFY(!changed->ok());
            QCOMPARE(changed->error.code(), QueueError::Code::NotFound);
        }
    }
    // requeued() would have come before the answers: nothing went back to pending.
    QVERIFY(requeued.isEmpty());
    QCOMPARE(outbox.pendingMessages(), 1);
    QVERIFY(changes.take(outbox.retryDeadLetter(dead.at(0))).value().ok());
    const std::optional<QueueResult<qint64>> twice =
        changes.take(outbox.retryDeadLetter(dead.at(0)));
    QCOMPARE(twice.value().error.code(), QueueError::Code::NotFound); // pending now
    QTRY_VERIFY(!requeued.isEmpty());
    QVERIFY(!outbox.isStoreFailing());
    QCOMPARE(outbox.call([](Outbox &store) { return deadLetterCount(store); }), 0);
}

// A dead letter retried through the service goes back to pending: requeued()
// comes, the ranges name it, and its window reads it again, attempts from 1.
// Retrying all and deleting one work the same way.
void tst_OutboxThread::retriedDeadLetterIsPendingAgain()
{
    OutboxThread outbox;
    QVERIFY(outbox.open(diskConfig()));
    const QList<qint64> dead = addDeadLetters(outbox, 4, QDateTime::currentDateTimeUtc());
    QCOMPARE(outbox.pendingMessages(), 0);
    Replies<qint64> changes(outbox, &OutboxThread::deadLettersChanged);
    QSignalSpy requeued(&outbox, &OutboxThread::requeued);

    const std::optional<QueueResult<qint64>> retried =
        changes.take(outbox.retryDeadLetter(dead.at(2)));
    QVERIFY(retried);
    QVERIFY2(retried->ok(), qPrintable(retried->error.message()));
    QCOMPARE(retried->value, 1);
    QTRY_VERIFY(!requeued.isEmpty());
    const std::optional<QList<PendingRange>> ranges = outbox.takeRequeuedRanges();
    QVERIFY(ranges);
    QCOMPARE(ranges->size(), 1);
    QCOMPARE(ranges->at(0).firstId, dead.at(2));
    QCOMPARE(ranges->at(0).count, 1);
    const std::optional<QList<QueuedDelivery>> again = outbox.loadPending(
        ranges->at(0).route, ranges->at(0).target, ranges->at(0).firstId - 1, 10);
    QVERIFY(again);
    QCOMPARE(idsOf(*again), QList<qint64>{dead.at(2)});
    QCOMPARE(again->at(0).attemptsMade, 0);
    QVERIFY(again->at(0).history.isEmpty());
    QCOMPARE(again->at(0).message.id, QStringLiteral("dead2"));
    QCOMPARE(outbox.pendingMessages(), 1);

    const std::optional<QueueResult<qint64>> removed =
        changes.take(outbox.removeDeadLetter(dead.at(0)));
    QVERIFY(removed && removed->ok());
    QCOMPARE(removed->value, 1);
    const std::optional<QueueResult<qint64>> all = changes.take(outbox.retryAllDeadLetters());
    QVERIFY(all && all->ok());
    QCOMPARE(all->value, 2); // dead1 and dead3
    // Noted before the answer came: taken at once.
    const std::optional<QList<PendingRange>> more = outbox.takeRequeuedRanges();
    QVERIFY(more);
    QCOMPARE(more->size(), 1);
    QCOMPARE(more->at(0).firstId, dead.at(1));
    QCOMPARE(more->at(0).count, 2);
    QCOMPARE(outbox.pendingMessages(), 3);
    QCOMPARE(idsOf(outbox
                       .loadPending(QStringLiteral("client-1/app"),
                                    QStringLiteral("http://127.0.0.1:8080/hook0"), 0, 10)
                       .value()),
             (QList<qint64>{dead.at(1), dead.at(2), dead.at(3)}));
}

// Requests given on another thread are answered on that thread, also while
// the outbox cannot store (they wait for no write).
void tst_OutboxThread::deadLetterRequestsFromAnotherThread()
{
    OutboxThread outbox;
    outbox.setRetryInterval(50ms);
    QVERIFY(outbox.open(diskConfig()));
    const QList<qint64> dead = addDeadLetters(outbox, 3, QDateTime::currentDateTimeUtc());
    QVERIFY(fillDisk(outbox, true));
    QList<Intake> big;
    for (int i = 0; i < 50; ++i)
        big.append(makeIntake(QStringLiteral("big%1").arg(i), 1, QByteArray(8192, 'b')));
    outbox.enqueue(big);
    QTRY_VERIFY(outbox.isStoreFailing());

    struct Answer
    {
        quint64 request = 0;
        qint64 total = -1;
        QThread *thread = nullptr;
    };
    QMutex mutex;
    QList<Answer> answers;
    quint64 asked = 0;
    QThread caller;
    auto *receiver = new QObject; // lives on `caller`, which deletes it when it ends
    receiver->moveToThread(&caller);
    connect(&caller, &QThread::finished, receiver, &QObject::deleteLater);
    caller.start();
    const auto stop = qScopeGuard([&caller] {
        caller.quit();
        caller.wait();
    });
    QMetaObject::invokeMethod(
        receiver,
        [&] {
            QObject::connect(&outbox, &OutboxThread::deadLettersRead, receiver,
                             [&](quint64 request, const QueueResult<DeadLetterPage> &result) {
                                 const QMutexLocker locker(&mutex);
                                 answers.append({request, result.ok() ? result.value.total : -1,
                                                 QThread::currentThread()});
                             });
            asked = outbox.readDeadLetters(0, 10);
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(asked != 0);
    QTRY_VERIFY([&] {
        const QMutexLocker locker(&mutex);
        return !answers.isEmpty();
    }());
    {
        const QMutexLocker locker(&mutex);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.at(0).request, asked);
        QCOMPARE(answers.at(0).total, dead.size());
        QCOMPARE(answers.at(0).thread, &caller);
    }
    QVERIFY(outbox.isStoreFailing()); // still: the answer did not wait for the store
    QVERIFY(fillDisk(outbox, false));
    QTRY_VERIFY(!outbox.isStoreFailing());
}

// A second service on the same folder is refused, naming the folder and the
// process that has it; the dead-letters command (Outbox itself) is not.
void tst_OutboxThread::oneServicePerQueueFolder()
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

QTEST_GUILESS_MAIN(tst_OutboxThread)
#include "tst_outboxthread.moc"
