#pragma once

#include "config/config.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>

namespace mqhook {

class Bridge;
class LogSink;
class SecretStore;
class UnixSignalWatcher;

// mqhook as a service (--no-gui, and Start in the window): loads the
// configuration file, logs per log_config, reads broker passwords from the
// OS keychain where the file says so, runs the bridge until SIGTERM or
// SIGINT, and reloads the file on SIGHUP (keeping the running configuration
// when the new one has errors or its passwords cannot be read). Disabled
// broker connections are left out.
class HeadlessService : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Stopped,
        Starting, // reading passwords from the keychain
        Running,
        Stopping,
    };
    Q_ENUM(State)

    HeadlessService(const QString &configFile, std::optional<LogLevel> logLevel,
                    QObject *parent = nullptr);
    ~HeadlessService() override;

    // How long requests in flight may take to finish after SIGTERM.
    void setStopGrace(std::chrono::milliseconds grace) { m_stopGrace = grace; }
    // Where password_keychain entries are read; without one they are errors.
    void setSecretStore(SecretStore *store) { m_secrets = store; }
    // SIGTERM, SIGINT and SIGHUP are handled unless this is switched off
    // before start() (the window handles its own quitting).
    void setHandleSignals(bool handle) { m_handleSignals = handle; }

    // Loads the configuration and starts forwarding. Returns an exit code
    // (ExitConfigInvalid, ExitRuntimeError) when it cannot, or nothing when
    // it runs or waits for the keychain; finished() tells the exit code
    // later (ExitRuntimeError when a password cannot be read).
    std::optional<int> start();

    // Reads the file again and applies it; false (the old configuration
    // stays) when it has errors, each of them logged. Passwords from the
    // keychain are read first; reloaded() tells when it has been applied.
    bool reload();

    // Stops as on SIGTERM.
    void stop();

    State state() const { return m_state; }
    // The errors that stopped the last start or reload, one per line.
    QStringList errors() const { return m_errors; }
    Bridge *bridge() const { return m_bridge.get(); }

    // The part of a configuration that runs: the enabled broker connections.
    static Config forwarded(const Config &config);

signals:
    void stateChanged(mqhook::HeadlessService::State state);
    void finished(int exitCode);
    void reloaded(bool applied);

private:
    void onSignal(int signum);
    void applyLogConfig(const Config &config);
    std::optional<int> startBridge(const Config &config);
    void applyReload(const Config &config);
    // The context of the keychain reads under way; replacing it drops their answers.
    QObject *newSecretsContext();
    void setState(State state);
    void fail(int exitCode);

    QString m_configFile;
    std::optional<LogLevel> m_logLevel;
    std::chrono::milliseconds m_stopGrace{10'000};
    SecretStore *m_secrets = nullptr;
    bool m_handleSignals = true;
    std::unique_ptr<LogSink> m_logSink;
    std::unique_ptr<Bridge> m_bridge;
    UnixSignalWatcher *m_signals = nullptr;
    QPointer<QObject> m_secretsContext;
    State m_state = State::Stopped;
    QStringList m_errors;
};

} // namespace mqhook
