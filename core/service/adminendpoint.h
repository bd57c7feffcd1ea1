#pragma once

#include "config/config.h"
#include "service/adminbackend.h"
#include "service/adminserver.h"

#include <QObject>
#include <QStringList>
#include <QThread>
#include <QUrl>

#include <memory>

namespace mqhook {

class Bridge;
class EventRing;

// The admin endpoint as the service runs it (admin in the configuration):
// its HTTP server on a thread of its own, so that no client, however slow or
// hostile, holds up the bridge's thread, and the backend that answers from
// the bridge on the bridge's thread. docs/observability.md describes it.
class AdminEndpoint : public QObject
{
    Q_OBJECT

public:
    // bridge and ring outlive the endpoint; ring may be nullptr (no event
    // stream). limits: timeouts and sizes; the defaults suit a service.
    AdminEndpoint(Bridge *bridge, EventRing *ring, AdminServer::Limits limits = {},
                  QObject *parent = nullptr);
    ~AdminEndpoint() override;

    // What /metrics serves; called on the admin thread, so it must be safe there.
    void setMetrics(AdminServer::MetricsText metrics) { m_metrics = std::move(metrics); }

    // Listens on admin.listen; nothing to do (true) when it is empty. False
    // with *error when the address cannot be listened on.
    bool start(const AdminConfig &config, QString *error);
    // A reloaded configuration: a new address is listened on before the old
    // one is given up (and when it cannot be, the old one stays); a new
    // token and limits apply at once. Returns what changed, for the log.
    QStringList apply(const AdminConfig &config);
    void stop();

    bool isListening() const { return m_listening; }
    // The address and port listened on (the port chosen when listen gave 0).
    QUrl url() const { return m_url; }
    // Tells the run of the service the event stream's ids belong to.
    QByteArray run() const { return m_run; }

private:
    struct Resolved
    {
        QHostAddress address;
        quint16 port = 0;
    };
    static std::optional<Resolved> resolve(const QString &listen, QString *error);
    AdminServer::Settings settingsFor(const AdminConfig &config, const Resolved &resolved) const;
    // Runs f on the server's thread and waits for it.
    template<typename F>
    void onServerThread(F &&f);
    void updateUrl();

    Bridge *m_bridge;
    EventRing *m_ring;
    AdminServer::MetricsText m_metrics;
    QByteArray m_run;
    AdminServer::Limits m_limits;
    AdminConfig m_config;
    std::unique_ptr<AdminBackend> m_backend;
    QThread m_thread;
    AdminServer *m_server = nullptr; // lives on m_thread while listening
    bool m_listening = false;
    QUrl m_url;
};

} // namespace mqhook
