#include "delivery/outbox.h"
#include "delivery/queueschema.h"
#include "manualclock.h"
#include "outboxhelpers.h"
#include "service/deadlettercommand.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace mqhook;
using namespace mqhook::test;

namespace {

struct CommandRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

CommandRun run(const QStringList &args, const QueueConfig &config)
{
    CommandRun result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    result.exitCode = runDeadLetterCommand(args, config, out, err);
    out.flush();
    err.flush();
    return result;
}

} // namespace

class tst_DeadLetterCommand : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listWithoutDeadLetters();
    void list();
    void showText();
    void showBinary();
    void showUnknown();
    void retryOne();
    void retryAll();
    void purge();
    void usageErrors_data();
    void usageErrors();
    void help();
    void memoryQueue();
    void corruptQueue();
    void retryReachesRunningService();

private:
    void addDeadLetters();

    std::unique_ptr<QTemporaryDir> m_dir;
    QueueConfig m_config;
    QDateTime m_now;
    std::shared_ptr<test::ManualClock> m_clock;
    std::unique_ptr<Outbox> m_service; // the running mqhook's outbox
    QList<qint64> m_dead;
};

void tst_DeadLetterCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = QueueConfig();
    m_config.dir = m_dir->filePath(QStringLiteral("queue"));
    m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);
    m_clock = std::make_shared<test::ManualClock>(m_now);
    m_service = std::make_unique<Outbox>(m_clock);
    QVERIFY(m_service->open(m_config));
    m_dead.clear();
}

void tst_DeadLetterCommand::cleanup()
{
    m_service.reset();
}

// Two dead letters: a JSON payload after two attempts, a binary one after one.
void tst_DeadLetterCommand::addDeadLetters()
{
    Intake text;
    text.message.id = QStringLiteral("msg-text");
    text.message.clientId = QStringLiteral("edge-1");
    text.message.topic = QStringLiteral("plant/line1/temp");
    text.message.payload = R"({"t": 21.5})";
    text.message.qos = 1;
    text.message.receivedAt = m_now;
    text.message.contentType = QStringLiteral("application/json");
    text.targets.append({QStringLiteral("edge-1/app-a"), QStringLiteral("http://127.0.0.1:1/a")});
    Intake binary;
    binary.message.id = QStringLiteral("msg-binary");
    binary.message.topic = QStringLiteral("plant/line1/raw");
    binary.message.payload = QByteArray("\x00\x01\xffGo\n", 6);
    binary.message.receivedAt = m_now;
    binary.targets.append({QStringLiteral("edge-1/app-b"), QStringLiteral("http://127.0.0.1:1/b")});
    const EnqueueResult result = enqueue(*m_service, {text, binary}, m_now);
    QVERIFY(result.ok);
    m_dead = {result.deliveries.at(0).id, result.deliveries.at(1).id};

    AttemptRecord first;
    first.attempt = 1;
    first.startedAt = m_now.addSecs(1);
    first.finishedAt = m_now.addSecs(2);
    first.httpStatus = 503;
    first.error = QStringLiteral("HTTP 503 Service Unavailable");
    AttemptRecord second = first;
    second.attempt = 2;
    second.startedAt = m_now.addSecs(4);
    second.finishedAt = m_now.addSecs(14);
    second.httpStatus = 0;
    second.error = QStringLiteral("timed out after 10 s");
    QVERIFY(m_service->recordAttempts({{m_dead.at(0), first, m_now.addSecs(4)}}));
    m_now = m_now.addSecs(20);
    m_clock->setNow(m_now);
    QVERIFY(m_service->markDead(
        {{m_dead.at(0), QStringLiteral("gave up after 2 attempts"), {first, second}}}));
    AttemptRecord refused = first;
    refused.httpStatus = 404;
    refused.error = QStringLiteral("HTTP 404 Not Found");
    QVERIFY(m_service->markDead({{m_dead.at(1), QStringLiteral("HTTP 404 Not Found"), {refused}}}));
}

void tst_DeadLetterCommand::listWithoutDeadLetters()
{
    const CommandRun result = run({QStringLiteral("list")}, m_config);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QStringLiteral("No dead letters.\n"));
    QVERIFY(result.err.isEmpty());
}

void tst_DeadLetterCommand::list()
{
    addDeadLetters();
    const CommandRun result = run({QStringLiteral("list")}, m_config);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.err.isEmpty());
    const QStringList lines = result.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    const QStringList header = lines.at(0).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QCOMPARE(header, (QStringList{QStringLiteral("ID"), QStringLiteral("TIME"),
                                  QStringLiteral("ROUTE"), QStringLiteral("TARGET"),
                                  QStringLiteral("TOPIC"), QStringLiteral("ATTEMPTS"),
                                  QStringLiteral("LAST"), QStringLiteral("ERROR")}));
    const QString expectedFirst = QStringLiteral("%1 2026-03-01 12:00:20.000Z edge-1/app-a "
                                                 "http://127.0.0.1:1/a plant/line1/temp 2 gave "
                                                 "up after 2 attempts")
                                      .arg(m_dead.at(0));
    QCOMPARE(lines.at(1).simplified(), expectedFirst);
    QVERIFY2(lines.at(2).startsWith(QString::number(m_dead.at(1)) + QLatin1Char(' ')),
             qPrintable(lines.at(2)));
    QVERIFY(lines.at(2).endsWith(QLatin1String("HTTP 404 Not Found")));
    // The columns line up under their headers.
    QCOMPARE(lines.at(1).indexOf(QLatin1String("edge-1/app-a")),
             lines.at(0).indexOf(QLatin1String("ROUTE")));
    QCOMPARE(lines.at(3), QStringLiteral("2 dead letter(s)."));
}

void tst_DeadLetterCommand::showText()
{
    addDeadLetters();
    const CommandRun result =
        run({QStringLiteral("show"), QString::number(m_dead.at(0))}, m_config);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.err.isEmpty());
    const QStringList lines = result.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.at(0), QStringLiteral("Dead letter %1").arg(m_dead.at(0)));
    QVERIFY(lines.contains(QStringLiteral("  Topic:        plant/line1/temp")));
    QVERIFY(lines.contains(QStringLiteral("  Content type: application/json")));
    QVERIFY(lines.contains(QStringLiteral("  Reason:       gave up after 2 attempts")));
    QVERIFY(lines.contains(QStringLiteral("Payload (11 byte(s), text):")));
    QVERIFY(lines.contains(QStringLiteral(R"({"t": 21.5})")));
    const qsizetype table = lines.indexOf(QRegularExpression(QStringLiteral("RUN +ATTEMPT .*")));
    QVERIFY2(table > 0, qPrintable(result.out));
    QCOMPARE(lines.at(table + 1).simplified(),
             QStringLiteral("1 1 2026-03-01 12:00:01.000Z 2026-03-01 12:00:02.000Z 503 HTTP 503 "
                            "Service Unavailable"));
    QCOMPARE(lines.at(table + 2).simplified(),
             QStringLiteral("1 2 2026-03-01 12:00:04.000Z 2026-03-01 12:00:14.000Z - timed out "
                            "after 10 s"));
}

void tst_DeadLetterCommand::showBinary()
{
    addDeadLetters();
    const CommandRun result =
        run({QStringLiteral("show"), QString::number(m_dead.at(1))}, m_config);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QStringLiteral("Payload (6 byte(s), binary, in hex):\n"
                                                "00000000  00 01 ff 47 6f 0a")),
             qPrintable(result.out));
    QVERIFY(result.out.contains(QLatin1String("|...Go.|")));
}

void tst_DeadLetterCommand::showUnknown()
{
    addDeadLetters();
    const CommandRun result = run({QStringLiteral("show"), QStringLiteral("999")}, m_config);
    QCOMPARE(result.exitCode, int(DeadLetterExit::NotFound));
    QVERIFY(result.out.isEmpty());
    QCOMPARE(result.err, QStringLiteral("No dead letter with ID 999.\n"));
}

void tst_DeadLetterCommand::retryOne()
{
    addDeadLetters();
    const QStringList args = {QStringLiteral("retry"), QString::number(m_dead.at(0))};
    CommandRun result = run(args, m_config);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QStringLiteral("Dead letter %1 is back to pending.\n").arg(m_dead.at(0)));
    QCOMPARE(deadLetterCount(*m_service), 1);

    result = run(args, m_config);
    QCOMPARE(result.exitCode, int(DeadLetterExit::NotFound));
    QCOMPARE(result.err, QStringLiteral("No dead letter with ID %1.\n").arg(m_dead.at(0)));
}

void tst_DeadLetterCommand::retryAll()
{
    addDeadLetters();
    CommandRun result = run({QStringLiteral("retry"), QStringLiteral("--all")}, m_config);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QStringLiteral("2 dead letter(s) back to pending.\n"));
    QCOMPARE(loadPending(*m_service).size(), 2);
    result = run({QStringLiteral("list")}, m_config);
    QCOMPARE(result.out, QStringLiteral("No dead letters.\n"));
}

void tst_DeadLetterCommand::purge()
{
    addDeadLetters();
    CommandRun result = run({QStringLiteral("purge")}, m_config);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QStringLiteral("Purged 2 dead letter(s).\n"));
    QCOMPARE(deadLetterCount(*m_service), 0);
    result = run({QStringLiteral("purge")}, m_config);
    QCOMPARE(result.out, QStringLiteral("Purged 0 dead letter(s).\n"));
}

void tst_DeadLetterCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("problem");

    QTest::newRow("no command") << QStringList() << QStringLiteral("No command given.");
    QTest::newRow("unknown command")
        << QStringList{QStringLiteral("resend")} << QStringLiteral("Unknown command \"resend\".");
    QTest::newRow("show without ID")
        << QStringList{QStringLiteral("show")} << QStringLiteral("\"show\" needs one ID.");
    QTest::newRow("show with a word for ID")
        << QStringList{QStringLiteral("show"), QStringLiteral("first")}
        << QStringLiteral("\"first\" is not a dead letter ID (a positive number).");
    QTest::newRow("show --all") << QStringList{QStringLiteral("show"), QStringLiteral("--all")}
                                << QStringLiteral(
                                       "\"--all\" is not a dead letter ID (a positive number).");
    QTest::newRow("retry without ID") << QStringList{QStringLiteral("retry")}
                                      << QStringLiteral("\"retry\" needs one ID or --all.");
    QTest::newRow("retry with a negative ID")
        << QStringList{QStringLiteral("retry"), QStringLiteral("-3")}
        << QStringLiteral("\"-3\" is not a dead letter ID (a positive number).");
    QTest::newRow("retry with two IDs")
        << QStringList{QStringLiteral("retry"), QStringLiteral("1"), QStringLiteral("2")}
        << QStringLiteral("\"retry\" needs one ID or --all.");
    QTest::newRow("list with an argument")
        << QStringList{QStringLiteral("list"), QStringLiteral("all")}
        << QStringLiteral("\"list\" takes no arguments.");
    QTest::newRow("purge with an argument")
        << QStringList{QStringLiteral("purge"), QStringLiteral("--yes")}
        << QStringLiteral("\"purge\" takes no arguments.");
}

void tst_DeadLetterCommand::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, problem);
    addDeadLetters();
    const CommandRun result = run(args, m_config);
    QCOMPARE(result.exitCode, int(DeadLetterExit::Usage));
    QVERIFY(result.out.isEmpty());
    QCOMPARE(result.err, problem + QLatin1Char('\n') + deadLetterUsage());
    QCOMPARE(deadLetterCount(*m_service), 2); // nothing was done
}

void tst_DeadLetterCommand::help()
{
    const CommandRun result = run({QStringLiteral("--help")}, m_config);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, deadLetterUsage());
    QVERIFY(result.out.contains(QLatin1String("retry --all")));
}

void tst_DeadLetterCommand::memoryQueue()
{
    QueueConfig config = m_config;
    config.mode = QueueMode::Memory;
    const CommandRun result = run({QStringLiteral("list")}, config);
    QCOMPARE(result.exitCode, int(DeadLetterExit::QueueError));
    QVERIFY2(result.err.contains(QLatin1String("queue.mode is \"memory\"")),
             qPrintable(result.err));
}

void tst_DeadLetterCommand::corruptQueue()
{
    QueueConfig config = m_config;
    config.dir = m_dir->filePath(QStringLiteral("broken"));
    QVERIFY(QDir().mkpath(config.dir));
    QFile file(QDir(config.dir).filePath(queueschema::databaseFileName()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'z'));
    file.close();
    const CommandRun result = run({QStringLiteral("list")}, config);
    QCOMPARE(result.exitCode, int(DeadLetterExit::QueueError));
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains(file.fileName()) &&
                 result.err.contains(QLatin1String("not a database")),
             qPrintable(result.err));
}

void tst_DeadLetterCommand::retryReachesRunningService()
{
    addDeadLetters();
    QSignalSpy requeued(m_service.get(), &Outbox::requeued);
    const CommandRun result =
        run({QStringLiteral("retry"), QString::number(m_dead.at(1))}, m_config);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(requeued.wait(10'000));
    const QList<PendingRange> ranges = m_service->takeRequeuedRanges().value();
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.at(0).firstId, m_dead.at(1));
    QCOMPARE(ranges.at(0).count, 1);
    const QList<QueuedDelivery> again =
        m_service->loadPending(ranges.at(0).route, ranges.at(0).target, m_dead.at(1) - 1, 1)
            .value();
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.at(0).id, m_dead.at(1));
    QCOMPARE(again.at(0).message.payload, QByteArray("\x00\x01\xffGo\n", 6));
    QCOMPARE(again.at(0).attemptsMade, 0);
}

QTEST_GUILESS_MAIN(tst_DeadLetterCommand)
#include "tst_deadlettercommand.moc"
