#include "httpconnectionpool.h"

#include "base/logcategories.h"

#include <QVarLengthArray>

#include <algorithm>
#include <charconv>

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

HttpConnectionPool::HttpConnectionPool(int maxConnections, std::shared_ptr<const Clock> clock,
                                       QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_maxConnections(std::max(1, maxConnections))
{
    setIdleTimeout(defaultIdleTimeout);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &HttpConnectionPool::expireDeadlines);
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

HttpConnectionPool::Address HttpConnectionPool::describe(const QUrl &url, const QByteArray &method)
{
    Address address;
    address.url = url;
    address.method = method;
    address.host = url.host();
    address.port = quint16(url.port(80));
    address.hostKey = hostKeyOf(address.host, address.port);
    if (address.host.isEmpty()) {
        address.error = QStringLiteral("no host in %1").arg(url.toDisplayString());
        return address;
    }
    if (method.isEmpty() || hasLineBreak(method) || method.contains(' ')) {
        address.error = QStringLiteral("invalid method '%1'").arg(QString::fromLatin1(method));
        return address;
    }
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    address.requestLine = method + ' ' + target + " HTTP/1.1\r\n";

    const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    address.hostLine = "Host: ";
    if (host.contains(':'))
        address.hostLine.append('[').append(host).append(']');
    else
        address.hostLine.append(host);
    if (url.port() != -1 && url.port() != 80)
        address.hostLine.append(':').append(QByteArray::number(url.port()));
    address.hostLine.append("\r\n");

    // Credentials in the address: Basic, sent at once (QNetworkAccessManager
    // offered them when challenged; a 401 costs a round trip).
    if (!url.userName().isEmpty()) {
        const QByteArray credentials =
            (url.userName(QUrl::FullyDecoded) + u':' + url.password(QUrl::FullyDecoded)).toUtf8();
        address.authorization = "Authorization: Basic " + credentials.toBase64() + "\r\n";
    }
    return address;
}

QByteArray HttpConnectionPool::serialize(const PostRequest &request, QString *error)
{
    return serialize(describe(request.url, request.method), request, error);
}

QByteArray HttpConnectionPool::serialize(const Address &address, const PostRequest &request,
                                         QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QByteArray();
    };
    if (!address.error.isEmpty())
        return fail(address.error);

    bool hostGiven = false;
    bool authorizationGiven = false;
    // The framing is ours to state; a caller's copy could contradict it.
    QVarLengthArray<bool, 16> framing;
    qsizetype headerBytes = 0;
    for (const auto &[name, value] : request.headers) {
        if (name.isEmpty() || hasLineBreak(name) || name.contains(':') || hasLineBreak(value))
            return fail(QStringLiteral("header '%1' has a line break or no valid name")
                            .arg(QString::fromLatin1(name)));
        hostGiven = hostGiven || isHeader(name, "host");
        authorizationGiven = authorizationGiven || isHeader(name, "authorization");
        framing.append(isHeader(name, "content-length") || isHeader(name, "transfer-encoding") ||
                       isHeader(name, "connection"));
        if (!framing.back())
            headerBytes += name.size() + value.size() + 4;
    }

    const QByteArray &method = address.method;
    const bool sendsLength =
        !request.body.isEmpty() ||
        !(method == "GET" || method == "HEAD" || method == "DELETE" || method == "OPTIONS");
    char length[24];
    const auto lengthEnd = std::to_chars(length, length + sizeof length, request.body.size()).ptr;
    const QByteArrayView lengthText(length, lengthEnd - length);
    constexpr QByteArrayView lengthName = "Content-Length: ";
    constexpr QByteArrayView lineEnd = "\r\n";

    // Written into a buffer of the exact size: appending piece by piece cost
    // more than everything else here.
    const qsizetype size =
        address.requestLine.size() + (hostGiven ? 0 : address.hostLine.size()) +
        (authorizationGiven ? 0 : address.authorization.size()) +
        (sendsLength ? lengthName.size() + lengthText.size() + lineEnd.size() : 0) + headerBytes +
        lineEnd.size() + request.body.size();
    QByteArray bytes(size, Qt::Uninitialized);
    char *out = bytes.data();
    const auto put = [&out](QByteArrayView piece) {
        if (!piece.isEmpty())
            out = std::copy(piece.begin(), piece.end(), out);
    };
    put(address.requestLine);
    if (!hostGiven)
        put(address.hostLine);
    if (!authorizationGiven)
        put(address.authorization);
    if (sendsLength) {
        put(lengthName);
        put(lengthText);
        put(lineEnd);
    }
    for (qsizetype i = 0; i < request.headers.size(); ++i) {
        if (framing[i])
            continue;
        const auto &[name, value] = request.headers.at(i);
        put(name);
        put(": ");
        put(value);
        put(lineEnd);
    }
    put(lineEnd);
    put(request.body);
    Q_ASSERT(out == bytes.data() + bytes.size());
    return bytes;
}

void HttpConnectionPool::post(const PostRequest &request)
{
    // A pool usually serves one callback address: its parts are kept.
    if (request.url != m_address.url || request.method != m_address.method)
        m_address = describe(request.url, request.method);

    const quint64 token = ++m_nextToken;
    Pending &pending = m_pending[token];
    pending.id = request.id;
    pending.host = m_address.host;
    pending.port = m_address.port;
    pending.hostKey = m_address.hostKey;
    pending.head = request.method == "HEAD";
    pending.timeout = std::max(request.timeout, std::chrono::milliseconds(0));
    pending.started = m_clock->monotonicNow();
    pending.deadline = pending.started + pending.timeout;

    QString error;
    pending.request = serialize(m_address, request, &error);
    if (pending.request.isEmpty()) {
        failLater(token, QNetworkReply::ProtocolInvalidOperationError,
                  QStringLiteral("cannot send request: %1").arg(error));
        return;
    }
    armDeadline(pending.deadline);
    dispatch(token, false);
}

void HttpConnectionPool::abortAll()
{
    for (Host &host : m_hosts)
        host.waiting.clear();
    m_pending.clear();
    m_deadlineTimer.stop();
    const QList<HttpConnection *> busy = m_busy.keys();
    m_busy.clear();
    for (HttpConnection *connection : busy)
        drop(connection);
}

void HttpConnectionPool::armDeadline(TimePoint deadline)
{
    if (m_deadlineTimer.isActive() && deadline >= m_nextDeadline)
        return;
    m_nextDeadline = deadline;
    m_deadlineTimer.start(
        std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline - m_clock->monotonicNow()),
                 std::chrono::milliseconds(0)));
}

// The timer fires for the earliest deadline (a coarse timer may fire a
// little early: then nothing is due yet and it is set again).
void HttpConnectionPool::expireDeadlines()
{
    const TimePoint now = m_clock->monotonicNow();
    QList<quint64> due;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        // A request that could not be serialized fails on its own (failLater()).
        if (it->deadline <= now && !it->request.isEmpty())
            due.append(it.key());
    }
    std::sort(due.begin(), due.end()); // in the order they were posted
    for (const quint64 token : due)
        timeOut(token);
    // Also counts what finished() handlers posted meanwhile.
    TimePoint next = TimePoint::max();
    for (const Pending &pending : std::as_const(m_pending)) {
        if (!pending.request.isEmpty())
            next = std::min(next, pending.deadline);
    }
    m_deadlineTimer.stop();
    if (next != TimePoint::max())
        armDeadline(next);
}

void HttpConnectionPool::timeOut(quint64 token)
{
    const auto it = m_pending.find(token);
    if (it == m_pending.end())
        return;
    if (HttpConnection *connection = std::exchange(it->connection, nullptr)) {
        m_busy.remove(connection);
        drop(connection);
    } else {
        std::deque<quint64> &waiting = m_hosts[it->hostKey].waiting;
        waiting.erase(std::remove(waiting.begin(), waiting.end(), token), waiting.end());
    }
    PostResult result;
    result.id = it->id;
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock->monotonicNow() -
                                                                           it->started);
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
    connection->setKeepHeaders(m_keepHeaders);
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
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock->monotonicNow() -
                                                                           it->started);
    if (outcome.status > 0) {
        result.httpStatus = outcome.status;
        result.retryAfter = outcome.retryAfter;
        result.location = outcome.location;
        result.bodyExcerpt = outcome.bodyExcerpt;
        result.headers = outcome.headers;
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
