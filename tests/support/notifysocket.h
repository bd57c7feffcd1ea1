#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

class QSocketNotifier;

namespace mqhook::test {

// The receiving end of systemd's notification protocol: a Unix datagram
// socket in a folder of its own, for a child's NOTIFY_SOCKET. Every datagram
// is kept as it came (newline-separated VARIABLE=value assignments).
class NotifySocket : public QObject
{
    Q_OBJECT

public:
    explicit NotifySocket(QObject *parent = nullptr);
    ~NotifySocket() override;

    bool open(QString *error);
    QString path() const { return m_path; }

    // Reads what is queued on the socket now, without waiting.
    void drain();

    const QList<QByteArray> &datagrams() const { return m_datagrams; }
    // How many datagrams hold the line `assignment`, e.g. "READY=1".
    int count(const QByteArray &assignment) const;
    // The index of the first datagram from `from` on that holds the line
    // `assignment`, or -1.
    int indexOf(const QByteArray &assignment, int from = 0) const;
    // Waits (event loop running) until count(assignment) reaches n.
    bool waitFor(const QByteArray &assignment, int n, int ms);

signals:
    void received(const QByteArray &datagram);

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QList<QByteArray> m_datagrams;
};

} // namespace mqhook::test
