#include "httpconnectionpool.h"

#include "observe/logcategories.h"

#include <QTimerEvent>

#include <algorithm>

namespace mqhook {

namespace {

bool hasLineBreak(const QByteArray &text)
{
    return text.contains('\r') || text.contains('\n') || text.contains('\0');
}

bool isHeader(const QByteArray &name, const char *wanted)
{
    return name.compare(wanted, Qt::CaseInsensitive) == 0;
}

QString hostKeyOf(const QString &host, int port)
{
    return host + u' ' + QString::number(port);
}

} // namespace

HttpConnectionPool::HttpConnectionPool(int maxConnections, QObject *parent)
    : QObject(parent)
    , m_maxConnections(std::max(1, maxConnections))
{
    setIdleTimeout(defaultIdleTimeout);
    connect(&m_sweep, &QTimer::timeout, this, &HttpConnectionPool::sweepIdle);
}

HttpConnectionPool::~HttpConnectionPool()
{
    abortAll();
}

void HttpConnectionPool::setIdleTimeout(std::chrono::milliseconds timeout)
{
    m_idleTimeout = std::max(timeout, std::chrono::milliseconds(1));
    m_sweep.setInterval(std::clamp<std::chrono::milliseconds>(
        m_idleTimeout / 2, std::chrono::milliseconds(1), std::chrono::seconds(1)));
}

QByteArray HttpConnectionPool::serialize(const PostRequest &request, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QByteArray();
    };
    const QUrl &url = request.url;
    if (url.host().isEmpty())
        return fail(QStringLiteral("no host in %1").arg(url.toDisplayString()));
    if (request.method.isEmpty() || hasLineBreak(request.method) || request.method.contains(' '))
        return fail(QStringLiteral("invalid method '%1'").arg(QString::fromLatin1(request.method)));

    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();

    bool hostGiven = false;
    bool authorizationGiven = false;
    qsizetype headerBytes = 0;
    for (const auto &[name, value] : request.headers) {
        if (name.isEmpty() || hasLineBreak(name) || name.contains(':') || hasLineBreak(value))
            return fail(QStringLiteral("header '%1' has a line break or no valid name")
                            .arg(QString::fromLatin1(name)));
        hostGiven = hostGiven || isHeader(name, "host");
        authorizationGiven = authorizationGiven || isHeader(name, "authorization");
        headerBytes += name.size() + value.size() + 4;
    }

    const bool sendsLength =
        !request.body.isEmpty() || !(request.method == "GET" || request.method == "HEAD" ||
                                     request.method == "DELETE" || request.method == "OPTIONS");
    QByteArray bytes;
    bytes.reserve(request.method.size() + target.size() + headerBytes + request.body.size() + 128);
    // Appended piece by piece: temporaries would cost more than the rest here.
    bytes.append(request.method).append(' ').append(target).append(" HTTP/1.1\r\n");
    if (!hostGiven) {
        const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        bytes.append("Host: ");
        if (host.contains(':'))
            bytes.append('[').append(host).append(']');
        else
            bytes.append(host);
        if (url.port() != -1 && url.port() != 80)
            bytes.append(':').append(QByteArray::number(url.port()));
        bytes.append("\r\n");
    }
    // Credentials in the address: Basic, sent at once (QNetworkAccessManager
    // offered them when challenged; a 401 costs a round trip).
    if (!authorizationGiven && !url.userName().isEmpty()) {
        const QByteArray credentials =
            (url.userName(QUrl::FullyDecoded) + u':' + url.password(QUrl::FullyDecoded)).toUtf8();
        bytes.append("Authorization: Basic ").append(credentials.toBase64()).append("\r\n");
    }
    if (sendsLength)
        bytes.append("Content-Length: ")
            .append(QByteArray::number(request.body.size()))
            .append("\r\n");
    for (const auto &[name, value] : request.headers) {
        // The framing is ours to state; a caller's copy could contradict it.
        if (isHeader(name, "content-length") || isHeader(name, "transfer-encoding") ||
            isHeader(name, "connection"))
            continue;
        bytes.append(name).append(": ").append(value).append("\r\n");
    }
    bytes.append("\r\n").append(request.body);
    return bytes;
}

void HttpConnectionPool::post(const PostRequest &request)
{
    const quint64 token = ++m_nextToken;
    Pending &pending = m_pending[token];
    pending.id = request.id;
    pending.host = request.url.host();
    pending.port = quint16(request.url.port(80));
    pending.hostKey = hostKeyOf(pending.host, pending.port);
    pending.head = request.method == "HEAD";
    pending.timeout = request.timeout;
    pending.elapsed.start();

    QString error;
    pending.request = serialize(request, &error);
    if (pending.request.isEmpty()) {
        failLater(token, QNetworkReply::ProtocolInvalidOperationError,
                  QStringLiteral("cannot send request: %1").arg(error));
        return;
    }
    pending.timerId = startTimer(std::max(request.timeout, std::chrono::milliseconds(0)));
    m_deadlines.insert(pending.timerId, token);
    dispatch(token, false);
}

void HttpConnectionPool::abortAll()
{
    for (Host &host : m_hosts)
        host.waiting.clear();
    m_pending.clear();
    for (auto it = m_deadlines.cbegin(); it != m_deadlines.cend(); ++it)
        killTimer(it.key());
    m_deadlines.clear();
    const QList<HttpConnection *> busy = m_busy.keys();
    m_busy.clear();
    for (HttpConnection *connection : busy)
        drop(connection);
}

void HttpConnectionPool::timerEvent(QTimerEvent *event)
{
    killTimer(event->timerId());
    const auto deadline = m_deadlines.constFind(event->timerId());
    if (deadline == m_deadlines.constEnd())
        return;
    const quint64 token = *deadline;
    m_deadlines.erase(deadline);
    const auto it = m_pending.find(token);
    if (it == m_pending.end())
        return;
    it->timerId = 0;
    if (HttpConnection *connection = std::exchange(it->connection, nullptr)) {
        m_busy.remove(connection);
        drop(connection);
    } else {
        std::deque<quint64> &waiting = m_hosts[it->hostKey].waiting;
        waiting.erase(std::remove(waiting.begin(), waiting.end(), token), waiting.end());
    }
    PostResult result;
    result.id = it->id;
    result.elapsed = std::chrono::milliseconds(it->elapsed.elapsed());
    result.timedOut = true;
    result.networkError = QNetworkReply::TimeoutError;
    result.errorString =
        QStringLiteral("no complete response within %1 ms").arg(it->timeout.count());
    complete(token, result);
}

void HttpConnectionPool::dispatch(quint64 token, bool freshConnection)
{
    const Pending &pending = m_pending[token];
    Host &host = m_hosts[pending.hostKey];
    if (!freshConnection) {
        while (!host.idle.isEmpty()) {
            HttpConnection *connection = host.idle.takeLast();
            if (connection->state() == HttpConnection::State::Idle) {
                sendOn(connection, token);
                return;
            }
            drop(connection);
        }
    }
    if (host.open >= m_maxConnections && !freshConnection) {
        host.waiting.push_back(token);
        return;
    }
    auto *connection = new HttpConnection(pending.host, pending.port, this);
    ++host.open;
    m_hostOf.insert(connection, pending.hostKey);
    connect(connection, &HttpConnection::finished, this, &HttpConnectionPool::onConnectionFinished);
    connect(connection, &HttpConnection::closedWhileIdle, this,
            &HttpConnectionPool::onClosedWhileIdle);
    sendOn(connection, token);
}

void HttpConnectionPool::sendOn(HttpConnection *connection, quint64 token)
{
    Pending &pending = m_pending[token];
    pending.connection = connection;
    m_busy.insert(connection, token);
    connection->send(pending.request, pending.head);
}

void HttpConnectionPool::onConnectionFinished(HttpConnection *connection,
                                              const HttpConnection::Outcome &outcome)
{
    const auto busy = m_busy.constFind(connection);
    if (busy == m_busy.constEnd())
        return;
    const quint64 token = *busy;
    m_busy.erase(busy);
    const auto it = m_pending.find(token);
    if (it == m_pending.end())
        return;
    it->connection = nullptr;

    if (outcome.stale && !it->retried) {
        // The server closed the kept-alive connection as the request went
        // out; it never saw it (RFC 9112 §9.3.1), so send it again, once.
        qCDebug(lcHttp) << "request" << it->id << "met a closed keep-alive connection; retrying";
        it->retried = true;
        drop(connection);
        dispatch(token, true);
        return;
    }

    // The connection goes back first: a finished() handler may post at once.
    if (connection->state() == HttpConnection::State::Idle)
        makeIdle(connection);
    else
        drop(connection);

    PostResult result;
    result.id = it->id;
    result.elapsed = std::chrono::milliseconds(it->elapsed.elapsed());
    if (outcome.status > 0) {
        result.httpStatus = outcome.status;
        result.retryAfter = outcome.retryAfter;
        result.location = outcome.location;
        result.bodyExcerpt = outcome.bodyExcerpt;
    } else {
        result.networkError = outcome.error;
        result.errorString = outcome.errorString;
    }
    complete(token, result);
}

void HttpConnectionPool::onClosedWhileIdle(HttpConnection *connection)
{
    const auto key = m_hostOf.constFind(connection);
    if (key == m_hostOf.constEnd())
        return;
    m_hosts[*key].idle.removeOne(connection);
    drop(connection);
}

void HttpConnectionPool::makeIdle(HttpConnection *connection)
{
    const QString key = m_hostOf.value(connection);
    Host &host = m_hosts[key];
    if (!host.waiting.empty()) {
        const quint64 token = host.waiting.front();
        host.waiting.pop_front();
        sendOn(connection, token);
        return;
    }
    host.idle.append(connection);
    if (!m_sweep.isActive())
        m_sweep.start();
}

void HttpConnectionPool::drop(HttpConnection *connection)
{
    const auto key = m_hostOf.constFind(connection);
    if (key == m_hostOf.constEnd())
        return;
    const QString hostKey = *key;
    m_hostOf.erase(key);
    disconnect(connection, nullptr, this, nullptr);
    connection->abort();
    connection->deleteLater();
    --m_hosts[hostKey].open;
    startWaiting(hostKey);
}

void HttpConnectionPool::startWaiting(const QString &hostKey)
{
    Host &host = m_hosts[hostKey];
    while (!host.waiting.empty() && host.open < m_maxConnections) {
        const quint64 token = host.waiting.front();
        host.waiting.pop_front();
        dispatch(token, true);
    }
}

void HttpConnectionPool::sweepIdle()
{
    bool anyIdle = false;
    const auto limit = m_idleTimeout.count();
    for (Host &host : m_hosts) {
        // A copy, walked while connections leave the list.
        const QList<HttpConnection *> idle = host.idle;
        for (HttpConnection *connection : idle) {
            if (connection->idleFor() >= limit) {
                host.idle.removeOne(connection);
                drop(connection);
            }
        }
        anyIdle = anyIdle || !host.idle.isEmpty();
    }
    if (!anyIdle)
        m_sweep.stop();
}

void HttpConnectionPool::complete(quint64 token, const PostResult &result)
{
    const auto it = m_pending.constFind(token);
    if (it == m_pending.constEnd())
        return;
    if (it->timerId != 0) {
        killTimer(it->timerId);
        m_deadlines.remove(it->timerId);
    }
    m_pending.erase(it);
    qCDebug(lcHttp) << "request" << result.id << "finished:" << result.httpStatus
                    << result.errorString;
    emit finished(result);
}

void HttpConnectionPool::failLater(quint64 token, QNetworkReply::NetworkError error,
                                   const QString &errorString)
{
    QMetaObject::invokeMethod(
        this,
        [this, token, error, errorString] {
            const auto it = m_pending.constFind(token);
            if (it == m_pending.constEnd())
                return;
            PostResult result;
            result.id = it->id;
            result.networkError = error;
            result.errorString = errorString;
            complete(token, result);
        },
        Qt::QueuedConnection);
}

} // namespace mqhook
