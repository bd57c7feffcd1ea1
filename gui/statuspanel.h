#pragma once

#include "service/bridge.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace mqhook {

// The status bar's picture of forwarding: each broker connection's state
// (a coloured dot and its words), messages per second and the queue's depth.
// It reads a running Bridge once a second; show() takes the same figures from
// any other source (a service watched from afar).
class StatusPanel : public QWidget
{
    Q_OBJECT

public:
    enum class ConnectionState
    {
        Connected,
        Connecting,
        Failing,
    };
    Q_ENUM(ConnectionState)

    explicit StatusPanel(QWidget *parent = nullptr);

    // Follows bridge until it is gone or another is set; nullptr: idle.
    void setBridge(Bridge *bridge);
    void show(const QList<Bridge::ConnectionStatus> &connections, double messagesPerSecond,
              qint64 queued);
    void showIdle(const QString &text);

    static ConnectionState stateOf(const Bridge::ConnectionStatus &connection);

    // For tests: the texts shown, one per connection, then the rate and queue.
    QStringList texts() const;

private:
    void sample();

    QPointer<Bridge> m_bridge;
    QTimer m_timer;
    QElapsedTimer m_sinceSample;
    qint64 m_lastReceived = 0;
    QHBoxLayout *m_connections;
    QLabel *m_rate;
    QLabel *m_queue;
    QLabel *m_idle;
};

} // namespace mqhook
