#include "service/commandline.h"
#include "service/exitcode.h"
#include "testpaths.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;

// The command line, in process (parsing) and end to end (the built binary).
class tst_CommandLine : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    Run runMqhook(const QStringList &arguments)
    {
        QProcess process;
        process.setProgram(test::mqhookBinary());
        process.setArguments(arguments);
        process.start();
        Run run;
        if (!process.waitForFinished(60'000)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString fileName = m_dir.filePath(name);
        QFile file(fileName);
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write(content);
        return fileName;
    }

    QTemporaryDir m_dir;

private slots:
    void wantsGui_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("gui");
        QTest::newRow("no arguments opens the window") << QStringList{"mqhook"} << true;
        QTest::newRow("a config file alone opens the window")
            << QStringList{"mqhook", "--config", "x.json"} << true;
        QTest::newRow("--no-gui is headless") << QStringList{"mqhook", "--no-gui"} << false;
        QTest::newRow("--check is headless")
            << QStringList{"mqhook", "-c", "x.json", "--check"} << false;
        QTest::newRow("--print-config is headless")
            << QStringList{"mqhook", "--print-config"} << false;
        QTest::newRow("--help is headless") << QStringList{"mqhook", "--help"} << false;
        QTest::newRow("--version is headless") << QStringList{"mqhook", "--version"} << false;
        QTest::newRow("a file named like an option is a value")
            << QStringList{"mqhook", "--config", "--check"} << true;
        QTest::newRow("a command is headless")
            << QStringList{"mqhook", "dead-letters", "list"} << false;
        QTest::newRow("log level value is not a command")
            << QStringList{"mqhook", "--log-level", "debug"} << true;
    }

    void wantsGui()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, gui);
        QCOMPARE(mqhook::wantsGui(arguments), gui);
    }

    void parse_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode"); // -1: runs
        QTest::newRow("unknown option") << QStringList{"mqhook", "--frobnicate"} << int(ExitUsage);
        QTest::newRow("bad log level")
            << QStringList{"mqhook", "--log-level", "loud"} << int(ExitUsage);
        QTest::newRow("missing config value")
            << QStringList{"mqhook", "--config"} << int(ExitUsage);
        QTest::newRow("unknown command") << QStringList{"mqhook", "frobnicate"} << int(ExitUsage);
        QTest::newRow("help") << QStringList{"mqhook", "--help"} << int(ExitOk);
        QTest::newRow("check") << QStringList{"mqhook", "--check", "-c", "a.json"} << -1;
        QTest::newRow("log level") << QStringList{"mqhook", "--log-level", "WARN"} << -1;
    }

    void parse()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const CommandLineParseResult result = parseCommandLine(arguments);
        QCOMPARE(result.exitCode.value_or(-1), exitCode);
        if (exitCode == ExitUsage)
            QVERIFY(!result.errorOutput.isEmpty());
    }

    void parsedOptions()
    {
        const CommandLineParseResult result = parseCommandLine(
            {"mqhook", "--no-gui", "--config", "/etc/mqhook.json", "--log-level", "debug"});
        QVERIFY(!result.exitCode);
        QCOMPARE(result.options.configFile, QStringLiteral("/etc/mqhook.json"));
        QVERIFY(result.options.noGui);
        QVERIFY(!result.options.check);
        QCOMPARE(result.options.logLevel, std::optional<LogLevel>(LogLevel::Debug));
    }

    void defaultConfigFile()
    {
        qunsetenv("MQHOOK_CONFIG");
        const QString home =
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QCOMPARE(mqhook::defaultConfigFile(), home + QStringLiteral("/mqhook/config.json"));
        qputenv("MQHOOK_CONFIG", "/etc/mqhook/config.json");
        QCOMPARE(mqhook::defaultConfigFile(), QStringLiteral("/etc/mqhook/config.json"));
        qunsetenv("MQHOOK_CONFIG");
    }

    void checkSeedExample()
    {
        const Run run =
            runMqhook({"--check", "--config", test::sourcePath("resources/examples/seed.json")});
        QCOMPARE(run.exitCode, int(ExitOk));
        QVERIFY2(run.err.contains("OK"), qPrintable(run.err));
        QVERIFY(!run.err.contains("error:"));
    }

    void checkFiveMistakes()
    {
        const QString fileName = test::sourcePath("resources/examples/five-mistakes.json");
        const Run run = runMqhook({"--check", "--config", fileName});
        QCOMPARE(run.exitCode, int(ExitConfigInvalid));
        // FILE:LINE:COLUMN: error: PATH: MESSAGE
        static const QRegularExpression errorLine(
            QStringLiteral("^.+five-mistakes\\.json:(\\d+):(\\d+): error: (\\S+): .+$"),
            QRegularExpression::MultilineOption);
        QSet<QString> paths;
        for (auto it = errorLine.globalMatch(run.err); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            QVERIFY(match.captured(1).toInt() > 0);
            QVERIFY(match.captured(2).toInt() > 0);
            paths.insert(match.captured(3));
        }
        QVERIFY2(paths.size() == 5, qPrintable(run.err));
    }

    void checkMalformedJson()
    {
        const QString fileName =
            writeFile("broken.json", "{\n  \"mqtt_brokers\": [\n    {\"alive\": 60,,}\n  ]\n}\n");
        const Run run = runMqhook({"--check", "--config", fileName});
        QCOMPARE(run.exitCode, int(ExitConfigInvalid));
        QVERIFY2(run.err.contains("broken.json:3:"), qPrintable(run.err));
    }

    void checkMissingFile()
    {
        const Run run = runMqhook({"--check", "--config", m_dir.filePath("absent.json")});
        QCOMPARE(run.exitCode, int(ExitConfigInvalid));
        QVERIFY2(run.err.contains("absent.json"), qPrintable(run.err));
    }

    void printConfigRedactsPasswords()
    {
        QFile seed(test::sourcePath("resources/examples/seed.json"));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        QByteArray json = seed.readAll();
        json.replace("\"password\": \"\"", "\"password\": \"hunter2-secret\"");
        QVERIFY(json.contains("hunter2-secret"));
        const QString fileName = writeFile("secret.json", json);

        const Run run = runMqhook({"--print-config", "--config", fileName});
        QCOMPARE(run.exitCode, int(ExitOk));
        QVERIFY(!run.out.contains("hunter2-secret"));
        QVERIFY(run.out.contains("***"));
        QVERIFY(run.out.contains("go-mqtt-client-2"));
    }

    void checkExplainsKeychainReferences()
    {
        QFile seed(test::sourcePath("resources/examples/seed.json"));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        QByteArray json = seed.readAll();
        const QByteArray first = "\"password\": \"\",";
        json.replace(json.indexOf(first), first.size(),
                     "\"password\": \"\", \"password_keychain\": \"edge@lab\",");
        const QString fileName = writeFile("keychain.json", json);

        // Valid as written: explained, not looked up (and no keychain is asked).
        Run run = runMqhook({"--check", "--config", fileName});
        QCOMPARE(run.exitCode, int(ExitOk));
        QVERIFY2(run.err.contains("note: mqtt_brokers[0].password_keychain"), qPrintable(run.err));
        QVERIFY(run.err.contains("go-mqtt-client-1 (127.0.0.1:1883)"));
        QVERIFY(run.err.contains("service \"mqhook\", entry \"edge@lab\""));
        QVERIFY(!run.err.contains("mqtt_brokers[1].password_keychain"));

        run = runMqhook({"--print-config", "--config", fileName});
        QCOMPARE(run.exitCode, int(ExitOk));
        QVERIFY2(run.out.contains("\"password_keychain\": \"edge@lab\""), qPrintable(run.out));
        QVERIFY(run.err.contains("note: mqtt_brokers[0].password_keychain"));

        // A file without one says nothing of keychains.
        run = runMqhook({"--check", "--config", test::sourcePath("resources/examples/seed.json")});
        QVERIFY(!run.err.contains("keychain"));
    }

    void helpListsExitCodes()
    {
        const Run run = runMqhook({"--help"});
        QCOMPARE(run.exitCode, int(ExitOk));
        for (const char *expected : {"--no-gui", "--check", "--print-config", "--log-level",
                                     "--config", "Exit codes", "64"})
            QVERIFY2(run.out.contains(QLatin1String(expected)), expected);
    }

    void version()
    {
        const Run run = runMqhook({"--version"});
        QCOMPARE(run.exitCode, int(ExitOk));
        QVERIFY(run.out.startsWith("mqhook "));
    }
};

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
