#pragma once

#include "observe/event.h"
#include "observe/eventfilter.h"
#include "observe/sseparser.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;

namespace mqhook {

// Reads a running mqhook's event stream (GET /api/events of the admin
// endpoint): what `mqhook tail` prints and the window shows when attached to
// a service. Parses the stream strictly and hands out each event; reconnects
// by itself with a growing delay when the connection ends or cannot be made,
// resuming after the last event received (Last-Event-ID), so nothing the
// service still holds is missed. What the service could not keep for this
// reader arrives as a Dropped event with the count.
class EventStreamClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum class State
    {
        Disconnected, // not started, or stopped
        Connecting,
        Connected, // the stream is open
        Waiting,   // to connect again (reconnectIn())
        Failed,    // the service refused for good (wrong token, not an mqhook): errorString()
    };
    Q_ENUM(State)

    // manager: the one to use, or nullptr for one of its own.
    explicit EventStreamClient(QNetworkAccessManager *manager = nullptr, QObject *parent = nullptr);
    ~EventStreamClient() override;

    // The admin endpoint, e.g. http://127.0.0.1:9090.
    void setUrl(const QUrl &url) { m_url = url; }
    QUrl url() const { return m_url; }
    void setToken(const QString &token) { m_token = token; }
    void setFilter(const EventFilter &filter) { m_filter = filter; }

    // Connects, and keeps connecting until stop().
    void start();
    void stop();

    State state() const { return m_state; }
    QString errorString() const { return m_error; }
    // The delay before the next attempt, while Waiting.
    std::chrono::milliseconds reconnectIn() const { return m_delay; }
    // The sequence number of the last event received; 0 before the first.
    quint64 lastEventId() const { return m_lastEventId; }

signals:
    void stateChanged(mqhook::EventStreamClient::State state);
    // json: the event as the service wrote it (one JSON object).
    void eventReceived(const mqhook::Event &event, const QByteArray &json);
    // Each event as text, for a reader that passes it on (`mqhook tail
    // --json`). While nothing is connected to eventReceived, events are not
    // decoded: an event then only has to be one JSON object (RFC 8259) of a
    // known kind, named by its `event:` field.
    void eventTextReceived(mqhook::Event::Kind kind, const QByteArray &json);
    // Something went wrong: an attempt failed, the connection broke, an event
    // could not be read (and was skipped).
    void errorOccurred(const QString &error);

private:
    void connectNow();
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void dispatch(const SseParser::Message &message);
    std::optional<Event::Kind> checkText(const SseParser::Message &message, QString *error) const;
    void scheduleReconnect(const QString &why);
    void fail(const QString &why);
    void setState(State state);
    void dropReply();

    QNetworkAccessManager *m_manager;
    QUrl m_url;
    QString m_token;
    EventFilter m_filter;
    // The first reconnection waits firstDelay, each next one twice as long,
    // at most maxDelay.
    static constexpr std::chrono::milliseconds firstDelay{500};
    static constexpr std::chrono::milliseconds maxDelay{10'000};
    // Without a byte for this long (the service sends a heartbeat every
    // 15 s), the connection counts as lost.
    static constexpr std::chrono::milliseconds silenceTimeout{45'000};
    std::chrono::milliseconds m_delay{0};
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QTimer m_reconnectTimer;
    State m_state = State::Disconnected;
    QString m_error;
    quint64 m_lastEventId = 0;
    QByteArray m_run; // X-Mqhook-Run of the service that sent the events
    bool m_streamChecked = false;
};

} // namespace mqhook
