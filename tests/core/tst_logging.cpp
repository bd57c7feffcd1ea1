#include "base/logcategories.h"
#include "manualclock.h"
#include "observe/logsink.h"
#include "observe/rotatingfile.h"

#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace mqhook;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(mqhook::LogLevel)

// A category named like Qt's own, to see that trace (and only trace) enables them.
Q_LOGGING_CATEGORY(lcQtLike, "qt.mqhooktest")

namespace {

QList<QByteArray> readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

class tst_Logging : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void formatLine_data();
    void formatLine();
    void levelThreshold_data();
    void levelThreshold();
    void multiLineMessagesStayOneRecord();
    void manyThreadsWriteWholeLines();
    void onlyOneSinkAtATime();
    void uninstallRestoresThePreviousHandler();
    void noFileNameMeansStderrOnly();
    void fileRotatesWithTheConfiguredSize();

private:
    LogConfig config(LogLevel level) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<test::ManualClock> m_clock;
};

void tst_Logging::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_shared<test::ManualClock>(
        QDateTime(QDate(2026, 11, 26), QTime(21, 18, 11, 123), Qt::UTC));
}

LogConfig tst_Logging::config(LogLevel level) const
{
    LogConfig config;
    config.level = level;
    config.filename = m_dir->filePath(u"logs/mqtt.log"_s);
    return config;
}

void tst_Logging::formatLine_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("category");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("info") << int(QtInfoMsg) << QByteArray("mqhook.mqtt") << u"connected"_s
                          << QByteArray("2026-11-26T21:18:11.123Z INFO  mqhook.mqtt: connected");
    QTest::newRow("debug") << int(QtDebugMsg) << QByteArray("mqhook.http") << u"POST"_s
                           << QByteArray("2026-11-26T21:18:11.123Z DEBUG mqhook.http: POST");
    QTest::newRow("warning is WARN")
        << int(QtWarningMsg) << QByteArray("mqhook.queue") << u"full"_s
        << QByteArray("2026-11-26T21:18:11.123Z WARN  mqhook.queue: full");
    QTest::newRow("critical is ERROR")
        << int(QtCriticalMsg) << QByteArray("mqhook.config") << u"bad"_s
        << QByteArray("2026-11-26T21:18:11.123Z ERROR mqhook.config: bad");
    QTest::newRow("no category is default")
        << int(QtInfoMsg) << QByteArray() << u"x"_s
        << QByteArray("2026-11-26T21:18:11.123Z INFO  default: x");
    QTest::newRow("text is UTF-8")
        << int(QtInfoMsg) << QByteArray("mqhook.mqtt") << u"主题 sport/网球"_s
        << (QByteArray("2026-11-26T21:18:11.123Z INFO  mqhook.mqtt: ") +
            u"主题 sport/网球"_s.toUtf8());
    QTest::newRow("a trailing newline is dropped")
        << int(QtInfoMsg) << QByteArray("mqhook.mqtt") << u"done\n"_s
        << QByteArray("2026-11-26T21:18:11.123Z INFO  mqhook.mqtt: done");
}

void tst_Logging::formatLine()
{
    QFETCH(int, type);
    QFETCH(QByteArray, category);
    QFETCH(QString, message);
    QFETCH(QByteArray, line);

    QCOMPARE(LogSink::formatLine(m_clock->now(), QtMsgType(type),
                                 category.isNull() ? nullptr : category.constData(), message),
             line);
}

void tst_Logging::levelThreshold_data()
{
    QTest::addColumn<LogLevel>("level");
    QTest::addColumn<QStringList>("expected");

    const QString prefix = u"2026-11-26T21:18:11.123Z "_s;
    const QString qtDebug = prefix + u"DEBUG qt.mqhooktest: qt debug"_s;
    const QString debug = prefix + u"DEBUG mqhook.mqtt: debug"_s;
    const QString info = prefix + u"INFO  mqhook.mqtt: info"_s;
    const QString warning = prefix + u"WARN  mqhook.http: warning"_s;
    const QString critical = prefix + u"ERROR mqhook.queue: critical"_s;

    QTest::newRow("trace shows everything, Qt's own debug output too")
        << LogLevel::Trace << QStringList{qtDebug, debug, info, warning, critical};
    QTest::newRow("debug shows mqhook's debug output, not Qt's")
        << LogLevel::Debug << QStringList{debug, info, warning, critical};
    QTest::newRow("info hides debug output")
        << LogLevel::Info << QStringList{info, warning, critical};
    QTest::newRow("warn hides info") << LogLevel::Warn << QStringList{warning, critical};
    QTest::newRow("error shows critical messages only") << LogLevel::Error << QStringList{critical};
}

void tst_Logging::levelThreshold()
{
    QFETCH(LogLevel, level);
    QFETCH(QStringList, expected);

    {
        LogSink sink(config(level), m_clock, LogSink::StderrCopy::Off);
        QVERIFY(sink.install());
        qCDebug(lcQtLike) << "qt debug";
        qCDebug(lcMqtt) << "debug";
        qCInfo(lcMqtt) << "info";
        qCWarning(lcHttp) << "warning";
        qCCritical(lcQueue) << "critical";
    }

    QStringList lines;
    for (const QByteArray &line : readLines(m_dir->filePath(u"logs/mqtt.log"_s)))
        lines.append(QString::fromUtf8(line));
    QCOMPARE(lines, expected);
}

void tst_Logging::multiLineMessagesStayOneRecord()
{
    {
        LogSink sink(config(LogLevel::Info), m_clock, LogSink::StderrCopy::Off);
        QVERIFY(sink.install());
        qCWarning(lcConfig).noquote() << "first\nsecond";
    }
    QCOMPARE(
        readLines(m_dir->filePath(u"logs/mqtt.log"_s)),
        (QList<QByteArray>{"2026-11-26T21:18:11.123Z WARN  mqhook.config: first", "    second"}));
}

void tst_Logging::manyThreadsWriteWholeLines()
{
    constexpr int threads = 4;
    constexpr int perThread = 500;
    {
        LogSink sink(config(LogLevel::Info), m_clock, LogSink::StderrCopy::Off);
        QVERIFY(sink.install());

        QList<QThread *> workers;
        for (int t = 0; t < threads; ++t) {
            workers.append(QThread::create([t] {
                for (int i = 0; i < perThread; ++i)
                    qCInfo(lcRouting, "thread %d message %d", t, i);
            }));
        }
        for (QThread *worker : std::as_const(workers))
            worker->start();
        for (QThread *worker : std::as_const(workers)) {
            QVERIFY(worker->wait(QDeadlineTimer(120'000)));
            delete worker;
        }
    }

    const QList<QByteArray> lines = readLines(m_dir->filePath(u"logs/mqtt.log"_s));
    QCOMPARE(lines.size(), threads * perThread);
    static const QRegularExpression pattern(
        u"^2026-11-26T21:18:11\\.123Z INFO  mqhook\\.routing: thread (\\d) message (\\d+)$"_s);
    QSet<QString> seen;
    for (const QByteArray &line : lines) {
        const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(line));
        QVERIFY2(match.hasMatch(), line.constData());
        seen.insert(match.captured(1) + u'/' + match.captured(2));
    }
    QCOMPARE(seen.size(), threads * perThread);
}

void tst_Logging::onlyOneSinkAtATime()
{
    LogConfig second = config(LogLevel::Info);
    second.filename = m_dir->filePath(u"second.log"_s);
    LogSink other(second, m_clock, LogSink::StderrCopy::Off);
    {
        LogSink sink(config(LogLevel::Info), m_clock, LogSink::StderrCopy::Off);
        QVERIFY(sink.install());
        QVERIFY(sink.install()); // installing again is harmless
        QVERIFY(!other.install());
        qCInfo(lcService) << "to the first";
    }
    QCOMPARE(readLines(config(LogLevel::Info).filename),
             QList<QByteArray>{"2026-11-26T21:18:11.123Z INFO  mqhook.service: to the first"});
    QVERIFY(other.install());
    qCInfo(lcService) << "to the second";
    other.uninstall();
    QCOMPARE(readLines(second.filename),
             QList<QByteArray>{"2026-11-26T21:18:11.123Z INFO  mqhook.service: to the second"});
}

namespace {
QStringList capturedByPrevious;
void previousHandler(QtMsgType, const QMessageLogContext &, const QString &message)
{
    capturedByPrevious.append(message);
}
} // namespace

void tst_Logging::uninstallRestoresThePreviousHandler()
{
    capturedByPrevious.clear();
    const QtMessageHandler original = qInstallMessageHandler(previousHandler);
    {
        LogSink sink(config(LogLevel::Info), m_clock, LogSink::StderrCopy::Off);
        QVERIFY(sink.install());
        qCInfo(lcMqtt) << "to the sink";
    }
    qCInfo(lcMqtt) << "to the previous handler";
    qInstallMessageHandler(original);

    QCOMPARE(capturedByPrevious, QStringList{u"to the previous handler"_s});
    QCOMPARE(readLines(m_dir->filePath(u"logs/mqtt.log"_s)),
             QList<QByteArray>{"2026-11-26T21:18:11.123Z INFO  mqhook.mqtt: to the sink"});
}

void tst_Logging::noFileNameMeansStderrOnly()
{
    LogConfig stderrOnly = config(LogLevel::Info);
    stderrOnly.filename.clear();
    LogSink sink(stderrOnly, m_clock);
    QCOMPARE(sink.file(), nullptr);
    QVERIFY(sink.install());
    qCInfo(lcMqtt) << "stderr only";
    sink.uninstall();
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void tst_Logging::fileRotatesWithTheConfiguredSize()
{
    LogConfig rotating = config(LogLevel::Info);
    rotating.maxSizeMb = 1;
    rotating.maxBackups = 2;
    LogSink sink(rotating, m_clock, LogSink::StderrCopy::Off);
    QVERIFY(sink.install());
    const QString text(1000, u'x');
    for (int i = 0; i < 3 * 1100; ++i) { // about 3.4 MB
        qCInfo(lcHttp).noquote() << text;
        m_clock->advance(std::chrono::milliseconds(1));
    }
    sink.uninstall();

    QVERIFY(sink.file());
    QCOMPARE(sink.file()->backups().size(), 2);
    for (const QString &backup : sink.file()->backups()) {
        const qint64 size = QFileInfo(backup).size();
        QVERIFY2(size <= 1024 * 1024 && size > 1024 * 1024 - 1100, qPrintable(backup));
    }
}

QTEST_GUILESS_MAIN(tst_Logging)
#include "tst_logging.moc"
