#include "logsink.h"

#include "rotatingfile.h"

#include <QLoggingCategory>
#include <QMutexLocker>

#include <algorithm>
#include <cstdio>

namespace mqhook {

namespace {

// The one piece of global state qInstallMessageHandler() needs: which sink
// the handler function writes to. Set and cleared under installMutex.
QBasicMutex installMutex;
LogSink *installedSink = nullptr;

// Set while this thread is inside the handler: a message raised while writing
// one (say, by QFile) goes straight to stderr instead of deadlocking.
thread_local bool inHandler = false;

QByteArrayView levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "DEBUG";
    case QtInfoMsg:
        return "INFO ";
    case QtWarningMsg:
        return "WARN ";
    case QtCriticalMsg:
        return "ERROR";
    case QtFatalMsg:
        return "FATAL";
    }
    return "?????";
}

void writeToStderr(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

} // namespace

LogSink::LogSink(const LogConfig &config, std::shared_ptr<const Clock> clock, StderrCopy copy)
    : m_config(config)
    , m_clock(std::move(clock))
    , m_writeToStderr(copy == StderrCopy::On)
{
    if (!m_config.filename.isEmpty()) {
        // maxsize 0 means the default, as it did in the original's logger.
        const qint64 megabytes =
            m_config.maxSizeMb > 0 ? m_config.maxSizeMb : defaults::logMaxSizeMb;
        m_file = std::make_unique<RotatingFile>(m_config.filename, megabytes * 1024 * 1024,
                                                std::max(0, m_config.maxBackups),
                                                std::max(0, m_config.maxAgeDays), m_clock);
    }
}

LogSink::~LogSink()
{
    uninstall();
}

bool LogSink::install()
{
    {
        QMutexLocker locker(&installMutex);
        if (installedSink)
            return installedSink == this;
        installedSink = this;
        m_previousHandler = qInstallMessageHandler(&LogSink::handleMessage);
    }
    // Outside the lock: updating the categories may itself log.
    QLoggingCategory::setFilterRules(filterRules(m_config.level));
    return true;
}

void LogSink::uninstall()
{
    {
        QMutexLocker locker(&installMutex);
        if (installedSink != this)
            return;
        qInstallMessageHandler(m_previousHandler);
        m_previousHandler = nullptr;
        installedSink = nullptr;
    }
    QLoggingCategory::setFilterRules(QString());
}

void LogSink::write(QtMsgType type, const char *category, const QString &message)
{
    const QByteArray line = formatLine(m_clock->now(), type, category, message);
    QMutexLocker locker(&m_mutex);
    if (m_writeToStderr)
        writeToStderr(line);
    if (m_file)
        m_file->appendLine(line);
}

QString LogSink::filterRules(LogLevel level)
{
    switch (level) {
    case LogLevel::Trace:
        return QStringLiteral("*.debug=true");
    case LogLevel::Debug:
        return QStringLiteral("*.debug=true\nqt.*.debug=false");
    case LogLevel::Info:
        return QStringLiteral("*.debug=false");
    case LogLevel::Warn:
        return QStringLiteral("*.debug=false\n*.info=false");
    case LogLevel::Error:
        return QStringLiteral("*.debug=false\n*.info=false\n*.warning=false");
    }
    return {};
}

QByteArray LogSink::formatLine(const QDateTime &time, QtMsgType type, const char *category,
                               const QString &message)
{
    QByteArray text = message.toUtf8();
    while (text.endsWith('\n'))
        text.chop(1);
    // One record per line: continuation lines are indented, never split off.
    text.replace('\n', "\n    ");

    QByteArray line = time.toUTC().toString(Qt::ISODateWithMs).toLatin1();
    line += ' ';
    line += levelName(type);
    line += ' ';
    line += category && *category ? QByteArrayView(category) : QByteArrayView("default");
    line += ": ";
    line += text;
    return line;
}

void LogSink::handleMessage(QtMsgType type, const QMessageLogContext &context,
                            const QString &message)
{
    if (inHandler) {
        writeToStderr(formatLine(QDateTime::currentDateTimeUtc(), type, context.category, message));
        return;
    }
    inHandler = true;
    {
        QMutexLocker locker(&installMutex);
        if (installedSink)
            installedSink->write(type, context.category, message);
        else
            writeToStderr(
                formatLine(QDateTime::currentDateTimeUtc(), type, context.category, message));
    }
    inHandler = false;
}

} // namespace mqhook
