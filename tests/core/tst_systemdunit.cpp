// resources/mqhook.service: systemd-analyze verify takes it without a word
// (as installed: ExecStart= naming the built executable), and it runs mqhook
// the way the service is meant to run.
#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook::test;

namespace {

QString readUnit()
{
    QFile file(sourcePath(QStringLiteral("resources/mqhook.service")));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll());
}

// The assignments of one section, "Key=value" lines without comments.
QStringList assignments(const QString &unit, const QString &section)
{
    QStringList result;
    QString current;
    for (const QString &raw : unit.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('[')))
            current = line.mid(1, line.size() - 2);
        else if (current == section)
            result.append(line);
    }
    return result;
}

} // namespace

class tst_SystemdUnit : public QObject
{
    Q_OBJECT

private slots:
    void verifies();
    void runsTheServiceAsMeant_data();
    void runsTheServiceAsMeant();
};

void tst_SystemdUnit::verifies()
{
    const QString analyze =
        requireProgram(QStringLiteral("systemd-analyze"), QStringLiteral("systemd"));
    QString unit = readUnit();
    QVERIFY(!unit.isEmpty());
    QVERIFY(unit.contains(QStringLiteral("ExecStart=/usr/bin/mqhook ")));
    // As resources/CMakeLists.txt installs it.
    unit.replace(QStringLiteral("/usr/bin/mqhook"), mqhookBinary());

    QTemporaryDir dir;
    const QString fileName = dir.filePath(QStringLiteral("mqhook.service"));
    QFile file(fileName);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(unit.toUtf8()) > 0);
    file.close();

    QProcess verify;
    verify.setProcessChannelMode(QProcess::MergedChannels);
    // --man=no: the man page is checked once installed, by scripts/check-package.sh.
    verify.start(analyze, {QStringLiteral("verify"), QStringLiteral("--man=no"), fileName});
    QVERIFY(verify.waitForFinished(60000));
    const QString output = QString::fromUtf8(verify.readAll());
    // Unknown keys and bad values are only warned about, with exit code 0:
    // any output fails the test.
    QVERIFY2(verify.exitStatus() == QProcess::NormalExit && verify.exitCode() == 0 &&
                 output.trimmed().isEmpty(),
             qPrintable(QStringLiteral("systemd-analyze verify (exit %1):\n%2")
                            .arg(verify.exitCode())
                            .arg(output)));
}

void tst_SystemdUnit::runsTheServiceAsMeant_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::newRow("notify: READY=1 once subscribed") << QStringLiteral("Type=notify");
    QTest::newRow("headless, the packaged configuration")
        << QStringLiteral("ExecStart=/usr/bin/mqhook --no-gui --config /etc/mqhook/config.json");
    QTest::newRow("reload is SIGHUP") << QStringLiteral("ExecReload=/bin/kill -HUP $MAINPID");
    QTest::newRow("own user") << QStringLiteral("User=mqhook");
    QTest::newRow("queue in /var/lib/mqhook") << QStringLiteral("StateDirectory=mqhook");
    QTest::newRow("restart on failure") << QStringLiteral("Restart=on-failure");
    QTest::newRow("no restarts with a bad configuration")
        << QStringLiteral("RestartPreventExitStatus=2 64");
    QTest::newRow("watchdog") << QStringLiteral("WatchdogSec=30");
    QTest::newRow("drain fits in the stop timeout") << QStringLiteral("TimeoutStopSec=30");
    QTest::newRow("no new privileges") << QStringLiteral("NoNewPrivileges=yes");
    QTest::newRow("read-only system") << QStringLiteral("ProtectSystem=strict");
    QTest::newRow("no home folders") << QStringLiteral("ProtectHome=yes");
    QTest::newRow("no capabilities") << QStringLiteral("CapabilityBoundingSet=");
}

void tst_SystemdUnit::runsTheServiceAsMeant()
{
    QFETCH(QString, assignment);
    const QStringList service = assignments(readUnit(), QStringLiteral("Service"));
    QVERIFY2(service.contains(assignment), qPrintable(service.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_SystemdUnit)
#include "tst_systemdunit.moc"
