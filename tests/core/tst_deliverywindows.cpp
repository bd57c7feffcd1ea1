// The delivery windows of one route, driven step by step without an outbox
// or a dispatcher: each row is a script of steps and the log of what the
// windows asked for (reads) and gave the dispatcher (hand-overs).
#include "config/config.h"
#include "service/deliverywindows.h"

#include <QRegularExpression>
#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

// "5" or "5-8" → 5, 6, 7, 8
QList<qint64> idsOf(const QString &range)
{
    const QStringList ends = range.split(u'-');
    const qint64 first = ends.first().toLongLong();
    const qint64 last = ends.last().toLongLong();
    QList<qint64> ids;
    for (qint64 id = first; id <= last; ++id)
        ids.append(id);
    return ids;
}

// 1, 2, 3, 5 → "1-3 5"
QString rangesOf(const QList<qint64> &ids)
{
    QStringList ranges;
    for (qsizetype i = 0; i < ids.size();) {
        qsizetype j = i;
        while (j + 1 < ids.size() && ids.at(j + 1) == ids.at(j) + 1)
            ++j;
        ranges.append(i == j ? QString::number(ids.at(i))
                             : QStringLiteral("%1-%2").arg(ids.at(i)).arg(ids.at(j)));
        i = j + 1;
    }
    return ranges.join(u' ');
}

QueuedDelivery delivery(const QString &target, qint64 id)
{
    QueuedDelivery d;
    d.id = id;
    d.route = QStringLiteral("route");
    d.target = target;
    return d;
}

// "a:1-3 b:4" → deliveries 1, 2, 3 to a and 4 to b
QList<QueuedDelivery> deliveriesOf(const QString &spec)
{
    QList<QueuedDelivery> result;
    for (const QString &part : spec.split(u' ', Qt::SkipEmptyParts)) {
        const QString target = part.section(u':', 0, 0);
        for (qint64 id : idsOf(part.section(u':', 1)))
            result.append(delivery(target, id));
    }
    return result;
}

} // namespace

class tst_DeliveryWindows : public QObject
{
    Q_OBJECT

private slots:
    void steps_data();
    void steps();
    void sizeFor_data();
    void sizeFor();
};

// Steps:
//   add a             a window for callback address a
//   adopt a 7         a window for a starting below delivery 7, unless there is one
//   step back a 3     deliveries of a from 3 on are pending again
//   new a:1-4 b:5     new deliveries (taken, then handed over)
//   finish 1-3        deliveries finished (logs "refill wanted" when one asks for it)
//   refill            starts the reads that are due
//   slice 2: a:5-6    what read 2 brought (nothing after the colon: an empty
//                     slice); logs "slice 2 ignored" when read 2 is not wanted
//   fail 2            read 2 failed
//   held              logs "held N": what the dispatcher holds
//   below             logs "reads below" when a read is to start below a
//                     window's position (outcomes first), else "reads above"
// Log: "read N: a after X limit Y" (reads are numbered from 1), "hand a 1-4".
void tst_DeliveryWindows::steps_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QStringList>("log");

    QTest::newRow("a new window reads the outbox from the start before it takes intake")
        << 4 << QStringList{u"add a"_s, u"new a:1-2"_s, u"refill"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s};
    QTest::newRow("an empty slice catches up; new deliveries then go straight in")
        << 4 << QStringList{u"add a"_s, u"refill"_s, u"slice 1:"_s, u"new a:1-3"_s, u"held"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"hand a 1-3"_s, u"held 3"_s};
    QTest::newRow("a full window leaves the rest in the outbox")
        << 4 << QStringList{u"add a"_s, u"refill"_s, u"slice 1:"_s, u"new a:1-6"_s, u"held"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"hand a 1-4"_s, u"held 4"_s};
    QTest::newRow("below half a window behind reads the next slice after its position")
        << 4 << QStringList{u"add a"_s,    u"refill"_s,   u"slice 1:"_s, u"new a:1-6"_s,
                            u"finish 1"_s, u"finish 2"_s, u"finish 3"_s, u"refill"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"hand a 1-4"_s, u"refill wanted"_s,
                       u"read 2: a after 4 limit 3"_s};
    QTest::newRow("a window that has room never asks for a refill")
        << 4 << QStringList{u"add a"_s,      u"refill"_s, u"slice 1:"_s, u"new a:1-4"_s,
                            u"finish 1-4"_s, u"refill"_s, u"held"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"hand a 1-4"_s, u"held 0"_s};
    QTest::newRow("a full slice reads no more while the window is full")
        << 4 << QStringList{u"add a"_s, u"refill"_s, u"slice 1: a:1-4"_s, u"refill"_s, u"held"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"hand a 1-4"_s, u"held 4"_s};
    QTest::newRow("a short slice catches the window up")
        << 4 << QStringList{u"add a"_s, u"refill"_s, u"slice 1: a:1-2"_s, u"new a:3"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"hand a 1-2"_s, u"hand a 3"_s};
    QTest::newRow("deliveries stored while a slice is read wait for the next slice")
        << 4 << QStringList{u"add a"_s,          u"refill"_s,         u"new a:3-4"_s,
                            u"slice 1: a:1-2"_s, u"slice 2: a:3-4"_s, u"held"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"hand a 1-2"_s,
                       u"read 2: a after 2 limit 2"_s, u"hand a 3-4"_s, u"held 4"_s};
    QTest::newRow("each callback address has a window of its own")
        << 4 << QStringList{u"add a"_s,    u"add b"_s,           u"refill"_s,     u"slice 1:"_s,
                            u"slice 2:"_s, u"new a:1-3 b:4-9"_s, u"finish 4-6"_s, u"refill"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s,
                       u"read 2: b after 0 limit 4"_s,
                       u"hand a 1-3"_s,
                       u"hand b 4-7"_s,
                       u"refill wanted"_s,
                       u"read 3: b after 7 limit 3"_s};
    QTest::newRow("a failed read is tried again on the next refill")
        << 4 << QStringList{u"add a"_s, u"refill"_s, u"fail 1"_s, u"refill"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"read 2: a after 0 limit 4"_s};
    QTest::newRow("a read under way is not started twice")
        << 4 << QStringList{u"add a"_s, u"refill"_s, u"refill"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s};
    QTest::newRow("retried dead letters below the position are read again, held ones skipped")
        << 4 << QStringList{u"add a"_s,     u"refill"_s,         u"slice 1:"_s,
                            u"new a:1-4"_s, u"finish 1-3"_s,     u"step back a 2"_s,
                            u"refill"_s,    u"slice 2: a:2-4"_s, u"held"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"hand a 1-4"_s,
                       u"read 2: a after 1 limit 3"_s, u"hand a 2-3"_s,
                       u"read 3: a after 4 limit 1"_s, u"held 3"_s};
    QTest::newRow("a slice read before a step back is dropped")
        << 4 << QStringList{u"add a"_s,          u"refill"_s, u"step back a 1"_s,
                            u"slice 1: a:1-4"_s, u"refill"_s, u"held"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s, u"slice 1 ignored"_s,
                       u"read 2: a after 0 limit 4"_s, u"held 0"_s};
    QTest::newRow("only a window that stepped back reads below its position, until it reads")
        << 4 << QStringList{u"add a"_s,     u"refill"_s,     u"below"_s, u"slice 1:"_s,
                            u"new a:1-4"_s, u"finish 1-3"_s, u"below"_s, u"step back a 2"_s,
                            u"below"_s,     u"refill"_s,     u"below"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s,
                       u"reads above"_s,
                       u"hand a 1-4"_s,
                       u"reads above"_s,
                       u"reads below"_s,
                       u"read 2: a after 1 limit 3"_s,
                       u"reads above"_s};
    QTest::newRow("an adopted address reads from just below its first pending delivery")
        << 4 << QStringList{u"adopt c 7"_s, u"refill"_s}
        << QStringList{u"read 1: c after 6 limit 4"_s};
    QTest::newRow("adopting a configured address changes nothing")
        << 4 << QStringList{u"add a"_s, u"adopt a 7"_s, u"refill"_s}
        << QStringList{u"read 1: a after 0 limit 4"_s};
    QTest::newRow("a delivery that was never handed over finishes nothing")
        << 4 << QStringList{u"finish 9"_s, u"held"_s} << QStringList{u"held 0"_s};
    QTest::newRow("a window of one refills once it is empty")
        << 1 << QStringList{u"add a"_s, u"refill"_s, u"slice 1: a:1"_s, u"finish 1"_s, u"refill"_s}
        << QStringList{u"read 1: a after 0 limit 1"_s, u"hand a 1"_s, u"refill wanted"_s,
                       u"read 2: a after 1 limit 1"_s};
}

void tst_DeliveryWindows::steps()
{
    QFETCH(int, size);
    QFETCH(QStringList, steps);
    QFETCH(QStringList, log);

    QStringList got;
    quint64 nextRead = 1;
    DeliveryWindows windows(
        size,
        [&](const QString &target, qint64 afterId, int limit) {
            got.append(QStringLiteral("read %1: %2 after %3 limit %4")
                           .arg(nextRead)
                           .arg(target)
                           .arg(afterId)
                           .arg(limit));
            return nextRead++;
        },
        [&](const QList<QueuedDelivery> &deliveries) {
            QList<qint64> ids;
            for (const QueuedDelivery &d : deliveries) {
                QCOMPARE(d.target, deliveries.first().target);
                ids.append(d.id);
            }
            got.append(QStringLiteral("hand %1 %2").arg(deliveries.first().target, rangesOf(ids)));
        });

    static const QRegularExpression slice(QStringLiteral("^slice (\\d+):(.*)$"));
    for (const QString &step : std::as_const(steps)) {
        const QStringList words = step.split(u' ');
        if (words.first() == u"add") {
            windows.add(words.at(1));
        } else if (words.first() == u"adopt") {
            windows.adopt(words.at(1), words.at(2).toLongLong());
        } else if (step.startsWith(u"step back ")) {
            windows.stepBack(words.at(2), words.at(3).toLongLong());
        } else if (words.first() == u"new") {
            for (const QueuedDelivery &d : deliveriesOf(step.mid(4)))
                windows.take(d);
            windows.handOverTaken();
        } else if (words.first() == u"finish") {
            bool wanted = false;
            for (qint64 id : idsOf(words.at(1)))
                wanted = windows.finish(id) || wanted;
            if (wanted)
                got.append(QStringLiteral("refill wanted"));
        } else if (step == u"refill") {
            windows.refill();
        } else if (const QRegularExpressionMatch m = slice.match(step); m.hasMatch()) {
            const quint64 request = m.captured(1).toULongLong();
            if (windows.isReading(request))
                windows.readDone(request, deliveriesOf(m.captured(2)));
            else
                got.append(QStringLiteral("slice %1 ignored").arg(request));
        } else if (words.first() == u"fail") {
            windows.readFailed(words.at(1).toULongLong());
        } else if (step == u"below") {
            got.append(windows.readsBelowPosition() ? QStringLiteral("reads below")
                                                    : QStringLiteral("reads above"));
        } else if (step == u"held") {
            got.append(QStringLiteral("held %1").arg(windows.held()));
        } else {
            QFAIL(qPrintable(QStringLiteral("unknown step: ") + step));
        }
    }
    QCOMPARE(got, log);
    QVERIFY(windows.peak() <= size);
}

void tst_DeliveryWindows::sizeFor_data()
{
    QTest::addColumn<int>("maxInflight");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("size");

    QTest::newRow("the defaults: the smallest window") << 6 << 1 << DeliveryWindows::minSize;
    QTest::newRow("twice what is in flight") << 10 << 100 << 2000;
    QTest::newRow("no more than the largest window") << 1000 << 1000 << DeliveryWindows::maxSize;
    QTest::newRow("max_inflight 0 counts as one request") << 0 << 600 << 1200;
}

void tst_DeliveryWindows::sizeFor()
{
    QFETCH(int, maxInflight);
    QFETCH(int, batch);
    QFETCH(int, size);

    SubscriptionConfig config;
    config.maxInflight = maxInflight;
    config.batch.maxMessages = batch;
    QCOMPARE(DeliveryWindows::sizeFor(config), size);
}

QTEST_GUILESS_MAIN(tst_DeliveryWindows)
#include "tst_deliverywindows.moc"
