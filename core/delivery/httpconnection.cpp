#include "httpconnection.h"

#include <QScopedValueRollback>
#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#endif

namespace mqhook {

namespace {

QNetworkReply::NetworkError networkErrorFor(QAbstractSocket::SocketError error)
{
    // As QNetworkAccessManager reports them, so results classify alike.
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QNetworkReply::ConnectionRefusedError;
    case QAbstractSocket::RemoteHostClosedError:
        return QNetworkReply::RemoteHostClosedError;
    case QAbstractSocket::HostNotFoundError:
        return QNetworkReply::HostNotFoundError;
    case QAbstractSocket::SocketTimeoutError:
        return QNetworkReply::TimeoutError;
    default:
        return QNetworkReply::UnknownNetworkError;
    }
}

} // namespace

HttpConnection::HttpConnection(const QString &host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
    , m_socket(new QTcpSocket(this))
{
    connect(m_socket, &QTcpSocket::connected, this, &HttpConnection::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpConnection::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onSocketError);
}

HttpConnection::~HttpConnection()
{
    abort();
}

void HttpConnection::send(const QByteArray &request, bool headRequest)
{
    Q_ASSERT(m_state == State::Unconnected || m_state == State::Idle);
    // Socket errors can be reported from within connectToHost() and flush();
    // finish() defers the signal while this is set.
    const QScopedValueRollback inSend(m_inSend, true);
    m_parser.reset(headRequest, m_keepHeaders);
    if (m_state == State::Unconnected) {
        m_pendingWrite = request;
        m_state = State::Connecting;
        m_socket->connectToHost(m_host, m_port);
        return;
    }
    m_state = State::Busy;
    write(request);
}

void HttpConnection::write(const QByteArray &request)
{
#if defined(Q_OS_UNIX) && defined(MSG_NOSIGNAL)
    // While nothing waits in the socket's buffer, the request goes to the
    // kernel at once. Through QTcpSocket it would be copied into the buffer
    // and a write notifier switched on and off around it, for each request.
    // What the kernel does not take, and any error, is left to QTcpSocket.
    if (m_socket->bytesToWrite() == 0) {
        const int fd = int(m_socket->socketDescriptor());
        ssize_t sent = 0;
        do {
            sent = ::send(fd, request.constData(), size_t(request.size()),
                          MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (sent < 0 && errno == EINTR);
        if (sent == request.size())
            return;
        if (sent > 0) {
            m_socket->write(request.constData() + sent, request.size() - sent);
            m_socket->flush();
            return;
        }
    }
#endif
    m_socket->write(request);
    m_socket->flush();
}

void HttpConnection::abort()
{
    m_state = State::Closed;
    m_pendingWrite.clear();
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort();
}

void HttpConnection::onConnected()
{
    if (m_state != State::Connecting)
        return;
    m_state = State::Busy;
    // Each request goes out in one write and waits for its answer: Nagle
    // would only hold back the last segment.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    write(std::exchange(m_pendingWrite, {}));
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::Idle) {
        // Nothing may arrive between exchanges; the connection is unusable.
        m_state = State::Closed;
        m_socket->abort();
        emit closedWhileIdle(this);
        return;
    }
    char buffer[16 * 1024];
    while (m_state == State::Busy) {
        const qint64 read = m_socket->read(buffer, sizeof buffer);
        if (read <= 0)
            return;
        const QByteArrayView data(buffer, read);
        const qsizetype used = m_parser.feed(data);
        if (m_parser.hasFailed()) {
            failTransport(QNetworkReply::ProtocolFailure,
                          QStringLiteral("malformed response from %1: %2")
                              .arg(peer(), m_parser.errorString()));
            return;
        }
        if (m_parser.isComplete()) {
            // Bytes beyond the response were never asked for: do not reuse.
            const bool surplus = used < data.size() || m_socket->bytesAvailable() > 0;
            completeExchange(surplus);
            return;
        }
    }
}

void HttpConnection::onSocketError()
{
    switch (m_state) {
    case State::Unconnected:
    case State::Closed:
        return;
    case State::Idle:
        m_state = State::Closed;
        m_socket->abort();
        emit closedWhileIdle(this);
        return;
    case State::Connecting:
    case State::Busy:
        break;
    }
    // Whatever arrived before the close belongs to the response; the
    // connection is not kept even if that completes it.
    m_closing = true;
    onReadyRead();
    if (m_state != State::Busy && m_state != State::Connecting)
        return;
    const QAbstractSocket::SocketError error = m_socket->error();
    const bool closed = error == QAbstractSocket::RemoteHostClosedError ||
                        error == QAbstractSocket::UnknownSocketError;
    if (m_state == State::Busy && closed) {
        if (m_parser.finishAtClose()) {
            completeExchange(false);
            return;
        }
        const bool stale = m_exchanges > 0 && !m_parser.hasStarted();
        failTransport(
            QNetworkReply::RemoteHostClosedError,
            m_parser.hasStarted()
                ? QStringLiteral("%1 closed the connection in mid-response").arg(peer())
                : QStringLiteral("%1 closed the connection without answering").arg(peer()),
            stale);
        return;
    }
    if (error == QAbstractSocket::HostNotFoundError) {
        failTransport(QNetworkReply::HostNotFoundError,
                      QStringLiteral("Host %1 not found").arg(m_host));
        return;
    }
    failTransport(closed ? QNetworkReply::RemoteHostClosedError : networkErrorFor(error),
                  QStringLiteral("%1 (%2)").arg(m_socket->errorString(), peer()));
}

void HttpConnection::completeExchange(bool surplus)
{
    ++m_exchanges;
    Outcome outcome;
    outcome.status = m_parser.status();
    outcome.retryAfter = m_parser.retryAfter();
    outcome.location = m_parser.location();
    outcome.bodyExcerpt = m_parser.bodyExcerpt();
    outcome.headers = m_parser.headers();
    // An answer that came before the whole request was written (an early
    // 413, say) leaves the connection in doubt: it is not reused.
    if (m_parser.keepAlive() && !surplus && !m_closing && m_socket->bytesToWrite() == 0 &&
        m_socket->state() == QAbstractSocket::ConnectedState) {
        m_state = State::Idle;
        m_idle.start();
    } else {
        abort();
    }
    finish(outcome);
}

void HttpConnection::failTransport(QNetworkReply::NetworkError error, const QString &errorString,
                                   bool stale)
{
    abort();
    Outcome outcome;
    outcome.error = error;
    outcome.errorString = errorString;
    outcome.stale = stale;
    finish(outcome);
}

void HttpConnection::finish(const Outcome &outcome)
{
    if (m_inSend) {
        QMetaObject::invokeMethod(
            this, [this, outcome] { emit finished(this, outcome); }, Qt::QueuedConnection);
        return;
    }
    emit finished(this, outcome);
}

QString HttpConnection::peer() const
{
    return m_host.contains(u':') ? QStringLiteral("[%1]:%2").arg(m_host).arg(m_port)
                                 : QStringLiteral("%1:%2").arg(m_host).arg(m_port);
}

} // namespace mqhook
