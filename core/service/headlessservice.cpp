#include "headlessservice.h"

#include "adminendpoint.h"
#include "base/logcategories.h"
#include "bridge.h"
#include "config/configloader.h"
#include "config/secretresolver.h"
#include "eventrecorder.h"
#include "exitcode.h"
#include "observe/eventring.h"
#include "observe/logsink.h"
#include "observe/metrics.h"
#include "systemdnotifier.h"
#include "unixsignalwatcher.h"

#include <algorithm>
#include <csignal>

namespace mqhook {

namespace {

void logIssues(const QString &fileName, const LoadResult &result)
{
    for (const ConfigIssue &issue : result.warnings)
        qCWarning(lcConfig, "%s", qUtf8Printable(issue.toString(fileName)));
    for (const ConfigIssue &issue : result.errors)
        qCCritical(lcConfig, "%s", qUtf8Printable(issue.toString(fileName)));
}

QStringList issueLines(const QString &fileName, const LoadResult &result)
{
    QStringList lines;
    for (const ConfigIssue &issue : result.errors)
        lines.append(issue.toString(fileName));
    return lines;
}

} // namespace

HeadlessService::HeadlessService(const QString &configFile, std::optional<LogLevel> logLevel,
                                 QObject *parent)
    : QObject(parent)
    , m_configFile(configFile)
    , m_logLevel(logLevel)
    , m_clock(std::make_shared<SystemClock>())
    , m_events(std::make_unique<EventRing>())
    , m_metrics(std::make_unique<MetricsRegistry>())
    , m_bridge(std::make_unique<Bridge>(m_clock))
    , m_recorder(std::make_unique<EventRecorder>(m_bridge.get(), m_events.get(), m_metrics.get(),
                                                 m_clock, QStringLiteral(MQHOOK_VERSION)))
    , m_admin(std::make_unique<AdminEndpoint>(m_bridge.get(), m_events.get()))
    , m_signals(new UnixSignalWatcher(this))
    , m_systemd(new SystemdNotifier(this))
{
    // Rendered on the admin thread: the registry is made to be read there.
    m_admin->setMetrics([metrics = m_metrics.get()] { return metrics->render(); });
    connect(m_signals, &UnixSignalWatcher::unixSignal, this, &HeadlessService::onSignal);
    connect(m_bridge.get(), &Bridge::connectionReady, this, &HeadlessService::updateReadiness);
    connect(m_bridge.get(), &Bridge::stopped, this, [this] {
        qCInfo(lcService, "Stopped");
        setState(State::Stopped);
        emit finished(ExitOk);
    });
}

HeadlessService::~HeadlessService()
{
    delete m_secretsContext;
    m_admin.reset();
    m_recorder.reset();
    m_bridge.reset();
    m_logSink.reset();
}

void HeadlessService::setEventBufferSize(int events)
{
    m_events->setCapacity(events);
}

void HeadlessService::setPayloadPreview(int bytes)
{
    m_recorder->setPayloadPreview(bytes);
}

void HeadlessService::applyEventSettings(const AdminConfig &admin)
{
    setEventBufferSize(admin.eventBuffer);
    setPayloadPreview(admin.payloadPreview);
}

Config HeadlessService::forwarded(const Config &config)
{
    Config result = config;
    result.brokers.removeIf([](const BrokerConfig &broker) { return !broker.enabled; });
    return result;
}

void HeadlessService::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void HeadlessService::fail(int exitCode)
{
    setState(State::Stopped);
    emit finished(exitCode);
}

void HeadlessService::applyLogConfig(const Config &config)
{
    LogConfig log = config.log;
    if (m_logLevel)
        log.level = *m_logLevel;
    if (m_logSink) {
        m_logSink->uninstall();
        m_logSink.reset();
    }
    m_logSink = std::make_unique<LogSink>(log, m_clock);
    m_logSink->install();
}

QObject *HeadlessService::newSecretsContext()
{
    delete m_secretsContext;
    m_secretsContext = new QObject(this);
    return m_secretsContext;
}

std::optional<int> HeadlessService::start()
{
    m_errors.clear();
    const LoadResult loaded = ConfigLoader().loadFile(m_configFile);
    if (!loaded.ok()) {
        logIssues(m_configFile, loaded);
        qCCritical(lcConfig, "%s: %lld error(s); not starting", qUtf8Printable(m_configFile),
                   qint64(loaded.errors.size()));
        m_errors = issueLines(m_configFile, loaded);
        return ExitConfigInvalid;
    }
    applyLogConfig(*loaded.config);
    logIssues(m_configFile, loaded);
    // The endpoint is up before forwarding starts, so /healthz answers and
    // /readyz says what is still missing while the brokers are connected.
    applyEventSettings(loaded.config->admin);
    QString adminError;
    if (!m_admin->start(loaded.config->admin, &adminError)) {
        qCCritical(lcService, "Cannot start: %s", qUtf8Printable(adminError));
        m_errors = QStringList{adminError};
        return ExitRuntimeError;
    }
    m_systemd->startWatchdog();

    if (m_handleSignals) {
        for (int signum : {SIGTERM, SIGINT, SIGHUP}) {
            QString error;
            if (!m_signals->watch(signum, &error))
                qCWarning(lcService, "%s", qUtf8Printable(error));
        }
    }

    const Config config = forwarded(*loaded.config);
    if (!SecretResolver::needsSecrets(config))
        return startBridge(config);

    setState(State::Starting);
    qCInfo(lcService, "Reading broker passwords from the OS keychain");
    SecretResolver::resolve(config, m_secrets, newSecretsContext(),
                            [this](const SecretResolver::Outcome &outcome) {
                                if (!outcome.errors.isEmpty()) {
                                    for (const QString &error : outcome.errors)
                                        qCCritical(lcService, "%s", qUtf8Printable(error));
                                    qCCritical(lcService, "Cannot start: %lld password(s) missing",
                                               qint64(outcome.errors.size()));
                                    m_errors = outcome.errors;
                                    fail(ExitRuntimeError);
                                    return;
                                }
                                if (const std::optional<int> exitCode = startBridge(outcome.config))
                                    fail(*exitCode);
                            });
    return std::nullopt;
}

std::optional<int> HeadlessService::startBridge(const Config &config)
{
    QString error;
    if (!m_bridge->start(config, &error)) {
        qCCritical(lcService, "Cannot start: %s", qUtf8Printable(error));
        m_errors = QStringList{error};
        setState(State::Stopped);
        return ExitRuntimeError;
    }
    qCInfo(lcService, "Forwarding with %s (%lld broker connection(s))",
           qUtf8Printable(m_configFile), qint64(config.brokers.size()));
    setState(State::Running);
    updateReadiness();
    return std::nullopt;
}

void HeadlessService::updateReadiness()
{
    if (m_ready || m_state != State::Running)
        return;
    const QList<Bridge::ConnectionStatus> connections = m_bridge->connections();
    const auto subscribed = std::count_if(
        connections.cbegin(), connections.cend(),
        [](const Bridge::ConnectionStatus &connection) { return connection.subscribed; });
    if (subscribed < connections.size()) {
        m_systemd->notifyStatus(
            QStringLiteral("Waiting for the brokers: %1 of %2 connection(s) subscribed")
                .arg(subscribed)
                .arg(connections.size()));
        return;
    }
    m_ready = true;
    qCInfo(lcService, "Every broker connection is subscribed (%lld)", qint64(connections.size()));
    m_systemd->notifyReady(
        QStringLiteral("Forwarding: %1 broker connection(s) subscribed").arg(connections.size()));
}

bool HeadlessService::reload()
{
    qCInfo(lcConfig, "Reloading %s", qUtf8Printable(m_configFile));
    // systemd holds the reload job until READY=1 comes back: the file is
    // applied (or rejected) at once, while restarted connections may take
    // longer to subscribe, so READY=1 does not wait for them.
    m_systemd->notifyReloading();
    const LoadResult loaded = ConfigLoader().loadFile(m_configFile);
    logIssues(m_configFile, loaded);
    if (!loaded.ok()) {
        qCCritical(lcConfig, "%s: %lld error(s); the running configuration stays",
                   qUtf8Printable(m_configFile), qint64(loaded.errors.size()));
        m_errors = issueLines(m_configFile, loaded);
        m_systemd->notifyReady(
            QStringLiteral("Reload rejected (%1 error(s)); the running configuration stays")
                .arg(loaded.errors.size()));
        emit reloaded(false);
        return false;
    }
    const Config config = forwarded(*loaded.config);
    if (!SecretResolver::needsSecrets(config)) {
        applyReload(config);
        return true;
    }
    SecretResolver::resolve(config, m_secrets, newSecretsContext(),
                            [this](const SecretResolver::Outcome &outcome) {
                                if (!outcome.errors.isEmpty()) {
                                    for (const QString &error : outcome.errors)
                                        qCCritical(lcConfig, "%s", qUtf8Printable(error));
                                    qCCritical(lcConfig, "%s: the running configuration stays",
                                               qUtf8Printable(m_configFile));
                                    m_errors = outcome.errors;
                                    m_systemd->notifyReady(QStringLiteral(
                                        "Reload rejected (passwords missing); the running "
                                        "configuration stays"));
                                    emit reloaded(false);
                                    return;
                                }
                                applyReload(outcome.config);
                            });
    return true;
}

void HeadlessService::applyReload(const Config &config)
{
    m_errors.clear();
    if (config.log != m_bridge->config().log)
        applyLogConfig(config);
    for (const QString &note : m_bridge->reload(config))
        qCInfo(lcConfig, "Reload: %s", qUtf8Printable(note));
    // The admin section applies without touching forwarding.
    applyEventSettings(config.admin);
    for (const QString &note : m_admin->apply(config.admin))
        qCInfo(lcConfig, "Reload: %s", qUtf8Printable(note));
    m_systemd->notifyReady(QStringLiteral("Forwarding: configuration reloaded"));
    emit reloaded(true);
}

void HeadlessService::stop()
{
    if (m_state == State::Stopping || m_state == State::Stopped)
        return;
    if (m_state == State::Starting) {
        // Nothing runs yet: the keychain's answer is not waited for.
        delete m_secretsContext;
        qCInfo(lcService, "Stopped before starting");
        QMetaObject::invokeMethod(
            this, [this] { fail(ExitOk); }, Qt::QueuedConnection);
        setState(State::Stopping);
        return;
    }
    setState(State::Stopping);
    m_systemd->notifyStopping();
    qCInfo(lcService, "Stopping (grace period %lld ms)", qint64(m_stopGrace.count()));
    m_bridge->stop(m_stopGrace);
}

void HeadlessService::onSignal(int signum)
{
    if (signum == SIGHUP) {
        if (m_state == State::Running)
            reload();
        return;
    }
    stop();
}

} // namespace mqhook
