#pragma once

#include "delivery/httpresponseparser.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QNetworkReply>
#include <QObject>
#include <QString>

class QTcpSocket;

namespace mqhook {

// One keep-alive HTTP/1.1 connection over plain TCP to one host and port,
// carrying one request at a time: connects on the first request, writes each
// request in one piece and reads its response with HttpResponseParser.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Unconnected, // no request made yet
        Connecting,
        Busy, // a request is on its way or its response is being read
        Idle, // open, ready for the next request
        Closed,
    };
    Q_ENUM(State)

    // How one exchange ended: a response, or why none came.
    struct Outcome
    {
        int status = 0; // 0 when no complete response arrived
        QByteArray retryAfter;
        QByteArray location;
        QByteArray bodyExcerpt;
        QList<QPair<QByteArray, QByteArray>> headers; // only with setKeepHeaders(true)
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QString errorString;
        // The connection had carried an earlier exchange and the server
        // closed it before any byte of this response: the request may never
        // have been read, so sending it again on a fresh connection is safe.
        bool stale = false;
    };

    HttpConnection(const QString &host, quint16 port, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Sends a request, serialized whole; finished() follows exactly once,
    // never from within send(). Only when the state is Unconnected or Idle.
    void send(const QByteArray &request, bool headRequest);
    // Closes the connection at once; no signal follows.
    void abort();
    // Outcome::headers carries every response header (off by default: the
    // forwarding path needs only a few of them).
    void setKeepHeaders(bool keep) { m_keepHeaders = keep; }

    State state() const { return m_state; }
    // Milliseconds since the connection became idle.
    qint64 idleFor() const { return m_idle.elapsed(); }

signals:
    void finished(mqhook::HttpConnection *connection,
                  const mqhook::HttpConnection::Outcome &outcome);
    // The server closed the connection while it was idle.
    void closedWhileIdle(mqhook::HttpConnection *connection);

private:
    void write(const QByteArray &request);
    void onConnected();
    void onReadyRead();
    void onSocketError();
    void completeExchange(bool surplus);
    void failTransport(QNetworkReply::NetworkError error, const QString &errorString,
                       bool stale = false);
    void finish(const Outcome &outcome);
    QString peer() const;

    QString m_host;
    quint16 m_port = 0;
    QTcpSocket *m_socket = nullptr;
    State m_state = State::Unconnected;
    HttpResponseParser m_parser;
    bool m_keepHeaders = false;
    QByteArray m_pendingWrite; // the request, until the connection is up
    QElapsedTimer m_idle;
    int m_exchanges = 0; // completed ones
    bool m_inSend = false;
    bool m_closing = false; // the socket reported a close or an error
};

} // namespace mqhook
