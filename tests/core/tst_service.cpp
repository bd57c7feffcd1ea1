// Acceptance tests of `mqhook --no-gui`: the built executable as a child
// process between a real mosquitto and a real HTTP endpoint.
#include "countingendpoint.h"
#include "forwardconfig.h"
#include "forwardingrig.h"
#include "mosquittofixture.h"
#include "mqhookprocess.h"
#include "payloads.h"
#include "serviceprobe.h"
#include "testpaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <csignal>
#include <memory>

using namespace mqhook;
using namespace mqhook::test;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 60000;
constexpr int longTimeout = 300000;

// Messages in the queue at `dir`, read through a connection of its own (as
// the dead-letters command would); -1 when it cannot be read.
qint64 queuedMessages(const QString &dir)
{
    qint64 count = -1;
    const QString name = QStringLiteral("tst_service_count");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QDir(dir).filePath(QStringLiteral("outbox.db")));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT COUNT(*) FROM messages")) && query.next())
                count = query.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

} // namespace

class tst_Service : public QObject
{
    Q_OBJECT

private slots:
    void killNineMidStream();
    void backpressureKeepsMemoryBounded();
    void backlogKeepsMemoryBounded();
    void sigtermDrainsInFlightRequests();
    void sighupReloads();
    void demoExitsZero();
    void demoWithoutDisplayPrints();
};

// kill -9 in the middle of a QoS 1 stream, then a restart: every message the
// broker accepted reaches the endpoint at least once.
void tst_Service::killNineMidStream()
{
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    MosquittoFixture &broker = rig.broker();
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-kill"), QStringLiteral("/hook"));
    const QString configFile = rig.writeConfigFile(config);
    QVERIFY(!configFile.isEmpty());

    auto first = MqhookProcess::headless(configFile);
    QVERIFY2(first->start(&error), qPrintable(error));
    QVERIFY2(waitUntilForwarding(broker, endpoint, *first, &error), qPrintable(error));

    const QList<QByteArray> payloads = numberedPayloads("kill-", 10000);
    auto publisher =
        broker.startPublisher({QStringLiteral("-q"), QStringLiteral("1"), QStringLiteral("-t"),
                               QStringLiteral("e2e/stream"), QStringLiteral("-l")},
                              asLines(payloads));
    const QString path = QStringLiteral("/hook");
    QTRY_VERIFY_WITH_TIMEOUT(arrivedCount(payloads, endpoint.accepted(path)) >= 1500, longTimeout);
    first->process().kill(); // SIGKILL
    QVERIFY(first->waitForExit(timeout));
    const qsizetype atKill = arrivedCount(payloads, endpoint.accepted(path));
    QVERIFY2(atKill < payloads.size(), "the stream was through before the kill");

    QTRY_COMPARE_WITH_TIMEOUT(publisher->state(), QProcess::NotRunning, longTimeout);
    QVERIFY2(publisher->exitCode() == 0, publisher->readAll().constData());

    auto second = MqhookProcess::headless(configFile);
    QVERIFY2(second->start(&error), qPrintable(error));
    QTRY_VERIFY2_WITH_TIMEOUT(
        missingPayloads(payloads, endpoint.accepted(path)).isEmpty(),
        qPrintable(describeMissing(missingPayloads(payloads, endpoint.accepted(path))) +
                   QStringLiteral("\n") + second->output().right(3000)),
        longTimeout);
    qInfo("kill -9 after %lld of %lld messages had arrived: every message arrived, %d "
          "duplicate deliveries",
          qint64(atKill), qint64(payloads.size()),
          duplicateCount(payloads, endpoint.accepted(path)));

    second->sendSignal(SIGTERM);
    QVERIFY(second->waitForExit(timeout));
    QCOMPARE(second->process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(second->process().exitCode(), 0);
}

// queue.max_messages 500 and an endpoint answering 503: mqhook stops reading
// from the broker, its memory stays flat while 100,000 messages are
// published, and every message arrives once the endpoint recovers.
void tst_Service::backpressureKeepsMemoryBounded()
{
    QElapsedTimer elapsed;
    elapsed.start();
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    MosquittoFixture &broker = rig.broker();
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-backpressure"), QStringLiteral("/hook"));
    config.queueMaxMessages = 500;
    config.batchMaxMessages = 500;
    config.batchMaxWaitMs = 20;
    const QString configFile = rig.writeConfigFile(config);
    QVERIFY(!configFile.isEmpty());

    auto service = MqhookProcess::headless(configFile);
    QVERIFY2(service->start(&error), qPrintable(error));
    QVERIFY2(waitUntilForwarding(broker, endpoint, *service, &error), qPrintable(error));
    endpoint.setMode(CountingEndpoint::Mode::Unavailable);

    constexpr int total = 100000;
    constexpr int parts = 4;
    const QList<QByteArray> payloads = numberedPayloads("bp-", total);
    qint64 rssAtQuarter = 0;
    for (int part = 0; part < parts; ++part) {
        const QList<QByteArray> slice = payloads.mid(part * (total / parts), total / parts);
        QVERIFY2(rig.publishLines(QStringLiteral("e2e/bp"), slice, &error), qPrintable(error));
        if (part == 0) {
            QTRY_VERIFY2_WITH_TIMEOUT(
                service->output().contains(QStringLiteral("reading from the brokers pauses")),
                qPrintable(service->output()), timeout);
            rssAtQuarter = service->statusValue("VmRSS");
        }
    }
    const qint64 rssAtEnd = service->statusValue("VmRSS");
    const qint64 peak = service->statusValue("VmHWM");
    QCOMPARE(arrivedCount(payloads, endpoint.accepted(QStringLiteral("/hook"))), 0);
    const qint64 maxGrowthKiB = underAsan ? 64 * 1024 : 24 * 1024;
    const qint64 maxPeakKiB = underAsan ? 640 * 1024 : 160 * 1024;
    qInfo("backpressure: VmRSS %lld KiB at 25 %%, %lld KiB at 100 %% published (growth %lld KiB, "
          "bound %lld); VmHWM %lld KiB (bound %lld)",
          rssAtQuarter, rssAtEnd, rssAtEnd - rssAtQuarter, maxGrowthKiB, peak, maxPeakKiB);
    QVERIFY(rssAtQuarter > 0 && rssAtEnd > 0 && peak > 0);
    QVERIFY2(rssAtEnd - rssAtQuarter < maxGrowthKiB, "memory grew while intake was paused");
    QVERIFY2(peak < maxPeakKiB, "peak memory above the bound");

    endpoint.setMode(CountingEndpoint::Mode::Up);
    const QString path = QStringLiteral("/hook");
    QTRY_VERIFY2_WITH_TIMEOUT(
        missingPayloads(payloads, endpoint.accepted(path)).isEmpty(),
        qPrintable(describeMissing(missingPayloads(payloads, endpoint.accepted(path)))),
        longTimeout);
    // The stall answered 503 and never left an outcome unknown: no duplicates.
    QCOMPARE(duplicateCount(payloads, endpoint.accepted(path)), 0);
    QVERIFY(service->output().contains(QStringLiteral("The outbox has room again")));

    service->sendSignal(SIGTERM);
    QVERIFY(service->waitForExit(timeout));
    QCOMPARE(service->process().exitCode(), 0);
    qInfo("backpressure test took %lld ms (peak of the child %lld KiB)", elapsed.elapsed(), peak);
}

// The default queue.max_messages (1,000,000) and an endpoint answering 503:
// mqhook keeps reading, the backlog goes to the outbox, and its memory does
// not grow with it (the dispatcher holds one window); every message arrives
// once the endpoint recovers.
void tst_Service::backlogKeepsMemoryBounded()
{
    QElapsedTimer elapsed;
    elapsed.start();
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    MosquittoFixture &broker = rig.broker();
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-backlog"), QStringLiteral("/hook"));
    config.batchMaxMessages = 100;
    config.batchMaxWaitMs = 20;
    config.backoffInitialMs = 200;
    config.backoffMaxMs = 2000;
    const QString configFile = rig.writeConfigFile(config);
    QVERIFY(!configFile.isEmpty());
    const QString queueDir = QDir(rig.dir()).filePath(config.queueDir);

    auto service = MqhookProcess::headless(configFile);
    QVERIFY2(service->start(&error), qPrintable(error));
    QVERIFY2(waitUntilForwarding(broker, endpoint, *service, &error), qPrintable(error));
    endpoint.setMode(CountingEndpoint::Mode::Unavailable);

    constexpr int total = 100000;
    constexpr int first = 10000;
    constexpr int parts = 9;
    const QList<QByteArray> payloads = numberedPayloads("bl-", total);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/bl"), payloads.mid(0, first), &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(queuedMessages(queueDir) >= first, longTimeout);
    const qint64 rssAtFirst = service->statusValue("VmRSS");
    for (int part = 0; part < parts; ++part) {
        const QList<QByteArray> slice =
            payloads.mid(first + part * ((total - first) / parts), (total - first) / parts);
        QVERIFY2(rig.publishLines(QStringLiteral("e2e/bl"), slice, &error), qPrintable(error));
    }
    QTRY_VERIFY_WITH_TIMEOUT(queuedMessages(queueDir) >= total, longTimeout);
    const qint64 rssAtEnd = service->statusValue("VmRSS");
    const qint64 peak = service->statusValue("VmHWM");
    QCOMPARE(arrivedCount(payloads, endpoint.accepted(QStringLiteral("/hook"))), 0);
    QVERIFY2(!service->output().contains(QStringLiteral("reading from the brokers pauses")),
             "intake paused: the backlog did not go to the outbox");
    const qint64 maxGrowthKiB = underAsan ? 48 * 1024 : 15 * 1024;
    qInfo("backlog: VmRSS %lld KiB after %d, %lld KiB after %d messages (growth %lld KiB, "
          "bound %lld); VmHWM %lld KiB",
          rssAtFirst, first, rssAtEnd, total, rssAtEnd - rssAtFirst, maxGrowthKiB, peak);
    QVERIFY(rssAtFirst > 0 && rssAtEnd > 0 && peak > 0);
    QVERIFY2(rssAtEnd - rssAtFirst < maxGrowthKiB, "memory grew with the backlog");
    // Before the dispatchers took the backlog in windows, 100,000 messages
    // took about 196 MB.
    const qint64 maxPeakKiB = underAsan ? 640 * 1024 : 96 * 1024;
    QVERIFY2(peak < maxPeakKiB, "peak memory above the bound");

    endpoint.setMode(CountingEndpoint::Mode::Up);
    const QString path = QStringLiteral("/hook");
    QTRY_VERIFY2_WITH_TIMEOUT(
        missingPayloads(payloads, endpoint.accepted(path)).isEmpty(),
        qPrintable(describeMissing(missingPayloads(payloads, endpoint.accepted(path)))),
        longTimeout);
    // The stall answered 503 and never left an outcome unknown: no duplicates.
    // Else what could explain them: a new broker session (it sends the
    // unacknowledged messages again) or requests that timed out.
    const int duplicates = duplicateCount(payloads, endpoint.accepted(path));
    const QString log = service->output();
    QVERIFY2(duplicates == 0,
             qPrintable(QStringLiteral("%1 duplicates; %2 broker connection(s), %3 request "
                                       "timeout(s); mqhook said at last:\n%4")
                            .arg(duplicates)
                            .arg(log.count(QStringLiteral(": connected to ")))
                            .arg(log.count(QStringLiteral("no complete response")))
                            .arg(log.right(3000))));

    service->sendSignal(SIGTERM);
    QVERIFY(service->waitForExit(timeout));
    QCOMPARE(service->process().exitCode(), 0);
    qInfo("backlog test took %lld ms (peak of the child %lld KiB)", elapsed.elapsed(), peak);
}

// SIGTERM lets the requests in flight finish, exits 0, and what was still
// queued is sent by the next run; nothing is lost, nothing sent twice.
void tst_Service::sigtermDrainsInFlightRequests()
{
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    MosquittoFixture &broker = rig.broker();
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-sigterm"), QStringLiteral("/hook"));
    const QString configFile = rig.writeConfigFile(config);
    QVERIFY(!configFile.isEmpty());

    auto first = MqhookProcess::headless(configFile);
    QVERIFY2(first->start(&error), qPrintable(error));
    QVERIFY2(waitUntilForwarding(broker, endpoint, *first, &error), qPrintable(error));

    endpoint.setDelay(1500ms);
    const QList<QByteArray> payloads = numberedPayloads("term-", 40);
    QVERIFY2(rig.publishLines(QStringLiteral("e2e/term"), payloads, &error), qPrintable(error));
    const QString path = QStringLiteral("/hook");
    // max_inflight (6) requests wait for their answers.
    QTRY_VERIFY_WITH_TIMEOUT(arrivedCount(payloads, endpoint.accepted(path)) >= 6, timeout);
    first->sendSignal(SIGTERM);
    QVERIFY(first->waitForExit(timeout));
    QCOMPARE(first->process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(first->process().exitCode(), 0);
    const QString log = first->output();
    QVERIFY2(log.contains(QRegularExpression(QStringLiteral("Stopping: [1-9][0-9]* request"))),
             qPrintable(log));
    QVERIFY2(!log.contains(QStringLiteral("after the grace period")), qPrintable(log));
    const qsizetype beforeRestart = arrivedCount(payloads, endpoint.accepted(path));
    QVERIFY2(beforeRestart < payloads.size(), "everything went out before SIGTERM");

    endpoint.setDelay(0ms);
    auto second = MqhookProcess::headless(configFile);
    QVERIFY2(second->start(&error), qPrintable(error));
    QTRY_VERIFY2_WITH_TIMEOUT(
        missingPayloads(payloads, endpoint.accepted(path)).isEmpty(),
        qPrintable(describeMissing(missingPayloads(payloads, endpoint.accepted(path)))), timeout);
    // The drained requests were answered and recorded: none is sent again.
    QCOMPARE(duplicateCount(payloads, endpoint.accepted(path)), 0);
    second->sendSignal(SIGTERM);
    QVERIFY(second->waitForExit(timeout));
    QCOMPARE(second->process().exitCode(), 0);
}

// SIGHUP applies a changed callback path, and keeps the running
// configuration when the file is broken, naming the errors.
void tst_Service::sighupReloads()
{
    ForwardingRig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    MosquittoFixture &broker = rig.broker();
    CountingEndpoint &endpoint = rig.endpoint();
    ForwardConfig config = rig.config(QStringLiteral("e2e-sighup"), QStringLiteral("/old"));
    const QString configFile = rig.writeConfigFile(config);
    QVERIFY(!configFile.isEmpty());

    auto service = MqhookProcess::headless(configFile);
    QVERIFY2(service->start(&error), qPrintable(error));
    QVERIFY2(waitUntilForwarding(broker, endpoint, *service, &error), qPrintable(error));

    auto publish = [&](const QString &payload) {
        return broker.publish({QStringLiteral("-q"), QStringLiteral("1"), QStringLiteral("-t"),
                               QStringLiteral("e2e/reload"), QStringLiteral("-m"), payload},
                              &error);
    };

    config.callbacks = {endpoint.url(QStringLiteral("/new")).toString()};
    QCOMPARE(rig.writeConfigFile(config), configFile);
    service->sendSignal(SIGHUP);
    QTRY_VERIFY2_WITH_TIMEOUT(service->output().contains(QStringLiteral("Reload: route")),
                              qPrintable(service->output()), timeout);
    QVERIFY2(publish(QStringLiteral("after-reload")), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.accepted(QStringLiteral("/new")).value("after-reload"), 1,
                              timeout);
    QCOMPARE(endpoint.accepted(QStringLiteral("/old")).value("after-reload"), 0);

    QByteArray broken = config.toJson();
    broken.replace("\"broker_port\": " + QByteArray::number(broker.port()),
                   "\"broker_port\": 70000");
    QVERIFY(broken.contains("70000"));
    QVERIFY(writeFile(configFile, broken));
    service->sendSignal(SIGHUP);
    QTRY_VERIFY2_WITH_TIMEOUT(
        service->output().contains(QStringLiteral("the running configuration stays")),
        qPrintable(service->output()), timeout);
    QVERIFY2(service->output().contains(QStringLiteral("mqtt_brokers[0].broker_port")),
             qPrintable(service->output()));
    QVERIFY2(publish(QStringLiteral("after-broken-reload")), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(
        endpoint.accepted(QStringLiteral("/new")).value("after-broken-reload"), 1, timeout);
    QVERIFY(service->isRunning());

    service->sendSignal(SIGTERM);
    QVERIFY(service->waitForExit(timeout));
    QCOMPARE(service->process().exitCode(), 0);
}

// `mqhook --demo` runs the seed's example end to end with its own mosquitto.
void tst_Service::demoExitsZero()
{
    requireProgram(QStringLiteral("mosquitto"), QStringLiteral("mosquitto"));
    MqhookProcess demo({QStringLiteral("--demo"), QStringLiteral("--no-gui")});
    QString error;
    QVERIFY2(demo.start(&error), qPrintable(error));
    QVERIFY2(demo.waitForExit(longTimeout), qPrintable(demo.output()));
    QCOMPARE(demo.process().exitStatus(), QProcess::NormalExit);
    QVERIFY2(demo.process().exitCode() == 0, qPrintable(demo.output()));
}

// Without a display --demo does not try to open the window: it prints.
void tst_Service::demoWithoutDisplayPrints()
{
    requireProgram(QStringLiteral("mosquitto"), QStringLiteral("mosquitto"));
    MqhookProcess demo({QStringLiteral("--demo")});
    for (const char *variable : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        demo.setEnvironmentVariable(QString::fromLatin1(variable), QString());
    QString error;
    QVERIFY2(demo.start(&error), qPrintable(error));
    QVERIFY2(demo.waitForExit(longTimeout), qPrintable(demo.output()));
    QVERIFY2(demo.process().exitCode() == 0, qPrintable(demo.output()));
    QVERIFY2(demo.output().contains(QStringLiteral("demo: all 20 requests arrived")),
             qPrintable(demo.output()));
}

QTEST_GUILESS_MAIN(tst_Service)
#include "tst_service.moc"
