#pragma once

#include "base/clock.h"
#include "delivery/httpconnection.h"
#include "delivery/postrequest.h"
#include "delivery/postresult.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <deque>
#include <memory>

namespace mqhook {

// Makes requests to http:// addresses over keep-alive HttpConnections, at
// most maxConnections per host and port (further requests wait for one to
// come free), each carrying one request at a time. Connections idle for
// idleTimeout are closed. A request that met a kept-alive connection the
// server had closed, before any byte of an answer, is sent once more on a
// fresh connection. A deadline covers each request's whole exchange.
class HttpConnectionPool : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultIdleTimeout{3000};

    // Deadlines and elapsed times follow clock's monotonic time.
    explicit HttpConnectionPool(
        int maxConnections, std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
        QObject *parent = nullptr);
    ~HttpConnectionPool() override;

    void setIdleTimeout(std::chrono::milliseconds timeout);
    // PostResult::headers carries every response header; for new connections.
    void setKeepResponseHeaders(bool keep) { m_keepHeaders = keep; }

    // Starts a request to an http:// URL; finished() follows exactly once,
    // never from within post().
    void post(const PostRequest &request);
    // Abandons every request in flight without emitting finished().
    void abortAll();

    int inFlight() const { return static_cast<int>(m_pending.size()); }

    // The bytes sent for a request, or an empty array and a reason when it
    // cannot be sent (no host, a line break in a header).
    static QByteArray serialize(const PostRequest &request, QString *error);

signals:
    void finished(const mqhook::PostResult &result);

private:
    using TimePoint = Clock::TimePoint;

    // What a request's address and method give its bytes: the same for
    // every request to one callback address, so worked out once (see
    // describe()).
    struct Address
    {
        QUrl url;
        QByteArray method;
        QString host;
        quint16 port = 0;
        QString hostKey;
        QByteArray requestLine;   // "POST /path?query HTTP/1.1\r\n"
        QByteArray hostLine;      // "Host: ...\r\n", unless a header gives one
        QByteArray authorization; // from credentials in the address, or empty
        QString error;            // why nothing can be sent to it
    };

    struct Pending
    {
        quint64 id = 0;
        QString hostKey;
        QString host;
        quint16 port = 0;
        QByteArray request;
        bool head = false;
        bool retried = false;
        std::chrono::milliseconds timeout{0};
        TimePoint started;
        TimePoint deadline;
        HttpConnection *connection = nullptr;
    };

    struct Host
    {
        QList<HttpConnection *> idle; // most recently used last
        int open = 0;
        std::deque<quint64> waiting;
    };

    void dispatch(quint64 token, bool freshConnection);
    void sendOn(HttpConnection *connection, quint64 token);
    void onConnectionFinished(HttpConnection *connection, const HttpConnection::Outcome &outcome);
    void onClosedWhileIdle(HttpConnection *connection);
    void makeIdle(HttpConnection *connection);
    void drop(HttpConnection *connection);
    void startWaiting(const QString &hostKey);
    void sweepIdle();
    void complete(quint64 token, const PostResult &result);
    void failLater(quint64 token, QNetworkReply::NetworkError error, const QString &errorString);
    void armDeadline(TimePoint deadline);
    void expireDeadlines();
    void timeOut(quint64 token);
    static Address describe(const QUrl &url, const QByteArray &method);
    static QByteArray serialize(const Address &address, const PostRequest &request, QString *error);

    std::shared_ptr<const Clock> m_clock;
    int m_maxConnections = 1;
    std::chrono::milliseconds m_idleTimeout = defaultIdleTimeout;
    QTimer m_sweep;
    quint64 m_nextToken = 0;
    QHash<quint64, Pending> m_pending;
    // One timer for every request's deadline, set for the earliest.
    QTimer m_deadlineTimer;
    TimePoint m_nextDeadline;
    Address m_address;                         // of the last request
    QHash<HttpConnection *, quint64> m_busy;   // connection → token
    QHash<HttpConnection *, QString> m_hostOf; // every connection → host key
    QHash<QString, Host> m_hosts;
    bool m_keepHeaders = false;
};

} // namespace mqhook
