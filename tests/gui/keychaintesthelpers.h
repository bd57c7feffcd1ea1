#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

namespace mqhook::test {

// The broker password of the keychain tests. ctest fails the test if this
// text appears anywhere in its output (FAIL_REGULAR_EXPRESSION), so that a
// password that leaks into a log, a message or a file name shows.
inline constexpr const char *brokerSecret = "kc-secret-7f3a91e2";

// A configuration with one broker connection at host:port signing in as
// user, one route, its queue in memory; extra is added to the broker object
// (e.g. "\"password_keychain\": \"x\"").
QByteArray oneBrokerConfig(quint16 port, const QString &user, const QString &extra = {});

// `mqhook --no-gui` with its output collected.
class HeadlessRun
{
public:
    HeadlessRun(const QString &configFile, const QProcessEnvironment &environment);
    ~HeadlessRun();

    // Waits, with the event loop running, until the output holds text or
    // mqhook ends.
    bool waitForOutput(const QString &text, int ms);
    bool waitForExit(int ms);
    void terminate();
    int exitCode() const { return m_process.exitCode(); }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QString output();

private:
    QProcess m_process;
    QByteArray m_output;
};

} // namespace mqhook::test
