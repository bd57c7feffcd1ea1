#include "mosquittofixture.h"

#include "testpaths.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace mqhook::test {

MosquittoFixture::MosquittoFixture()
    : MosquittoFixture(Options{})
{}

MosquittoFixture::MosquittoFixture(const Options &options)
    : m_options(options)
{}

MosquittoFixture::~MosquittoFixture()
{
    stop();
}

quint16 MosquittoFixture::freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QString MosquittoFixture::configPath() const
{
    return m_dir.filePath(QStringLiteral("mosquitto.conf"));
}

bool MosquittoFixture::writeConfig(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    if (m_port == 0)
        m_port = freePort();
    if (!m_options.tlsCertFile.isEmpty() && m_tlsPort == 0)
        m_tlsPort = freePort();
    if (m_options.webSockets && m_wsPort == 0)
        m_wsPort = freePort();
    if (m_options.secureWebSockets && m_wssPort == 0)
        m_wssPort = freePort();

    QStringList lines;
    lines << QStringLiteral("user root") << QStringLiteral("per_listener_settings false")
          << QStringLiteral("log_dest stderr") << QStringLiteral("log_type all")
          << QStringLiteral("allow_anonymous %1")
                 .arg(m_options.allowAnonymous ? QStringLiteral("true") : QStringLiteral("false"))
          << QStringLiteral("max_queued_messages %1").arg(m_options.maxQueuedMessages);
    if (m_options.persistence) {
        const QString dir = m_dir.filePath(QStringLiteral("persistence"));
        QDir().mkpath(dir);
        lines << QStringLiteral("persistence true")
              << QStringLiteral("persistence_location %1/").arg(dir)
              << QStringLiteral("autosave_interval 1");
    } else {
        lines << QStringLiteral("persistence false");
    }
    if (!m_options.users.isEmpty()) {
        const QString passwordFile = m_dir.filePath(QStringLiteral("passwords"));
        QFile::remove(passwordFile);
        const QString tool =
            requireProgram(QStringLiteral("mosquitto_passwd"), QStringLiteral("mosquitto"));
        if (tool.isEmpty()) {
            *error = QStringLiteral("mosquitto_passwd is missing");
            return false;
        }
        bool first = true;
        for (const auto &[user, password] : m_options.users) {
            QStringList args{QStringLiteral("-b")};
            if (first)
                args << QStringLiteral("-c");
            args << passwordFile << user << password;
            first = false;
            QProcess process;
            process.start(tool, args);
            if (!process.waitForFinished(10000) || process.exitCode() != 0) {
                *error = QStringLiteral("mosquitto_passwd failed: %1")
                             .arg(QString::fromLocal8Bit(process.readAllStandardError()));
                return false;
            }
        }
        lines << QStringLiteral("password_file %1").arg(passwordFile);
    }
    lines << QString() << QStringLiteral("listener %1 127.0.0.1").arg(m_port);
    for (quint16 port : {m_tlsPort, m_wssPort}) {
        if (!port)
            continue;
        lines << QString() << QStringLiteral("listener %1 127.0.0.1").arg(port);
        if (port == m_wssPort)
            lines << QStringLiteral("protocol websockets");
        lines << QStringLiteral("certfile %1").arg(m_options.tlsCertFile)
              << QStringLiteral("keyfile %1").arg(m_options.tlsKeyFile);
        if (!m_options.tlsCaFile.isEmpty())
            lines << QStringLiteral("cafile %1").arg(m_options.tlsCaFile);
        lines << QStringLiteral("require_certificate %1")
                     .arg(m_options.tlsRequireClientCertificate ? QStringLiteral("true")
                                                                : QStringLiteral("false"));
    }
    if (m_wsPort) {
        lines << QString() << QStringLiteral("listener %1 127.0.0.1").arg(m_wsPort)
              << QStringLiteral("protocol websockets");
    }
    lines << m_options.extraConfig;

    QFile file(configPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    file.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
    return true;
}

bool MosquittoFixture::waitUntilListening(quint16 port, QString *error)
{
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (!isRunning()) {
            *error = QStringLiteral("mosquitto exited: %1").arg(log());
            return false;
        }
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(500))
            return true;
        QThread::msleep(50);
    }
    *error = QStringLiteral("mosquitto does not listen on port %1: %2").arg(port).arg(log());
    return false;
}

bool MosquittoFixture::start(QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    const QString program =
        requireProgram(QStringLiteral("mosquitto"), QStringLiteral("mosquitto"));
    if (program.isEmpty()) {
        *error = QStringLiteral("mosquitto is not installed");
        return false;
    }
    stop();
    if (!writeConfig(error))
        return false;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // A file, not a pipe: with `log_type all` mosquitto writes a few lines per
    // message, and a pipe nobody drains (the test waiting for mosquitto_pub,
    // say) would fill and stall the broker.
    m_process->setStandardOutputFile(logPath(), QIODevice::Append);
    m_process->start(program, {QStringLiteral("-c"), configPath()});
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start mosquitto: %1").arg(m_process->errorString());
        return false;
    }
    for (quint16 port : {m_port, m_tlsPort, m_wsPort, m_wssPort}) {
        if (port && !waitUntilListening(port, error))
            return false;
    }
    return true;
}

void MosquittoFixture::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

bool MosquittoFixture::restart(QString *error)
{
    stop();
    return start(error);
}

bool MosquittoFixture::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString MosquittoFixture::logPath() const
{
    return m_dir.filePath(QStringLiteral("mosquitto.log"));
}

QString MosquittoFixture::log()
{
    QFile file(logPath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(file.readAll());
}

QStringList MosquittoFixture::clientArguments() const
{
    return {QStringLiteral("-h"), host(), QStringLiteral("-p"), QString::number(m_port)};
}

bool MosquittoFixture::publish(const QStringList &args, QString *error, const QByteArray &input)
{
    const QString program =
        requireProgram(QStringLiteral("mosquitto_pub"), QStringLiteral("mosquitto-clients"));
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, clientArguments() + args);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        if (error) {
            *error =
                QStringLiteral("mosquitto_pub %1 failed: %2")
                    .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAll()));
        }
        return false;
    }
    return true;
}

std::unique_ptr<QProcess> MosquittoFixture::startSubscriber(const QStringList &args)
{
    const QString program =
        requireProgram(QStringLiteral("mosquitto_sub"), QStringLiteral("mosquitto-clients"));
    auto process = std::make_unique<QProcess>();
    process->start(program, clientArguments() + args);
    process->waitForStarted(10000);
    return process;
}

std::unique_ptr<QProcess> MosquittoFixture::startPublisher(const QStringList &args,
                                                           const QByteArray &input)
{
    const QString program =
        requireProgram(QStringLiteral("mosquitto_pub"), QStringLiteral("mosquitto-clients"));
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(program, clientArguments() + args);
    process->write(input);
    process->closeWriteChannel();
    return process;
}

} // namespace mqhook::test
