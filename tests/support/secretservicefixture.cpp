#include "secretservicefixture.h"

#include "testpaths.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDeadlineTimer>
#include <QDir>
#include <QThread>

namespace mqhook::test {

namespace {

const QString secretsName = QStringLiteral("org.freedesktop.secrets");

} // namespace

SecretServiceFixture::SecretServiceFixture() = default;

SecretServiceFixture::~SecretServiceFixture()
{
    stop();
}

QProcessEnvironment SecretServiceFixture::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"),
                       m_dir.filePath(QStringLiteral("runtime")));
    return environment;
}

bool SecretServiceFixture::start(QString *error)
{
    const QString busProgram =
        requireProgram(QStringLiteral("dbus-daemon"), QStringLiteral("dbus-daemon"));
    const QString keyringProgram =
        requireProgram(QStringLiteral("gnome-keyring-daemon"), QStringLiteral("gnome-keyring"));
    if (busProgram.isEmpty() || keyringProgram.isEmpty()) {
        *error = QStringLiteral("dbus-daemon and gnome-keyring-daemon are needed");
        return false;
    }
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    QDir(m_dir.path()).mkpath(QStringLiteral("data"));
    QDir(m_dir.path()).mkpath(QStringLiteral("runtime"));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("runtime")),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    m_bus = std::make_unique<QProcess>();
    m_bus->start(busProgram, {QStringLiteral("--session"), QStringLiteral("--nofork"),
                              QStringLiteral("--nopidfile"), QStringLiteral("--print-address=1")});
    if (!m_bus->waitForStarted(10000)) {
        *error = QStringLiteral("dbus-daemon did not start: %1").arg(m_bus->errorString());
        return false;
    }
    const QDeadlineTimer deadline(20000);
    while (!m_bus->canReadLine() && !deadline.hasExpired())
        m_bus->waitForReadyRead(200);
    m_address = QString::fromLocal8Bit(m_bus->readLine()).trimmed();
    if (m_address.isEmpty()) {
        *error = QStringLiteral("dbus-daemon printed no address: %1")
                     .arg(QString::fromLocal8Bit(m_bus->readAllStandardError()));
        return false;
    }

    m_keyring = std::make_unique<QProcess>();
    m_keyring->setProcessEnvironment(environment());
    m_keyring->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_keyring->start(keyringProgram, {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                                      QStringLiteral("--components=secrets")});
    if (!m_keyring->waitForStarted(10000)) {
        *error =
            QStringLiteral("gnome-keyring-daemon did not start: %1").arg(m_keyring->errorString());
        return false;
    }
    // The password of the new login keyring, then the end of input.
    // (QProcess writes from the event loop: wait for the bytes to go.)
    m_keyring->write("mqhook-test-keyring");
    m_keyring->waitForBytesWritten(10000);
    m_keyring->closeWriteChannel();

    // This process talks to the private bus from now on (libsecret reads it
    // when it first connects).
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toLocal8Bit());
    return waitForKeyring(error);
}

bool SecretServiceFixture::waitForKeyring(QString *error)
{
    QDBusConnection bus =
        QDBusConnection::connectToBus(m_address, QStringLiteral("mqhook-secret-fixture"));
    const QDeadlineTimer deadline(30000);
    QString last;
    while (!deadline.hasExpired()) {
        if (!bus.isConnected()) {
            last = bus.lastError().message();
        } else if (bus.interface()->isServiceRegistered(secretsName)) {
            // Unlocked: the default collection (login) exists.
            QDBusInterface service(secretsName, QStringLiteral("/org/freedesktop/secrets"),
                                   QStringLiteral("org.freedesktop.Secret.Service"), bus);
            const QDBusReply<QDBusObjectPath> alias =
                service.call(QStringLiteral("ReadAlias"), QStringLiteral("default"));
            if (alias.isValid() && alias.value().path() != u"/")
                break;
            last = alias.isValid() ? QStringLiteral("no default collection yet")
                                   : alias.error().message();
        } else {
            last = QStringLiteral("org.freedesktop.secrets is not on the bus yet");
        }
        QThread::msleep(50);
    }
    QDBusConnection::disconnectFromBus(QStringLiteral("mqhook-secret-fixture"));
    if (deadline.hasExpired()) {
        *error = QStringLiteral("the private keyring did not come up: %1").arg(last);
        return false;
    }
    return true;
}

void SecretServiceFixture::stop()
{
    for (std::unique_ptr<QProcess> *process : {&m_keyring, &m_bus}) {
        if (!*process)
            continue;
        (*process)->terminate();
        if (!(*process)->waitForFinished(5000))
            (*process)->kill();
        (*process)->waitForFinished(5000);
        process->reset();
    }
}

} // namespace mqhook::test
