// Acceptance tests of the admin endpoint on `mqhook --no-gui`, the built
// executable as a child process between a real mosquitto and a real HTTP
// endpoint: the metrics against what happened, the token, `mqhook tail`
// and `mqhook status`, reloading the admin section, and hostile clients.
#include "adminhttp.h"
#include "countingendpoint.h"
#include "forwardconfig.h"
#include "forwardingrig.h"
#include "mosquittofixture.h"
#include "mqhookprocess.h"
#include "payloads.h"
#include "serviceprobe.h"
#include "testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <memory>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int timeout = 60000;
constexpr int longTimeout = 300000;
const QByteArray token = "the-admin-token-of-the-e2e-tests";

// The sum of the samples of metric `name` whose labels include `labels`
// ("k=\"v\"" each), from Prometheus text; -1 when there is none.
double metric(const QByteArray &text, const QByteArray &name, const QList<QByteArray> &labels = {})
{
    double sum = 0;
    bool found = false;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith('#') || !line.startsWith(name))
            continue;
        const QByteArray rest = line.mid(name.size());
        if (!rest.startsWith('{') && !rest.startsWith(' '))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        const QByteArray series = line.left(space);
        if (!std::all_of(labels.cbegin(), labels.cend(),
                         [&](const QByteArray &label) { return series.contains(label); }))
            continue;
        sum += line.mid(space + 1).toDouble();
        found = true;
    }
    return found ? sum : -1;
}

// `promtool check metrics` on text: the empty string when it passes.
QString promtoolProblems(const QByteArray &text)
{
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (promtool.isEmpty())
        return u"promtool is missing: apt-get install prometheus"_s;
    QProcess process;
    process.start(promtool, {u"check"_s, u"metrics"_s});
    process.write(text);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeout))
        return u"promtool did not finish"_s;
    const QString output =
        QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    // Lint notes (e.g. on help texts) are printed but are not errors.
    if (process.exitCode() != 0 && !output.contains(u"lint"_s))
        return output;
    if (process.exitCode() != 0 && output.contains(u"error"_s, Qt::CaseInsensitive))
        return output;
    return {};
}

// Raw sockets that connect and never send or read: idle clients, cheap.
class IdleSockets
{
public:
    ~IdleSockets() { closeAll(); }
    void closeAll()
    {
        for (int fd : m_fds)
            ::close(fd);
        m_fds.clear();
    }
    int open(quint16 port, int count)
    {
        for (int i = 0; i < count; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            if (fd < 0)
                return i;
            const int small = 4096;
            ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_port = htons(port);
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
                ::close(fd);
                return i;
            }
            m_fds.push_back(fd);
        }
        return count;
    }
    int last() const { return m_fds.back(); }
    void send(int fd, const QByteArray &bytes)
    {
        (void)::send(fd, bytes.constData(), bytes.size(), 0);
    }
    // The server ended the connection (EOF or reset).
    bool atEnd(int fd)
    {
        char byte;
        const ssize_t got = ::recv(fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
        return got == 0 || (got < 0 && errno == ECONNRESET);
    }
    QByteArray drain(int fd)
    {
        QByteArray all;
        char chunk[65536];
        for (;;) {
            const ssize_t got = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (got <= 0)
                break;
            all.append(chunk, got);
        }
        return all;
    }

private:
    std::vector<int> m_fds;
};

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runMqhook(const QStringList &arguments, const QProcessEnvironment &environment = {})
{
    QProcess process;
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.start(test::mqhookBinary(), arguments);
    Run run;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeout)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class tst_Admin : public QObject
{
    Q_OBJECT

private slots:
    void checkRejectsAnOpenEndpointWithoutToken();
    void shippedConfigurationsPass();
    void metricsCountWhatHappened();
    void tailPrintsAndReconnects();
    void statusSummarises();
    void sighupAppliesTheAdminSection();
    void hostileClientsDoNotStopForwarding();

private:
    struct Service
    {
        ForwardingRig rig;
        ForwardConfig config;
        QString configFile;
        std::unique_ptr<MqhookProcess> process;
        quint16 adminPort = 0;
    };
    // A service forwarding e2e/# to /hook with the admin endpoint on a free port.
    bool startService(Service &service, const QString &clientId, QString *error,
                      const std::function<void(ForwardConfig &)> &adjust = {});
};

bool tst_Admin::startService(Service &service, const QString &clientId, QString *error,
                             const std::function<void(ForwardConfig &)> &adjust)
{
    if (!service.rig.start(error))
        return false;
    service.adminPort = MosquittoFixture::freePort();
    service.config = service.rig.config(clientId, u"/hook"_s);
    service.config.adminListen = u"127.0.0.1:%1"_s.arg(service.adminPort);
    service.config.adminToken = QString::fromLatin1(token);
    if (adjust)
        adjust(service.config);
    service.configFile = service.rig.writeConfigFile(service.config);
    service.process = MqhookProcess::headless(service.configFile);
    if (!service.process->start(error))
        return false;
    return waitUntilForwarding(service.rig.broker(), service.rig.endpoint(), *service.process,
                               error);
}

void tst_Admin::checkRejectsAnOpenEndpointWithoutToken()
{
    QTemporaryDir dir;
    ForwardConfig config;
    config.brokerPort = 1883;
    config.callbacks = {u"http://127.0.0.1:1/hook"_s};
    config.adminListen = u"0.0.0.0:9090"_s;
    QFile file(dir.filePath(u"open.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(config.toJson());
    file.close();
    Run run = runMqhook({u"--check"_s, u"--config"_s, file.fileName()});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"admin.listen"_s) && run.err.contains(u"admin.token"_s),
             qPrintable(run.err));

    // With a token it passes, and the token shows nowhere.
    config.adminToken = QString::fromLatin1(token);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(config.toJson());
    file.close();
    run = runMqhook({u"--check"_s, u"--print-config"_s, u"--config"_s, file.fileName()});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(!run.out.contains(QString::fromLatin1(token)) &&
            !run.err.contains(QString::fromLatin1(token)));
    QVERIFY(run.out.contains(u"\"token\": \"***\""_s));
}

void tst_Admin::shippedConfigurationsPass()
{
    for (const QString &name : {u"resources/examples/full.json"_s, u"deploy/mqhook.json"_s}) {
        const Run run = runMqhook({u"--check"_s, u"--config"_s, test::sourcePath(name)});
        QVERIFY2(run.exitCode == 0, qPrintable(name + u": "_s + run.err));
    }
    // The container's file on every address needs its token.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"MQHOOK_ADMIN_ADDRESS"_s, u"0.0.0.0"_s);
    Run run = runMqhook({u"--check"_s, u"--config"_s, test::sourcePath(u"deploy/mqhook.json"_s)},
                        environment);
    QCOMPARE(run.exitCode, 2);
    environment.insert(u"MQHOOK_ADMIN_TOKEN"_s, QString::fromLatin1(token));
    run = runMqhook({u"--check"_s, u"--config"_s, test::sourcePath(u"deploy/mqhook.json"_s)},
                    environment);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
}

void tst_Admin::metricsCountWhatHappened()
{
    Service service;
    QString error;
    QVERIFY2(startService(service, u"e2e-metrics"_s, &error,
                          [](ForwardConfig &config) {
                              config.excludeTopics = {u"e2e/skip/"_s};
                              config.retry = 1;
                          }),
             qPrintable(error));
    CountingEndpoint &endpoint = service.rig.endpoint();
    const quint16 port = service.adminPort;
    const auto scrape = [&] {
        const HttpReply reply = httpRequest(port, "GET", u"/metrics"_s, token);
        return reply.status == 200 ? reply.body : QByteArray();
    };
    const QByteArray client = "client_id=\"e2e-metrics\"";
    // The probes that came through before.
    const int probes = endpoint.acceptedTotal();
    QTRY_COMPARE_WITH_TIMEOUT(metric(scrape(), "mqhook_deliveries_total", {"outcome=\"success\""}),
                              double(probes), timeout);
    const double receivedBefore = metric(scrape(), "mqhook_messages_received_total", {client});
    QVERIFY(receivedBefore >= probes);

    const QList<QByteArray> ok = numberedPayloads("ok-", 300);
    const QList<QByteArray> skipped = numberedPayloads("skip-", 50);
    QVERIFY2(service.rig.publishLines(u"e2e/skip/x"_s, skipped, &error), qPrintable(error));
    QVERIFY2(service.rig.publishLines(u"e2e/ok"_s, ok, &error), qPrintable(error));
    // While it runs: every scrape parses, and no counter goes back.
    double lastReceived = receivedBefore;
    double lastSucceeded = probes;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QByteArray text = scrape();
            const double received = metric(text, "mqhook_messages_received_total", {client});
            const double succeeded =
                metric(text, "mqhook_deliveries_total", {"outcome=\"success\""});
            if (received < lastReceived || succeeded < lastSucceeded)
                qFatal("a counter went back: received %f < %f or succeeded %f < %f", received,
                       lastReceived, succeeded, lastSucceeded);
            lastReceived = received;
            lastSucceeded = succeeded;
            return arrivedCount(ok, endpoint.accepted(u"/hook"_s)) == ok.size() &&
                   succeeded == double(endpoint.acceptedTotal());
        }(),
        timeout);
    QByteArray text = scrape();
    QCOMPARE(metric(text, "mqhook_messages_received_total", {client}),
             receivedBefore + ok.size() + skipped.size());
    QCOMPARE(metric(text, "mqhook_messages_unrouted_total", {client}), double(skipped.size()));
    QCOMPARE(metric(text, "mqhook_deliveries_total", {"outcome=\"success\""}),
             double(endpoint.acceptedTotal()));
    QCOMPARE(metric(text, "mqhook_deliveries_total", {"outcome=\"retry\""}), 0.0);
    QCOMPARE(metric(text, "mqhook_broker_connected", {client}), 1.0);

    // Failures: each message tried twice (retry 1), then a dead letter.
    endpoint.setMode(CountingEndpoint::Mode::Unavailable);
    const int refusedBefore = endpoint.refusedRequests();
    const QList<QByteArray> failing = numberedPayloads("fail-", 10);
    QVERIFY2(service.rig.publishLines(u"e2e/fail"_s, failing, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(metric(scrape(), "mqhook_deliveries_total", {"outcome=\"dead\""}),
                              double(failing.size()), timeout);
    text = scrape();
    QCOMPARE(metric(text, "mqhook_deliveries_total", {"outcome=\"retry\""}),
             double(failing.size()));
    QCOMPARE(endpoint.refusedRequests() - refusedBefore, 2 * int(failing.size()));
    QTRY_COMPARE_WITH_TIMEOUT(metric(scrape(), "mqhook_queue_dead_letters"), double(failing.size()),
                              timeout);
    QVERIFY(metric(text, "mqhook_delivery_duration_seconds_count") >= endpoint.acceptedTotal());
    QVERIFY(metric(text, "mqhook_build_info") == 1.0);

    const QString problems = promtoolProblems(scrape());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    service.process->sendSignal(SIGTERM);
    QVERIFY(service.process->waitForExit(timeout));
    QCOMPARE(service.process->process().exitCode(), 0);
}

void tst_Admin::tailPrintsAndReconnects()
{
    Service service;
    QString error;
    QVERIFY2(startService(service, u"e2e-tail"_s, &error), qPrintable(error));
    const QString url = u"http://127.0.0.1:%1"_s.arg(service.adminPort);

    QProcess plain;
    plain.start(test::mqhookBinary(),
                {u"tail"_s, u"--url"_s, url, u"--token"_s, QString::fromLatin1(token)});
    QProcess json;
    json.start(test::mqhookBinary(), {u"--config"_s, service.configFile, u"tail"_s, u"--json"_s,
                                      u"--topic"_s, u"e2e/tail/#"_s, u"--kind"_s, u"delivered"_s});
    QByteArray plainErr;
    QByteArray plainOut;
    QByteArray jsonOut;
    const auto read = [&] {
        plainErr += plain.readAllStandardError();
        plainOut += plain.readAllStandardOutput();
        jsonOut += json.readAllStandardOutput();
    };
    QTRY_VERIFY_WITH_TIMEOUT((read(), plainErr.contains("Connected to")), timeout);
    QTRY_VERIFY_WITH_TIMEOUT((read(), json.readAllStandardError().contains("Connected to") ||
                                          json.state() == QProcess::Running),
                             timeout);
    QTest::qWait(500);

    const auto publish = [&](const QList<QByteArray> &payloads) {
        return service.rig.publishLines(u"e2e/tail/a"_s, payloads, &error);
    };
    const QList<QByteArray> before = numberedPayloads("tail-before-", 5);
    QVERIFY2(publish(before), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(
        (read(), std::all_of(before.cbegin(), before.cend(),
                             [&](const QByteArray &p) { return plainOut.contains(p); })),
        timeout);
    // One readable line per event: taken (with the payload) and delivered.
    for (const QByteArray &line : plainOut.split('\n')) {
        if (!line.contains("tail-before-1\n") && !line.endsWith("tail-before-1"))
            continue;
        QVERIFY2(line.contains("taken") && line.contains("e2e/tail/a"), line.constData());
    }
    QTRY_VERIFY2_WITH_TIMEOUT((read(), plainOut.count("delivered") >= before.size()),
                              plainOut.constData(), timeout);
    QVERIFY2(plainOut.contains("  200  "), plainOut.constData());
    QVERIFY(!plainOut.contains("\x1b[")); // no colours into a pipe

    // The service restarts: tail says so, connects again, and goes on.
    service.process->sendSignal(SIGTERM);
    QVERIFY(service.process->waitForExit(timeout));
    QTRY_VERIFY_WITH_TIMEOUT((read(), plainErr.contains("connecting again")), timeout);
    service.process = MqhookProcess::headless(service.configFile);
    QVERIFY2(service.process->start(&error), qPrintable(error));
    QVERIFY2(
        waitUntilForwarding(service.rig.broker(), service.rig.endpoint(), *service.process, &error),
        qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT((read(), plainErr.count("Connected to") >= 2), timeout);
    const QList<QByteArray> after = numberedPayloads("tail-after-", 5);
    QVERIFY2(publish(after), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(
        (read(), std::all_of(after.cbegin(), after.cend(),
                             [&](const QByteArray &p) { return plainOut.contains(p); })),
        timeout);

    // --json: one object per line, filtered by topic and kind.
    QTRY_VERIFY_WITH_TIMEOUT((read(), jsonOut.count('\n') >= 10), timeout);
    for (const QByteArray &line : jsonOut.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonObject object = QJsonDocument::fromJson(line, &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, line.constData());
        QCOMPARE(object.value(u"kind"_s).toString(), u"delivered"_s);
        QCOMPARE(object.value(u"topic"_s).toString(), u"e2e/tail/a"_s);
    }

    for (QProcess *tail : {&plain, &json}) {
        ::kill(pid_t(tail->processId()), SIGINT);
        QVERIFY(tail->waitForFinished(timeout));
        QCOMPARE(tail->exitCode(), 0);
    }
    service.process->sendSignal(SIGTERM);
    QVERIFY(service.process->waitForExit(timeout));
}

void tst_Admin::statusSummarises()
{
    Service service;
    QString error;
    QVERIFY2(startService(service, u"e2e-status"_s, &error), qPrintable(error));
    // From the configuration: admin.listen and admin.token.
    Run run = runMqhook({u"--config"_s, service.configFile, u"status"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    for (const QString &expected :
         {u"Ready"_s, u"Broker connections (1):"_s, u"e2e-status"_s, u"subscribed"_s,
          u"Routes (1):"_s, u"e2e-status/1/e2e -> "_s, u"received"_s})
        QVERIFY2(run.out.contains(expected), qPrintable(expected + u"\n"_s + run.out));

    run = runMqhook({u"status"_s, u"--url"_s, u"127.0.0.1:%1"_s.arg(service.adminPort),
                     u"--token"_s, u"not-the-right-token-at-all"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"401"_s), qPrintable(run.err));

    run = runMqhook(
        {u"status"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(MosquittoFixture::freePort())});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(!run.err.isEmpty());

    service.process->sendSignal(SIGTERM);
    QVERIFY(service.process->waitForExit(timeout));
}

void tst_Admin::sighupAppliesTheAdminSection()
{
    Service service;
    QString error;
    QVERIFY2(startService(service, u"e2e-admin-reload"_s, &error), qPrintable(error));
    const quint16 oldPort = service.adminPort;
    QCOMPARE(httpRequest(oldPort, "GET", u"/api/status"_s, token).status, 200);

    const quint16 newPort = MosquittoFixture::freePort();
    const QByteArray newToken = "a-new-admin-token-after-reload";
    service.config.adminListen = u"127.0.0.1:%1"_s.arg(newPort);
    service.config.adminToken = QString::fromLatin1(newToken);
    QCOMPARE(service.rig.writeConfigFile(service.config), service.configFile);
    service.process->sendSignal(SIGHUP);
    QTRY_VERIFY2_WITH_TIMEOUT(service.process->output().contains(u"admin endpoint: now on"_s),
                              qPrintable(service.process->output()), timeout);
    QCOMPARE(httpRequest(newPort, "GET", u"/api/status"_s, newToken).status, 200);
    QCOMPARE(httpRequest(newPort, "GET", u"/api/status"_s, token).status, 401);
    QCOMPARE(httpRequest(oldPort, "GET", u"/healthz"_s).status, 0);
    // Forwarding went on, not restarted.
    QVERIFY2(service.rig.publishLines(u"e2e/reload"_s, {"after-admin-reload"}, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(
        service.rig.endpoint().accepted(u"/hook"_s).value("after-admin-reload"), 1, timeout);
    QCOMPARE(service.process->output().count(u"Forwarding with"_s), 1);
    QVERIFY(!service.process->output().contains(u"Reload: route"_s));

    service.process->sendSignal(SIGTERM);
    QVERIFY(service.process->waitForExit(timeout));
    QCOMPARE(service.process->process().exitCode(), 0);
}

void tst_Admin::hostileClientsDoNotStopForwarding()
{
    // 1,000 connections need that many descriptors, here and in mqhook.
    rlimit limit{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_cur < 4096) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 4096);
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
    }
    QVERIFY2(limit.rlim_cur >= 1200, "RLIMIT_NOFILE's hard limit is below 1200");

    Service service;
    QString error;
    QVERIFY2(startService(service, u"e2e-hostile"_s, &error,
                          [](ForwardConfig &config) { config.eventBuffer = 1000; }),
             qPrintable(error));
    const quint16 port = service.adminPort;
    CountingEndpoint &endpoint = service.rig.endpoint();

    // A reader of the event stream that stops reading at once.
    IdleSockets sockets;
    QCOMPARE(sockets.open(port, 1), 1);
    const int stalled = sockets.last();
    sockets.send(stalled, "GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                              "\r\n\r\n");

    // Malformed requests: each answered and closed.
    for (const QByteArray &garbage :
         {QByteArray("GARBAGE\r\n\r\n"), QByteArray("GET / HTTP/9.9\r\n\r\n"),
          QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + QByteArray(100000, 'x')),
          QByteArray("\0\0\0\0\r\n\r\n", 8)}) {
        HttpConnection connection(port);
        connection.send(garbage);
        const std::optional<HttpReply> reply = connection.read(timeout);
        QVERIFY(reply && reply->status >= 400 && reply->status < 600);
        QVERIFY(connection.waitClosed(timeout));
    }

    // Warm up (the ring fills, the sockets' buffers too), then measure.
    const QList<QByteArray> warmup = numberedPayloads("warm-", 3000);
    QVERIFY2(service.rig.publishLines(u"e2e/hostile"_s, warmup, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(arrivedCount(warmup, endpoint.accepted(u"/hook"_s)),
                              int(warmup.size()), longTimeout);
    const qint64 rssBefore = service.process->statusValue("VmRSS");

    // 1,000 connections that say nothing: the first max_connections (64)
    // are held until their idle timeout, the rest are refused at once.
    QCOMPARE(sockets.open(port, 1000), 1000);

    QByteArray payload(200, 'h');
    QList<QByteArray> payloads;
    for (int i = 0; i < 30000; ++i)
        payloads.append("hostile-" + QByteArray::number(i) + '-' + payload);
    QVERIFY2(service.rig.publishLines(u"e2e/hostile"_s, payloads, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(arrivedCount(payloads, endpoint.accepted(u"/hook"_s)),
                              int(payloads.size()), longTimeout);
    const qint64 rssAfter = service.process->statusValue("VmRSS");
    const qint64 bound = underAsan ? 48 * 1024 : 12 * 1024;
    qInfo("hostile clients: VmRSS %lld KiB before, %lld KiB after 30,000 messages (growth %lld "
          "KiB, bound %lld)",
          rssBefore, rssAfter, rssAfter - rssBefore, bound);
    QVERIFY2(rssAfter - rssBefore < bound, "memory grew with the stalled reader");
    QVERIFY(service.process->isRunning());

    // The stalled reader, reading at last, learns what it missed (unless it
    // took nothing for so long that it was let go: then the stream ended).
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += sockets.drain(stalled)).contains("event: dropped") ||
                                 (received.contains("HTTP/1.1 200") && sockets.atEnd(stalled)),
                             timeout);
    qInfo("the stalled reader %s",
          received.contains("event: dropped") ? "got a dropped event" : "was let go");

    // Once the idle ones are gone, the endpoint answers again.
    sockets.closeAll();
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(port, "GET", u"/healthz"_s).status, 200, timeout);

    service.process->sendSignal(SIGTERM);
    QVERIFY(service.process->waitForExit(timeout));
    QCOMPARE(service.process->process().exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_Admin)
#include "tst_admin.moc"
