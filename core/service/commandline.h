#pragma once

#include "config/config.h"

#include <QString>
#include <QStringList>

#include <optional>

class QTextStream;

namespace mqhook {

// What the command line asks for.
struct CommandLineOptions
{
    QString configFile;
    bool noGui = false;
    bool check = false;
    bool printConfig = false;
    bool demo = false;
    std::optional<LogLevel> logLevel;
    QStringList command; // the command and its words, e.g. {"dead-letters", "retry", "--all"}
};

// The outcome of parsing: either options to run with, or an exit right away
// with text to print (help, version, or a usage error on stderr).
struct CommandLineParseResult
{
    CommandLineOptions options;
    std::optional<int> exitCode; // set: print the text and exit with this code
    QString output;              // for stdout (help, version)
    QString errorOutput;         // for stderr (usage errors)
};

// Parses mqhook's command line (arguments include the program name).
CommandLineParseResult parseCommandLine(const QStringList &arguments);

// Whether these arguments (program name first) start the desktop application:
// everything except --no-gui, --check, --print-config, --help, --version and
// commands runs the windows (--demo too: it runs headless only without a
// display). Decided before any QCoreApplication exists.
bool wantsGui(const QStringList &arguments);

// The command of options.command (dead-letters, tail, status); returns the exit code.
int runCommand(const CommandLineOptions &options, QTextStream &out, QTextStream &err);

// `mqhook dead-letters ...`: loads the configuration for its queue settings
// and runs the dead-letter subcommand. Returns the exit code.
int runDeadLettersCommand(const CommandLineOptions &options, QTextStream &out, QTextStream &err);

// The configuration file used when --config is not given.
QString defaultConfigFile();

// --check and --print-config: loads the configuration, prints warnings and
// errors to err, the normalized configuration to out when printConfig is
// set, and returns the exit code.
int runConfigCommand(const CommandLineOptions &options, QTextStream &out, QTextStream &err);

} // namespace mqhook
