#pragma once

#include "base/clock.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QFile>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace mqhook {

// An append-only text file that rotates by size and prunes its backups by
// count and age: log_config's maxsize, max_backups and max_age.
//
// When a line would take the file past maxBytes, the file is renamed to a
// backup next to it, named after the rotation time in UTC, e.g. "mqtt.log" →
// "mqtt-2026-11-26T21-18-11.123.log" (the form the original's logger used), and
// a new file is started; a name already taken gets "-1", "-2", ... before the
// extension. Lines are never split across files: a line longer than maxBytes
// goes alone into a fresh file. After each rotation (and on first open),
// backups last modified more than maxAgeDays ago are deleted, then the oldest
// backups (by the time in their names) beyond maxBackups.
//
// Failures (folder not creatable, disk full, rename refused) never throw and
// never block the caller: appendLine() returns false, the error is reported
// once through the error reporter (stderr by default, never the Qt message
// handler, which may be writing to this file), and opening is retried at most
// every retryInterval.
//
// Not thread-safe: the owner serialises calls (LogSink holds a mutex).
class RotatingFile
{
public:
    using ErrorReporter = std::function<void(const QString &message)>;

    static constexpr qint64 retryIntervalMs = 5000;

    // maxBytes <= 0: no size limit; maxBackups 0: keep every backup;
    // maxAgeDays 0: keep backups regardless of age.
    // A null reporter reports to stderr.
    RotatingFile(const QString &fileName, qint64 maxBytes, int maxBackups, int maxAgeDays,
                 std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                 ErrorReporter reporter = nullptr);
    ~RotatingFile();

    RotatingFile(const RotatingFile &) = delete;
    RotatingFile &operator=(const RotatingFile &) = delete;

    // Writes line and a '\n'. False when it could not be written.
    bool appendLine(QByteArrayView line);

    QString fileName() const { return m_fileName; }
    QStringList backups() const; // full paths, oldest first
    QString errorString() const { return m_errorString; }

private:
    bool open();
    void rotate();
    void prune();
    QString backupName(const QDateTime &time) const;
    void fail(const QString &message); // a write-path failure, reported once until it recovers
    void recovered();
    void report(const QString &message);

    QString m_fileName;
    QString m_dir;
    QString m_baseName; // "mqtt" of "mqtt.log"
    QString m_suffix;   // ".log", or empty
    qint64 m_maxBytes;
    int m_maxBackups;
    int m_maxAgeDays;
    std::shared_ptr<const Clock> m_clock;
    ErrorReporter m_reporter;

    QFile m_file;
    qint64 m_size = 0;
    bool m_pruned = false;
    bool m_errorReported = false;
    QString m_errorString;
    QDateTime m_retryAfter;
    bool m_renameFailureReported = false;
    QDateTime m_rotateRetryAfter;
};

} // namespace mqhook
