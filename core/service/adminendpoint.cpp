#include "adminendpoint.h"

#include "base/logcategories.h"
#include "config/listenaddress.h"

#include <QHostInfo>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace mqhook {

AdminEndpoint::AdminEndpoint(Bridge *bridge, EventRing *ring, AdminServer::Limits limits,
                             QObject *parent)
    : QObject(parent)
    , m_bridge(bridge)
    , m_ring(ring)
    , m_limits(limits)
    , m_backend(std::make_unique<AdminBackend>(bridge))
{
    const quint64 random = QRandomGenerator::system()->generate64();
    m_run = QByteArray::number(random, 16).rightJustified(16, '0');
    m_thread.setObjectName(u"mqhook-admin"_s);
}

AdminEndpoint::~AdminEndpoint()
{
    stop();
}

template<typename F>
void AdminEndpoint::onServerThread(F &&f)
{
    QMetaObject::invokeMethod(m_server, std::forward<F>(f), Qt::BlockingQueuedConnection);
}

std::optional<AdminEndpoint::Resolved> AdminEndpoint::resolve(const QString &listen, QString *error)
{
    const std::optional<ListenAddress> parsed = ListenAddress::parse(listen);
    if (!parsed) {
        *error = u"admin.listen: \"%1\" is not \"host:port\""_s.arg(listen);
        return std::nullopt;
    }
    Resolved resolved;
    resolved.port = parsed->port;
    if (parsed->host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0) {
        resolved.address = QHostAddress(QHostAddress::LocalHost);
        return resolved;
    }
    resolved.address = QHostAddress(parsed->host);
    if (!resolved.address.isNull())
        return resolved;
    // A host name: the first of its addresses.
    const QHostInfo info = QHostInfo::fromName(parsed->host);
    if (info.addresses().isEmpty()) {
        *error = u"admin.listen: cannot resolve %1: %2"_s.arg(parsed->host, info.errorString());
        return std::nullopt;
    }
    resolved.address = info.addresses().constFirst();
    return resolved;
}

AdminServer::Settings AdminEndpoint::settingsFor(const AdminConfig &config,
                                                 const Resolved &resolved) const
{
    AdminServer::Settings settings;
    settings.address = resolved.address;
    settings.port = resolved.port;
    settings.token = config.token.toUtf8();
    settings.maxConnections = config.maxConnections;
    settings.limits = m_limits;
    return settings;
}

bool AdminEndpoint::start(const AdminConfig &config, QString *error)
{
    stop();
    m_config = config;
    if (config.listen.isEmpty())
        return true;
    const std::optional<Resolved> resolved = resolve(config.listen, error);
    if (!resolved)
        return false;

    m_server = new AdminServer(m_ring, m_metrics, m_backend.get(), m_run);
    m_server->moveToThread(&m_thread);
    m_thread.start();
    const AdminServer::Settings settings = settingsFor(config, *resolved);
    bool ok = false;
    QString why;
    onServerThread([&] { ok = m_server->listen(settings, &why); });
    if (!ok) {
        stop();
        *error = u"admin.listen: cannot listen on %1: %2"_s.arg(config.listen, why);
        return false;
    }
    m_listening = true;
    updateUrl();
    qCInfo(lcAdmin, "Admin endpoint on %s%s", qUtf8Printable(m_url.toDisplayString()),
           config.token.isEmpty() ? "" : " (token required)");
    return true;
}

void AdminEndpoint::updateUrl()
{
    QHostAddress address;
    quint16 port = 0;
    onServerThread([&] {
        address = m_server->address();
        port = m_server->port();
    });
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(address.toString());
    url.setPort(port);
    m_url = url;
}

QStringList AdminEndpoint::apply(const AdminConfig &config)
{
    if (config == m_config)
        return {};
    QStringList notes;
    if (config.listen.isEmpty()) {
        if (m_listening)
            notes.append(u"admin endpoint: off"_s);
        stop();
        m_config = config;
        return notes;
    }
    if (!m_listening) {
        QString error;
        if (start(config, &error))
            notes.append(u"admin endpoint: on %1"_s.arg(m_url.toDisplayString()));
        else
            notes.append(u"admin endpoint: %1"_s.arg(error));
        return notes;
    }

    QString error;
    const std::optional<Resolved> resolved = resolve(config.listen, &error);
    if (!resolved) {
        notes.append(u"admin endpoint: %1; it stays on %2"_s.arg(error, m_url.toDisplayString()));
        return notes;
    }
    const AdminServer::Settings settings = settingsFor(config, *resolved);
    if (config.listen != m_config.listen) {
        bool ok = false;
        QString why;
        onServerThread([&] { ok = m_server->listen(settings, &why); });
        if (!ok) {
            notes.append(u"admin endpoint: cannot listen on %1 (%2); it stays on %3"_s.arg(
                config.listen, why, m_url.toDisplayString()));
            // The rest of the section applies all the same, on the old address.
            AdminServer::Settings kept = settings;
            onServerThread([&] {
                kept.address = m_server->address();
                kept.port = m_server->port();
                m_server->apply(kept);
            });
            AdminConfig applied = config;
            applied.listen = m_config.listen;
            m_config = applied;
            return notes;
        }
        updateUrl();
        notes.append(u"admin endpoint: now on %1"_s.arg(m_url.toDisplayString()));
    } else {
        onServerThread([&] { m_server->apply(settings); });
    }
    if (config.token != m_config.token)
        notes.append(config.token.isEmpty() ? u"admin endpoint: no token needed any more"_s
                                            : u"admin endpoint: the token changed"_s);
    if (config.maxConnections != m_config.maxConnections)
        notes.append(u"admin endpoint: at most %1 connections"_s.arg(config.maxConnections));
    m_config = config;
    return notes;
}

void AdminEndpoint::stop()
{
    if (!m_server)
        return;
    // The server stops calling the backend first; then it goes, on its thread.
    onServerThread([this] { m_server->close(); });
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
    m_thread.quit();
    m_thread.wait();
    m_server = nullptr;
    m_listening = false;
    m_url.clear();
}

} // namespace mqhook
