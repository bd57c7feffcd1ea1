#include "delivery/deadletterstore.h"
#include "delivery/outbox.h"
#include "delivery/queuedatabase.h"
#include "outboxhelpers.h"
#include "outboxsamples.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;

class tst_DeadLetterStore : public QObject, private QueueFixture
{
    Q_OBJECT

private slots:
    void init();
    void deadLetterKeepsMessageAndHistory();
    void retryDeadLetter();
    void retryAllAndPurge();
    void pagesInIdOrder();
    void unknownIdsAreNotFound_data();
    void unknownIdsAreNotFound();
    void removeDeletesOneDeadLetter();
    void anotherConnectionSeesTheSame();
    void closedQueue();

private:
    // Five messages to one address, each delivery dead after `n` attempts
    // (n = 1..5), every second one retried once and dead again; and one
    // pending delivery between them. The dead ones' ids, in order.
    QList<qint64> addDeadLetters(Outbox &outbox);
};

void tst_DeadLetterStore::init()
{
    QVERIFY(resetQueue());
}

void tst_DeadLetterStore::deadLetterKeepsMessageAndHistory()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const EnqueueResult result = enqueue(outbox, {makeIntake(QStringLiteral("m1"), 2)});
    QVERIFY(result.ok);
    const qint64 dead = result.deliveries.at(0).id;
    const qint64 alive = result.deliveries.at(1).id;
    const QList<AttemptRecord> history = {failedAttempt(1, m_now),
                                          failedAttempt(2, m_now.addSecs(2))};
    QVERIFY(outbox.recordAttempts({{dead, history.at(0), m_now.addSecs(2)}}));
    m_now = m_now.addSecs(5);
    QVERIFY(
        outbox.markDead({{dead, QStringLiteral("gave up after 2 attempts: HTTP 503"), history}}));
    QVERIFY(outbox.markSucceeded({alive}));

    QCOMPARE(outbox.pendingMessages(), 0);
    QVERIFY(loadPending(outbox).isEmpty());
    QCOMPARE(deadLetterCount(outbox), 1);
    QCOMPARE(rowCount(QStringLiteral("messages")), 1);

    const QList<DeadLetterSummary> letters = outbox.deadLetters().list().value();
    QCOMPARE(letters.size(), 1);
    QCOMPARE(letters.at(0).id, dead);
    QCOMPARE(letters.at(0).messageId, QStringLiteral("m1"));
    QCOMPARE(letters.at(0).topic, QStringLiteral("sensors/m1"));
    QCOMPARE(letters.at(0).target, QStringLiteral("http://127.0.0.1:8080/hook0"));
    QCOMPARE(letters.at(0).attempts, 2);
    QCOMPARE(letters.at(0).lastError, QStringLiteral("gave up after 2 attempts: HTTP 503"));
    QCOMPARE(letters.at(0).deadAt, m_now);

    const std::optional<DeadLetter> letter = outbox.deadLetters().find(dead);
    QVERIFY(letter);
    QCOMPARE(letter->message, makeMessage(QStringLiteral("m1")));
    QCOMPARE(letter->history.size(), 2);
    QCOMPARE(letter->history.at(0).attempt, history.at(0));
    QCOMPARE(letter->history.at(1).attempt, history.at(1));
    QCOMPARE(letter->history.at(1).run, 1);
    QVERIFY(!outbox.deadLetters().find(alive));
}

void tst_DeadLetterStore::retryDeadLetter()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const EnqueueResult result = enqueue(outbox, {makeIntake(QStringLiteral("m1"), 1)});
    const qint64 id = result.deliveries.at(0).id;
    QVERIFY(outbox.markDead({{id, QStringLiteral("HTTP 404"), {failedAttempt(1, m_now, 404)}}}));
    QCOMPARE(outbox.pendingMessages(), 0);

    QSignalSpy requeued(&outbox, &Outbox::requeued);
    m_now = m_now.addSecs(60);
    QVERIFY(!outbox.deadLetters().retry(id + 1));
    QVERIFY(outbox.deadLetters().retry(id));
    QVERIFY(requeued.count() >= 1);
    QVERIFY(!outbox.deadLetters().retry(id)); // pending now, no longer a dead letter
    QCOMPARE(deadLetterCount(outbox), 0);

    const QList<PendingRange> ranges = outbox.takeRequeuedRanges().value();
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.at(0).firstId, id);
    QCOMPARE(ranges.at(0).count, 1);
    const QList<QueuedDelivery> again =
        outbox.loadPending(ranges.at(0).route, ranges.at(0).target, id - 1, 10).value();
    QCOMPARE(idsOf(again), QList<qint64>{id});
    QCOMPARE(again.at(0).attemptsMade, 0);
    QCOMPARE(again.at(0).notBefore, m_now);
    QVERIFY(again.at(0).history.isEmpty());
    QCOMPARE(again.at(0).message, makeMessage(QStringLiteral("m1")));
    QCOMPARE(outbox.pendingMessages(), 1);
    QVERIFY(outbox.takeRequeuedRanges().value().isEmpty());

    // Dead again: both runs stay in the history.
    QVERIFY(outbox.markDead({{id, QStringLiteral("HTTP 404"), {failedAttempt(1, m_now, 404)}}}));
    const std::optional<DeadLetter> letter = outbox.deadLetters().find(id);
    QVERIFY(letter);
    QCOMPARE(letter->history.size(), 2);
    QCOMPARE(letter->history.at(0).run, 1);
    QCOMPARE(letter->history.at(1).run, 2);
    QCOMPARE(letter->history.at(1).attempt.startedAt, m_now);
}

void tst_DeadLetterStore::retryAllAndPurge()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const EnqueueResult result =
        enqueue(outbox, {makeIntake(QStringLiteral("m1"), 2), makeIntake(QStringLiteral("m2"), 1)});
    const QList<qint64> ids = idsOf(result.deliveries);
    QVERIFY(outbox.markDead(
        {{ids.at(0), QStringLiteral("timeout"), {}}, {ids.at(2), QStringLiteral("timeout"), {}}}));
    QCOMPARE(deadLetterCount(outbox), 2);
    QCOMPARE(outbox.pendingMessages(), 1); // m1 still has a pending delivery

    QCOMPARE(outbox.deadLetters().retryAll().value(), 2);
    // Both first deliveries went to the same address: one range.
    const QList<PendingRange> ranges = outbox.takeRequeuedRanges().value();
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.at(0).firstId, ids.at(0));
    QCOMPARE(ranges.at(0).count, 2);
    QCOMPARE(
        idsOf(
            outbox.loadPending(ranges.at(0).route, ranges.at(0).target, ids.at(0) - 1, 10).value()),
        (QList<qint64>{ids.at(0), ids.at(2)}));
    QCOMPARE(outbox.pendingMessages(), 2);
    QCOMPARE(outbox.deadLetters().retryAll().value(), 0);

    QVERIFY(outbox.markDead(
        {{ids.at(0), QStringLiteral("timeout"), {}}, {ids.at(2), QStringLiteral("timeout"), {}}}));
    QCOMPARE(outbox.deadLetters().purge().value(), 2);
    QCOMPARE(deadLetterCount(outbox), 0);
    QCOMPARE(outbox.deadLetters().purge().value(), 0);
    // m2 had only the purged delivery; m1 stays for its pending one.
    QCOMPARE(rowCount(QStringLiteral("messages")), 1);
    QCOMPARE(idsOf(loadPending(outbox)), QList<qint64>{ids.at(1)});
}

QList<qint64> tst_DeadLetterStore::addDeadLetters(Outbox &outbox)
{
    QList<Intake> items;
    for (int i = 1; i <= 6; ++i)
        items.append(makeIntake(QStringLiteral("m%1").arg(i), 1, QByteArray(10 * i, 'p')));
    const QList<qint64> ids = idsOf(enqueue(outbox, items).deliveries);
    QList<qint64> dead = ids;
    dead.removeAt(3); // m4 stays pending
    for (int n = 1; n <= dead.size(); ++n) {
        QList<AttemptRecord> history;
        for (int attempt = 1; attempt <= n; ++attempt)
            history.append(failedAttempt(attempt, m_now.addSecs(attempt)));
        if (!outbox.markDead({{dead.at(n - 1), QStringLiteral("dead after %1").arg(n), history}}))
            return {};
    }
    for (qsizetype i = 1; i < dead.size(); i += 2) {
        if (!outbox.deadLetters().retry(dead.at(i)) ||
            !outbox.markDead(
                {{dead.at(i), QStringLiteral("dead again"), {failedAttempt(1, m_now)}}}))
            return {};
    }
    return dead;
}

// A page holds the dead letters above the id given, in id order, in full;
// pending deliveries are not among them, and the total counts them all.
void tst_DeadLetterStore::pagesInIdOrder()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const QList<qint64> dead = addDeadLetters(outbox);
    QCOMPARE(dead.size(), 5);
    DeadLetterStore &store = outbox.deadLetters();

    QList<DeadLetter> read;
    qint64 after = 0;
    for (int pages = 0; pages < 10; ++pages) {
        const std::optional<DeadLetterPage> page = store.page(after, 2);
        QVERIFY2(page, qPrintable(store.errorString()));
        QCOMPARE(page->total, 5);
        QVERIFY(page->letters.size() <= 2);
        if (page->letters.isEmpty())
            break;
        read += page->letters;
        after = page->letters.constLast().id;
    }
    QCOMPARE(read.size(), 5);
    for (qsizetype i = 0; i < read.size(); ++i) {
        const DeadLetter &letter = read.at(i);
        const int n = int(i) + 1; // attempts in its first run
        const bool again = i % 2 == 1;
        QCOMPARE(letter.id, dead.at(i));
        const QString messageId = QStringLiteral("m%1").arg(n < 4 ? n : n + 1);
        QCOMPARE(letter.message, makeMessage(messageId, QByteArray(10 * (n < 4 ? n : n + 1), 'p')));
        QCOMPARE(letter.route, QStringLiteral("client-1/app"));
        QCOMPARE(letter.target, QStringLiteral("http://127.0.0.1:8080/hook0"));
        QCOMPARE(letter.reason,
                 again ? QStringLiteral("dead again") : QStringLiteral("dead after %1").arg(n));
        QCOMPARE(letter.attempts, again ? 1 : n);
        QCOMPARE(letter.deadAt, m_now);
        // Every attempt of every run, run by run.
        QCOMPARE(letter.history.size(), n + (again ? 1 : 0));
        for (int attempt = 1; attempt <= n; ++attempt) {
            QCOMPARE(letter.history.at(attempt - 1).run, 1);
            QCOMPARE(letter.history.at(attempt - 1).attempt,
                     failedAttempt(attempt, m_now.addSecs(attempt)));
        }
        if (again) {
            QCOMPARE(letter.history.constLast().run, 2);
            QCOMPARE(letter.history.constLast().attempt, failedAttempt(1, m_now));
        }
        // The page's letter is the one find() reads.
        const std::optional<DeadLetter> found = store.find(letter.id);
        QVERIFY(found);
        QCOMPARE(found->history, letter.history);
        QCOMPARE(found->message, letter.message);
    }
    // A page can start anywhere, also between dead letters.
    const std::optional<DeadLetterPage> middle = store.page(dead.at(2) + 1, 10);
    QVERIFY(middle);
    QCOMPARE(middle->letters.size(), 2);
    QCOMPARE(middle->letters.constFirst().id, dead.at(3));
    QCOMPARE(store.page(0, 0)->letters.size(), 0);
    QCOMPARE(store.page(0, 0)->total, 5);
}

void tst_DeadLetterStore::unknownIdsAreNotFound_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("never handed out") << 0;
    QTest::newRow("a pending delivery") << 1;
    QTest::newRow("delivered and gone") << 2;
    QTest::newRow("zero") << 3;
    QTest::newRow("negative") << 4;
}

// An id that names no dead letter: find(), retry() and remove() say NotFound,
// naming it, and change nothing; the next call that works says NoError.
void tst_DeadLetterStore::unknownIdsAreNotFound()
{
    QFETCH(int, which);
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const QList<qint64> ids = idsOf(enqueue(outbox, {makeIntake(QStringLiteral("dead"), 1),
                                                     makeIntake(QStringLiteral("pending"), 1),
                                                     makeIntake(QStringLiteral("done"), 1)})
                                        .deliveries);
    QVERIFY(outbox.markDead({{ids.at(0), QStringLiteral("HTTP 400"), {}}}));
    QVERIFY(outbox.markSucceeded({ids.at(2)}));
    const qint64 id = QList<qint64>{999, ids.at(1), ids.at(2), 0, -7}.at(which);
    DeadLetterStore &store = outbox.deadLetters();
    QSignalSpy requeued(&store, &DeadLetterStore::requeued);

    QVERIFY(!store.find(id));
    QCOMPARE(store.error(), QueueError::Code::NotFound);
    QVERIFY2(store.errorString().contains(QString::number(id)), qPrintable(store.errorString()));
    QVERIFY(!store.retry(id));
    QCOMPARE(store.error(), QueueError::Code::NotFound);
    QVERIFY(!store.remove(id));
    QCOMPARE(store.error(), QueueError::Code::NotFound);
    QVERIFY2(store.errorString().contains(QString::number(id)), qPrintable(store.errorString()));

    QVERIFY(requeued.isEmpty());
    QCOMPARE(outbox.pendingMessages(), 1);
    QCOMPARE(rowCount(QStringLiteral("deliveries")), 2);
    QCOMPARE(store.list().value().size(), 1);
    QCOMPARE(store.error(), QueueError::Code::NoError);
    QVERIFY(store.errorString().isEmpty());
    // Nor does it stop intake, as a storage error would.
    QCOMPARE(outbox.error(), Outbox::Error::NoError);
}

// One dead letter deleted: its attempts go, and its message unless another
// delivery still needs it.
void tst_DeadLetterStore::removeDeletesOneDeadLetter()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const QList<qint64> ids = idsOf(
        enqueue(outbox, {makeIntake(QStringLiteral("m1"), 2), makeIntake(QStringLiteral("m2"), 1)})
            .deliveries);
    QVERIFY(
        outbox.markDead({{ids.at(0), QStringLiteral("HTTP 400"), {failedAttempt(1, m_now, 400)}},
                         {ids.at(2),
                          QStringLiteral("HTTP 400"),
                          {failedAttempt(1, m_now, 503), failedAttempt(2, m_now, 400)}}}));
    QCOMPARE(rowCount(QStringLiteral("attempts")), 3);
    DeadLetterStore &store = outbox.deadLetters();

    QVERIFY2(store.remove(ids.at(2)), qPrintable(store.errorString()));
    QCOMPARE(rowCount(QStringLiteral("messages")), 1); // m2 had nothing else
    QCOMPARE(rowCount(QStringLiteral("attempts")), 1);
    QVERIFY(!store.find(ids.at(2)));
    QCOMPARE(store.page(0, 10)->total, 1);

    QVERIFY(store.remove(ids.at(0)));
    QCOMPARE(rowCount(QStringLiteral("messages")), 1); // m1 still goes to hook1
    QCOMPARE(rowCount(QStringLiteral("attempts")), 0);
    QCOMPARE(store.page(0, 10)->total, 0);
    QVERIFY(!store.remove(ids.at(0)));
    QCOMPARE(store.error(), QueueError::Code::NotFound);
    QCOMPARE(outbox.pendingMessages(), 1);
    QCOMPARE(idsOf(loadPending(outbox)), QList<qint64>{ids.at(1)});
}

// The dead-letters command's store, on a connection of its own, sees and
// changes what the service's outbox has.
void tst_DeadLetterStore::anotherConnectionSeesTheSame()
{
    Outbox service(clock());
    QVERIFY(service.open(diskConfig()));
    const QList<qint64> dead = addDeadLetters(service);
    QCOMPARE(dead.size(), 5);

    QueueDatabase database;
    QVERIFY2(database.open(diskConfig()), qPrintable(database.errorString()));
    DeadLetterStore command(database);
    QCOMPARE(command.page(0, 100)->letters, service.deadLetters().page(0, 100)->letters);
    QCOMPARE(command.list().value(), service.deadLetters().list().value());
    QVERIFY(command.remove(dead.at(0)));
    QCOMPARE(command.retryAll().value(), 4);
    QCOMPARE(service.deadLetters().page(0, 100)->total, 0);
}

void tst_DeadLetterStore::closedQueue()
{
    QueueDatabase database;
    DeadLetterStore store(database);
    QVERIFY(!store.list());
    QCOMPARE(store.error(), QueueError::Code::Other);
    QVERIFY(!store.errorString().isEmpty());
    QVERIFY(!store.retry(1));
    QCOMPARE(store.error(), QueueError::Code::Other);
}

QTEST_GUILESS_MAIN(tst_DeadLetterStore)
#include "tst_deadletterstore.moc"
