#include "commandline.h"

#include "config/configloader.h"
#include "config/loglevel.h"
#include "config/secretstore.h"
#include "deadlettercommand.h"
#include "exitcode.h"
#include "statuscommand.h"
#include "tailcommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

QString exitCodeHelp()
{
    return QCoreApplication::translate(
        "CommandLine", "Exit codes:\n"
                       "  0   success; the service stopped cleanly\n"
                       "  1   runtime error: could not start or keep running (tail, status: the "
                       "service cannot be reached or refused)\n"
                       "  2   the configuration has errors (each is printed with its place)\n"
                       "  3   dead-letters: no dead letter with the ID given\n"
                       "  64  the command line is wrong\n");
}

} // namespace

bool wantsGui(const QStringList &arguments)
{
    static const QStringList headlessOptions = {
        QStringLiteral("--no-gui"), QStringLiteral("--check"),   QStringLiteral("--print-config"),
        QStringLiteral("--help"),   QStringLiteral("-h"),        QStringLiteral("--help-all"),
        QStringLiteral("-?"),       QStringLiteral("--version"), QStringLiteral("-v"),
    };
    bool valueFollows = false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (valueFollows) {
            valueFollows = false;
            continue;
        }
        if (headlessOptions.contains(argument))
            return false;
        if (argument == u"-c" || argument == u"--config" || argument == u"--log-level") {
            valueFollows = true;
            continue;
        }
        if (!argument.startsWith(QLatin1Char('-')))
            return false; // a command, such as dead-letters
    }
    return true;
}

QString defaultConfigFile()
{
    const QString fromEnvironment = qEnvironmentVariable("MQHOOK_CONFIG");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // ~/.config/mqhook/config.json (AppConfigLocation would add the
    // organization name as a second folder).
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    return QDir(dir).filePath(QStringLiteral("mqhook/config.json"));
}

CommandLineParseResult parseCommandLine(const QStringList &arguments)
{
    CommandLineParseResult result;

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("CommandLine",
                                    "Forwards MQTT messages to HTTP(S) endpoints, reliably.\n\n"
                                    "Commands (after the options):\n") +
        deadLetterUsage() + QLatin1Char('\n') + tailUsage() + QLatin1Char('\n') + statusUsage() +
        QLatin1Char('\n') + exitCodeHelp());
    // Everything after the command belongs to it (e.g. `dead-letters retry --all`).
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption configOption(
        {QStringLiteral("c"), QStringLiteral("config")},
        QCoreApplication::translate("CommandLine",
                                    "The configuration file (default: $MQHOOK_CONFIG, or %1).")
            .arg(QDir::toNativeSeparators(defaultConfigFile())),
        QCoreApplication::translate("CommandLine", "file"));
    const QCommandLineOption noGuiOption(
        QStringLiteral("no-gui"),
        QCoreApplication::translate("CommandLine", "Run headless, as a service, without windows."));
    const QCommandLineOption checkOption(
        QStringLiteral("check"),
        QCoreApplication::translate(
            "CommandLine", "Validate the configuration, print every error and warning, and exit."));
    const QCommandLineOption printConfigOption(
        QStringLiteral("print-config"),
        QCoreApplication::translate("CommandLine",
                                    "Print the normalized configuration, with every default "
                                    "filled in and passwords redacted, and exit."));
    const QCommandLineOption logLevelOption(
        QStringLiteral("log-level"),
        QCoreApplication::translate(
            "CommandLine", "Override log_config.level: trace, debug, info, warn or error."),
        QCoreApplication::translate("CommandLine", "level"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate(
            "CommandLine",
            "Run the example configuration end to end on this machine: a private mosquitto "
            "on a free loopback port, an HTTP endpoint in the process, sample messages "
            "forwarded. With a display the window opens with the example loaded and "
            "forwarding, one endpoint refusing some requests on purpose; with --no-gui, or "
            "without a display, each request is printed as it arrives."));
    parser.addOptions(
        {configOption, noGuiOption, checkOption, printConfigOption, logLevelOption, demoOption});

    if (!parser.parse(arguments)) {
        result.exitCode = ExitUsage;
        result.errorOutput = parser.errorText() + QLatin1Char('\n');
        return result;
    }
    if (parser.isSet(helpOption)) {
        result.exitCode = ExitOk;
        result.output = parser.helpText();
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.exitCode = ExitOk;
        result.output = QCoreApplication::applicationName() + QLatin1Char(' ') +
                        QCoreApplication::applicationVersion() + QLatin1Char('\n');
        return result;
    }

    CommandLineOptions &options = result.options;
    options.configFile =
        parser.isSet(configOption) ? parser.value(configOption) : defaultConfigFile();
    options.noGui = parser.isSet(noGuiOption);
    options.check = parser.isSet(checkOption);
    options.printConfig = parser.isSet(printConfigOption);
    options.demo = parser.isSet(demoOption);
    options.command = parser.positionalArguments();
    if (parser.isSet(logLevelOption)) {
        options.logLevel = logLevelFromName(parser.value(logLevelOption));
        if (!options.logLevel) {
            result.exitCode = ExitUsage;
            result.errorOutput =
                QCoreApplication::translate("CommandLine",
                                            "--log-level: expected trace, debug, info, warn or "
                                            "error, got '%1'\n")
                    .arg(parser.value(logLevelOption));
            return result;
        }
    }
    static const QStringList commands = {u"dead-letters"_s, u"tail"_s, u"status"_s};
    if (!options.command.isEmpty() && !commands.contains(options.command.constFirst())) {
        result.exitCode = ExitUsage;
        result.errorOutput =
            QCoreApplication::translate("CommandLine", "Unknown command '%1'. See --help.\n")
                .arg(options.command.constFirst());
        return result;
    }
    return result;
}

int runConfigCommand(const CommandLineOptions &options, QTextStream &out, QTextStream &err)
{
    const QString fileName = options.configFile;
    const LoadResult loaded = ConfigLoader().loadFile(fileName);
    for (const ConfigIssue &issue : loaded.warnings)
        err << issue.toString(fileName) << Qt::endl;
    for (const ConfigIssue &issue : loaded.errors)
        err << issue.toString(fileName) << Qt::endl;
    if (!loaded.ok()) {
        err << QCoreApplication::translate("CommandLine", "%1: %n error(s)", nullptr,
                                           int(loaded.errors.size()))
                   .arg(QDir::toNativeSeparators(fileName))
            << Qt::endl;
        return ExitConfigInvalid;
    }

    Config config = *loaded.config;
    if (options.logLevel)
        config.log.level = *options.logLevel;
    // A keychain reference is valid as written; the entry itself is read when
    // the service starts, where the keychain it runs with is.
    for (qsizetype i = 0; i < config.brokers.size(); ++i) {
        const BrokerConfig &broker = config.brokers.at(i);
        if (broker.passwordKeychain.isEmpty())
            continue;
        err << QCoreApplication::translate(
                   "CommandLine",
                   "%1: note: mqtt_brokers[%2].password_keychain: the password of %3 is kept in "
                   "the OS keychain (service \"%4\", entry \"%5\"); the service reads it when it "
                   "starts and on reload, and stops with an error naming this connection when "
                   "it cannot. --check does not read it.")
                   .arg(QDir::toNativeSeparators(fileName))
                   .arg(i)
                   .arg(broker.clientId.isEmpty()
                            ? broker.address()
                            : broker.clientId + u" ("_s + broker.address() + u')')
                   .arg(QLatin1StringView(keychainService), broker.passwordKeychain)
            << Qt::endl;
    }
    if (options.printConfig)
        out << QString::fromUtf8(toNormalizedJson(config));
    if (options.check) {
        int subscriptions = 0;
        for (const BrokerConfig &broker : std::as_const(config.brokers))
            subscriptions += int(broker.subscriptions.size());
        err << QCoreApplication::translate("CommandLine",
                                           "%1: OK (%2 broker connection(s), %3 subscription(s), "
                                           "%4 warning(s))")
                   .arg(QDir::toNativeSeparators(fileName))
                   .arg(config.brokers.size())
                   .arg(subscriptions)
                   .arg(loaded.warnings.size())
            << Qt::endl;
    }
    return ExitOk;
}

} // namespace mqhook

namespace mqhook {

int runCommand(const CommandLineOptions &options, QTextStream &out, QTextStream &err)
{
    const QString &command = options.command.constFirst();
    if (command == u"tail")
        return runTailCommand(options.command.mid(1), options.configFile, out, err);
    if (command == u"status")
        return runStatusCommand(options.command.mid(1), options.configFile, out, err);
    return runDeadLettersCommand(options, out, err);
}

int runDeadLettersCommand(const CommandLineOptions &options, QTextStream &out, QTextStream &err)
{
    const QString fileName = options.configFile;
    const LoadResult loaded = ConfigLoader().loadFile(fileName);
    if (!loaded.ok()) {
        for (const ConfigIssue &issue : loaded.errors)
            err << issue.toString(fileName) << Qt::endl;
        return ExitConfigInvalid;
    }
    return runDeadLetterCommand(options.command.mid(1), loaded.config->queue, out, err);
}

} // namespace mqhook
