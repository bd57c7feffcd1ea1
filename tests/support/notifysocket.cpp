#include "notifysocket.h"

#include <QFile>
#include <QSocketNotifier>
#include <QTest>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace mqhook::test {

NotifySocket::NotifySocket(QObject *parent)
    : QObject(parent)
{}

NotifySocket::~NotifySocket()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool NotifySocket::open(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder: %1").arg(m_dir.errorString());
        return false;
    }
    m_path = m_dir.filePath(QStringLiteral("notify"));
    const QByteArray name = QFile::encodeName(m_path);
    sockaddr_un address{};
    if (size_t(name.size()) >= sizeof(address.sun_path)) {
        *error = QStringLiteral("socket path too long: %1").arg(m_path);
        return false;
    }
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_fd < 0) {
        *error = QStringLiteral("socket(): %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        *error = QStringLiteral("bind(%1): %2")
                     .arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &NotifySocket::drain);
    return true;
}

void NotifySocket::drain()
{
    if (m_fd < 0)
        return;
    for (;;) {
        char buffer[4096];
        const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
        if (n < 0)
            return; // EAGAIN: nothing more queued
        const QByteArray datagram(buffer, qsizetype(n));
        m_datagrams.append(datagram);
        emit received(datagram);
    }
}

int NotifySocket::indexOf(const QByteArray &assignment, int from) const
{
    for (int i = std::max(from, 0); i < m_datagrams.size(); ++i) {
        if (m_datagrams.at(i).split('\n').contains(assignment))
            return i;
    }
    return -1;
}

int NotifySocket::count(const QByteArray &assignment) const
{
    int n = 0;
    for (int i = indexOf(assignment); i >= 0; i = indexOf(assignment, i + 1))
        ++n;
    return n;
}

bool NotifySocket::waitFor(const QByteArray &assignment, int n, int ms)
{
    return QTest::qWaitFor(
        [&] {
            drain();
            return count(assignment) >= n;
        },
        ms);
}

} // namespace mqhook::test
