// The bounded ring of recent events and its readers.
#include "observe/eventring.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

Event taken(int number)
{
    Event event;
    event.kind = Event::Kind::Taken;
    event.topic = u"t/%1"_s.arg(number);
    event.size = number;
    return event;
}

void appendMany(EventRing &ring, int count)
{
    for (int i = 0; i < count; ++i)
        ring.append(taken(i));
}

QList<quint64> seqs(const EventRing::Batch &batch)
{
    QList<quint64> list;
    for (const Event &event : batch.events)
        list.append(event.seq);
    return list;
}

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> list;
    for (quint64 seq = first; seq <= last; ++seq)
        list.append(seq);
    return list;
}

} // namespace

class tst_EventRing : public QObject
{
    Q_OBJECT

private slots:
    void emptyRing();
    void appendAssignsSequenceNumbers();
    void boundedAfterManyAppends();
    void readsInBatches();
    void slowReaderAloneIsToldWhatItMissed();
    void readAcrossTheWrap();
    void readBeyondTheNewest();
    void smallerCapacityDropsTheOldest();
    void largerCapacityKeepsWhatIsHeld();
    void appendedIsCoalescedPerTurn();
    void concurrentAppendsAndReads();
};

void tst_EventRing::emptyRing()
{
    EventRing ring(5);
    QCOMPARE(ring.capacity(), 5);
    QCOMPARE(ring.lastSeq(), 0u);
    QCOMPARE(ring.firstSeq(), 1u);
    const EventRing::Batch batch = ring.read(0);
    QVERIFY(batch.events.isEmpty());
    QCOMPARE(batch.dropped, 0);
    QCOMPARE(batch.last, 0u);
    QCOMPARE(EventRing(0).capacity(), 1); // at least one event
}

void tst_EventRing::appendAssignsSequenceNumbers()
{
    EventRing ring(5);
    Event event = taken(7);
    event.seq = 99; // the ring's number wins
    QCOMPARE(ring.append(event), 1u);
    QCOMPARE(ring.append(taken(8)), 2u);
    const EventRing::Batch batch = ring.read(0);
    QCOMPARE(seqs(batch), (QList<quint64>{1, 2}));
    QCOMPARE(batch.events.at(0).topic, u"t/7"_s);
    QCOMPARE(batch.events.at(1).size, 8);
    QCOMPARE(batch.last, 2u);
}

void tst_EventRing::boundedAfterManyAppends()
{
    EventRing ring(1000);
    appendMany(ring, 100'000);
    QCOMPARE(ring.lastSeq(), 100'000u);
    QCOMPARE(ring.firstSeq(), 99'001u);
    const EventRing::Batch batch = ring.read(0, 1'000'000);
    QCOMPARE(batch.events.size(), 1000);
    QCOMPARE(batch.events.first().seq, 99'001u);
    QCOMPARE(batch.events.first().size, 99'000); // the event appended as number 99,000
    QCOMPARE(batch.events.last().seq, 100'000u);
    QCOMPARE(batch.dropped, 0); // a new reader (after 0) missed nothing
}

void tst_EventRing::readsInBatches()
{
    EventRing ring(100);
    appendMany(ring, 10);
    EventRing::Batch batch = ring.read(0, 4);
    QCOMPARE(seqs(batch), range(1, 4));
    QCOMPARE(batch.last, 4u);
    batch = ring.read(batch.last, 4);
    QCOMPARE(seqs(batch), range(5, 8));
    batch = ring.read(batch.last, 4);
    QCOMPARE(seqs(batch), range(9, 10));
    QCOMPARE(batch.last, 10u);
    batch = ring.read(batch.last, 4);
    QVERIFY(batch.events.isEmpty());
    QCOMPARE(batch.last, 10u);
}

// A reader that keeps up loses nothing while one that does not is told how
// many it missed, once.
void tst_EventRing::slowReaderAloneIsToldWhatItMissed()
{
    EventRing ring(100);
    quint64 fast = 0;
    qint64 fastEvents = 0;
    qint64 fastDropped = 0;
    quint64 slow = ring.append(taken(0));
    for (int i = 1; i < 1000; ++i) {
        ring.append(taken(i));
        if (i % 50 == 0) {
            const EventRing::Batch batch = ring.read(fast);
            fastEvents += batch.events.size();
            fastDropped += batch.dropped;
            fast = batch.last;
        }
    }
    const EventRing::Batch rest = ring.read(fast);
    fastEvents += rest.events.size();
    QCOMPARE(fastEvents, 1000);
    QCOMPARE(fastDropped, 0);

    EventRing::Batch batch = ring.read(slow, 10);
    QCOMPARE(batch.dropped, 1000 - 100 - 1); // 2..900 are gone
    QCOMPARE(seqs(batch), range(901, 910));
    batch = ring.read(batch.last);
    QCOMPARE(batch.dropped, 0);
    QCOMPARE(seqs(batch), range(911, 1000));

    // A reader that asks only for the count moves past what it missed.
    batch = ring.read(5, 0);
    QCOMPARE(batch.dropped, 895);
    QVERIFY(batch.events.isEmpty());
    QCOMPARE(batch.last, 900u);
    QCOMPARE(ring.read(batch.last, 1).dropped, 0);
}

void tst_EventRing::readAcrossTheWrap()
{
    EventRing ring(5);
    appendMany(ring, 8); // 4..8 held, 6..8 in the first slots again
    QCOMPARE(ring.firstSeq(), 4u);
    EventRing::Batch batch = ring.read(4);
    QCOMPARE(seqs(batch), range(5, 8));
    QCOMPARE(batch.events.at(0).topic, u"t/4"_s);
    QCOMPARE(batch.events.at(3).topic, u"t/7"_s);
    QCOMPARE(batch.dropped, 0);
    batch = ring.read(0);
    QCOMPARE(seqs(batch), range(4, 8));
    batch = ring.read(3, 3); // the oldest held is the start, the wrap in the middle
    QCOMPARE(seqs(batch), range(4, 6));
    batch = ring.read(1);
    QCOMPARE(batch.dropped, 2);
    QCOMPARE(seqs(batch), range(4, 8));
}

void tst_EventRing::readBeyondTheNewest()
{
    EventRing ring(5);
    appendMany(ring, 3);
    const EventRing::Batch batch = ring.read(50);
    QVERIFY(batch.events.isEmpty());
    QCOMPARE(batch.dropped, 0);
    QCOMPARE(batch.last, 50u);
}

void tst_EventRing::smallerCapacityDropsTheOldest()
{
    EventRing ring(10);
    appendMany(ring, 13); // 4..13 held, wrapped
    ring.setCapacity(4);
    QCOMPARE(ring.capacity(), 4);
    QCOMPARE(ring.firstSeq(), 10u);
    QCOMPARE(ring.lastSeq(), 13u);
    EventRing::Batch batch = ring.read(0);
    QCOMPARE(seqs(batch), range(10, 13));
    QCOMPARE(batch.events.first().topic, u"t/9"_s);
    batch = ring.read(5);
    QCOMPARE(batch.dropped, 4);
    QCOMPARE(seqs(batch), range(10, 13));

    QCOMPARE(ring.append(taken(13)), 14u);
    QCOMPARE(ring.firstSeq(), 11u);
    QCOMPARE(seqs(ring.read(0)), range(11, 14));
}

void tst_EventRing::largerCapacityKeepsWhatIsHeld()
{
    EventRing ring(3);
    appendMany(ring, 5); // 3..5
    ring.setCapacity(6);
    QCOMPARE(seqs(ring.read(0)), range(3, 5));
    appendMany(ring, 5); // 6..10: 5..10 held
    QCOMPARE(ring.firstSeq(), 5u);
    const EventRing::Batch batch = ring.read(0);
    QCOMPARE(seqs(batch), range(5, 10));
    QCOMPARE(batch.events.first().topic, u"t/4"_s);
    QCOMPARE(batch.events.last().topic, u"t/4"_s); // the second run's number 4
}

void tst_EventRing::appendedIsCoalescedPerTurn()
{
    // Nothing is posted while no one listens.
    EventRing quiet(10);
    appendMany(quiet, 5);
    QSignalSpy late(&quiet, &EventRing::appended);
    QTest::qWait(10);
    QCOMPARE(late.count(), 0);
    quiet.append(taken(5));
    QTRY_COMPARE(late.count(), 1);

    EventRing ring(10);
    QSignalSpy spy(&ring, &EventRing::appended);
    appendMany(ring, 100);
    QCOMPARE(spy.count(), 0); // never from within append()
    QTRY_COMPARE(spy.count(), 1);
    QTest::qWait(10);
    QCOMPARE(spy.count(), 1);

    // An append from a slot of appended() makes the next turn's signal.
    connect(&ring, &EventRing::appended, this, [&ring] {
        if (ring.lastSeq() < 102)
            ring.append(taken(0));
    });
    ring.append(taken(0));
    QTRY_COMPARE(spy.count(), 3);
    QTest::qWait(10);
    QCOMPARE(spy.count(), 3);
    QCOMPARE(ring.lastSeq(), 102u);
}

// One thread appends while this one reads: every event arrives once, in
// order, or is counted as dropped.
void tst_EventRing::concurrentAppendsAndReads()
{
    constexpr int total = 200'000;
    EventRing ring(500);
    QSignalSpy spy(&ring, &EventRing::appended);
    std::atomic<bool> done = false;
    QThread *producer = QThread::create([&] {
        for (int i = 0; i < total; ++i) {
            Event event = taken(i);
            event.topic = u"sensors/%1"_s.arg(i);
            ring.append(std::move(event));
        }
        done = true;
    });
    // The reader's cursor starts at the first event, appended before the
    // producer starts: from then on every loss is counted.
    quint64 cursor = ring.append(taken(-1));
    producer->start();

    qint64 seen = 1;
    qint64 dropped = 0;
    int readingWhileProducing = 0;
    bool inOrder = true; // checked once the producer is done with the ring
    for (bool last = false; !last;) {
        last = done;
        const EventRing::Batch batch = ring.read(cursor, 64);
        dropped += batch.dropped;
        quint64 expected = cursor + 1 + quint64(batch.dropped);
        for (const Event &event : batch.events) {
            if (event.seq != expected++ || event.topic != u"sensors/%1"_s.arg(event.size))
                inOrder = false;
        }
        seen += batch.events.size();
        cursor = batch.last;
        if (!last && !batch.events.isEmpty())
            ++readingWhileProducing;
        if (last && ring.lastSeq() != cursor)
            last = false;
    }
    QVERIFY(producer->wait(60'000));
    delete producer;
    QVERIFY(inOrder);
    QCOMPARE(seen + dropped, total + 1);
    QCOMPARE(cursor, quint64(total + 1));
    QVERIFY(readingWhileProducing > 0);
    // The producer's appends post appended() to the ring's thread, coalesced.
    QTRY_VERIFY(spy.count() >= 1);
    QVERIFY(spy.count() <= total + 1);
}

QTEST_GUILESS_MAIN(tst_EventRing)
#include "tst_eventring.moc"
