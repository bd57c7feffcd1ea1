#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QTcpSocket>

#include <memory>
#include <optional>

namespace mqhook::test {

// One HTTP/1.1 answer as a test reads it off the wire.
struct HttpReply
{
    int status = 0;                               // 0: none came
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
};

// A connection to an HTTP server on 127.0.0.1 that sends what the test
// says, byte for byte, and reads answers with the event loop running (so
// servers on the test's thread keep working). Answers are framed by
// Content-Length, or run to the end of the connection.
class HttpConnection
{
public:
    explicit HttpConnection(quint16 port);
    HttpConnection(const HttpConnection &) = delete;
    HttpConnection &operator=(const HttpConnection &) = delete;

    bool isConnected() const;
    void send(const QByteArray &bytes);
    // The next answer, or nullopt when none is complete within ms.
    std::optional<HttpReply> read(int ms = 10000);
    // Whether the server closed the connection within ms.
    bool waitClosed(int ms = 10000);
    // Bytes received and not yet taken by read().
    QByteArray &pending() { return m_buffer; }
    // Waits until the bytes received hold text (for a stream).
    bool waitFor(const QByteArray &text, int ms = 10000);

    QTcpSocket &socket() { return *m_socket; }

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

// A request on a connection of its own: "GET path" with a Host header and,
// when given, "Authorization: Bearer token".
HttpReply httpRequest(quint16 port, const QByteArray &method, const QString &path,
                      const QByteArray &token = {}, const QByteArray &extraHeaders = {});

} // namespace mqhook::test
