#include "systemdnotifier.h"

#include "base/logcategories.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <systemd/sd-daemon.h>

namespace mqhook {

namespace {

QByteArray statusLine(const QString &status)
{
    // One line: a newline would start another assignment.
    QString text = status;
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return "STATUS=" + text.toUtf8();
}

} // namespace

SystemdNotifier::SystemdNotifier(QObject *parent)
    : QObject(parent)
    , m_active(!qEnvironmentVariableIsEmpty("NOTIFY_SOCKET"))
{
    m_watchdog.setTimerType(Qt::PreciseTimer);
    connect(&m_watchdog, &QTimer::timeout, this, [this] { send("WATCHDOG=1"); });
}

std::chrono::microseconds SystemdNotifier::startWatchdog()
{
    // sd_watchdog_enabled() also checks WATCHDOG_PID against this process, so a
    // child started with the variables inherited does not ping for its parent.
    uint64_t usec = 0;
    if (!m_active || sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
        return std::chrono::microseconds(0);
    // Half the interval, as sd_watchdog_enabled(3) advises: one late pass of
    // the event loop does not cost a restart.
    const auto interval = std::chrono::microseconds(usec / 2);
    m_watchdog.setInterval(std::max(std::chrono::duration_cast<std::chrono::milliseconds>(interval),
                                    std::chrono::milliseconds(1)));
    m_watchdog.start();
    qCInfo(lcService, "systemd watchdog: pinging every %lld ms", qint64(m_watchdog.interval()));
    return interval;
}

void SystemdNotifier::notifyReady(const QString &status)
{
    send("READY=1\n" + statusLine(status));
}

void SystemdNotifier::notifyReloading()
{
    // systemd 253 and later want the time of the reload with it
    // (Type=notify-reload); older ones ignore the extra field.
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const qint64 usec = qint64(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
    send("RELOADING=1\nMONOTONIC_USEC=" + QByteArray::number(usec) + '\n' +
         statusLine(QStringLiteral("Reloading the configuration")));
}

void SystemdNotifier::notifyStopping()
{
    send("STOPPING=1\n" + statusLine(QStringLiteral("Stopping")));
}

void SystemdNotifier::notifyStatus(const QString &status)
{
    send(statusLine(status));
}

void SystemdNotifier::send(const QByteArray &state)
{
    if (!m_active)
        return;
    const int result = sd_notify(0, state.constData());
    if (result < 0 && !m_failureLogged) {
        m_failureLogged = true;
        qCWarning(lcService, "Cannot notify systemd through NOTIFY_SOCKET: %s",
                  std::strerror(-result));
    }
}

} // namespace mqhook
