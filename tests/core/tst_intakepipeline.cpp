// The intake → commit → acknowledge path, with a recording outbox and
// broker connections in place of the real ones.
#include "service/intakepipeline.h"

#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

// What the pipeline asked for, in order: "store a b", "dispatch 1 2",
// "taken a [r1]", "ack 1:11", "changed".
struct Recorder
{
    QStringList log;
    quint64 nextTicket = 1;
    qint64 nextDelivery = 1;

    IntakePipeline::Handlers handlers()
    {
        return {
            [this](const QList<Intake> &group) {
                QStringList ids;
                OutboxThread::Accepted accepted;
                accepted.ticket = nextTicket++;
                for (const Intake &intake : group) {
                    ids.append(intake.message.id);
                    for (const DeliveryTarget &target : intake.targets) {
                        QueuedDelivery delivery;
                        delivery.id = nextDelivery++;
                        delivery.route = target.route;
                        delivery.target = target.target;
                        accepted.deliveries.append(delivery);
                    }
                }
                log.append(u"store %1 as %2"_s.arg(ids.join(u' ')).arg(accepted.ticket));
                return accepted;
            },
            [this](const QList<QueuedDelivery> &deliveries) {
                QStringList ids;
                for (const QueuedDelivery &delivery : deliveries)
                    ids.append(QString::number(delivery.id));
                log.append(u"dispatch "_s + ids.join(u' '));
            },
            [this](const Message &message, const QStringList &routes) {
                log.append(u"taken %1 [%2]"_s.arg(message.id, routes.join(u',')));
            },
            [this](quint32 source, quint64 token) {
                log.append(u"ack %1:%2"_s.arg(source).arg(token));
            },
            [this] { log.append(u"changed"_s); },
        };
    }

    // The log so far, emptied.
    QStringList take() { return std::exchange(log, {}); }
};

Intake intake(const QString &id, const QStringList &routes = {u"r"_s})
{
    Intake intake;
    intake.message.id = id;
    for (const QString &route : routes)
        intake.targets.append({route, u"http://127.0.0.1:9/"_s + route});
    return intake;
}

} // namespace

class tst_IntakePipeline : public QObject
{
    Q_OBJECT

private slots:
    void onePassIsOneGroup();
    void acknowledgedOnceCommitted();
    void ticketsAcknowledgeInOrder();
    void nothingStoredWhileStoringFails();
    void droppedConnectionIsNeverAcknowledged();
    void clearForgetsWhatIsNotCommitted();
};

// Everything read before the event loop runs again is stored together, and
// its deliveries are dispatched at once, before anything is acknowledged.
void tst_IntakePipeline::onePassIsOneGroup()
{
    Recorder recorder;
    IntakePipeline pipeline(recorder.handlers());
    pipeline.add(intake(u"a"_s), {u"r"_s}, 1, 11);
    pipeline.add(intake(u"b"_s, {u"r"_s, u"s"_s}), {u"r"_s, u"s"_s}, 1, 12);
    pipeline.add(intake(u"c"_s), {u"r"_s}, 2, 0);
    QCOMPARE(recorder.take(), QStringList());

    QTRY_VERIFY(!recorder.log.isEmpty());
    QCOMPARE(recorder.take(),
             (QStringList{u"store a b c as 1"_s, u"taken a [r]"_s, u"taken b [r,s]"_s,
                          u"taken c [r]"_s, u"dispatch 1 2 3 4"_s, u"changed"_s}));

    // The next pass is the next group.
    pipeline.add(intake(u"d"_s), {u"r"_s}, 1, 13);
    QTRY_VERIFY(!recorder.log.isEmpty());
    QCOMPARE(recorder.take(),
             (QStringList{u"store d as 2"_s, u"taken d [r]"_s, u"dispatch 5"_s, u"changed"_s}));
}

void tst_IntakePipeline::acknowledgedOnceCommitted()
{
    Recorder recorder;
    IntakePipeline pipeline(recorder.handlers());
    pipeline.add(intake(u"a"_s), {u"r"_s}, 1, 11);
    pipeline.add(intake(u"b"_s), {u"r"_s}, 2, 0); // QoS 0: nothing to acknowledge
    pipeline.add(intake(u"c"_s), {u"r"_s}, 2, 21);
    pipeline.commit();
    QVERIFY(!recorder.take().filter(u"store"_s).isEmpty());

    QCOMPARE(pipeline.committed(1), 3);
    QCOMPARE(recorder.take(), (QStringList{u"ack 1:11"_s, u"ack 2:21"_s, u"changed"_s}));
    QCOMPARE(pipeline.committed(1), 0); // said once
    QCOMPARE(recorder.take(), QStringList{u"changed"_s});
}

void tst_IntakePipeline::ticketsAcknowledgeInOrder()
{
    Recorder recorder;
    IntakePipeline pipeline(recorder.handlers());
    pipeline.add(intake(u"a"_s), {u"r"_s}, 1, 11);
    pipeline.commit();
    pipeline.add(intake(u"b"_s), {u"r"_s}, 1, 12);
    pipeline.commit();
    pipeline.add(intake(u"c"_s), {u"r"_s}, 1, 13);
    pipeline.commit();
    recorder.take();

    // The outbox says only the latest ticket it committed: every group up to
    // it is done.
    QCOMPARE(pipeline.committed(2), 2);
    QCOMPARE(recorder.take(), (QStringList{u"ack 1:11"_s, u"ack 1:12"_s, u"changed"_s}));
    QCOMPARE(pipeline.committed(3), 1);
    QCOMPARE(recorder.take(), (QStringList{u"ack 1:13"_s, u"changed"_s}));
}

void tst_IntakePipeline::nothingStoredWhileStoringFails()
{
    Recorder recorder;
    IntakePipeline pipeline(recorder.handlers());
    pipeline.setStoreFailing(true);
    QVERIFY(pipeline.isStoreFailing());
    pipeline.add(intake(u"a"_s), {u"r"_s}, 1, 11);
    pipeline.commit();
    QCoreApplication::processEvents();
    QCOMPARE(recorder.take(), QStringList());

    // Once storing works again, what was read meanwhile goes in one group.
    pipeline.add(intake(u"b"_s), {u"r"_s}, 1, 12);
    pipeline.setStoreFailing(false);
    QTRY_VERIFY(!recorder.log.isEmpty());
    QCOMPARE(recorder.take().first(), u"store a b as 1"_s);
}

// A connection a reload removed: what it read and was not stored yet is
// forgotten, so its broker sends it again.
void tst_IntakePipeline::droppedConnectionIsNeverAcknowledged()
{
    Recorder recorder;
    IntakePipeline pipeline(recorder.handlers());
    pipeline.setStoreFailing(true);
    pipeline.add(intake(u"a"_s), {u"r"_s}, 1, 11);
    pipeline.add(intake(u"b"_s), {u"r"_s}, 2, 21);
    pipeline.add(intake(u"c"_s), {u"r"_s}, 1, 12);
    pipeline.drop(1);
    pipeline.setStoreFailing(false);
    pipeline.commit();
    QCOMPARE(recorder.take().first(), u"store b as 1"_s);
    pipeline.committed(1);
    QCOMPARE(recorder.take(), (QStringList{u"ack 2:21"_s, u"changed"_s}));
}

// On stop: neither what waits for its group nor what waits for its commit is
// acknowledged; the brokers keep it.
void tst_IntakePipeline::clearForgetsWhatIsNotCommitted()
{
    Recorder recorder;
    IntakePipeline pipeline(recorder.handlers());
    pipeline.add(intake(u"a"_s), {u"r"_s}, 1, 11);
    pipeline.commit();
    pipeline.setStoreFailing(true);
    pipeline.add(intake(u"b"_s), {u"r"_s}, 1, 12);
    recorder.take();

    pipeline.clear();
    QCOMPARE(pipeline.committed(1), 0);
    pipeline.setStoreFailing(false);
    pipeline.commit();
    QCOMPARE(recorder.take(), QStringList{u"changed"_s});
}

QTEST_GUILESS_MAIN(tst_IntakePipeline)
#include "tst_intakepipeline.moc"
