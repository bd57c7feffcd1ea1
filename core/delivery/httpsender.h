#pragma once

#include "base/clock.h"
#include "config/config.h"
#include "delivery/postrequest.h"
#include "delivery/postresult.h"

#include <QHash>
#include <QObject>
#include <QSslConfiguration>

#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace mqhook {

class HttpConnectionPool;

// Makes HTTP(S) requests for one callback address: any method, keep-alive,
// redirects not followed, a deadline for the whole exchange. http:// goes
// over mqhook's own HTTP/1.1 connections (HttpConnectionPool, up to
// maxParallel of them); https:// over QNetworkAccessManager, for HTTP/2 where
// the server offers it (ALPN) and TLS with a CA file, a client certificate
// and verification on unless switched off.
//
// Qt 6.4 opens at most 6 HTTP/1.1 connections per host and manager, so a
// sender meant to run N https requests at once spreads them over ceil(N / 6)
// managers, each request going to the manager with the fewest in flight.
class HttpSender : public QObject
{
    Q_OBJECT

public:
    static constexpr int connectionsPerManager = 6;

    // Elapsed times follow clock's monotonic time.
    explicit HttpSender(int maxParallel,
                        std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                        QObject *parent = nullptr);
    // Over a chosen number of managers (at least one) rather than
    // managersFor(maxParallel): e.g. to measure what spreading gains.
    HttpSender(int maxParallel, int managers, std::shared_ptr<const Clock> clock,
               QObject *parent = nullptr);

    // ceil(maxParallel / 6), at least one.
    static int managersFor(int maxParallel);
    ~HttpSender() override;

    // Builds the TLS settings used for https URLs; false with a reason when a
    // file cannot be read or holds no certificate or key.
    bool setTlsConfig(const TlsConfig &tls, QString *error);

    // PostResult::headers carries every response header (for a test request
    // shown to a person; forwarding does not need them). Set before post().
    void setKeepResponseHeaders(bool keep);

    // Starts a request; finished() follows exactly once, never from within post().
    void post(const PostRequest &request);
    // Abandons every request in flight without emitting finished().
    void abortAll();

    int inFlight() const;

signals:
    void finished(const PostResult &result);

private:
    struct Pending
    {
        quint64 id = 0;
        int manager = 0;
        bool timedOut = false;
        std::chrono::milliseconds timeout{0};
        Clock::TimePoint started;
    };

    void onFinished(QNetworkReply *reply);

    std::shared_ptr<const Clock> m_clock;
    std::vector<QNetworkAccessManager *> m_managers;
    std::vector<int> m_managerLoad;
    QHash<QNetworkReply *, Pending> m_pending;
    HttpConnectionPool *m_pool = nullptr;
    QSslConfiguration m_ssl;
    bool m_keepHeaders = false;
};

} // namespace mqhook
