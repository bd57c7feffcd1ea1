#include "countingendpoint.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace mqhook::test {

CountingEndpoint::CountingEndpoint(QObject *parent)
    : QObject(parent)
{
    m_server.setHandler([this](const HttpTestServer::Request &request) { return answer(request); });
}

bool CountingEndpoint::start(QString *error)
{
    if (!m_server.start(error))
        return false;
    m_port = m_server.port();
    return true;
}

void CountingEndpoint::stopListening()
{
    m_server.stop();
}

bool CountingEndpoint::listen(QString *error)
{
    if (m_server.listen(QHostAddress::LocalHost, m_port))
        return true;
    if (error)
        *error = QStringLiteral("cannot listen on 127.0.0.1:%1 again: %2")
                     .arg(m_port)
                     .arg(m_server.errorString());
    return false;
}

QUrl CountingEndpoint::url(const QString &path) const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(path);
    return url;
}

const QHash<QByteArray, int> &CountingEndpoint::accepted(const QString &path) const
{
    static const QHash<QByteArray, int> none;
    const auto it = m_accepted.find(path);
    return it == m_accepted.end() ? none : *it;
}

int CountingEndpoint::duplicates(const QString &path) const
{
    int extra = 0;
    for (int count : accepted(path))
        extra += count - 1;
    return extra;
}

QList<QByteArray> CountingEndpoint::payloadsOf(const HttpTestServer::Request &request)
{
    if (request.header("X-Mqhook-Batch-Size").isEmpty())
        return {request.body};
    QList<QByteArray> payloads;
    const QJsonArray members = QJsonDocument::fromJson(request.body).array();
    for (const QJsonValue &member : members) {
        if (member.isString()) {
            payloads.append(member.toString().toUtf8());
        } else {
            QJsonArray wrapper{member};
            const QByteArray compact = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
            payloads.append(compact.mid(1, compact.size() - 2));
        }
    }
    return payloads;
}

HttpTestServer::Response CountingEndpoint::answer(const HttpTestServer::Request &request)
{
    switch (m_mode) {
    case Mode::Unavailable:
        ++m_refused;
        return HttpTestServer::Response::withStatus(503);
    case Mode::Hang:
        ++m_refused;
        return HttpTestServer::Response::act(HttpTestServer::Response::Action::Hang);
    case Mode::Up:
        break;
    }
    const qsizetype query = request.target.indexOf('?');
    const QString path =
        QString::fromUtf8(query < 0 ? request.target : request.target.first(query));
    QHash<QByteArray, int> &counts = m_accepted[path];
    for (const QByteArray &payload : payloadsOf(request)) {
        ++counts[payload];
        ++m_acceptedTotal;
    }
    return HttpTestServer::Response::withStatus(200).delayed(m_delay);
}

} // namespace mqhook::test
