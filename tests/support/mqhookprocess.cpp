#include "mqhookprocess.h"

#include "testpaths.h"

#include <QFile>
#include <QTest>

#include <csignal>

namespace mqhook::test {

namespace {

constexpr int startTimeout = 60000;

} // namespace

MqhookProcess::MqhookProcess(QStringList arguments)
    : m_arguments(std::move(arguments))
    , m_environment(QProcessEnvironment::systemEnvironment())
{
    // A small quarantine keeps the sanitizer build's memory use near the real
    // one (tests measure it).
    const QString asan = m_environment.value(QStringLiteral("ASAN_OPTIONS"));
    m_environment.insert(QStringLiteral("ASAN_OPTIONS"),
                         QStringLiteral("quarantine_size_mb=16") +
                             (asan.isEmpty() ? QString() : QLatin1Char(':') + asan));
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                     [this] { m_output += m_process.readAllStandardOutput(); });
}

MqhookProcess::~MqhookProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

std::unique_ptr<MqhookProcess> MqhookProcess::headless(const QString &configFile)
{
    return std::make_unique<MqhookProcess>(
        QStringList{QStringLiteral("--no-gui"), QStringLiteral("--config"), configFile});
}

void MqhookProcess::setEnvironmentVariable(const QString &name, const QString &value)
{
    if (value.isNull())
        m_environment.remove(name);
    else
        m_environment.insert(name, value);
}

bool MqhookProcess::start(QString *error)
{
    m_process.setProcessEnvironment(m_environment);
    m_process.start(mqhookBinary(), m_arguments);
    if (!m_process.waitForStarted(startTimeout)) {
        *error = QStringLiteral("cannot start %1: %2").arg(mqhookBinary(), m_process.errorString());
        return false;
    }
    return true;
}

bool MqhookProcess::waitForExit(int ms)
{
    return QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; }, ms);
}

QString MqhookProcess::output()
{
    m_output += m_process.readAllStandardOutput();
    return QString::fromUtf8(m_output);
}

bool MqhookProcess::waitForOutput(const QString &text, int ms)
{
    const QByteArray wanted = text.toUtf8();
    return QTest::qWaitFor(
               [&] {
                   m_output += m_process.readAllStandardOutput();
                   return m_output.contains(wanted) || m_process.state() == QProcess::NotRunning;
               },
               ms) &&
           m_output.contains(wanted);
}

void MqhookProcess::sendSignal(int signum)
{
    ::kill(pid_t(m_process.processId()), signum);
}

qint64 MqhookProcess::statusValue(const QByteArray &key) const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace mqhook::test
