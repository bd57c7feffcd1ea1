#include "demo.h"
#include "keychainstore.h"
#include "mainwindow.h"
#include "observe/logsink.h"
#include "service/commandline.h"
#include "service/exitcode.h"
#include "service/headlessservice.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTextStream>
#include <QTranslator>

#include <cstdio>
#include <memory>

namespace {

QStringList argumentList(int argc, char *argv[])
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

// The window's language menu chooses English or Chinese (applied at the next
// start); otherwise, and always without windows, the system's language.
void installTranslations(QCoreApplication &app, bool gui)
{
    const QString chosen = gui ? mqhook::MainWindow::languageSetting() : QString();
    if (chosen == u"en")
        return;
    const QLocale locale = chosen.isEmpty() ? QLocale() : QLocale(chosen);
    if (!chosen.isEmpty())
        QLocale::setDefault(locale);
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qtTranslator);
    auto *appTranslator = new QTranslator(&app);
    if (appTranslator->load(locale, QStringLiteral("mqhook"), QStringLiteral("_"),
                            QStringLiteral(":/i18n")))
        app.installTranslator(appTranslator);
}

bool displayAvailable()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

// Without --config, the window opens the file it had open last.
QString fileToOpen(const QStringList &arguments, const QString &configFile)
{
    if (arguments.contains(QStringLiteral("-c")) ||
        arguments.contains(QStringLiteral("--config")) ||
        qEnvironmentVariableIsSet("MQHOOK_CONFIG"))
        return configFile;
    const QStringList recent = mqhook::MainWindow::recentFiles();
    return recent.isEmpty() ? configFile : recent.constFirst();
}

} // namespace

int main(int argc, char *argv[])
{
    const QStringList arguments = argumentList(argc, argv);
    bool gui = mqhook::wantsGui(arguments);
    if (gui && !displayAvailable()) {
        // Without a display the demo prints what it forwards, as with --no-gui.
        if (!arguments.contains(QStringLiteral("--demo"))) {
            std::fputs("mqhook: no display to show windows on; use --no-gui to run headless "
                       "(see --help)\n",
                       stderr);
            return mqhook::ExitUsage;
        }
        gui = false;
    }

    std::unique_ptr<QCoreApplication> app;
    if (gui)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mqhook"));
    QCoreApplication::setOrganizationName(QStringLiteral("mqhook"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MQHOOK_VERSION));
    installTranslations(*app, gui);

    QTextStream out(stdout);
    QTextStream err(stderr);
    const mqhook::CommandLineParseResult parsed = mqhook::parseCommandLine(arguments);
    if (parsed.exitCode) {
        out << parsed.output;
        err << parsed.errorOutput;
        return *parsed.exitCode;
    }
    const mqhook::CommandLineOptions &options = parsed.options;

    if (!options.command.isEmpty())
        return mqhook::runCommand(options, out, err);
    if (options.check || options.printConfig)
        return mqhook::runConfigCommand(options, out, err);

    // Broker passwords may be in the OS keychain (password_keychain).
    mqhook::KeychainStore keychain;

    if (options.demo) {
        mqhook::LogConfig log;
        log.level = options.logLevel.value_or(mqhook::LogLevel::Warn);
        mqhook::LogSink logSink(log);
        logSink.install();
        mqhook::Demo demo(out);
        QObject::connect(&demo, &mqhook::Demo::finished, app.get(), &QCoreApplication::exit);
        if (!gui) {
            demo.start();
            return app->exec();
        }
        // With a display: the window opens the demo's configuration and forwards it.
        std::unique_ptr<mqhook::MainWindow> window;
        QObject::connect(&demo, &mqhook::Demo::configReady, app.get(), [&](const QString &file) {
            window = std::make_unique<mqhook::MainWindow>(QString(), &keychain);
            window->openFile(file, false);
            window->show();
            window->startForwarding();
        });
        demo.startForWindow();
        return app->exec();
    }

    if (options.noGui) {
        mqhook::HeadlessService service(options.configFile, options.logLevel);
        service.setSecretStore(&keychain);
        QObject::connect(&service, &mqhook::HeadlessService::finished, app.get(),
                         &QCoreApplication::exit);
        if (const std::optional<int> exitCode = service.start())
            return *exitCode;
        return app->exec();
    }

    qApp->setWindowIcon(QIcon(QStringLiteral(":/icons/mqhook.svg")));
    mqhook::MainWindow window(fileToOpen(arguments, options.configFile), &keychain);
    window.show();
    return app->exec();
}
