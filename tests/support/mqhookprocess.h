#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace mqhook::test {

// One run of the built mqhook executable as a child process, its stdout and
// stderr collected together.
class MqhookProcess
{
public:
    explicit MqhookProcess(QStringList arguments);
    ~MqhookProcess();

    MqhookProcess(const MqhookProcess &) = delete;
    MqhookProcess &operator=(const MqhookProcess &) = delete;

    // `mqhook --no-gui --config <configFile>`.
    static std::unique_ptr<MqhookProcess> headless(const QString &configFile);

    // Sets (or, with a null value, removes) a variable of the child's
    // environment; call it before start().
    void setEnvironmentVariable(const QString &name, const QString &value);

    bool start(QString *error);

    QProcess &process() { return m_process; }
    qint64 pid() const { return m_process.processId(); }
    // Waits with the event loop running: the test's own servers keep
    // answering while mqhook drains.
    bool waitForExit(int ms);
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QString output();
    // Waits (event loop running) until the output contains text; false when
    // it does not within ms or mqhook ends first.
    bool waitForOutput(const QString &text, int ms);
    void sendSignal(int signum);

    // From /proc/<pid>/status, in KiB; -1 when not found.
    qint64 statusValue(const QByteArray &key) const;

private:
    QStringList m_arguments;
    QProcessEnvironment m_environment;
    QProcess m_process;
    QByteArray m_output;
};

} // namespace mqhook::test
