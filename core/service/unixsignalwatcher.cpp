#include "unixsignalwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace mqhook {

namespace {

// One socket pair for the process: a signal handler cannot know which watcher
// it belongs to, and signal dispositions are process-wide anyway.
int g_signalSockets[2] = {-1, -1};

void handleSignal(int signum)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signum);
    [[maybe_unused]] const ssize_t written = ::write(g_signalSockets[0], &byte, 1);
    errno = savedErrno;
}

bool ensureSockets(QString *error)
{
    if (g_signalSockets[0] >= 0)
        return true;
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalSockets) != 0) {
        if (error)
            *error = QStringLiteral("cannot create the signal socket pair: %1")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // A full socket must never block the handler.
    ::fcntl(g_signalSockets[0], F_SETFL, ::fcntl(g_signalSockets[0], F_GETFL) | O_NONBLOCK);
    ::fcntl(g_signalSockets[1], F_SETFL, ::fcntl(g_signalSockets[1], F_GETFL) | O_NONBLOCK);
    return true;
}

} // namespace

UnixSignalWatcher::UnixSignalWatcher(QObject *parent)
    : QObject(parent)
{}

UnixSignalWatcher::~UnixSignalWatcher()
{
    struct sigaction action = {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (int signum : std::as_const(m_watched))
        ::sigaction(signum, &action, nullptr);
}

bool UnixSignalWatcher::watch(int signum, QString *error)
{
    if (!ensureSockets(error))
        return false;
    if (!m_notifier) {
        m_notifier = new QSocketNotifier(g_signalSockets[1], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalWatcher::readSignals);
    }
    struct sigaction action = {};
    action.sa_handler = handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(signum, &action, nullptr) != 0) {
        if (error)
            *error = QStringLiteral("cannot watch signal %1: %2")
                         .arg(signum)
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (!m_watched.contains(signum))
        m_watched.append(signum);
    return true;
}

void UnixSignalWatcher::readSignals()
{
    unsigned char buffer[64];
    for (;;) {
        const ssize_t n = ::read(g_signalSockets[1], buffer, sizeof buffer);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; ++i) {
            if (m_watched.contains(buffer[i]))
                emit unixSignal(buffer[i]);
        }
    }
}

} // namespace mqhook
