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

        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(received.body, &parseError);
        QJsonObject answer;
        answer.insert(QStringLiteral("code"), 200);
        if (parseError.error == QJsonParseError::NoError && document.isObject())
            answer.insert(QStringLiteral("msg"), document.object());
        else
            answer.insert(QStringLiteral("msg"), QString::fromUtf8(received.body));
        makeResponder(request, socket).write(QJsonDocument(answer));

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

void DemoEndpoint::handle(const Request &request)
{
    ++m_requestCount;
    emit received(request);
}

} // namespace mqhook
