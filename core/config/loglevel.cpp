#include "loglevel.h"

namespace mqhook {

std::optional<LogLevel> logLevelFromName(QStringView name)
{
    for (LogLevel level :
         {LogLevel::Trace, LogLevel::Debug, LogLevel::Info, LogLevel::Warn, LogLevel::Error}) {
        if (name.compare(logLevelName(level), Qt::CaseInsensitive) == 0)
            return level;
    }
    if (name.compare(u"warning", Qt::CaseInsensitive) == 0)
        return LogLevel::Warn;
    return std::nullopt;
}

QString logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Trace:
        return QStringLiteral("trace");
    case LogLevel::Debug:
        return QStringLiteral("debug");
    case LogLevel::Info:
        return QStringLiteral("info");
    case LogLevel::Warn:
        return QStringLiteral("warn");
    case LogLevel::Error:
        return QStringLiteral("error");
    }
    return {};
}

} // namespace mqhook
