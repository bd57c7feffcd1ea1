// Scale-out: three `mqhook --no-gui` instances, each with its own queue, on
// one shared subscription ($share/mqhook/from/v1/#, QoS 1) of a real
// mosquitto, forwarding to one HTTP endpoint. Each instance posts to a path
// of its own, so the endpoint sees who delivered what; every payload carries
// a sequence number, so duplicates show per published message.
//
// What mosquitto does, and what the tests hold it to: a shared subscription
// hands each message to one member of the group, in turn. A member whose
// session persists (mqhook's default: clean_session false, session_expiry one
// day) stays a member while it is away; its turns queue in its session at the
// broker until it comes back. A member leaves the group only when its session
// ends, which for an instance taken away for good means session_expiry 0.
#include "countingendpoint.h"
#include "forwardconfig.h"
#include "mosquittofixture.h"
#include "mqhookprocess.h"
#include "notifysocket.h"
#include "payloads.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <vector>

using namespace mqhook;
using namespace mqhook::test;

namespace {

constexpr int timeout = 60000;
constexpr int longTimeout = 600000;
const QString sharedTopic = QStringLiteral("$share/mqhook/from/v1/#");
const QString publishTopic = QStringLiteral("from/v1/fleet/status");

bool writeFile(const QString &fileName, const QByteArray &content)
{
    QFile file(fileName);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

// One arrival of a payload at the endpoint.
struct Arrival
{
    QString path;
    QByteArray messageId;
    int request = 0; // index among the endpoint's requests
};

QHash<QByteArray, QList<Arrival>> arrivalsByPayload(const HttpTestServer &server)
{
    QHash<QByteArray, QList<Arrival>> arrivals;
    const QList<HttpTestServer::Request> &requests = server.requests();
    for (int i = 0; i < requests.size(); ++i) {
        const HttpTestServer::Request &request = requests.at(i);
        for (const QByteArray &payload : CountingEndpoint::payloadsOf(request))
            arrivals[payload].append(
                {QString::fromUtf8(request.target), request.header("X-Mqhook-Message-Id"), i});
    }
    return arrivals;
}

// Three instances on one broker and one endpoint.
class Fleet
{
public:
    struct Instance
    {
        QString name;
        ForwardConfig config;
        QString configFile;
        std::unique_ptr<NotifySocket> notify;
        std::unique_ptr<MqhookProcess> process;

        QString path() const { return QLatin1Char('/') + name; }
    };

    bool start(QString *error)
    {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary folder");
            return false;
        }
        if (!m_broker.start(error) || !m_endpoint.start(error))
            return false;
        for (const QString &name :
             {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
            Instance instance;
            instance.name = name;
            instance.config.brokerPort = m_broker.port();
            instance.config.clientId = QStringLiteral("scale-") + name;
            instance.config.topic = sharedTopic;
            instance.config.qos = 1;
            instance.config.callbacks = {m_endpoint.url(instance.path()).toString()};
            instance.config.queueDir = QStringLiteral("queue-") + name;
            instance.configFile = m_dir.filePath(name + QStringLiteral(".json"));
            m_instances.push_back(std::move(instance));
        }
        for (Instance &instance : m_instances) {
            if (!run(instance, error))
                return false;
        }
        return true;
    }

    // Starts the instance on its configuration file and queue, and waits
    // until it says READY=1: its subscription is in place.
    bool run(Instance &instance, QString *error)
    {
        if (!writeFile(instance.configFile, instance.config.toJson())) {
            *error = QStringLiteral("cannot write %1").arg(instance.configFile);
            return false;
        }
        instance.notify = std::make_unique<NotifySocket>();
        if (!instance.notify->open(error))
            return false;
        instance.process = MqhookProcess::headless(instance.configFile);
        instance.process->setEnvironmentVariable(QStringLiteral("NOTIFY_SOCKET"),
                                                 instance.notify->path());
        if (!instance.process->start(error))
            return false;
        if (!instance.notify->waitFor("READY=1", 1, timeout)) {
            *error = QStringLiteral("%1 never became ready:\n%2")
                         .arg(instance.name, instance.process->output());
            return false;
        }
        return true;
    }

    // SIGTERM to every instance still running; true when all exit 0.
    bool stopAll(QString *error)
    {
        for (Instance &instance : m_instances) {
            if (instance.process && instance.process->isRunning())
                instance.process->sendSignal(SIGTERM);
        }
        for (Instance &instance : m_instances) {
            if (!instance.process)
                continue;
            if (instance.process->isRunning() && !instance.process->waitForExit(timeout)) {
                *error = QStringLiteral("%1 did not stop").arg(instance.name);
                return false;
            }
            if (instance.process->process().exitStatus() == QProcess::NormalExit &&
                instance.process->process().exitCode() != 0) {
                *error = QStringLiteral("%1 exited with %2:\n%3")
                             .arg(instance.name)
                             .arg(instance.process->process().exitCode())
                             .arg(instance.process->output().right(3000));
                return false;
            }
        }
        return true;
    }

    std::unique_ptr<QProcess> startPublisher(const QList<QByteArray> &payloads)
    {
        return m_broker.startPublisher({QStringLiteral("-q"), QStringLiteral("1"),
                                        QStringLiteral("-t"), publishTopic, QStringLiteral("-l")},
                                       asLines(payloads));
    }

    // How many of `payloads` reached the endpoint, on any path.
    qsizetype arrived(const QList<QByteArray> &payloads)
    {
        QHash<QByteArray, int> all;
        for (const Instance &instance : m_instances) {
            const QHash<QByteArray, int> &accepted = m_endpoint.accepted(instance.path());
            for (auto it = accepted.cbegin(); it != accepted.cend(); ++it)
                all[it.key()] += it.value();
        }
        return arrivedCount(payloads, all);
    }

    QString describeMissing(const QList<QByteArray> &payloads)
    {
        const QHash<QByteArray, QList<Arrival>> arrivals = arrivalsByPayload(m_endpoint.server());
        QList<QByteArray> missing;
        for (const QByteArray &payload : payloads) {
            if (!arrivals.contains(payload))
                missing.append(payload);
        }
        QString text = mqhook::test::describeMissing(missing);
        for (Instance &instance : m_instances) {
            if (instance.process)
                text += QStringLiteral("\n--- %1:\n%2")
                            .arg(instance.name, instance.process->output().right(2000));
        }
        return text;
    }

    Instance &instance(int i) { return m_instances.at(size_t(i)); }
    std::vector<Instance> &instances() { return m_instances; }
    CountingEndpoint &endpoint() { return m_endpoint; }
    MosquittoFixture &broker() { return m_broker; }

private:
    MosquittoFixture m_broker;
    CountingEndpoint m_endpoint;
    QTemporaryDir m_dir;
    std::vector<Instance> m_instances;
};

} // namespace

class tst_ScaleOut : public QObject
{
    Q_OBJECT

private slots:
    void killedInstanceResumesOnItsQueue();
    void stoppedInstanceHandsItsShareOver();
};

// 30,000 messages; kill -9 of one instance in the middle, a restart on its
// queue once publishing is done. Every message arrives, each instance
// delivers its third, and a message arrives more than once only when the
// killed instance had it unacknowledged: every copy of a duplicate comes from
// that instance.
void tst_ScaleOut::killedInstanceResumesOnItsQueue()
{
    Fleet fleet;
    QString error;
    QVERIFY2(fleet.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = fleet.endpoint();
    // Slower than the stream: each instance builds a backlog in its queue,
    // which the killed one has to resume from.
    endpoint.setDelay(std::chrono::milliseconds(5));
    Fleet::Instance &killed = fleet.instance(1);

    const QList<QByteArray> payloads = numberedPayloads("seq-", 30000);
    auto publisher = fleet.startPublisher(payloads);
    QTRY_VERIFY_WITH_TIMEOUT(fleet.arrived(payloads) >= 10000, longTimeout);
    killed.process->process().kill(); // SIGKILL
    QVERIFY(killed.process->waitForExit(timeout));
    const qsizetype atKill = fleet.arrived(payloads);
    QVERIFY2(atKill < payloads.size(), "the stream was through before the kill");

    QTRY_COMPARE_WITH_TIMEOUT(publisher->state(), QProcess::NotRunning, longTimeout);
    QVERIFY2(publisher->exitCode() == 0, publisher->readAll().constData());

    // Whatever reaches the killed instance's path from here on comes from
    // the restarted one.
    const int restartedAt = int(endpoint.server().requests().size());
    QVERIFY2(fleet.run(killed, &error), qPrintable(error));
    QTRY_VERIFY2_WITH_TIMEOUT(fleet.arrived(payloads) == payloads.size(),
                              qPrintable(fleet.describeMissing(payloads)), longTimeout);
    QVERIFY2(fleet.stopAll(&error), qPrintable(error));
    // What the restarted instance found in its queue (0 when it had no backlog).
    const QRegularExpressionMatch resumed =
        QRegularExpression(QStringLiteral("Resuming (\\d+) pending deliveries"))
            .match(killed.process->output());
    const qint64 resumedDeliveries = resumed.hasMatch() ? resumed.captured(1).toLongLong() : 0;

    const QHash<QByteArray, QList<Arrival>> arrivals = arrivalsByPayload(endpoint.server());
    QHash<QString, int> delivered; // distinct payloads per instance path
    int duplicates = 0;            // arrivals beyond the first
    int resentFromQueue = 0;       // ... with a message id that had arrived before
    int redeliveredByBroker = 0;   // ... with a new message id
    int beforeKillAndAfter = 0;    // duplicates with a copy on each side of the restart
    for (const QByteArray &payload : payloads) {
        const QList<Arrival> &copies = arrivals.value(payload);
        QVERIFY2(!copies.isEmpty(), payload.constData());
        QSet<QString> paths;
        for (const Arrival &copy : copies) {
            paths.insert(copy.path);
            QVERIFY2(copy.path == killed.path() || copies.size() == 1,
                     qPrintable(QStringLiteral("%1 arrived %2 times, once on %3, which was not "
                                               "killed")
                                    .arg(QString::fromUtf8(payload))
                                    .arg(copies.size())
                                    .arg(copy.path)));
        }
        for (const QString &path : paths)
            ++delivered[path];
        if (copies.size() == 1)
            continue;
        duplicates += int(copies.size()) - 1;
        QSet<QByteArray> ids;
        bool before = false;
        bool after = false;
        for (const Arrival &copy : copies) {
            (copy.request < restartedAt ? before : after) = true;
            if (ids.contains(copy.messageId))
                ++resentFromQueue;
            else if (!ids.isEmpty())
                ++redeliveredByBroker;
            ids.insert(copy.messageId);
        }
        if (before && after)
            ++beforeKillAndAfter;
    }
    for (Fleet::Instance &instance : fleet.instances()) {
        QVERIFY2(delivered.value(instance.path()) >= payloads.size() / 4,
                 qPrintable(QStringLiteral("%1 delivered only %2 of %3")
                                .arg(instance.name)
                                .arg(delivered.value(instance.path()))
                                .arg(payloads.size())));
    }
    qInfo("kill -9 of instance %s after %lld of %lld messages had arrived, restart once all were "
          "published, resuming %lld deliveries from its queue: every message arrived; delivered "
          "by a %d, b %d, c %d; %d duplicate "
          "arrival(s), all from the killed instance: %d resent from its queue (same message id), "
          "%d redelivered by the broker (new message id); %d duplicate(s) with a copy before the "
          "kill and one after the restart",
          qPrintable(killed.name), qint64(atKill), qint64(payloads.size()), resumedDeliveries,
          delivered.value(QStringLiteral("/a")), delivered.value(QStringLiteral("/b")),
          delivered.value(QStringLiteral("/c")), duplicates, resentFromQueue, redeliveredByBroker,
          beforeKillAndAfter);
}

// One instance is taken away for good: its session_expiry set to 0 and
// reloaded, then SIGTERM. Its session ends with it, the broker hands its share
// to the other two, and of the 15,000 messages published after the stop none
// is lost, none reaches the stopped instance, and none arrives twice.
void tst_ScaleOut::stoppedInstanceHandsItsShareOver()
{
    Fleet fleet;
    QString error;
    QVERIFY2(fleet.start(&error), qPrintable(error));
    CountingEndpoint &endpoint = fleet.endpoint();
    Fleet::Instance &leaving = fleet.instance(2);

    const QList<QByteArray> before = numberedPayloads("before-", 6000);
    auto publisher = fleet.startPublisher(before);
    QTRY_COMPARE_WITH_TIMEOUT(publisher->state(), QProcess::NotRunning, longTimeout);
    QVERIFY2(publisher->exitCode() == 0, publisher->readAll().constData());
    QTRY_VERIFY2_WITH_TIMEOUT(fleet.arrived(before) == before.size(),
                              qPrintable(fleet.describeMissing(before)), longTimeout);
    QVERIFY(!endpoint.accepted(leaving.path()).isEmpty());

    // Leave for good: the session ends when the connection does.
    leaving.config.sessionExpiry = 0;
    QVERIFY(writeFile(leaving.configFile, leaving.config.toJson()));
    leaving.process->sendSignal(SIGHUP);
    QVERIFY2(leaving.notify->waitFor("READY=1", 2, timeout), qPrintable(leaving.process->output()));
    // The connection was replaced: it is up again with the new setting.
    QTRY_VERIFY2_WITH_TIMEOUT(
        leaving.process->output().count(QStringLiteral("scale-c: connected to")) >= 2,
        qPrintable(leaving.process->output()), timeout);
    leaving.process->sendSignal(SIGTERM);
    QVERIFY(leaving.process->waitForExit(timeout));
    QCOMPARE(leaving.process->process().exitCode(), 0);
    const int stoppedAt = int(endpoint.server().requests().size());

    const QList<QByteArray> after = numberedPayloads("after-", 15000);
    publisher = fleet.startPublisher(after);
    QTRY_COMPARE_WITH_TIMEOUT(publisher->state(), QProcess::NotRunning, longTimeout);
    QVERIFY2(publisher->exitCode() == 0, publisher->readAll().constData());
    QTRY_VERIFY2_WITH_TIMEOUT(fleet.arrived(after) == after.size(),
                              qPrintable(fleet.describeMissing(after)), longTimeout);
    QVERIFY2(fleet.stopAll(&error), qPrintable(error));

    const QHash<QByteArray, QList<Arrival>> arrivals = arrivalsByPayload(endpoint.server());
    QHash<QString, int> deliveredBefore;
    for (const QByteArray &payload : before) {
        for (const Arrival &copy : arrivals.value(payload))
            ++deliveredBefore[copy.path];
    }
    QHash<QString, int> delivered;
    int duplicates = 0;
    for (const QByteArray &payload : after) {
        const QList<Arrival> &copies = arrivals.value(payload);
        QVERIFY2(!copies.isEmpty(), payload.constData());
        duplicates += int(copies.size()) - 1;
        for (const Arrival &copy : copies) {
            QVERIFY2(
                copy.path != leaving.path() && copy.request >= stoppedAt,
                qPrintable(
                    QStringLiteral("%1 reached %2").arg(QString::fromUtf8(payload), copy.path)));
            ++delivered[copy.path];
        }
    }
    QCOMPARE(duplicates, 0);
    for (const QString &path : {QStringLiteral("/a"), QStringLiteral("/b")})
        QVERIFY2(delivered.value(path) >= after.size() / 4,
                 qPrintable(QStringLiteral("%1 got only %2").arg(path).arg(delivered.value(path))));
    const QString a = QStringLiteral("/a");
    const QString b = QStringLiteral("/b");
    const QString c = QStringLiteral("/c");
    qInfo("instance %s stopped for good after %lld messages (delivered by a %d, b %d, c %d): the "
          "%lld published after the stop all arrived, a %d, b %d, c %d, no duplicates",
          qPrintable(leaving.name), qint64(before.size()), deliveredBefore.value(a),
          deliveredBefore.value(b), deliveredBefore.value(c), qint64(after.size()),
          delivered.value(a), delivered.value(b), delivered.value(c));
}

QTEST_GUILESS_MAIN(tst_ScaleOut)
#include "tst_scaleout.moc"
