#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace mqhook {

// Turns POSIX signals (SIGTERM, SIGINT, SIGHUP, ...) into a Qt signal on the
// thread that owns the watcher. The handler only writes the signal number to a
// socket pair (async-signal-safe); the event loop reads it.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

    // Starts watching signum. Returns false (and says why) when the signal
    // handler cannot be installed.
    bool watch(int signum, QString *error = nullptr);

signals:
    void unixSignal(int signum);

private:
    void readSignals();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_watched;
};

} // namespace mqhook
