#include "demoendpoint.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace mqhook {

class DemoEndpoint::Server : public QAbstractHttpServer
{
public:
    explicit Server(DemoEndpoint *owner)
        : m_owner(owner)
    {}

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        Request received;
        switch (request.method()) {
        case QHttpServerRequest::Method::Post:
            received.method = QByteArrayLiteral("POST");
            break;
        case QHttpServerRequest::Method::Put:
            received.method = QByteArrayLiteral("PUT");
            break;
        case QHttpServerRequest::Method::Patch:
            received.method = QByteArrayLiteral("PATCH");
            break;
        default:
            return false; // answered by missingHandler
        }
        received.path = request.url().path(QUrl::FullyEncoded).toUtf8();
        received.headers = request.headers();
        received.body = request.body();
        received.receivedAt = QDateTime::currentDateTimeUtc();

        const int status = m_owner->statusFor(received);
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(received.body, &parseError);
        QJsonObject answer;
        answer.insert(QStringLiteral("code"), status);
        if (status != 200)
            answer.insert(QStringLiteral("msg"),
                          QStringLiteral("the demo endpoint refuses this request on purpose"));
        else if (parseError.error == QJsonParseError::NoError && document.isObject())
            answer.insert(QStringLiteral("msg"), document.object());
        else
            answer.insert(QStringLiteral("msg"), QString::fromUtf8(received.body));
        makeResponder(request, socket)
            .write(QJsonDocument(answer), QHttpServerResponder::StatusCode(status));

        m_owner->handle(received);
        return true;
    }

    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        makeResponder(request, socket).write(QHttpServerResponder::StatusCode::MethodNotAllowed);
    }

private:
    DemoEndpoint *m_owner;
};

DemoEndpoint::DemoEndpoint(QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<Server>(this))
{}

DemoEndpoint::~DemoEndpoint() = default;

quint16 DemoEndpoint::listen(QString *error)
{
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    if (m_port == 0 && error)
        *error = QStringLiteral("cannot listen on 127.0.0.1");
    return m_port;
}

int DemoEndpoint::statusFor(const Request &request)
{
    if (!m_failures || !request.path.endsWith("/api/test2"))
        return 200;
    QByteArray id;
    int attempt = 1;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("X-Mqhook-Message-Id", Qt::CaseInsensitive) == 0)
            id = value;
        else if (name.compare("X-Mqhook-Attempt", Qt::CaseInsensitive) == 0)
            attempt = value.toInt();
    }
    if (m_order.size() > 10000)
        m_order.clear(); // a long demo: forget the oldest decisions
    auto it = m_order.constFind(id);
    if (it == m_order.constEnd())
        it = m_order.insert(id, m_order.size());
    const qint64 place = *it;
    if (place % 60 == 3)
        return 500;
    if (place % 12 == 1 && attempt == 1)
        return 503;
    return 200;
}

void DemoEndpoint::handle(const Request &request)
{
    ++m_requestCount;
    emit received(request);
}

} // namespace mqhook
