#include "httptestserver.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace mqhook::test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

QByteArray HttpTestServer::Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpTestServer::Response HttpTestServer::Response::withStatus(int status, QByteArray body)
{
    Response response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

HttpTestServer::Response HttpTestServer::Response::retryAfter(int status,
                                                              const QByteArray &retryAfter)
{
    Response response = withStatus(status);
    response.headers.append({QByteArrayLiteral("Retry-After"), retryAfter});
    return response;
}

HttpTestServer::Response HttpTestServer::Response::act(Action action)
{
    Response response;
    response.action = action;
    return response;
}

HttpTestServer::Response HttpTestServer::Response::delayed(std::chrono::milliseconds by) const
{
    Response response = *this;
    response.delay = by;
    return response;
}

HttpTestServer::Response HttpTestServer::Response::rawBytes(QByteArray bytes, int piece)
{
    Response response;
    response.action = Action::Raw;
    response.raw = std::move(bytes);
    response.rawPiece = piece;
    return response;
}

HttpTestServer::Response HttpTestServer::Response::closing() const
{
    Response response = *this;
    response.closeAfter = true;
    return response;
}

HttpTestServer::HttpTestServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &HttpTestServer::onNewConnection);
}

HttpTestServer::~HttpTestServer()
{
    stop();
}

bool HttpTestServer::start(QString *error)
{
    if (listen(QHostAddress::LocalHost, 0))
        return true;
    if (error)
        *error = errorString();
    return false;
}

bool HttpTestServer::startTls(const QString &certFile, const QString &keyFile,
                              const QString &clientCaFile, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(certFile);
    if (certificates.isEmpty())
        return fail(QStringLiteral("no certificate in %1").arg(certFile));
    QFile key(keyFile);
    if (!key.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(keyFile, key.errorString()));
    m_key = QSslKey(key.readAll(), QSsl::Rsa);
    if (m_key.isNull())
        return fail(QStringLiteral("no RSA key in %1").arg(keyFile));
    m_certificate = certificates.first();
    if (!clientCaFile.isEmpty()) {
        m_clientCa = QSslCertificate::fromPath(clientCaFile);
        if (m_clientCa.isEmpty())
            return fail(QStringLiteral("no certificate in %1").arg(clientCaFile));
    }
    m_tls = true;
    return start(error);
}

QUrl HttpTestServer::url(const QString &path) const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(serverPort());
    url.setPath(path);
    return url;
}

void HttpTestServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void HttpTestServer::script(const QList<Response> &responses)
{
    m_script = responses;
}

void HttpTestServer::setDefaultResponse(const Response &response)
{
    m_default = response;
}

void HttpTestServer::stop()
{
    close();
    const QList<QTcpSocket *> sockets = m_state.keys();
    m_state.clear();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void HttpTestServer::incomingConnection(qintptr socketDescriptor)
{
    if (!m_tls) {
        QTcpServer::incomingConnection(socketDescriptor);
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(m_certificate);
    configuration.setPrivateKey(m_key);
    if (!m_clientCa.isEmpty()) {
        configuration.setCaCertificates(m_clientCa);
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else {
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    socket->setSslConfiguration(configuration);
    connect(socket, &QSslSocket::sslErrors, this,
            [this](const QList<QSslError> &) { ++m_tlsFailures; });
    connect(socket, &QSslSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError) {
        if (!socket->isEncrypted())
            ++m_tlsFailures;
    });
    addPendingConnection(socket);
    socket->startServerEncryption();
}

void HttpTestServer::onNewConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        Connection &connection = m_state[socket];
        connection.index = ++m_connections;
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            auto it = m_state.find(socket);
            if (it == m_state.end())
                return;
            it->buffer += socket->readAll();
            processBuffer(socket);
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_state.remove(socket);
            socket->deleteLater();
        });
    }
}

void HttpTestServer::processBuffer(QTcpSocket *socket)
{
    auto it = m_state.find(socket);
    if (it == m_state.end() || it->answering)
        return;
    QByteArray &buffer = it->buffer;
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    Request request;
    if (requestLine.size() == 3) {
        request.method = requestLine.at(0);
        request.target = requestLine.at(1);
    }
    qsizetype contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        request.headers.append({name, value});
        if (name.compare("content-length", Qt::CaseInsensitive) == 0)
            contentLength = value.toLongLong();
    }
    if (buffer.size() < headerEnd + 4 + contentLength)
        return;
    request.body = buffer.mid(headerEnd + 4, contentLength);
    buffer.remove(0, headerEnd + 4 + contentLength);
    request.arrivedAt = QDateTime::currentDateTimeUtc();
    request.connection = it->index;
    it->answering = true;
    m_requests.append(request);
    const Response response = answerFor(request);
    emit requestReceived();

    if (response.delay.count() > 0) {
        QTimer::singleShot(response.delay, socket, [this, socket, request, response] {
            sendAnswer(socket, request, response);
        });
    } else {
        sendAnswer(socket, request, response);
    }
}

HttpTestServer::Response HttpTestServer::answerFor(const Request &request)
{
    if (m_handler)
        return m_handler(request);
    if (!m_script.isEmpty())
        return m_script.takeFirst();
    return m_default;
}

void HttpTestServer::sendAnswer(QTcpSocket *socket, const Request &request,
                                const Response &response)
{
    if (!m_state.contains(socket))
        return;
    switch (response.action) {
    case Response::Action::Hang:
        return;
    case Response::Action::Close:
        socket->disconnectFromHost();
        return;
    case Response::Action::Garbage:
        socket->write("\x16\x03 this is not HTTP at all \x01\x02\r\n\r\n");
        socket->disconnectFromHost();
        return;
    case Response::Action::CloseMidResponse:
        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConte");
        socket->flush();
        socket->disconnectFromHost();
        return;
    case Response::Action::Raw:
        sendRaw(socket, response, 0);
        return;
    case Response::Action::Respond:
        break;
    }

    const bool close = request.header("connection").compare("close", Qt::CaseInsensitive) == 0;
    QByteArray answer = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                        reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : response.headers)
        answer += name + ": " + value + "\r\n";
    answer += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (close)
        answer += "Connection: close\r\n";
    answer += "\r\n";
    answer += response.body;
    socket->write(answer);
    answered(socket, close || response.closeAfter);
}

void HttpTestServer::sendRaw(QTcpSocket *socket, const Response &response, qsizetype offset)
{
    if (!m_state.contains(socket))
        return;
    const qsizetype piece = response.rawPiece > 0 ? response.rawPiece : response.raw.size();
    socket->write(response.raw.mid(offset, piece));
    socket->flush();
    offset += piece;
    if (offset < response.raw.size()) {
        QTimer::singleShot(response.rawInterval, socket,
                           [this, socket, response, offset] { sendRaw(socket, response, offset); });
        return;
    }
    answered(socket, response.closeAfter);
}

void HttpTestServer::answered(QTcpSocket *socket, bool close)
{
    if (close) {
        socket->disconnectFromHost();
        return;
    }
    m_state[socket].answering = false;
    processBuffer(socket);
}

} // namespace mqhook::test
