#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>

#include <memory>

namespace mqhook {

// An HTTP endpoint that accepts every POST on loopback and answers as the
// original system's example receiver did ({"code": 200, "msg": <body>}). It is
// what `mqhook --demo` forwards to, so that a newcomer sees messages arrive.
// With failures on, the path /api/test2 refuses some messages on purpose, by
// the order their ids first arrived in: the first attempt of every twelfth
// message from the second on (503: a retry that then succeeds), and every
// attempt of the fourth and then every sixtieth (500: it becomes a dead
// letter).
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

    void setFailures(bool on) { m_failures = on; }
    // The status a request gets: 200, or the failure it was chosen for.
    int statusFor(const Request &request);

signals:
    void received(const mqhook::DemoEndpoint::Request &request);

private:
    class Server;
    friend class Server;
    void handle(const Request &request);

    std::unique_ptr<Server> m_server;
    quint16 m_port = 0;
    qint64 m_requestCount = 0;
    bool m_failures = false;
    QHash<QByteArray, qint64> m_order; // message id -> its place among those seen
};

} // namespace mqhook
