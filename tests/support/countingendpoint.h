#pragma once

#include "httptestserver.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>

namespace mqhook::test {

// An HTTP endpoint for end-to-end tests that counts, per path, how often each
// message (by its payload) was answered 200. Batches (X-Mqhook-Batch-Size) are
// split into their members: JSON strings count as their text, other JSON
// values as their compact form. The endpoint can be up (200), answer 503, or
// hang (read the request, never answer). A payload counts when its request
// arrives, even when the answer is delayed.
class CountingEndpoint : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        Up,
        Unavailable,
        Hang,
    };
    Q_ENUM(Mode)

    explicit CountingEndpoint(QObject *parent = nullptr);

    bool start(QString *error = nullptr);
    // Stops listening (connections are then refused) and closes every
    // connection; listen() takes the same port again.
    void stopListening();
    bool listen(QString *error = nullptr);

    QUrl url(const QString &path) const;
    quint16 port() const { return m_port; }

    Mode mode() const { return m_mode; }
    void setMode(Mode mode) { m_mode = mode; }
    // Answers (when up) come this long after the request arrived.
    void setDelay(std::chrono::milliseconds delay) { m_delay = delay; }

    // Payloads answered 200 on `path`, with how many times each was.
    const QHash<QByteArray, int> &accepted(const QString &path) const;
    // Every payload answered 200, on any path.
    int acceptedTotal() const { return m_acceptedTotal; }
    int requests() const { return m_server.requestCount(); }
    // Requests answered with something other than 200 (or not answered).
    int refusedRequests() const { return m_refused; }
    // Payloads answered 200 more than once on `path`, counting every extra answer.
    int duplicates(const QString &path) const;

    HttpTestServer &server() { return m_server; }

    // The payloads one request carries.
    static QList<QByteArray> payloadsOf(const HttpTestServer::Request &request);

private:
    HttpTestServer::Response answer(const HttpTestServer::Request &request);

    HttpTestServer m_server;
    quint16 m_port = 0;
    Mode m_mode = Mode::Up;
    std::chrono::milliseconds m_delay{0};
    QHash<QString, QHash<QByteArray, int>> m_accepted;
    int m_acceptedTotal = 0;
    int m_refused = 0;
};

} // namespace mqhook::test
