#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace mqhook::test {

// A private Secret Service for a test: a session bus of its own
// (dbus-daemon) and an unlocked GNOME Keyring on it, keyrings in a temporary
// folder, so that tests never touch the keychain of the person running them.
//
//   SecretServiceFixture keyring;
//   QVERIFY2(keyring.start(&error), qPrintable(error)); // sets DBUS_SESSION_BUS_ADDRESS
//
// start() points this process (and children started after it, through
// environment()) at the private bus. Fails the running test, naming the
// Debian package, when dbus-daemon or gnome-keyring-daemon is missing.
class SecretServiceFixture
{
public:
    SecretServiceFixture();
    ~SecretServiceFixture();

    SecretServiceFixture(const SecretServiceFixture &) = delete;
    SecretServiceFixture &operator=(const SecretServiceFixture &) = delete;

    bool start(QString *error);
    void stop();

    QString busAddress() const { return m_address; }
    // The system environment with the private bus (for child processes).
    QProcessEnvironment environment() const;

private:
    bool waitForKeyring(QString *error);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_keyring;
    QString m_address;
};

} // namespace mqhook::test
