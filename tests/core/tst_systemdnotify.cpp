// `mqhook --no-gui` under systemd's notification protocol: the built
// executable with NOTIFY_SOCKET pointing at a socket the test reads, between
// a real mosquitto and a real HTTP endpoint.
#include "countingendpoint.h"
#include "forwardconfig.h"
#include "mosquittofixture.h"
#include "mqhookprocess.h"
#include "mqttrelay.h"
#include "notifysocket.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace mqhook;
using namespace mqhook::test;

namespace {

constexpr int timeout = 60000;

// One route per broker connection, `topic` to `path` on the endpoint.
ForwardConfig route(quint16 port, const QString &clientId, const QString &topic,
                    const CountingEndpoint &endpoint, const QString &path)
{
    ForwardConfig config;
    config.brokerPort = port;
    config.clientId = clientId;
    config.topic = topic;
    config.callbacks = {endpoint.url(path).toString()};
    return config;
}

// The first configuration with the broker connections of the others added.
QByteArray joined(const QList<ForwardConfig> &configs)
{
    QJsonObject root = QJsonDocument::fromJson(configs.constFirst().toJson()).object();
    QJsonArray brokers = root.value(QStringLiteral("mqtt_brokers")).toArray();
    for (qsizetype i = 1; i < configs.size(); ++i) {
        const QJsonObject other = QJsonDocument::fromJson(configs.at(i).toJson()).object();
        for (const QJsonValue &broker : other.value(QStringLiteral("mqtt_brokers")).toArray())
            brokers.append(broker);
    }
    root.insert(QStringLiteral("mqtt_brokers"), brokers);
    return QJsonDocument(root).toJson();
}

bool writeFile(const QString &fileName, const QByteArray &content)
{
    QFile file(fileName);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

// Publishes QoS 1 probes on `topic` until one reaches `path`.
bool waitForProbe(MosquittoFixture &broker, CountingEndpoint &endpoint, MqhookProcess &service,
                  const QString &topic, const QString &path, QString *error)
{
    for (int probe = 1; probe <= 60; ++probe) {
        if (!service.isRunning()) {
            *error = QStringLiteral("mqhook ended:\n%1").arg(service.output());
            return false;
        }
        if (!broker.publish({QStringLiteral("-q"), QStringLiteral("1"), QStringLiteral("-t"), topic,
                             QStringLiteral("-m"), QStringLiteral("probe-%1").arg(probe)},
                            error))
            return false;
        if (QTest::qWaitFor([&] { return !endpoint.accepted(path).isEmpty(); }, 1000))
            return true;
    }
    *error = QStringLiteral("no probe reached %1; mqhook said:\n%2").arg(path, service.output());
    return false;
}

QString describe(const NotifySocket &socket)
{
    QStringList lines;
    for (const QByteArray &datagram : socket.datagrams())
        lines.append(QString::fromUtf8(datagram).replace(QLatin1Char('\n'), QLatin1Char(' ')));
    return QStringLiteral("datagrams so far:\n  ") + lines.join(QStringLiteral("\n  "));
}

// A broker, an endpoint, a notification socket and a folder for the
// configuration file.
struct Rig
{
    MosquittoFixture broker;
    CountingEndpoint endpoint;
    NotifySocket notify;
    QTemporaryDir dir;

    bool start(QString *error)
    {
        return broker.start(error) && endpoint.start(error) && notify.open(error);
    }

    QString configFile() const { return dir.filePath(QStringLiteral("mqhook.json")); }

    // One route from e2e/# to /hook.
    QByteArray oneRoute(const QString &clientId) const
    {
        return route(broker.port(), clientId, QStringLiteral("e2e/#"), endpoint,
                     QStringLiteral("/hook"))
            .toJson();
    }

    // Writes `config` and starts mqhook on it with NOTIFY_SOCKET pointing at
    // `socketPath` (the rig's socket when empty) and `environment` added.
    std::unique_ptr<MqhookProcess> run(const QByteArray &config, QString *error,
                                       const QStringList &environment = {},
                                       const QString &socketPath = {})
    {
        if (!writeFile(configFile(), config)) {
            *error = QStringLiteral("cannot write %1").arg(configFile());
            return nullptr;
        }
        auto service = MqhookProcess::headless(configFile());
        service->setEnvironmentVariable(QStringLiteral("NOTIFY_SOCKET"),
                                        socketPath.isEmpty() ? notify.path() : socketPath);
        for (const QString &assignment : environment)
            service->setEnvironmentVariable(assignment.section(QLatin1Char('='), 0, 0),
                                            assignment.section(QLatin1Char('='), 1));
        if (!service->start(error))
            return nullptr;
        return service;
    }
};

// SIGTERM, then a clean exit.
bool stopsCleanly(MqhookProcess &service)
{
    service.sendSignal(SIGTERM);
    return service.waitForExit(timeout) && service.process().exitStatus() == QProcess::NormalExit &&
           service.process().exitCode() == 0;
}

} // namespace

class tst_SystemdNotify : public QObject
{
    Q_OBJECT

private slots:
    void readyOnlyOnceEveryConnectionIsSubscribed();
    void reloadAndStopAreAnnounced();
    void watchdogPingsWhenAsked();
    void unreachableNotifySocketIsReported();
};

// Two broker connections; the second one's SUBACK is held back by a relay.
// While it is held, the first connection forwards, and READY=1 has not come;
// once the SUBACK goes through, READY=1 does.
void tst_SystemdNotify::readyOnlyOnceEveryConnectionIsSubscribed()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    NotifySocket &notify = rig.notify;
    MqttRelay relay(rig.broker.port());
    QVERIFY2(relay.listen(&error), qPrintable(error));
    relay.hold(MqttPacketType::Suback);

    auto service = rig.run(
        joined({route(rig.broker.port(), QStringLiteral("notify-direct"),
                      QStringLiteral("direct/#"), rig.endpoint, QStringLiteral("/direct")),
                route(relay.port(), QStringLiteral("notify-relayed"), QStringLiteral("relayed/#"),
                      rig.endpoint, QStringLiteral("/relayed"))}),
        &error);
    QVERIFY2(service, qPrintable(error));

    // The relayed connection has subscribed and the broker granted it; mqhook
    // has not heard so yet.
    QTRY_VERIFY2_WITH_TIMEOUT(relay.heldCount() > 0, qPrintable(service->output()), timeout);
    // The direct connection forwards: its SUBACK, and the relayed
    // connection's CONNACK, were handled before this probe was.
    QVERIFY2(waitForProbe(rig.broker, rig.endpoint, *service, QStringLiteral("direct/probe"),
                          QStringLiteral("/direct"), &error),
             qPrintable(error));
    notify.drain();
    QVERIFY2(notify.count("READY=1") == 0, qPrintable(describe(notify)));
    QVERIFY2(notify.indexOf("STATUS=Waiting for the brokers: 1 of 2 connection(s) subscribed") >= 0,
             qPrintable(describe(notify)));

    relay.release();
    QVERIFY2(notify.waitFor("READY=1", 1, timeout), qPrintable(describe(notify)));
    QVERIFY2(notify.indexOf("STATUS=Forwarding: 2 broker connection(s) subscribed") >= 0,
             qPrintable(describe(notify)));
    QVERIFY2(waitForProbe(rig.broker, rig.endpoint, *service, QStringLiteral("relayed/probe"),
                          QStringLiteral("/relayed"), &error),
             qPrintable(error));
    // No watchdog was asked for (no WATCHDOG_USEC), so none was sent.
    QCOMPARE(notify.count("WATCHDOG=1"), 0);
    QCOMPARE(notify.count("READY=1"), 1);
    QVERIFY(stopsCleanly(*service));
}

// SIGHUP: RELOADING=1 (with the time, as systemd 253 wants it), then READY=1
// once the file is applied or rejected; SIGTERM: STOPPING=1 before the drain.
void tst_SystemdNotify::reloadAndStopAreAnnounced()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    NotifySocket &notify = rig.notify;
    auto service = rig.run(rig.oneRoute(QStringLiteral("notify-reload")), &error);
    QVERIFY2(service, qPrintable(error));
    QVERIFY2(notify.waitFor("READY=1", 1, timeout), qPrintable(describe(notify)));
    QCOMPARE(notify.count("RELOADING=1"), 0);

    service->sendSignal(SIGHUP);
    QVERIFY2(notify.waitFor("READY=1", 2, timeout), qPrintable(describe(notify)));
    const int reloading = notify.indexOf("RELOADING=1");
    QVERIFY2(reloading >= 0 && reloading < notify.indexOf("READY=1", notify.indexOf("READY=1") + 1),
             qPrintable(describe(notify)));
    QVERIFY2(notify.datagrams().at(reloading).contains("\nMONOTONIC_USEC="),
             qPrintable(describe(notify)));

    // A file with errors: the reload is rejected, and READY=1 still follows.
    QVERIFY(writeFile(rig.configFile(), "{\"mqtt_brokers\": ["));
    service->sendSignal(SIGHUP);
    QVERIFY2(notify.waitFor("READY=1", 3, timeout), qPrintable(describe(notify)));
    QCOMPARE(notify.count("RELOADING=1"), 2);
    QVERIFY2(
        notify.indexOf("STATUS=Reload rejected (1 error(s)); the running configuration stays") >
            reloading,
        qPrintable(describe(notify)));
    QCOMPARE(notify.count("STOPPING=1"), 0);

    QVERIFY(stopsCleanly(*service));
    notify.drain();
    QCOMPARE(notify.count("STOPPING=1"), 1);
}

// WATCHDOG_USEC set: WATCHDOG=1 comes again and again, at half that interval.
void tst_SystemdNotify::watchdogPingsWhenAsked()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    auto service = rig.run(rig.oneRoute(QStringLiteral("notify-watchdog")), &error,
                           {QStringLiteral("WATCHDOG_USEC=200000")});
    QVERIFY2(service, qPrintable(error));
    QVERIFY2(rig.notify.waitFor("WATCHDOG=1", 5, timeout), qPrintable(describe(rig.notify)));
    QVERIFY2(service->output().contains(QStringLiteral("systemd watchdog: pinging every 100 ms")),
             qPrintable(service->output()));
    QVERIFY(stopsCleanly(*service));
}

// NOTIFY_SOCKET names nothing: mqhook says so once and forwards all the same.
void tst_SystemdNotify::unreachableNotifySocketIsReported()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    auto service = rig.run(rig.oneRoute(QStringLiteral("notify-nowhere")), &error, {},
                           rig.dir.filePath(QStringLiteral("no-such-socket")));
    QVERIFY2(service, qPrintable(error));
    QVERIFY2(waitForProbe(rig.broker, rig.endpoint, *service, QStringLiteral("e2e/probe"),
                          QStringLiteral("/hook"), &error),
             qPrintable(error));
    const QString warning = QStringLiteral("Cannot notify systemd through NOTIFY_SOCKET");
    QVERIFY2(service->output().count(warning) == 1, qPrintable(service->output()));
    QVERIFY(stopsCleanly(*service));
}

QTEST_GUILESS_MAIN(tst_SystemdNotify)
#include "tst_systemdnotify.moc"
