#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPair>

#include <memory>

namespace mqhook {

// An HTTP endpoint that accepts every POST on loopback and answers as the
// original system's example receiver did ({"code": 200, "msg": <body>}). It is
// what `mqhook --demo` forwards to, so that a newcomer sees messages arrive.
class DemoEndpoint : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QDateTime receivedAt; // UTC
    };

    explicit DemoEndpoint(QObject *parent = nullptr);
    ~DemoEndpoint() override;

    // Listens on 127.0.0.1, on a free port. Returns the port, or 0 with error set.
    quint16 listen(QString *error = nullptr);
    quint16 port() const { return m_port; }

    qint64 requestCount() const { return m_requestCount; }

signals:
    void received(const mqhook::DemoEndpoint::Request &request);

private:
    class Server;
    friend class Server;
    void handle(const Request &request);

    std::unique_ptr<Server> m_server;
    quint16 m_port = 0;
    qint64 m_requestCount = 0;
};

} // namespace mqhook
