#pragma once

#include "config.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace mqhook {

// "trace", "debug", "info", "warn" or "error", any case; "warning" is
// accepted for "warn". Nothing for anything else.
std::optional<LogLevel> logLevelFromName(QStringView name);

// The name log_config.level uses for the level.
QString logLevelName(LogLevel level);

} // namespace mqhook
