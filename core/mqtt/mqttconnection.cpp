#include "mqttconnection.h"

#include "base/logcategories.h"

#include <QFile>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

namespace mqhook {

namespace {

// Small enough that a paused socket soon stops reading from the kernel (TCP
// backpressure), large enough not to slow a busy subscriber down.
constexpr qint64 socketReadBufferSize = 256 * 1024;

} // namespace

MqttConnection::MqttConnection(QObject *parent)
    : QObject(parent)
{}

MqttConnection::~MqttConnection()
{
    close();
}

void MqttConnection::open(const MqttConnectionSettings &settings)
{
    close();
    m_open = true;
    m_sslErrors.clear();
    if (settings.transport == MqttTransport::WebSocket)
        openWebSocket(settings);
    else
        openTcp(settings);
}

bool MqttConnection::loadTls(const TlsConfig &tls, QSslConfiguration *config, QString *error)
{
    *config = QSslConfiguration::defaultConfiguration();
    if (!tls.caFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(tls.caFile, QSsl::Pem);
        if (cas.isEmpty()) {
            *error = QStringLiteral("TLS: no CA certificate could be read from %1").arg(tls.caFile);
            return false;
        }
        config->setCaCertificates(cas);
    }
    if (!tls.certFile.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(tls.certFile, QSsl::Pem);
        if (certs.isEmpty()) {
            *error = QStringLiteral("TLS: no client certificate could be read from %1")
                         .arg(tls.certFile);
            return false;
        }
        config->setLocalCertificate(certs.first());
        QFile keyFile(tls.keyFile.isEmpty() ? tls.certFile : tls.keyFile);
        if (!keyFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("TLS: cannot read the client key %1: %2")
                         .arg(keyFile.fileName(), keyFile.errorString());
            return false;
        }
        const QByteArray pem = keyFile.readAll();
        QSslKey key;
        for (auto algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Opaque}) {
            key = QSslKey(pem, algorithm, QSsl::Pem);
            if (!key.isNull())
                break;
        }
        if (key.isNull()) {
            *error = QStringLiteral("TLS: %1 holds no usable private key").arg(keyFile.fileName());
            return false;
        }
        config->setPrivateKey(key);
    }
    config->setPeerVerifyMode(tls.insecureSkipVerify ? QSslSocket::VerifyNone
                                                     : QSslSocket::VerifyPeer);
    return true;
}

template<typename Socket>
bool MqttConnection::setUpTls(Socket *socket, const TlsConfig &tls)
{
    QSslConfiguration config;
    QString error;
    if (!loadTls(tls, &config, &error)) {
        QMetaObject::invokeMethod(
            this, [this, error] { fail(error); }, Qt::QueuedConnection);
        return false;
    }
    socket->setSslConfiguration(config);
    // Kept for the error message: the handshake error itself is generic.
    connect(socket, &Socket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        m_sslErrors = texts.join(QStringLiteral("; "));
    });
    return true;
}

void MqttConnection::openTcp(const MqttConnectionSettings &settings)
{
    if (settings.tls.enabled) {
        auto *ssl = new QSslSocket(this);
        m_tcp = ssl;
        if (!setUpTls(ssl, settings.tls))
            return;
        connect(ssl, &QSslSocket::encrypted, this, &MqttConnection::connected);
    } else {
        m_tcp = new QTcpSocket(this);
        connect(m_tcp, &QTcpSocket::connected, this, &MqttConnection::connected);
    }
    m_tcp->setReadBufferSize(socketReadBufferSize);
    // MQTT packets are small and answered one by one (PUBACK, PINGREQ): with
    // Nagle's algorithm each would wait for the peer's delayed ACK, up to
    // 40 ms on Linux.
    connect(m_tcp, &QTcpSocket::connected, this,
            [this] { m_tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    connect(m_tcp, &QTcpSocket::readyRead, this, [this] {
        if (!m_paused)
            emit readyRead();
    });
    connect(m_tcp, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        QString message = m_tcp->errorString();
        if (error == QAbstractSocket::SslHandshakeFailedError && !m_sslErrors.isEmpty())
            message = QStringLiteral("TLS handshake failed: %1").arg(m_sslErrors);
        else if (error == QAbstractSocket::RemoteHostClosedError)
            message = QStringLiteral("the broker closed the connection");
        fail(message);
    });
    connect(m_tcp, &QTcpSocket::disconnected, this,
            [this] { fail(QStringLiteral("the broker closed the connection")); });
    if (auto *ssl = qobject_cast<QSslSocket *>(m_tcp))
        ssl->connectToHostEncrypted(settings.host, settings.port);
    else
        m_tcp->connectToHost(settings.host, settings.port);
}

void MqttConnection::openWebSocket(const MqttConnectionSettings &settings)
{
    m_ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QUrl url;
    url.setScheme(settings.tls.enabled ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(settings.host);
    url.setPort(settings.port);
    url.setPath(settings.webSocketPath.startsWith(QLatin1Char('/'))
                    ? settings.webSocketPath
                    : QLatin1Char('/') + settings.webSocketPath);
    if (settings.tls.enabled && !setUpTls(m_ws.data(), settings.tls))
        return;
    m_ws->setReadBufferSize(socketReadBufferSize);
    connect(m_ws, &QWebSocket::connected, this, [this] {
        // MQTT 5.0 §6.0: the server must select the "mqtt" subprotocol.
        if (m_ws->subprotocol() != QLatin1String("mqtt")) {
            fail(QStringLiteral("the WebSocket server did not accept the \"mqtt\" subprotocol"));
            return;
        }
        emit connected();
    });
    connect(m_ws, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        m_wsBuffer.append(data);
        if (!m_paused)
            emit readyRead();
    });
    connect(m_ws, &QWebSocket::textMessageReceived, this, [this] {
        fail(QStringLiteral("the broker sent a WebSocket text frame; MQTT uses binary frames"));
    });
    connect(m_ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                QString message = m_ws->errorString();
                if (!m_sslErrors.isEmpty())
                    message = QStringLiteral("TLS handshake failed: %1").arg(m_sslErrors);
                fail(QStringLiteral("WebSocket: %1").arg(message));
            });
    connect(m_ws, &QWebSocket::disconnected, this, [this] {
        fail(QStringLiteral("the broker closed the WebSocket connection (%1)")
                 .arg(m_ws->closeReason().isEmpty() ? QString::number(int(m_ws->closeCode()))
                                                    : m_ws->closeReason()));
    });
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({QStringLiteral("mqtt")});
    m_ws->open(QNetworkRequest(url), options);
}

void MqttConnection::fail(const QString &message)
{
    if (!m_open)
        return;
    close();
    emit failed(message);
}

namespace {

// Lets written data still go out (a DISCONNECT, the last acknowledgements),
// then deletes the socket; a peer that does not take it within a few seconds
// is cut off.
template<typename Socket, typename CloseFunction>
void closeLingering(Socket *socket, QObject *receiver, CloseFunction closeGracefully)
{
    constexpr int lingerMs = 5000;
    socket->disconnect(receiver);
    socket->flush();
    QObject::connect(socket, &Socket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(lingerMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    closeGracefully(socket);
}

} // namespace

void MqttConnection::close()
{
    m_open = false;
    m_paused = false;
    m_wsBuffer.clear();
    if (QTcpSocket *socket = m_tcp) {
        m_tcp = nullptr;
        closeLingering(socket, this, [](QTcpSocket *tcp) { tcp->disconnectFromHost(); });
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
    }
    if (QWebSocket *socket = m_ws) {
        m_ws = nullptr;
        closeLingering(socket, this, [](QWebSocket *ws) { ws->close(); });
    }
}

void MqttConnection::write(const QByteArray &data)
{
    if (m_tcp)
        m_tcp->write(data);
    else if (m_ws)
        m_ws->sendBinaryMessage(data);
}

QByteArray MqttConnection::read(qint64 max)
{
    if (m_tcp)
        return m_tcp->read(max);
    QByteArray out;
    if (m_wsBuffer.size() <= max) {
        out.swap(m_wsBuffer);
    } else {
        out = m_wsBuffer.left(max);
        m_wsBuffer.remove(0, max);
    }
    return out;
}

void MqttConnection::setReadPaused(bool paused)
{
    m_paused = paused;
}

qint64 MqttConnection::bytesToWrite() const
{
    if (m_tcp)
        return m_tcp->bytesToWrite();
    if (m_ws)
        return m_ws->bytesToWrite();
    return 0;
}

} // namespace mqhook
