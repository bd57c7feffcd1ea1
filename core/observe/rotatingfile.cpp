#include "rotatingfile.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>

namespace mqhook {

namespace {

// Colons are not allowed in Windows file names, hence '-' between h, m and s.
const QString backupTimeFormat = QStringLiteral("yyyy-MM-ddTHH-mm-ss.zzz");

void reportToStderr(const QString &message)
{
    const QByteArray text = "mqhook: " + message.toLocal8Bit() + '\n';
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
}

struct Backup
{
    QString path;
    QString stamp; // as in the name; sorts chronologically
    int counter = 0;
};

} // namespace

RotatingFile::RotatingFile(const QString &fileName, qint64 maxBytes, int maxBackups, int maxAgeDays,
                           std::shared_ptr<const Clock> clock, ErrorReporter reporter)
    : m_fileName(QFileInfo(fileName).absoluteFilePath())
    , m_maxBytes(maxBytes)
    , m_maxBackups(maxBackups)
    , m_maxAgeDays(maxAgeDays)
    , m_clock(std::move(clock))
    , m_reporter(reporter ? std::move(reporter) : ErrorReporter(reportToStderr))
{
    const QFileInfo info(m_fileName);
    m_dir = info.absolutePath();
    const QString name = info.fileName();
    const qsizetype dot = name.lastIndexOf(u'.');
    if (dot > 0) {
        m_baseName = name.left(dot);
        m_suffix = name.mid(dot);
    } else {
        m_baseName = name;
    }
}

RotatingFile::~RotatingFile() = default;

bool RotatingFile::appendLine(QByteArrayView line)
{
    if (!m_file.isOpen()) {
        if (m_retryAfter.isValid() && m_clock->now() < m_retryAfter)
            return false;
        if (!open())
            return false;
    }

    const qint64 needed = line.size() + 1;
    if (m_maxBytes > 0 && m_size > 0 && m_size + needed > m_maxBytes &&
        (!m_rotateRetryAfter.isValid() || m_clock->now() >= m_rotateRetryAfter)) {
        rotate();
        if (!m_file.isOpen())
            return false;
    }

    QByteArray record;
    record.reserve(needed);
    record.append(line.data(), line.size());
    record.append('\n');
    const qint64 written = m_file.write(record);
    if (written != record.size()) {
        fail(QStringLiteral("cannot write to log file %1: %2")
                 .arg(QDir::toNativeSeparators(m_fileName), m_file.errorString()));
        m_file.close();
        return false;
    }
    m_size += written;
    recovered();
    return true;
}

bool RotatingFile::open()
{
    if (!QDir().mkpath(m_dir)) {
        fail(QStringLiteral("cannot create the folder of log file %1")
                 .arg(QDir::toNativeSeparators(m_fileName)));
        return false;
    }
    m_file.setFileName(m_fileName);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        fail(QStringLiteral("cannot open log file %1: %2")
                 .arg(QDir::toNativeSeparators(m_fileName), m_file.errorString()));
        return false;
    }
    m_size = m_file.size();
    if (!m_pruned) {
        m_pruned = true;
        prune();
    }
    return true;
}

void RotatingFile::rotate()
{
    m_file.close();
    const QString backup = backupName(m_clock->now());
    if (QFile::rename(m_fileName, backup)) {
        m_renameFailureReported = false;
        m_rotateRetryAfter = QDateTime();
    } else {
        // Keep appending to the full file rather than lose lines; try again later.
        m_rotateRetryAfter = m_clock->now().addMSecs(retryIntervalMs);
        if (!m_renameFailureReported) {
            m_renameFailureReported = true;
            report(
                QStringLiteral("cannot rename log file %1 to %2; it grows past its size "
                               "limit until that works")
                    .arg(QDir::toNativeSeparators(m_fileName), QDir::toNativeSeparators(backup)));
        }
    }
    if (open())
        prune();
}

QString RotatingFile::backupName(const QDateTime &time) const
{
    const QString stem = m_dir + u'/' + m_baseName + u'-' + time.toUTC().toString(backupTimeFormat);
    QString candidate = stem + m_suffix;
    for (int counter = 1; QFileInfo::exists(candidate); ++counter)
        candidate = stem + u'-' + QString::number(counter) + m_suffix;
    return candidate;
}

QStringList RotatingFile::backups() const
{
    static const QString stampPattern =
        QStringLiteral(R"((\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3})(?:-(\d+))?)");
    const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(QRegularExpression::escape(m_baseName) + u'-' +
                                            stampPattern + QRegularExpression::escape(m_suffix)));

    QList<Backup> found;
    const QDir dir(m_dir);
    const QStringList names = dir.entryList(QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        const QRegularExpressionMatch match = pattern.match(name);
        if (match.hasMatch())
            found.append({dir.filePath(name), match.captured(1), match.captured(2).toInt()});
    }
    std::sort(found.begin(), found.end(), [](const Backup &a, const Backup &b) {
        return a.stamp != b.stamp ? a.stamp < b.stamp : a.counter < b.counter;
    });

    QStringList paths;
    paths.reserve(found.size());
    for (const Backup &backup : std::as_const(found))
        paths.append(backup.path);
    return paths;
}

void RotatingFile::prune()
{
    if (m_maxBackups <= 0 && m_maxAgeDays <= 0)
        return;
    QStringList remaining = backups();

    if (m_maxAgeDays > 0) {
        const QDateTime cutoff = m_clock->now().addDays(-m_maxAgeDays);
        for (auto it = remaining.begin(); it != remaining.end();) {
            const QDateTime modified =
                QFileInfo(*it).fileTime(QFileDevice::FileModificationTime).toUTC();
            if (modified < cutoff) {
                if (!QFile::remove(*it))
                    report(QStringLiteral("cannot delete old log file %1")
                               .arg(QDir::toNativeSeparators(*it)));
                it = remaining.erase(it);
            } else {
                ++it;
            }
        }
    }

    if (m_maxBackups > 0) {
        while (remaining.size() > m_maxBackups) {
            const QString oldest = remaining.takeFirst();
            if (!QFile::remove(oldest))
                report(QStringLiteral("cannot delete old log file %1")
                           .arg(QDir::toNativeSeparators(oldest)));
        }
    }
}

void RotatingFile::fail(const QString &message)
{
    m_errorString = message;
    m_retryAfter = m_clock->now().addMSecs(retryIntervalMs);
    if (m_errorReported)
        return;
    m_errorReported = true;
    report(message);
}

void RotatingFile::report(const QString &message)
{
    if (m_reporter)
        m_reporter(message);
}

void RotatingFile::recovered()
{
    if (!m_errorReported)
        return;
    m_errorReported = false;
    m_errorString.clear();
    m_retryAfter = QDateTime();
    report(
        QStringLiteral("log file %1 is writable again").arg(QDir::toNativeSeparators(m_fileName)));
}

} // namespace mqhook
