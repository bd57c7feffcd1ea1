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
class UnixSignalWatcher;

// mqhook as a service (--no-gui): loads the configuration file, logs per
// log_config, runs the bridge until SIGTERM or SIGINT, and reloads the file
// on SIGHUP (keeping the running configuration when the new one has errors).
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

    QString m_configFile;
    std::optional<LogLevel> m_logLevel;
    std::shared_ptr<const Clock> m_clock;          // the bridge's and the log's
    std::chrono::milliseconds m_stopGrace{10'000}; // for requests in flight after SIGTERM
    std::unique_ptr<LogSink> m_logSink;
    std::unique_ptr<Bridge> m_bridge;
    UnixSignalWatcher *m_signals = nullptr;
    bool m_stopping = false;
};

} // namespace mqhook
