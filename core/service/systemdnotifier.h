#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace mqhook {

// Tells systemd what the service is doing (sd_notify, for Type=notify units):
// READY=1 once it forwards, RELOADING=1 and READY=1 around a reload,
// STOPPING=1 on shutdown, STATUS= lines, and WATCHDOG=1 at half the interval
// systemd asks for (WatchdogSec=) while the event loop runs. When the process
// was not started by systemd (no NOTIFY_SOCKET), every call does nothing.
class SystemdNotifier : public QObject
{
    Q_OBJECT

public:
    explicit SystemdNotifier(QObject *parent = nullptr);

    // Whether systemd listens (NOTIFY_SOCKET is set).
    bool isActive() const { return m_active; }
    // Starts sending WATCHDOG=1 when systemd asked for it (WATCHDOG_USEC, and
    // WATCHDOG_PID naming this process when set). Returns how often; zero when
    // there is no watchdog.
    std::chrono::microseconds startWatchdog();

    void notifyReady(const QString &status);
    void notifyReloading();
    void notifyStopping();
    void notifyStatus(const QString &status);

private:
    void send(const QByteArray &state);

    bool m_active = false;
    bool m_failureLogged = false;
    QTimer m_watchdog;
};

} // namespace mqhook
