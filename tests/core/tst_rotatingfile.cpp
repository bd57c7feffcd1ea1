#include "manualclock.h"
#include "observe/rotatingfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mqhook;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString &path, const QByteArray &content, const QDateTime &modified)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    // Flush first: data written on close would set the time again.
    if (file.write(content) != content.size() || !file.flush())
        return false;
    return file.setFileTime(modified, QFileDevice::FileModificationTime);
}

} // namespace

class tst_RotatingFile : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void rotatesAtTheRightSize_data();
    void rotatesAtTheRightSize();
    void backupNamesCarryTheRotationTime();
    void backupNamesInTheSameMillisecondStayInOrder();
    void fileWithoutExtension();
    void existingFileCountsTowardsTheLimit();
    void maxBackupsPrunesTheOldest_data();
    void maxBackupsPrunesTheOldest();
    void maxAgePrunesByModificationTime_data();
    void maxAgePrunesByModificationTime();
    void createsMissingParentFolders();
    void writeErrorIsReportedOnceAndRecovers();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<test::ManualClock> m_clock;
};

void tst_RotatingFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_shared<test::ManualClock>(
        QDateTime(QDate(2026, 11, 26), QTime(21, 18, 11, 123), Qt::UTC));
}

void tst_RotatingFile::rotatesAtTheRightSize_data()
{
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::addColumn<QList<int>>("lineCountPerFile"); // oldest backup first, current file last

    // Every line below is written with its '\n': "aaaaaaaaa" takes 10 bytes.
    const QByteArray nine(9, 'a');
    QTest::newRow("lines that fill the file exactly do not rotate")
        << qint64(20) << QList<QByteArray>{nine, nine} << QList<int>{2};
    QTest::newRow("one byte more rotates before the line")
        << qint64(20) << QList<QByteArray>{nine, nine, "b"} << QList<int>{2, 1};
    QTest::newRow("a line one byte too long for the rest starts a new file")
        << qint64(20) << QList<QByteArray>{nine, QByteArray(10, 'c')} << QList<int>{1, 1};
    QTest::newRow("a line longer than the limit goes alone into a fresh file")
        << qint64(10) << QList<QByteArray>{"abc", QByteArray(25, 'x'), "de"} << QList<int>{1, 1, 1};
    QTest::newRow("a line longer than the limit as the very first line stays whole")
        << qint64(10) << QList<QByteArray>{QByteArray(25, 'x'), "de"} << QList<int>{1, 1};
    QTest::newRow("many small lines rotate many times")
        << qint64(32) << QList<QByteArray>(10, "0123456789abcde") << QList<int>{2, 2, 2, 2, 2};
    QTest::newRow("no size limit never rotates")
        << qint64(0) << QList<QByteArray>(10, QByteArray(100, 'z')) << QList<int>{10};
    QTest::newRow("empty lines count their newline")
        << qint64(3) << QList<QByteArray>(7, QByteArray()) << QList<int>{3, 3, 1};
}

void tst_RotatingFile::rotatesAtTheRightSize()
{
    QFETCH(qint64, maxBytes);
    QFETCH(QList<QByteArray>, lines);
    QFETCH(QList<int>, lineCountPerFile);

    const QString path = m_dir->filePath(u"mqtt.log"_s);
    RotatingFile file(path, maxBytes, 0, 0, m_clock);
    for (const QByteArray &line : std::as_const(lines)) {
        QVERIFY(file.appendLine(line));
        m_clock->advance(1s);
    }

    QStringList files = file.backups();
    files.append(path);
    QCOMPARE(files.size(), lineCountPerFile.size());

    QByteArray joined;
    for (int i = 0; i < files.size(); ++i) {
        const QByteArray content = readAll(files.at(i));
        QVERIFY2(content.endsWith('\n'), qPrintable(files.at(i))); // no line split
        QCOMPARE(int(content.count('\n')), lineCountPerFile.at(i));
        if (maxBytes > 0 && lineCountPerFile.at(i) > 1)
            QVERIFY(content.size() <= maxBytes);
        joined += content;
    }
    QCOMPARE(joined, lines.join('\n') + '\n'); // nothing lost, nothing reordered
}

void tst_RotatingFile::backupNamesCarryTheRotationTime()
{
    const QString path = m_dir->filePath(u"logs/mqtt.log"_s);
    RotatingFile file(path, 4, 0, 0, m_clock);
    QVERIFY(file.appendLine("one"));
    QVERIFY(file.appendLine("two"));
    QCOMPARE(file.backups(),
             QStringList{m_dir->filePath(u"logs/mqtt-2026-11-26T21-18-11.123.log"_s)});
    QCOMPARE(readAll(file.backups().constFirst()), QByteArray("one\n"));
    QCOMPARE(readAll(path), QByteArray("two\n"));
}

void tst_RotatingFile::backupNamesInTheSameMillisecondStayInOrder()
{
    const QString path = m_dir->filePath(u"mqtt.log"_s);
    RotatingFile file(path, 2, 0, 0, m_clock); // the clock stands still
    for (const char *line : {"1", "2", "3", "4"})
        QVERIFY(file.appendLine(line));

    const QStringList backups = file.backups();
    QCOMPARE(backups.size(), 3);
    QCOMPARE(QFileInfo(backups.at(0)).fileName(), u"mqtt-2026-11-26T21-18-11.123.log"_s);
    QCOMPARE(QFileInfo(backups.at(1)).fileName(), u"mqtt-2026-11-26T21-18-11.123-1.log"_s);
    QCOMPARE(QFileInfo(backups.at(2)).fileName(), u"mqtt-2026-11-26T21-18-11.123-2.log"_s);
    QCOMPARE(readAll(backups.at(0)), QByteArray("1\n"));
    QCOMPARE(readAll(backups.at(1)), QByteArray("2\n"));
    QCOMPARE(readAll(backups.at(2)), QByteArray("3\n"));
    QCOMPARE(readAll(path), QByteArray("4\n"));
}

void tst_RotatingFile::fileWithoutExtension()
{
    const QString path = m_dir->filePath(u"mqtt"_s);
    RotatingFile file(path, 2, 0, 0, m_clock);
    QVERIFY(file.appendLine("1"));
    QVERIFY(file.appendLine("2"));
    QCOMPARE(file.backups(), QStringList{m_dir->filePath(u"mqtt-2026-11-26T21-18-11.123"_s)});
}

void tst_RotatingFile::existingFileCountsTowardsTheLimit()
{
    const QString path = m_dir->filePath(u"mqtt.log"_s);
    QVERIFY(writeFile(path, QByteArray(15, 'o') + '\n', m_clock->now()));
    RotatingFile file(path, 20, 0, 0, m_clock);
    QVERIFY(file.appendLine("new line"));
    QCOMPARE(file.backups().size(), 1);
    QCOMPARE(readAll(file.backups().constFirst()), QByteArray(15, 'o') + '\n');
    QCOMPARE(readAll(path), QByteArray("new line\n"));
}

void tst_RotatingFile::maxBackupsPrunesTheOldest_data()
{
    QTest::addColumn<int>("maxBackups");
    QTest::addColumn<int>("expectedBackups");

    // Six lines of four bytes in a four-byte file: five rotations.
    QTest::newRow("0 keeps every backup") << 0 << 5;
    QTest::newRow("1 keeps the newest backup") << 1 << 1;
    QTest::newRow("3 keeps the three newest backups") << 3 << 3;
    QTest::newRow("more than were made keeps them all") << 10 << 5;
}

void tst_RotatingFile::maxBackupsPrunesTheOldest()
{
    QFETCH(int, maxBackups);
    QFETCH(int, expectedBackups);

    const QString path = m_dir->filePath(u"mqtt.log"_s);
    RotatingFile file(path, 4, maxBackups, 0, m_clock);
    const QList<QByteArray> lines{"l-1", "l-2", "l-3", "l-4", "l-5", "l-6"};
    for (const QByteArray &line : lines) {
        QVERIFY(file.appendLine(line));
        m_clock->advance(1min);
    }

    const QStringList backups = file.backups();
    QCOMPARE(backups.size(), expectedBackups);
    // The newest backups survive: they hold the lines just before the current file's.
    for (int i = 0; i < expectedBackups; ++i)
        QCOMPARE(readAll(backups.at(i)), lines.at(5 - expectedBackups + i) + '\n');
    QCOMPARE(readAll(path), QByteArray("l-6\n"));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files).size(), expectedBackups + 1);
}

void tst_RotatingFile::maxAgePrunesByModificationTime_data()
{
    QTest::addColumn<int>("maxAgeDays");
    QTest::addColumn<int>("maxBackups");
    QTest::addColumn<QStringList>("kept");

    const QStringList all{u"mqtt-2026-11-10T00-00-00.000.log"_s,
                          u"mqtt-2026-11-20T00-00-00.000.log"_s,
                          u"mqtt-2026-11-25T00-00-00.000.log"_s};
    QTest::newRow("0 keeps backups regardless of age") << 0 << 0 << all;
    QTest::newRow("7 days deletes the 16- and 8-day-old backups")
        << 7 << 0 << QStringList{all.at(2)};
    QTest::newRow("10 days deletes the 16-day-old backup") << 10 << 0 << all.mid(1);
    QTest::newRow("30 days deletes nothing") << 30 << 0 << all;
    QTest::newRow("age and count together") << 30 << 1 << QStringList{all.at(2)};
}

void tst_RotatingFile::maxAgePrunesByModificationTime()
{
    QFETCH(int, maxAgeDays);
    QFETCH(int, maxBackups);
    QFETCH(QStringList, kept);

    const QDateTime now = m_clock->now();
    QDir dir(m_dir->path());
    QVERIFY(
        writeFile(dir.filePath(u"mqtt-2026-11-10T00-00-00.000.log"_s), "a\n", now.addDays(-16)));
    QVERIFY(writeFile(dir.filePath(u"mqtt-2026-11-20T00-00-00.000.log"_s), "b\n", now.addDays(-8)));
    QVERIFY(writeFile(dir.filePath(u"mqtt-2026-11-25T00-00-00.000.log"_s), "c\n", now.addDays(-1)));
    // Not backups of mqtt.log: never touched, however old.
    QVERIFY(
        writeFile(dir.filePath(u"other-2026-11-10T00-00-00.000.log"_s), "x\n", now.addDays(-100)));
    QVERIFY(writeFile(dir.filePath(u"mqtt.log.old"_s), "x\n", now.addDays(-100)));

    RotatingFile file(dir.filePath(u"mqtt.log"_s), 1024, maxBackups, maxAgeDays, m_clock);
    QVERIFY(file.appendLine("first")); // opening prunes

    QStringList keptPaths;
    for (const QString &name : std::as_const(kept))
        keptPaths.append(dir.filePath(name));
    QCOMPARE(file.backups(), keptPaths);
    QVERIFY(QFileInfo::exists(dir.filePath(u"other-2026-11-10T00-00-00.000.log"_s)));
    QVERIFY(QFileInfo::exists(dir.filePath(u"mqtt.log.old"_s)));
}

void tst_RotatingFile::createsMissingParentFolders()
{
    const QString path = m_dir->filePath(u"a/b/c/mqtt.log"_s);
    RotatingFile file(path, 1024, 0, 0, m_clock);
    QVERIFY(file.appendLine("hello"));
    QCOMPARE(readAll(path), QByteArray("hello\n"));
}

void tst_RotatingFile::writeErrorIsReportedOnceAndRecovers()
{
    // A regular file where the folder should be: the folder cannot be created.
    const QString blocker = m_dir->filePath(u"logs"_s);
    QVERIFY(writeFile(blocker, "not a folder", m_clock->now()));

    QStringList reports;
    RotatingFile file(blocker + u"/mqtt.log"_s, 1024, 0, 0, m_clock,
                      [&reports](const QString &message) { reports.append(message); });

    QVERIFY(!file.appendLine("lost 1"));
    QVERIFY(!file.appendLine("lost 2"));
    m_clock->advance(std::chrono::milliseconds(RotatingFile::retryIntervalMs + 1));
    QVERIFY(!file.appendLine("lost 3")); // tried again, failed again: not reported again
    QCOMPARE(reports.size(), 1);
    QVERIFY2(reports.constFirst().contains(u"mqtt.log"_s), qPrintable(reports.constFirst()));
    QVERIFY(!file.errorString().isEmpty());

    QVERIFY(QFile::remove(blocker));
    QVERIFY(!file.appendLine("lost 4")); // still waiting to retry
    m_clock->advance(std::chrono::milliseconds(RotatingFile::retryIntervalMs + 1));
    QVERIFY(file.appendLine("kept"));
    QCOMPARE(reports.size(), 2);
    QVERIFY(reports.at(1).contains(u"writable again"_s));
    QVERIFY(file.errorString().isEmpty());
    QCOMPARE(readAll(blocker + u"/mqtt.log"_s), QByteArray("kept\n"));
}

QTEST_GUILESS_MAIN(tst_RotatingFile)
#include "tst_rotatingfile.moc"
