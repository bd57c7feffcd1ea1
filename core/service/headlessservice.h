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

class AdminEndpoint;
class Bridge;
class Clock;
class EventRecorder;
class EventRing;
class LogSink;
class MetricsRegistry;
class SecretStore;
class SystemdNotifier;
class UnixSignalWatcher;

// mqhook as a service (--no-gui, and Start in the window): loads the
// configuration file, logs per log_config, reads broker passwords from the
// OS keychain where the file says so, runs the bridge until SIGTERM or
// SIGINT, and reloads the file on SIGHUP (keeping the running configuration
// when the new one has errors or its passwords cannot be read). Disabled
// broker connections are left out. Under systemd (Type=notify) it says
// READY=1 once every broker connection is subscribed, RELOADING=1 / READY=1
// around a reload and STOPPING=1 on the way out, and pings the watchdog.
// What the bridge does is recorded as events and metrics (eventRing(),
// metrics()) for the admin endpoint and the window.
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
    // The admin endpoint (admin in the configuration), listening while the
    // service runs with admin.listen set.
    AdminEndpoint *admin() const { return m_admin.get(); }

    // The most recent events (default 10,000) and the metrics; both may be
    // read from any thread.
    EventRing *eventRing() const { return m_events.get(); }
    MetricsRegistry *metrics() const { return m_metrics.get(); }
    // Events the ring keeps (admin.event_buffer); the oldest go first.
    void setEventBufferSize(int events);
    // Payload bytes a message event keeps (admin.payload_preview), default 256.
    void setPayloadPreview(int bytes);

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
    // admin.event_buffer and admin.payload_preview.
    void applyEventSettings(const AdminConfig &admin);
    // The context of the keychain reads under way; replacing it drops their answers.
    QObject *newSecretsContext();
    void setState(State state);
    void fail(int exitCode);
    // Sends READY=1 the first time every connection is subscribed, and the
    // progress as STATUS= until then.
    void updateReadiness();

    QString m_configFile;
    std::optional<LogLevel> m_logLevel;
    std::shared_ptr<const Clock> m_clock;          // the bridge's and the log's
    std::chrono::milliseconds m_stopGrace{10'000}; // for requests in flight after SIGTERM
    SecretStore *m_secrets = nullptr;
    bool m_handleSignals = true;
    std::unique_ptr<LogSink> m_logSink;
    std::unique_ptr<EventRing> m_events;
    std::unique_ptr<MetricsRegistry> m_metrics;
    std::unique_ptr<Bridge> m_bridge;
    std::unique_ptr<EventRecorder> m_recorder; // after the bridge it listens to
    std::unique_ptr<AdminEndpoint> m_admin;    // after what it reads
    UnixSignalWatcher *m_signals = nullptr;
    SystemdNotifier *m_systemd = nullptr;
    bool m_ready = false;
    QPointer<QObject> m_secretsContext;
    State m_state = State::Stopped;
    QStringList m_errors;
};

} // namespace mqhook
