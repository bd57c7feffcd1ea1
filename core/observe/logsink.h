#pragma once

#include "base/clock.h"
#include "config/config.h"

#include <QByteArray>
#include <QDateTime>
#include <QMutex>
#include <QString>
#include <QtGlobal>

#include <memory>

namespace mqhook {

class RotatingFile;

// Where mqhook's log goes: Qt's message handler, writing each message as
//   2026-11-26T21:18:11.123Z INFO  mqhook.mqtt: text
// to stderr and to log_config.filename (a RotatingFile), from any thread.
//
// The level threshold (log_config.level) becomes QLoggingCategory filter
// rules when the sink is installed, so disabled messages cost nothing and
// QT_LOGGING_RULES still overrides them for debugging:
//   trace  every category's debug output, Qt's own (qt.*) included
//   debug  debug output of mqhook's categories (and of all but qt.*)
//   info   info and above
//   warn   warnings and above
//   error  critical messages only
//
// qInstallMessageHandler() takes a plain function, so one static pointer to
// the installed sink is unavoidable; it is the only global state, it is set
// and cleared only by install()/uninstall() under a static mutex, and at most
// one sink is installed at a time. The sink owns everything else.
class LogSink
{
public:
    // Whether each line is also written to stderr.
    enum class StderrCopy
    {
        On,
        Off,
    };

    explicit LogSink(const LogConfig &config,
                     std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                     StderrCopy copy = StderrCopy::On);
    ~LogSink(); // uninstalls

    LogSink(const LogSink &) = delete;
    LogSink &operator=(const LogSink &) = delete;

    // Becomes Qt's message handler and sets the filter rules for the level.
    // False (and nothing changes) when another sink is installed.
    bool install();
    // Restores the previous message handler and clears the filter rules.
    void uninstall();

    // Writes one message, as the handler does.
    void write(QtMsgType type, const char *category, const QString &message);

    // The log file's rotation and failure state; nullptr when log_config.filename is empty.
    RotatingFile *file() const { return m_file.get(); }

    static QString filterRules(LogLevel level);
    static QByteArray formatLine(const QDateTime &time, QtMsgType type, const char *category,
                                 const QString &message);

private:
    static void handleMessage(QtMsgType type, const QMessageLogContext &context,
                              const QString &message);

    LogConfig m_config;
    std::shared_ptr<const Clock> m_clock;
    std::unique_ptr<RotatingFile> m_file;
    const bool m_writeToStderr;
    QtMessageHandler m_previousHandler = nullptr;
    mutable QMutex m_mutex;
};

} // namespace mqhook
