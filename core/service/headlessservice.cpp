#include "headlessservice.h"

#include "base/logcategories.h"
#include "bridge.h"
#include "config/configloader.h"
#include "exitcode.h"
#include "observe/logsink.h"
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

} // namespace

HeadlessService::HeadlessService(const QString &configFile, std::optional<LogLevel> logLevel,
                                 QObject *parent)
    : QObject(parent)
    , m_configFile(configFile)
    , m_logLevel(logLevel)
    , m_clock(std::make_shared<SystemClock>())
    , m_bridge(std::make_unique<Bridge>(m_clock))
    , m_signals(new UnixSignalWatcher(this))
    , m_systemd(new SystemdNotifier(this))
{
    connect(m_signals, &UnixSignalWatcher::unixSignal, this, &HeadlessService::onSignal);
    connect(m_bridge.get(), &Bridge::connectionReady, this, &HeadlessService::updateReadiness);
    connect(m_bridge.get(), &Bridge::stopped, this, [this] {
        qCInfo(lcService, "Stopped");
        emit finished(ExitOk);
    });
}

HeadlessService::~HeadlessService()
{
    m_bridge.reset();
    m_logSink.reset();
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

std::optional<int> HeadlessService::start()
{
    const LoadResult loaded = ConfigLoader().loadFile(m_configFile);
    if (!loaded.ok()) {
        logIssues(m_configFile, loaded);
        qCCritical(lcConfig, "%s: %lld error(s); not starting", qUtf8Printable(m_configFile),
                   qint64(loaded.errors.size()));
        return ExitConfigInvalid;
    }
    applyLogConfig(*loaded.config);
    logIssues(m_configFile, loaded);
    m_systemd->startWatchdog();

    for (int signum : {SIGTERM, SIGINT, SIGHUP}) {
        QString error;
        if (!m_signals->watch(signum, &error))
            qCWarning(lcService, "%s", qUtf8Printable(error));
    }

    QString error;
    if (!m_bridge->start(*loaded.config, &error)) {
        qCCritical(lcService, "Cannot start: %s", qUtf8Printable(error));
        return ExitRuntimeError;
    }
    qCInfo(lcService, "Forwarding with %s (%lld broker connection(s))",
           qUtf8Printable(m_configFile), qint64(loaded.config->brokers.size()));
    updateReadiness();
    return std::nullopt;
}

void HeadlessService::updateReadiness()
{
    if (m_ready || m_stopping)
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
        m_systemd->notifyReady(
            QStringLiteral("Reload rejected (%1 error(s)); the running configuration stays")
                .arg(loaded.errors.size()));
        return false;
    }
    if (loaded.config->log != m_bridge->config().log)
        applyLogConfig(*loaded.config);
    for (const QString &note : m_bridge->reload(*loaded.config))
        qCInfo(lcConfig, "Reload: %s", qUtf8Printable(note));
    m_systemd->notifyReady(QStringLiteral("Forwarding: configuration reloaded"));
    return true;
}

void HeadlessService::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_systemd->notifyStopping();
    qCInfo(lcService, "Stopping (grace period %lld ms)", qint64(m_stopGrace.count()));
    m_bridge->stop(m_stopGrace);
}

void HeadlessService::onSignal(int signum)
{
    if (signum == SIGHUP) {
        reload();
        return;
    }
    stop();
}

} // namespace mqhook
