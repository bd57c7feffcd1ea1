#include "delivery/outbox.h"
#include "delivery/queueschema.h"
#include "outboxhelpers.h"
#include "outboxsamples.h"
#include "testpaths.h"

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace mqhook;
using namespace mqhook::test;

class tst_Outbox : public QObject, private QueueFixture
{
    Q_OBJECT

private slots:
    void init();
    void enqueueGroupAndReload();
    void emptyGroupStoresNothing();
    void storeAtLeavesOutWhatWasDelivered();
    void markSucceededRemovesDeliveriesThenMessage();
    void markSucceededGroupAcrossRestart();
    void markSucceededInAnyOrder();
    void storesEmptyAndNullFields();
    void recordAttemptPersists();
    void fullWithHysteresis_data();
    void fullWithHysteresis();
    void countersSurviveReopen();
    void memoryMode();
    void corruptFileFailsOpen_data();
    void corruptFileFailsOpen();
    void damagedPagesFailOpen_data();
    void damagedPagesFailOpen();
    void queueFolderIsAFile();
    void readOnlyFolder_data();
    void readOnlyFolder();
    void newerSchemaFailsOpen();
    void diskFullStoresNothing();
    void retryFromAnotherConnectionReachesService();
    void loadPendingForgetsRequeueNotices();
    void committedIdsSurviveKill();
    void deadLetterChangesWhileAnotherProcessWrites();
    void loadPendingSlicesPerRouteAndTarget();
    void requeuedRangesBelowEarlierIds();
    void requeuedRangesKeepTheNextIds();
    void migratesOlderQueues_data();
    void migratesOlderQueues();

private:
    void startWriter(QProcess &writer, const QueueConfig &config, int groupSize, int lines,
                     QByteArray *output);
};

void tst_Outbox::init()
{
    QVERIFY(resetQueue());
}

void tst_Outbox::enqueueGroupAndReload()
{
    QList<Intake> items = {makeIntake(QStringLiteral("m1"), 1), makeIntake(QStringLiteral("m2"), 2),
                           makeIntake(QStringLiteral("m3"), 1, QByteArray("\x00\x01\xff", 3))};
    items[1].message.retain = true;
    items[1].message.contentType = QStringLiteral("application/json");
    items[1].message.userProperties = {{QStringLiteral("a"), QStringLiteral("1")},
                                       {QStringLiteral("a"), QStringLiteral("2")}};
    QList<QueuedDelivery> stored;
    {
        Outbox outbox(clock());
        QVERIFY2(outbox.open(diskConfig()), qPrintable(outbox.errorString()));
        QVERIFY(outbox.isDurable());
        const EnqueueResult result = enqueue(outbox, items);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.deliveries.size(), 4);
        QCOMPARE(result.deliveries.at(0).message, items.at(0).message);
        QCOMPARE(result.deliveries.at(1).message, items.at(1).message);
        QCOMPARE(result.deliveries.at(2).message, items.at(1).message);
        QCOMPARE(result.deliveries.at(2).target, items.at(1).targets.at(1).target);
        QCOMPARE(result.deliveries.at(3).message, items.at(2).message);
        QCOMPARE(result.deliveries.at(0).notBefore, m_now);
        QCOMPARE(outbox.pendingMessages(), 3);
        QCOMPARE(outbox.pendingBytes(), 403);
        QCOMPARE(outbox.pendingDeliveries(), 4);
        stored = result.deliveries;
    }
    QCOMPARE(rowCount(QStringLiteral("messages")), 3); // the payload once per message
    QCOMPARE(rowCount(QStringLiteral("deliveries")), 4);

    Outbox reopened;
    QVERIFY(reopened.open(diskConfig()));
    bool ok = false;
    QCOMPARE(loadPending(reopened, &ok), stored);
    QVERIFY(ok);
    QCOMPARE(reopened.pendingMessages(), 3);
    QCOMPARE(reopened.pendingBytes(), 403);
    QCOMPARE(reopened.pendingDeliveries(), 4);
}

void tst_Outbox::emptyGroupStoresNothing()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const EnqueueResult result = enqueue(outbox, {makeIntake(QStringLiteral("unrouted"), 0)});
    QVERIFY(result.ok);
    QVERIFY(result.deliveries.isEmpty());
    QCOMPARE(outbox.pendingMessages(), 0);
    QCOMPARE(rowCount(QStringLiteral("messages")), 0);
}

// Deliveries that succeeded before their group was stored are left out, a
// message with them all too; their ids stay used, across a restart as well.
void tst_Outbox::storeAtLeavesOutWhatWasDelivered()
{
    Outbox::Ids first;
    Outbox::Ids after;
    {
        Outbox outbox(clock());
        QVERIFY(outbox.open(diskConfig()));
        first = outbox.nextIds();
        const QList<Intake> items = {makeIntake(QStringLiteral("a"), 2),
                                     makeIntake(QStringLiteral("b"), 2),
                                     makeIntake(QStringLiteral("c"), 1)};
        // a: both delivered; b: its second; c, the last id: delivered.
        QVERIFY2(outbox.storeAt(items, first, m_now, {true, true, false, true, true}),
                 qPrintable(outbox.errorString()));
        after = outbox.nextIds();
        QCOMPARE(after, Outbox::nextIdsAfter(items, first));
        QCOMPARE(outbox.pendingMessages(), 1);
        QCOMPARE(outbox.pendingBytes(), 200);
        QCOMPARE(outbox.pendingDeliveries(), 1);
        const QList<QueuedDelivery> pending = loadPending(outbox);
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.at(0).id, first.deliveryId + 2);
        QCOMPARE(pending.at(0).message.id, QStringLiteral("b"));
        QCOMPARE(pending.at(0).target, QStringLiteral("http://127.0.0.1:8080/hook0"));

        // A group delivered in full writes nothing; its ids are recorded on close.
        QVERIFY(outbox.storeAt({makeIntake(QStringLiteral("d"), 1)}, after, m_now, {true}));
        QCOMPARE(outbox.pendingMessages(), 1);
        after = outbox.nextIds();
    }
    QCOMPARE(rowCount(QStringLiteral("messages")), 1);
    QCOMPARE(rowCount(QStringLiteral("deliveries")), 1);

    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    QCOMPARE(outbox.nextIds().deliveryId, after.deliveryId);
    QCOMPARE(outbox.pendingMessages(), 1);
    QCOMPARE(outbox.pendingDeliveries(), 1);
    QVERIFY(outbox.markSucceeded({first.deliveryId + 2}));
    QCOMPARE(outbox.pendingMessages(), 0);
    QCOMPARE(outbox.pendingDeliveries(), 0);
}

void tst_Outbox::markSucceededRemovesDeliveriesThenMessage()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const EnqueueResult result =
        enqueue(outbox, {makeIntake(QStringLiteral("m1"), 2), makeIntake(QStringLiteral("m2"), 1)});
    QVERIFY(result.ok);
    const QList<qint64> ids = idsOf(result.deliveries);

    QVERIFY(outbox.markSucceeded({ids.at(0), ids.at(2)}));
    QCOMPARE(outbox.pendingMessages(), 1);
    QCOMPARE(outbox.pendingBytes(), 200);
    QCOMPARE(rowCount(QStringLiteral("messages")), 1);
    QCOMPARE(idsOf(loadPending(outbox)), QList<qint64>{ids.at(1)});

    // Unknown and already finished ids change nothing.
    QVERIFY(outbox.markSucceeded({ids.at(0), 999'999}));
    QCOMPARE(outbox.pendingMessages(), 1);

    QVERIFY(outbox.markSucceeded({ids.at(1)}));
    QCOMPARE(outbox.pendingMessages(), 0);
    QCOMPARE(outbox.pendingBytes(), 0);
    QCOMPARE(rowCount(QStringLiteral("messages")), 0);
    QCOMPARE(rowCount(QStringLiteral("deliveries")), 0);

    Outbox reopened;
    QVERIFY(reopened.open(diskConfig()));
    QVERIFY(loadPending(reopened).isEmpty());
}

// Outcomes come in the order the answers came: out of order, repeated, in
// runs that cross messages and leave a message's other delivery pending.
void tst_Outbox::markSucceededInAnyOrder()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const EnqueueResult result =
        enqueue(outbox, {makeIntake(QStringLiteral("m1"), 1), makeIntake(QStringLiteral("m2"), 2),
                         makeIntake(QStringLiteral("m3"), 1), makeIntake(QStringLiteral("m4"), 1)});
    QVERIFY(result.ok);
    const QList<qint64> ids = idsOf(result.deliveries); // m1, m2, m2, m3, m4

    // m1, m2's first, m3 and m4 (twice): m2 stays for its second.
    QVERIFY(outbox.markSucceeded({ids.at(3), ids.at(0), ids.at(4), ids.at(1), ids.at(4)}));
    QCOMPARE(outbox.pendingMessages(), 1);
    QCOMPARE(outbox.pendingBytes(), 200);
    QCOMPARE(rowCount(QStringLiteral("messages")), 1);
    QCOMPARE(idsOf(loadPending(outbox)), QList<qint64>{ids.at(2)});

    QVERIFY(outbox.markSucceeded({ids.at(2), ids.at(2), ids.at(0)}));
    QCOMPARE(outbox.pendingMessages(), 0);
    QCOMPARE(outbox.pendingBytes(), 0);
    QCOMPARE(rowCount(QStringLiteral("messages")), 0);
    QCOMPARE(rowCount(QStringLiteral("deliveries")), 0);
}

// A large group in one call: every finished delivery, its history and its
// message go; what is left pending, and every dead letter with its history,
// stays; and the file says the same after a restart.
void tst_Outbox::markSucceededGroupAcrossRestart()
{
    QList<Intake> items;
    for (int i = 0; i < 300; ++i)
        items.append(
            makeIntake(QStringLiteral("m%1").arg(i), i % 3 == 0 ? 2 : 1, QByteArray(100 + i, 'p')));
    QList<qint64> ids;
    QList<qint64> finished;
    QList<QueuedDelivery> left;
    qint64 leftBytes = 0;
    QSet<QString> leftMessages;
    qint64 dead = 0;
    {
        Outbox outbox(clock());
        QVERIFY(outbox.open(diskConfig()));
        const EnqueueResult result = enqueue(outbox, items);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.deliveries.size(), 400);
        ids = idsOf(result.deliveries);
        // Some with retries on record, one dead letter with its history.
        for (int i = 0; i < 400; i += 7)
            QVERIFY(
                outbox.recordAttempts({{ids.at(i), failedAttempt(1, m_now), m_now.addSecs(1)}}));
        dead = ids.at(14);
        QVERIFY(outbox.markDead({{dead,
                                  QStringLiteral("HTTP 400"),
                                  {failedAttempt(1, m_now), failedAttempt(2, m_now, 400)}}}));
        QCOMPARE(rowCount(QStringLiteral("attempts")), 58 + 1); // the dead letter's second
        QCOMPARE(outbox.pendingDeliveries(), 399);
        // Dead already: not counted twice.
        QVERIFY(outbox.markDead({{dead, QStringLiteral("again"), {}}}));
        QCOMPARE(outbox.pendingDeliveries(), 399);

        // Every delivery but each tenth; the dead one, an unknown id and
        // repeats in the list change nothing.
        for (qsizetype i = 0; i < result.deliveries.size(); ++i) {
            const QueuedDelivery &delivery = result.deliveries.at(i);
            if (delivery.id == dead)
                continue;
            if (i % 10 == 9) {
                left.append(delivery);
                if (!leftMessages.contains(delivery.message.id))
                    leftBytes += delivery.message.payload.size();
                leftMessages.insert(delivery.message.id);
            } else {
                finished.append(delivery.id);
            }
        }
        QList<qint64> done = finished;
        done.append({dead, 999'999, finished.first(), finished.last()});
        QVERIFY(outbox.markSucceeded(done));
        QCOMPARE(outbox.pendingMessages(), leftMessages.size());
        QCOMPARE(outbox.pendingBytes(), leftBytes);
        QCOMPARE(outbox.pendingDeliveries(), left.size()); // repeats and unknown ids skipped
    }
    QCOMPARE(rowCount(QStringLiteral("deliveries")), left.size() + 1);
    // The messages of pending deliveries and of the dead letter.
    QSet<QString> kept = leftMessages;
    kept.insert(items.at(10).message.id); // ids.at(14) is m10's delivery
    QCOMPARE(rowCount(QStringLiteral("messages")), kept.size());

    Outbox reopened(clock());
    QVERIFY(reopened.open(diskConfig()));
    QCOMPARE(reopened.pendingMessages(), leftMessages.size());
    QCOMPARE(reopened.pendingBytes(), leftBytes);
    const QList<QueuedDelivery> pending = loadPending(reopened);
    QCOMPARE(idsOf(pending), idsOf(left));
    for (const QueuedDelivery &delivery : pending) {
        const qsizetype index = ids.indexOf(delivery.id);
        QCOMPARE(delivery.history.size(), index % 7 == 0 ? 1 : 0);
    }
    const std::optional<DeadLetter> letter = reopened.deadLetters().find(dead);
    QVERIFY(letter);
    QCOMPARE(letter->message.id, QStringLiteral("m10"));
    QCOMPARE(letter->history.size(), 2);
    // Attempts of the pending deliveries with one on record, and the dead letter's two.
    qint64 attempts = 2;
    for (const QueuedDelivery &delivery : left)
        attempts += ids.indexOf(delivery.id) % 7 == 0 ? 1 : 0;
    QCOMPARE(rowCount(QStringLiteral("attempts")), attempts);

    // The rest: nothing pending is left, the dead letter stays.
    QVERIFY(reopened.markSucceeded(idsOf(left)));
    QCOMPARE(reopened.pendingMessages(), 0);
    QCOMPARE(reopened.pendingBytes(), 0);
    QCOMPARE(rowCount(QStringLiteral("deliveries")), 1);
    QCOMPARE(rowCount(QStringLiteral("messages")), 1);
    QCOMPARE(rowCount(QStringLiteral("attempts")), 2);
}

// Empty and null values are stored as they came: an empty payload is not a
// missing one, and no user properties read back as none.
void tst_Outbox::storesEmptyAndNullFields()
{
    Intake item = makeIntake(QStringLiteral("empty"), 1, QByteArray());
    item.message.clientId = QString();
    item.message.topic = QStringLiteral("t");
    item.message.receivedAt = QDateTime();
    Intake second = makeIntake(QStringLiteral("props"), 1, QByteArray(""));
    second.message.userProperties = {{QStringLiteral("k"), QString()},
                                     {QStringLiteral("ü"), QStringLiteral("\"\n")}};
    {
        Outbox outbox(clock());
        QVERIFY(outbox.open(diskConfig()));
        QVERIFY(enqueue(outbox, {item, second}).ok);
    }
    Outbox reopened;
    QVERIFY(reopened.open(diskConfig()));
    const QList<QueuedDelivery> pending = loadPending(reopened);
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending.at(0).message, item.message);
    QVERIFY(pending.at(0).message.payload.isEmpty());
    QVERIFY(!pending.at(0).message.receivedAt.isValid());
    QCOMPARE(pending.at(1).message, second.message);
    QCOMPARE(reopened.pendingBytes(), 0);
    // A window's read gives the same.
    const DeliveryTarget &target = item.targets.at(0);
    QCOMPARE(reopened.loadPending(target.route, target.target, 0, 10).value(), pending);
}

void tst_Outbox::recordAttemptPersists()
{
    qint64 id = 0;
    const QDateTime first = m_now.addSecs(1);
    const QDateTime second = m_now.addSecs(3);
    {
        Outbox outbox(clock());
        QVERIFY(outbox.open(diskConfig()));
        const EnqueueResult result = enqueue(outbox, {makeIntake(QStringLiteral("m1"), 1)});
        QVERIFY(result.ok);
        id = result.deliveries.at(0).id;
        QVERIFY(outbox.recordAttempts({{id, failedAttempt(1, first), first.addSecs(1)}}));
        QVERIFY(outbox.recordAttempts({{id, failedAttempt(2, second, 0), second.addSecs(2)}}));
    }
    Outbox reopened;
    QVERIFY(reopened.open(diskConfig()));
    const QList<QueuedDelivery> pending = loadPending(reopened);
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).id, id);
    QCOMPARE(pending.at(0).attemptsMade, 2);
    QCOMPARE(pending.at(0).notBefore, second.addSecs(2));
    const QList<AttemptRecord> expected = {failedAttempt(1, first), failedAttempt(2, second, 0)};
    QCOMPARE(pending.at(0).history, expected);
    QCOMPARE(reopened.loadPending(pending.at(0).route, pending.at(0).target, id - 1, 1).value(),
             pending);

    // A late success takes the history along.
    QCOMPARE(rowCount(QStringLiteral("attempts")), 2);
    QVERIFY(reopened.markSucceeded({id}));
    QCOMPARE(rowCount(QStringLiteral("attempts")), 0);
    QCOMPARE(rowCount(QStringLiteral("messages")), 0);
}

void tst_Outbox::fullWithHysteresis_data()
{
    QTest::addColumn<qint64>("maxMessages");
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<int>("payloadSize");

    QTest::newRow("100 messages") << qint64(100) << qint64(0) << 10;
    QTest::newRow("10000 bytes in 100-byte payloads") << qint64(0) << qint64(10'000) << 100;
}

void tst_Outbox::fullWithHysteresis()
{
    QFETCH(qint64, maxMessages);
    QFETCH(qint64, maxBytes);
    QFETCH(int, payloadSize);

    QueueConfig config = diskConfig();
    config.maxMessages = maxMessages;
    config.maxBytes = maxBytes;
    Outbox outbox(clock());
    QVERIFY(outbox.open(config));
    QSignalSpy fullChanged(&outbox, &Outbox::fullChanged);

    QList<Intake> items;
    for (int i = 0; i < 99; ++i)
        items.append(makeIntake(QStringLiteral("m%1").arg(i), 1, QByteArray(payloadSize, 'p')));
    const EnqueueResult first = enqueue(outbox, items);
    QVERIFY(first.ok);
    QVERIFY(!outbox.isFull());
    QCOMPARE(fullChanged.count(), 0);

    // The limits are soft: the group that crosses them is stored too.
    const EnqueueResult second =
        enqueue(outbox, {makeIntake(QStringLiteral("m99"), 1, QByteArray(payloadSize, 'p')),
                         makeIntake(QStringLiteral("m100"), 1, QByteArray(payloadSize, 'p'))});
    QVERIFY(second.ok);
    QVERIFY(outbox.isFull());
    QCOMPARE(fullChanged.count(), 1);
    QCOMPARE(fullChanged.at(0).at(0).toBool(), true);

    // 101 pending: still full down to 91, room again at 90.
    QList<qint64> ids = idsOf(first.deliveries);
    QVERIFY(outbox.markSucceeded(ids.mid(0, 10)));
    QCOMPARE(outbox.pendingMessages(), 91);
    QVERIFY(outbox.isFull());
    QCOMPARE(fullChanged.count(), 1);
    QVERIFY(outbox.markSucceeded({ids.at(10)}));
    QVERIFY(!outbox.isFull());
    QCOMPARE(fullChanged.count(), 2);
    QCOMPARE(fullChanged.at(1).at(0).toBool(), false);

    // Dead letters do not count.
    QVERIFY(outbox.markDead({{ids.at(11), QStringLiteral("gone"), {}}}));
    QCOMPARE(outbox.pendingMessages(), 89);
}

void tst_Outbox::countersSurviveReopen()
{
    QueueConfig config = diskConfig();
    config.maxMessages = 3;
    {
        Outbox outbox(clock());
        QVERIFY(outbox.open(config));
        const EnqueueResult result = enqueue(
            outbox, {makeIntake(QStringLiteral("m1"), 2), makeIntake(QStringLiteral("m2"), 1),
                     makeIntake(QStringLiteral("m3"), 1), makeIntake(QStringLiteral("m4"), 1)});
        QVERIFY(result.ok);
        QVERIFY(outbox.markDead({{result.deliveries.at(4).id, QStringLiteral("gone"), {}}}));
        QVERIFY(outbox.isFull());
    }
    Outbox reopened;
    QVERIFY(reopened.open(config));
    QCOMPARE(reopened.pendingMessages(), 3);
    QCOMPARE(reopened.pendingBytes(), 600);
    QVERIFY(reopened.isFull());
}

void tst_Outbox::memoryMode()
{
    QueueConfig config = diskConfig();
    config.mode = QueueMode::Memory;
    Outbox outbox(clock());
    QVERIFY(outbox.open(config));
    QVERIFY(!outbox.isDurable());
    const EnqueueResult result = enqueue(outbox, {makeIntake(QStringLiteral("m1"), 2)});
    QVERIFY(result.ok);
    QCOMPARE(loadPending(outbox), result.deliveries);
    QVERIFY(outbox.markDead({{result.deliveries.at(0).id, QStringLiteral("gone"), {}}}));
    QCOMPARE(outbox.deadLetters().list().value().size(), 1);
    QVERIFY(!QFile::exists(config.dir));

    // A second in-memory outbox shares nothing with the first.
    Outbox other(clock());
    QVERIFY(other.open(config));
    QVERIFY(loadPending(other).isEmpty());
    QCOMPARE(loadPending(outbox).size(), 1);
}

void tst_Outbox::corruptFileFailsOpen_data()
{
    QTest::addColumn<QByteArray>("content");

    QTest::newRow("garbage bytes") << QByteArray(8192, '\xa5');
    QByteArray header("SQLite format 3\0", 16);
    header.append(QByteArray(4080, '\x7f'));
    QTest::newRow("SQLite header, garbage after it") << header;
}

void tst_Outbox::corruptFileFailsOpen()
{
    QFETCH(QByteArray, content);
    const QueueConfig config = diskConfig();
    QVERIFY(QDir().mkpath(config.dir));
    QFile file(QDir(config.dir).filePath(queueschema::databaseFileName()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();

    Outbox outbox;
    QSignalSpy errors(&outbox, &Outbox::errorOccurred);
    QVERIFY(!outbox.open(config));
    const QString error = outbox.errorString();
    QVERIFY(!outbox.isOpen());
    QCOMPARE(outbox.error(), Outbox::Error::NotADatabase);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(error.contains(file.fileName()), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("SQLITE_NOTADB")) ||
                 error.contains(QLatin1String("SQLITE_CORRUPT")),
             qPrintable(error));
    QVERIFY(!enqueue(outbox, {makeIntake(QStringLiteral("m1"), 1)}).ok);
    // The file is left as it was, for the user to look at.
    QCOMPARE(QFileInfo(file.fileName()).size(), content.size());
}

void tst_Outbox::damagedPagesFailOpen_data()
{
    QTest::addColumn<int>("firstPage");

    QTest::newRow("schema and data pages") << 2;
    QTest::newRow("data pages only") << 12;
}

// A database whose header is fine but whose pages are not. Opening reads
// every pending row (for the counters), so the damage shows at once.
void tst_Outbox::damagedPagesFailOpen()
{
    QFETCH(int, firstPage);
    const QueueConfig config = diskConfig();
    {
        Outbox outbox(clock());
        QVERIFY(outbox.open(config));
        QList<Intake> items;
        for (int i = 0; i < 400; ++i)
            items.append(makeIntake(QStringLiteral("m%1").arg(i), 2));
        QVERIFY(enqueue(outbox, items).ok);
    }
    QFile file(QDir(config.dir).filePath(queueschema::databaseFileName()));
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 size = file.size();
    QVERIFY(size > (firstPage + 8) * 4096);
    for (qint64 offset = (firstPage - 1) * 4096; offset < size; offset += 4096) {
        file.seek(offset);
        file.write(QByteArray(4096, '\x5a'));
    }
    file.close();

    Outbox outbox(clock());
    QSignalSpy errors(&outbox, &Outbox::errorOccurred);
    QVERIFY(!outbox.open(config));
    const QString error = outbox.errorString();
    QCOMPARE(outbox.error(), Outbox::Error::NotADatabase);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(error.contains(file.fileName()) && error.contains(QLatin1String("SQLITE_CORRUPT")),
             qPrintable(error));
}

void tst_Outbox::queueFolderIsAFile()
{
    QueueConfig config = diskConfig();
    QFile file(config.dir);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    Outbox outbox;
    QVERIFY(!outbox.open(config));
    const QString error = outbox.errorString();
    QCOMPARE(outbox.error(), Outbox::Error::OpenFailed);
    QVERIFY2(error.contains(config.dir) && error.contains(QLatin1String("queue.dir")),
             qPrintable(error));
}

// Makes a folder read-only for this process until destroyed: chmod for a
// normal user; root ignores permissions, so for root the immutable attribute.
class ReadOnlyFolder
{
public:
    explicit ReadOnlyFolder(const QString &path)
        : m_path(path)
        , m_root(::geteuid() == 0)
    {
        if (m_root) {
            const QString chattr =
                test::requireProgram(QStringLiteral("chattr"), QStringLiteral("e2fsprogs"));
            m_ok =
                !chattr.isEmpty() && QProcess::execute(chattr, {QStringLiteral("+i"), m_path}) == 0;
        } else {
            m_ok = QFile::setPermissions(m_path, QFile::ReadOwner | QFile::ExeOwner);
        }
    }
    ~ReadOnlyFolder()
    {
        if (!m_ok)
            return;
        if (m_root)
            QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), m_path});
        else
            QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    bool isReadOnly() const { return m_ok; }

private:
    QString m_path;
    bool m_root = false;
    bool m_ok = false;
};

void tst_Outbox::readOnlyFolder_data()
{
    QTest::addColumn<bool>("withQueue");

    QTest::newRow("empty folder") << false;
    QTest::newRow("folder with a queue in it") << true;
}

void tst_Outbox::readOnlyFolder()
{
    QFETCH(bool, withQueue);
    const QueueConfig config = diskConfig();
    QVERIFY(QDir().mkpath(config.dir));
    if (withQueue) {
        Outbox outbox(clock());
        QVERIFY(outbox.open(config));
        QVERIFY(enqueue(outbox, {makeIntake(QStringLiteral("m1"), 1)}).ok);
    }
    ReadOnlyFolder readOnly(config.dir);
    if (!readOnly.isReadOnly()) {
        // Root in a container without CAP_LINUX_IMMUTABLE: nothing can make
        // the folder read-only for this process.
        QSKIP("cannot make a folder read-only for this process (chattr +i refused)");
    }
    Outbox outbox;
    QSignalSpy errors(&outbox, &Outbox::errorOccurred);
    QVERIFY(!outbox.open(config));
    const QString error = outbox.errorString();
    QCOMPARE(errors.count(), 1);
    QVERIFY2(outbox.error() == Outbox::Error::OpenFailed ||
                 outbox.error() == Outbox::Error::ReadOnly,
             qPrintable(error));
    QVERIFY2(error.contains(QDir(config.dir).filePath(queueschema::databaseFileName())),
             qPrintable(error));
}

void tst_Outbox::newerSchemaFailsOpen()
{
    {
        Outbox outbox;
        QVERIFY(outbox.open(diskConfig()));
        QSqlQuery query(QSqlDatabase::database(outbox.connectionName()));
        QVERIFY(query.exec(QStringLiteral("UPDATE schema_version SET version = 99")));
    }
    Outbox outbox;
    QVERIFY(!outbox.open(diskConfig()));
    const QString error = outbox.errorString();
    QCOMPARE(outbox.error(), Outbox::Error::SchemaTooNew);
    QVERIFY2(error.contains(QLatin1String("99")), qPrintable(error));
}

void tst_Outbox::diskFullStoresNothing()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const EnqueueResult stored = enqueue(outbox, {makeIntake(QStringLiteral("kept"), 1)});
    QVERIFY(stored.ok);
    // The file may not grow any more.
    QVERIFY(setQueueFileFull(outbox.connectionName(), true));

    QSignalSpy errors(&outbox, &Outbox::errorOccurred);
    QList<Intake> group;
    for (int i = 0; i < 50; ++i)
        group.append(makeIntake(QStringLiteral("lost%1").arg(i), 2, QByteArray(4096, 'f')));
    const EnqueueResult result = enqueue(outbox, group);
    QVERIFY(!result.ok);
    QVERIFY(result.deliveries.isEmpty());
    QCOMPARE(outbox.error(), Outbox::Error::DiskFull);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(
        result.error.contains(QDir(diskConfig().dir).filePath(queueschema::databaseFileName())),
        qPrintable(result.error));
    QVERIFY2(result.error.contains(QLatin1String("SQLITE_FULL")), qPrintable(result.error));
    QCOMPARE(outbox.pendingMessages(), 1);

    // Intake stays stopped until the error is cleared, even for a small group.
    QVERIFY(!enqueue(outbox, {makeIntake(QStringLiteral("small"), 1, "s")}).ok);
    outbox.clearError();
    QCOMPARE(outbox.error(), Outbox::Error::NoError);

    outbox.close();
    Outbox reopened;
    QVERIFY(reopened.open(diskConfig()));
    QCOMPARE(loadPending(reopened), stored.deliveries);
    QCOMPARE(rowCount(QStringLiteral("messages")), 1);
}

void tst_Outbox::retryFromAnotherConnectionReachesService()
{
    Outbox service(clock());
    QVERIFY(service.open(diskConfig()));
    const EnqueueResult result = enqueue(service, {makeIntake(QStringLiteral("m1"), 1)});
    const qint64 id = result.deliveries.at(0).id;
    QVERIFY(service.markDead({{id, QStringLiteral("HTTP 500"), {failedAttempt(1, m_now, 500)}}}));
    QCOMPARE(service.pendingMessages(), 0);

    QSignalSpy requeued(&service, &Outbox::requeued);
    {
        Outbox command(clock());
        QVERIFY(command.open(diskConfig()));
        QVERIFY(command.connectionName() != service.connectionName());
        QCOMPARE(command.deadLetters().list().value().size(), 1);
        QVERIFY(command.deadLetters().retry(id));
    }
    QVERIFY(requeued.wait(10'000));
    const QList<PendingRange> ranges = service.takeRequeuedRanges().value();
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.at(0).firstId, id);
    QCOMPARE(ranges.at(0).count, 1);
    const QList<QueuedDelivery> again =
        service.loadPending(ranges.at(0).route, ranges.at(0).target, id - 1, 1).value();
    QCOMPARE(idsOf(again), QList<qint64>{id});
    QCOMPARE(again.at(0).message.payload, QByteArray(200, 'x'));
    QCOMPARE(service.pendingMessages(), 1);
    QVERIFY(service.takeRequeuedRanges().value().isEmpty());
}

void tst_Outbox::loadPendingForgetsRequeueNotices()
{
    const QueueConfig config = diskConfig();
    qint64 dead = 0;
    {
        Outbox outbox(clock());
        QVERIFY(outbox.open(config));
        const EnqueueResult result = enqueue(
            outbox, {makeIntake(QStringLiteral("m1"), 1), makeIntake(QStringLiteral("m2"), 1)});
        dead = result.deliveries.at(0).id;
        QVERIFY(
            outbox.markDead({{dead, QStringLiteral("HTTP 500"), {failedAttempt(1, m_now, 500)}}}));
        QVERIFY(outbox.deadLetters().retry(dead));
    }
    // Started after the retry: the requeued delivery comes with the rest, once.
    Outbox outbox(clock());
    QVERIFY(outbox.open(config));
    const QList<QueuedDelivery> pending = loadPending(outbox);
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending.at(0).id, dead);
    QVERIFY(pending.at(0).history.isEmpty()); // the history of this run only
    QVERIFY(outbox.takeRequeuedRanges().value().isEmpty());

    // Delivered at last: the first run's history goes with it.
    QCOMPARE(rowCount(QStringLiteral("attempts")), 1);
    QVERIFY(outbox.markSucceeded({dead}));
    QCOMPARE(rowCount(QStringLiteral("attempts")), 0);
}

// Starts outbox_writer on the queue and waits until it printed `lines` ids.
void tst_Outbox::startWriter(QProcess &writer, const QueueConfig &config, int groupSize, int lines,
                             QByteArray *output)
{
    writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    writer.start(QStringLiteral(OUTBOX_WRITER), {config.dir, QString::number(groupSize)});
    QVERIFY2(writer.waitForStarted(30'000), qPrintable(writer.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT((*output += writer.readAllStandardOutput()).count('\n') >= lines,
                             120'000);
}

void tst_Outbox::committedIdsSurviveKill()
{
    const QueueConfig config = diskConfig();
    QProcess writer;
    QByteArray output;
    startWriter(writer, config, 7, 700, &output);
    if (QTest::currentTestFailed())
        return;
    writer.kill(); // SIGKILL: no clean-up, no checkpoint
    QVERIFY(writer.waitForFinished(30'000));
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
    output += writer.readAllStandardOutput();

    // Only whole lines: a line cut short names an id we cannot read for sure.
    QList<QByteArray> lines = output.split('\n');
    lines.removeLast();
    QHash<qint64, QString> committed;
    for (const QByteArray &line : std::as_const(lines)) {
        const QList<QByteArray> fields = line.split(' ');
        QCOMPARE(fields.size(), 2);
        committed.insert(fields.at(0).toLongLong(), QString::fromUtf8(fields.at(1)));
    }
    QVERIFY(committed.size() >= 700);

    Outbox outbox;
    QVERIFY2(outbox.open(config), qPrintable(outbox.errorString()));
    QHash<qint64, QString> found;
    for (const QueuedDelivery &delivery : loadPending(outbox))
        found.insert(delivery.id, delivery.message.id);
    for (auto it = committed.cbegin(); it != committed.cend(); ++it) {
        QVERIFY2(found.contains(it.key()),
                 qPrintable(QStringLiteral("delivery %1 was committed, then lost").arg(it.key())));
        QCOMPARE(found.value(it.key()), it.value());
    }
}

// The dead-letters command's writes wait for the service's transactions
// (busy timeout) instead of failing, and the other way round.
void tst_Outbox::deadLetterChangesWhileAnotherProcessWrites()
{
    const QueueConfig config = diskConfig();
    QProcess writer;
    QByteArray output;
    startWriter(writer, config, 50, 100, &output);
    if (QTest::currentTestFailed())
        return;

    Outbox command(clock());
    QVERIFY(command.open(config));
    for (int round = 0; round < 20; ++round) {
        const QList<QueuedDelivery> pending = loadPending(command);
        QVERIFY(!pending.isEmpty());
        QVERIFY(
            command.markDead({{pending.first().id, QStringLiteral("round %1").arg(round), {}}}));
        QVERIFY2(command.deadLetters().retryAll() == 1,
                 qPrintable(command.deadLetters().errorString()));
        QVERIFY(command.markDead({{pending.last().id, QStringLiteral("round %1").arg(round), {}}}));
        QVERIFY2(command.deadLetters().purge() == 1,
                 qPrintable(command.deadLetters().errorString()));
    }
    // The writer never failed: it is still writing.
    const qsizetype lines = (output += writer.readAllStandardOutput()).count('\n');
    QTRY_VERIFY_WITH_TIMEOUT((output += writer.readAllStandardOutput()).count('\n') > lines,
                             120'000);
    QCOMPARE(writer.state(), QProcess::Running);
    writer.kill();
    QVERIFY(writer.waitForFinished(30'000));
}

// A window reads one (route, callback address) in id order, a slice at a
// time, with the history of each delivery's current run; dead ones are not
// pending.
void tst_Outbox::loadPendingSlicesPerRouteAndTarget()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    QList<Intake> items;
    for (int i = 0; i < 10; ++i)
        items.append(makeIntake(QStringLiteral("m%1").arg(i), 2));
    Intake other = makeIntake(QStringLiteral("other"), 1);
    other.targets.first().route = QStringLiteral("client-1/other");
    items.insert(3, other);
    const EnqueueResult result = enqueue(outbox, items);
    QVERIFY(result.ok);
    const QString route = QStringLiteral("client-1/app");
    const QString hook0 = QStringLiteral("http://127.0.0.1:8080/hook0");
    const QString hook1 = QStringLiteral("http://127.0.0.1:8080/hook1");
    QList<qint64> hook0Ids;
    for (const QueuedDelivery &delivery : result.deliveries) {
        if (delivery.route == route && delivery.target == hook0)
            hook0Ids.append(delivery.id);
    }
    QCOMPARE(hook0Ids.size(), 10);
    QVERIFY(outbox.recordAttempts({{hook0Ids.at(1), failedAttempt(1, m_now), m_now.addSecs(5)}}));
    QVERIFY(outbox.markDead(
        {{hook0Ids.at(5), QStringLiteral("HTTP 400"), {failedAttempt(1, m_now, 400)}}}));

    QList<qint64> expected = hook0Ids;
    expected.removeAt(5);
    QList<qint64> read;
    qint64 after = 0;
    for (int slices = 0; slices < 10; ++slices) {
        const std::optional<QList<QueuedDelivery>> slice =
            outbox.loadPending(route, hook0, after, 4);
        QVERIFY(slice);
        QVERIFY(slice->size() <= 4);
        for (const QueuedDelivery &delivery : *slice) {
            QCOMPARE(delivery.route, route);
            QCOMPARE(delivery.target, hook0);
            QCOMPARE(delivery.history.size(), delivery.id == hook0Ids.at(1) ? 1 : 0);
            read.append(delivery.id);
            after = delivery.id;
        }
        if (slice->size() < 4)
            break;
    }
    QCOMPARE(read, expected);
    const QList<QueuedDelivery> retried =
        outbox.loadPending(route, hook0, hook0Ids.at(0), 1).value();
    QCOMPARE(retried.size(), 1);
    QCOMPARE(retried.first().attemptsMade, 1);
    QCOMPARE(retried.first().notBefore, m_now.addSecs(5));
    QCOMPARE(retried.first().message, items.at(1).message);
    QVERIFY(outbox.loadPending(route, hook0, hook0Ids.last(), 4).value().isEmpty());
    QCOMPARE(outbox.loadPending(QStringLiteral("client-1/other"), hook0, 0, 100).value().size(), 1);
    QVERIFY(outbox.loadPending(QStringLiteral("client-1/none"), hook0, 0, 100).value().isEmpty());

    const std::optional<QList<PendingRange>> pending = outbox.pendingRanges();
    QVERIFY(pending);
    const QList<PendingRange> &ranges = *pending;
    QCOMPARE(ranges.size(), 3);
    QCOMPARE(ranges.at(0), (PendingRange{route, hook0, hook0Ids.first(), 9}));
    QCOMPARE(ranges.at(1).target, hook1);
    QCOMPARE(ranges.at(1).count, 10);
    QCOMPARE(ranges.at(2).route, QStringLiteral("client-1/other"));
    QCOMPARE(ranges.at(2).count, 1);
}

// Dead letters retried below ids still pending: the ranges name the lowest
// requeued id per (route, callback address), and the notices are gone.
void tst_Outbox::requeuedRangesBelowEarlierIds()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    QList<Intake> items;
    for (int i = 0; i < 6; ++i)
        items.append(makeIntake(QStringLiteral("m%1").arg(i), 1));
    const QList<qint64> ids = idsOf(enqueue(outbox, items).deliveries);
    QCOMPARE(ids.size(), 6);
    QVERIFY(
        outbox.markDead({{ids.at(1), QStringLiteral("HTTP 500"), {failedAttempt(1, m_now, 500)}},
                         {ids.at(3), QStringLiteral("HTTP 500"), {failedAttempt(1, m_now, 500)}}}));
    QVERIFY(outbox.takeRequeuedRanges().value().isEmpty());

    QSignalSpy requeued(&outbox, &Outbox::requeued);
    QCOMPARE(outbox.deadLetters().retryAll().value(), 2);
    QCOMPARE(requeued.size(), 1);
    const QList<PendingRange> ranges = outbox.takeRequeuedRanges().value();
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.first().route, QStringLiteral("client-1/app"));
    QCOMPARE(ranges.first().firstId, ids.at(1));
    QCOMPARE(ranges.first().count, 2);
    QVERIFY(outbox.takeRequeuedRanges().value().isEmpty());
    QCOMPARE(outbox.pendingMessages(), 6);
    // Read back from below the lowest requeued id: every pending one, in order.
    QCOMPARE(idsOf(outbox
                       .loadPending(ranges.first().route, ranges.first().target,
                                    ranges.first().firstId - 1, 100)
                       .value()),
             ids.mid(1));
}

// Taking the requeue notices counts the pending messages again, but the ids
// handed out stay: also those of messages delivered before they were stored,
// or delivered and gone, which the file knows nothing of.
void tst_Outbox::requeuedRangesKeepTheNextIds()
{
    Outbox outbox(clock());
    QVERIFY(outbox.open(diskConfig()));
    const Outbox::Ids first = outbox.nextIds();
    const QList<Intake> items = {makeIntake(QStringLiteral("dead"), 1),
                                 makeIntake(QStringLiteral("done"), 1),
                                 makeIntake(QStringLiteral("unstored"), 1)};
    QVERIFY(outbox.storeAt(items, first, m_now, {false, false, true}));
    QVERIFY(outbox.markSucceeded({first.deliveryId + 1}));
    QVERIFY(outbox.markDead({{first.deliveryId, QStringLiteral("HTTP 500"), {}}}));
    QVERIFY(outbox.deadLetters().retry(first.deliveryId));
    const Outbox::Ids next = outbox.nextIds();
    QCOMPARE(next, Outbox::nextIdsAfter(items, first));

    const std::optional<QList<PendingRange>> ranges = outbox.takeRequeuedRanges();
    QVERIFY(ranges);
    QCOMPARE(ranges->size(), 1);
    QCOMPARE(outbox.pendingMessages(), 1);
    QCOMPARE(outbox.nextIds(), next);
    QVERIFY2(outbox.storeAt({makeIntake(QStringLiteral("later"), 1)}, next, m_now),
             qPrintable(outbox.errorString()));
}

void tst_Outbox::migratesOlderQueues_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("version 1") << 1;
    QTest::newRow("version 2") << 2;
    QTest::newRow("version 3") << 3;
}

// A queue written by an older mqhook, as it wrote it: its pending deliveries,
// dead letters, attempt history and the highest id ever used carry over.
void tst_Outbox::migratesOlderQueues()
{
    QFETCH(int, version);
    const QString hook0 = QStringLiteral("http://127.0.0.1:8080/hook0");
    const QString hook1 = QStringLiteral("http://127.0.0.1:8080/hook1");
    QVERIFY(QDir().mkpath(diskConfig().dir));
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst_outbox_old"));
        db.setDatabaseName(diskConfig().dir + QLatin1Char('/') + queueschema::databaseFileName());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QStringList statements = {
            "CREATE TABLE messages (seq INTEGER PRIMARY KEY, message_id TEXT NOT NULL,"
            " client_id TEXT NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL,"
            " payload_size INTEGER NOT NULL, qos INTEGER NOT NULL, retain INTEGER NOT NULL,"
            " received_at INTEGER, content_type TEXT NOT NULL, user_properties TEXT)",
            version < 3
                ? "CREATE TABLE deliveries (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  " message_seq INTEGER NOT NULL, route TEXT NOT NULL, target TEXT NOT NULL,"
                  " state INTEGER NOT NULL, run INTEGER NOT NULL, attempts INTEGER NOT NULL,"
                  " not_before INTEGER, last_error TEXT NOT NULL, dead_at INTEGER)"
                : "CREATE TABLE deliveries (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  " message_seq INTEGER NOT NULL, lane INTEGER NOT NULL,"
                  " state INTEGER NOT NULL, run INTEGER NOT NULL, attempts INTEGER NOT NULL,"
                  " not_before INTEGER, last_error TEXT NOT NULL, dead_at INTEGER)",
            "CREATE INDEX deliveries_by_message ON deliveries (message_seq)",
            "CREATE TABLE attempts (delivery_id INTEGER NOT NULL, run INTEGER NOT NULL,"
            " attempt INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER,"
            " http_status INTEGER NOT NULL, error TEXT NOT NULL,"
            " PRIMARY KEY (delivery_id, run, attempt)) WITHOUT ROWID",
            "CREATE TABLE requeue (delivery_id INTEGER PRIMARY KEY)",
            "CREATE TABLE schema_version (version INTEGER NOT NULL)",
            "INSERT INTO messages VALUES (1, 'm1', 'client-1', 'sensors/m1', x'7b7d', 2, 1, 0,"
            " 1772366400250, '', NULL)",
            "INSERT INTO messages VALUES (2, 'm2', 'client-2', 'sensors/m2', x'5b5d', 2, 1, 0,"
            " 1772366400250, '', NULL)",
            "INSERT INTO attempts VALUES (7, 1, 1, 1772366400300, 1772366400400, 503,"
            " 'HTTP 503')",
        };
        // m1: pending at hook0 after one failed attempt, dead at hook1;
        // m2: pending at hook0 of another route.
        if (version < 3) {
            statements += {
                "INSERT INTO deliveries VALUES (7, 1, 'client-1/app',"
                " 'http://127.0.0.1:8080/hook0', 0, 1, 1, 1772366401000, 'HTTP 503', NULL)",
                "INSERT INTO deliveries VALUES (8, 1, 'client-1/app',"
                " 'http://127.0.0.1:8080/hook1', 1, 1, 3, NULL, 'HTTP 400', 1772366402000)",
                "INSERT INTO deliveries VALUES (9, 2, 'client-2/app',"
                " 'http://127.0.0.1:8080/hook0', 0, 1, 0, 1772366401000, '', NULL)",
            };
        } else {
            statements += {
                "CREATE TABLE lanes (id INTEGER PRIMARY KEY, route TEXT NOT NULL,"
                " target TEXT NOT NULL, UNIQUE (route, target))",
                "INSERT INTO lanes VALUES (1, 'client-1/app', 'http://127.0.0.1:8080/hook0'),"
                " (2, 'client-1/app', 'http://127.0.0.1:8080/hook1'),"
                " (3, 'client-2/app', 'http://127.0.0.1:8080/hook0')",
                "INSERT INTO deliveries VALUES (7, 1, 1, 0, 1, 1, 1772366401000, 'HTTP 503', NULL)",
                "INSERT INTO deliveries VALUES (8, 1, 2, 1, 1, 3, NULL, 'HTTP 400', 1772366402000)",
                "INSERT INTO deliveries VALUES (9, 2, 3, 0, 1, 0, 1772366401000, '', NULL)",
            };
        }
        // Deliveries up to 40 were handed out once.
        statements.append("UPDATE sqlite_sequence SET seq = 40 WHERE name = 'deliveries'");
        if (version == 2) {
            statements.append("CREATE INDEX deliveries_pending ON deliveries"
                              " (route, target, id) WHERE state = 0");
        } else if (version == 3) {
            statements.append("CREATE INDEX deliveries_pending ON deliveries (lane, id)"
                              " WHERE state = 0");
        }
        statements.append(QStringLiteral("INSERT INTO schema_version VALUES (%1)").arg(version));
        for (const QString &statement : std::as_const(statements))
            QVERIFY2(query.exec(statement), qPrintable(query.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tst_outbox_old"));

    Outbox outbox(clock());
    QVERIFY2(outbox.open(diskConfig()), qPrintable(outbox.errorString()));
    QCOMPARE(rowCount(QStringLiteral("schema_version WHERE version = 4")), 1);
    QCOMPARE(rowCount(QStringLiteral("lanes")), 3);
    QCOMPARE(outbox.pendingMessages(), 2);
    QCOMPARE(outbox.nextIds().deliveryId, 41);
    // The highest id ever handed out moved from AUTOINCREMENT's record.
    QCOMPARE(rowCount(QStringLiteral("high_water WHERE name = 'deliveries' AND id = 40")), 1);
    QCOMPARE(rowCount(QStringLiteral("sqlite_master WHERE name = 'deliveries'"
                                     " AND sql LIKE '%AUTOINCREMENT%'")),
             0);

    const QList<QueuedDelivery> pending = loadPending(outbox);
    QCOMPARE(idsOf(pending), (QList<qint64>{7, 9}));
    QCOMPARE(pending.at(0).route, QStringLiteral("client-1/app"));
    QCOMPARE(pending.at(0).target, hook0);
    QCOMPARE(pending.at(0).attemptsMade, 1);
    QCOMPARE(pending.at(0).history.size(), 1);
    QCOMPARE(pending.at(0).history.at(0).httpStatus, 503);
    QCOMPARE(pending.at(1).route, QStringLiteral("client-2/app"));
    QCOMPARE(pending.at(1).message.payload, QByteArray("[]"));
    QCOMPARE(idsOf(outbox.loadPending(QStringLiteral("client-1/app"), hook0, 0, 10).value()),
             QList<qint64>{7});
    QCOMPARE(idsOf(outbox.loadPending(QStringLiteral("client-2/app"), hook0, 0, 10).value()),
             QList<qint64>{9});
    QCOMPARE(outbox.loadPending(QStringLiteral("client-1/app"), hook0, 0, 10).value().at(0).history,
             pending.at(0).history);
    QCOMPARE(outbox.pendingRanges().value(),
             (QList<PendingRange>{{QStringLiteral("client-1/app"), hook0, 7, 1},
                                  {QStringLiteral("client-2/app"), hook0, 9, 1}}));
    const QList<DeadLetterSummary> dead = outbox.deadLetters().list().value();
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.at(0).id, 8);
    QCOMPARE(dead.at(0).target, hook1);
    QCOMPARE(dead.at(0).attempts, 3);
    QCOMPARE(outbox.deadLetters().find(8)->route, QStringLiteral("client-1/app"));

    // New deliveries of a known (route, address) join its lane.
    const EnqueueResult added = enqueue(outbox, {makeIntake(QStringLiteral("m3"), 1)});
    QVERIFY2(added.ok, qPrintable(added.error));
    QCOMPARE(added.deliveries.at(0).id, 41);
    QCOMPARE(rowCount(QStringLiteral("lanes")), 3);
    QCOMPARE(idsOf(outbox.loadPending(QStringLiteral("client-1/app"), hook0, 0, 10).value()),
             (QList<qint64>{7, 41}));

    // A message goes when its last delivery does, also one stored before.
    QCOMPARE(rowCount(QStringLiteral("messages")), 3);
    QVERIFY(outbox.markSucceeded({7, 9, 41}));
    QCOMPARE(outbox.pendingMessages(), 0);
    QCOMPARE(rowCount(QStringLiteral("messages")), 1); // m1, of the dead letter
    QCOMPARE(outbox.deadLetters().purge().value(), 1);
    QCOMPARE(rowCount(QStringLiteral("messages")), 0);
}

QTEST_GUILESS_MAIN(tst_Outbox)
#include "tst_outbox.moc"
