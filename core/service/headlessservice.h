#pragma once

#include "base/clock.h"
#include "config/config.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

namespace mqhook {

class Bridge;
class LogSink;
class SystemdNotifier;
class UnixSignalWatcher;

// mqhook as a service (--no-gui): loads the configuration file, logs per
// log_config, runs the bridge until SIGTERM or SIGINT, and reloads the file
// on SIGHUP (keeping the running configuration when the new one has errors).
// Under systemd (Type=notify) it says READY=1 once every broker connection is
// subscribed, RELOADING=1 / READY=1 around a reload and STOPPING=1 on the way
// out, and pings the watchdog.
class HeadlessService : public QObject
{
    Q_OBJECT

public:
    HeadlessService(const QString &configFile, std::optional<LogLevel> logLevel,
                    QObject *parent = nullptr);
    ~HeadlessService() override;

    // Loads the configuration and starts forwarding. Returns an exit code
    // (ExitConfigInvalid, ExitRuntimeError) when it cannot, or nothing when
    // it runs; finished() tells the exit code later.
    std::optional<int> start();

    // Reads the file again and applies it; false (the old configuration
    // stays) when it has errors, each of them logged.
    bool reload();

    // Stops as on SIGTERM.
    void stop();

    Bridge *bridge() const { return m_bridge.get(); }

signals:
    void finished(int exitCode);

private:
    void onSignal(int signum);
    void applyLogConfig(const Config &config);
    // Sends READY=1 the first time every connection is subscribed, and the
    // progress as STATUS= until then.
    void updateReadiness();

    QString m_configFile;
    std::optional<LogLevel> m_logLevel;
    std::shared_ptr<const Clock> m_clock;          // the bridge's and the log's
    std::chrono::milliseconds m_stopGrace{10'000}; // for requests in flight after SIGTERM
    std::unique_ptr<LogSink> m_logSink;
    std::unique_ptr<Bridge> m_bridge;
    UnixSignalWatcher *m_signals = nullptr;
    SystemdNotifier *m_systemd = nullptr;
    bool m_ready = false;
    bool m_stopping = false;
};

} // namespace mqhook
