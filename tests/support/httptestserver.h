#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUrl>

#include <chrono>
#include <functional>

class QTcpSocket;

namespace mqhook::test {

// A scripted HTTP/1.1 server on 127.0.0.1 (port 0), plain or TLS (optionally
// requiring a client certificate), that records every request and answers as
// told: a status, a hang, a close in mid-response, or garbage. Keep-alive:
// a connection serves requests until the client closes it or asks to.
class HttpTestServer : public QTcpServer
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query, as sent
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QDateTime arrivedAt; // UTC
        int connection = 0;  // 1 for the first connection accepted, and so on

        // The first header of that name (case-insensitive), or an empty array.
        QByteArray header(const QByteArray &name) const;
    };

    struct Response
    {
        enum class Action
        {
            Respond,          // status, headers and body
            Hang,             // read the request, never answer
            CloseMidResponse, // send the status line and part of the headers, then close
            Garbage,          // answer with bytes that are not HTTP, then close
            Close,            // close the connection without a byte
            Raw,              // send `raw` as it is, in pieces of rawPiece bytes if > 0
        };

        Action action = Action::Respond;
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        std::chrono::milliseconds delay{0}; // wait this long before answering
        // For Raw: the bytes, sent whole or rawPiece bytes at a time,
        // rawInterval apart.
        QByteArray raw;
        int rawPiece = 0;
        std::chrono::milliseconds rawInterval{1};
        // Close the connection after answering (Respond, Raw), without
        // saying so in the answer.
        bool closeAfter = false;

        static Response withStatus(int status, QByteArray body = {});
        static Response retryAfter(int status, const QByteArray &retryAfter);
        static Response act(Action action);
        Response delayed(std::chrono::milliseconds by) const;
        static Response rawBytes(QByteArray bytes, int piece = 0);
        Response closing() const;
    };

    using Handler = std::function<Response(const Request &)>;

    explicit HttpTestServer(QObject *parent = nullptr);
    ~HttpTestServer() override;

    // Listens on 127.0.0.1, port 0. Plain HTTP.
    bool start(QString *error = nullptr);
    // Listens with TLS. A non-empty clientCaFile requires a client certificate
    // issued by that CA.
    bool startTls(const QString &certFile, const QString &keyFile, const QString &clientCaFile,
                  QString *error = nullptr);

    quint16 port() const { return serverPort(); }
    // http(s)://127.0.0.1:<port><path>
    QUrl url(const QString &path = QStringLiteral("/")) const;

    // Answers come from the handler when one is set; otherwise from the
    // script (one answer per request, in order), then the default answer.
    void setHandler(Handler handler);
    void script(const QList<Response> &responses);
    void setDefaultResponse(const Response &response);

    const QList<Request> &requests() const { return m_requests; }
    int requestCount() const { return m_requests.size(); }
    int connectionCount() const { return m_connections; }
    // Connections open now, as the server sees them.
    int openConnectionCount() const { return int(m_state.size()); }
    int tlsFailures() const { return m_tlsFailures; }

    // Closes every connection (e.g. ones left hanging) and stops listening.
    void stop();

signals:
    void requestReceived();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    struct Connection
    {
        int index = 0;
        QByteArray buffer;
        bool answering = false; // an answer is pending; later requests wait
    };

    void onNewConnection();
    void processBuffer(QTcpSocket *socket);
    Response answerFor(const Request &request);
    void sendAnswer(QTcpSocket *socket, const Request &request, const Response &response);
    void sendRaw(QTcpSocket *socket, const Response &response, qsizetype offset);
    void answered(QTcpSocket *socket, bool close);

    bool m_tls = false;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QList<QSslCertificate> m_clientCa;
    Handler m_handler;
    QList<Response> m_script;
    Response m_default;
    QList<Request> m_requests;
    QHash<QTcpSocket *, Connection> m_state;
    int m_connections = 0;
    int m_tlsFailures = 0;
};

} // namespace mqhook::test
