#include "adminserver.h"

#include "adminbackend.h"
#include "base/jsontext.h"
#include "base/logcategories.h"
#include "observe/bearertoken.h"
#include "observe/eventfilter.h"
#include "observe/eventring.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

using SteadyClock = std::chrono::steady_clock;

// One SSE event (HTML Living Standard §9.2.6): its sequence number as the
// id, its kind as the type, its compact JSON as the one data line. A
// "dropped" notice has no id: resuming starts after the last real event.
void appendSseEvent(QByteArray *out, const Event &event)
{
    if (event.kind != Event::Kind::Dropped) {
        out->append("id: ");
        appendJsonNumber(out, qint64(event.seq));
        out->append('\n');
    }
    out->append("event: ");
    out->append(eventKindLatin1(event.kind));
    out->append("\ndata: ");
    appendEventJson(out, event);
    out->append("\n\n");
}

void appendDroppedEvent(QByteArray *out, qint64 count)
{
    Event event;
    event.kind = Event::Kind::Dropped;
    event.count = count;
    event.time = QDateTime::currentDateTimeUtc();
    appendSseEvent(out, event);
}

// A dead letter id in a path: a positive number.
std::optional<qint64> parseId(QStringView text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0 ||
        !std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); }))
        return std::nullopt;
    return id;
}

} // namespace

struct AdminServer::Mailbox
{
    QMutex mutex;
    AdminServer *server = nullptr;
};

struct AdminServer::Connection
{
    enum class Phase
    {
        Idle,      // no request in progress
        Reading,   // a request has begun
        Waiting,   // for the backend's answer
        Streaming, // an event stream
        Closing,   // the last answer is being written
    };

    quint64 id = 0;
    QTcpSocket *socket = nullptr; // a child of the server
    QByteArray input;
    HttpRequestParser parser;
    Phase phase = Phase::Idle;
    SteadyClock::time_point deadline;
    quint64 serial = 0; // of the backend request awaited
    bool keepAlive = true;

    // An event stream's reader.
    EventFilter filter;
    quint64 cursor = 0;               // the last sequence number handed to this reader
    SteadyClock::time_point progress; // when its socket last took bytes
    SteadyClock::time_point nextHeartbeat;
};

AdminServer::AdminServer(EventRing *ring, MetricsText metrics, AdminBackend *backend,
                         const QByteArray &run, QObject *parent)
    : QObject(parent)
    , m_ring(ring)
    , m_metrics(std::move(metrics))
    , m_backend(backend)
    , m_run(run)
    , m_sweepTimer(new QTimer(this))
    , m_streamTimer(new QTimer(this))
    , m_mailbox(std::make_shared<Mailbox>())
{
    m_mailbox->server = this;
    connect(m_sweepTimer, &QTimer::timeout, this, &AdminServer::sweep);
    m_streamTimer->setSingleShot(true);
    connect(m_streamTimer, &QTimer::timeout, this, &AdminServer::onStreamTimer);
}

AdminServer::~AdminServer()
{
    {
        const QMutexLocker lock(&m_mailbox->mutex);
        m_mailbox->server = nullptr;
    }
    close();
}

bool AdminServer::listen(const Settings &settings, QString *error)
{
    auto *server = new QTcpServer(this);
    if (!server->listen(settings.address, settings.port)) {
        if (error)
            *error = server->errorString();
        delete server;
        return false;
    }
    // The new address first: an old one is given up only once this one works.
    if (m_server)
        delete m_server;
    m_server = server;
    connect(m_server, &QTcpServer::newConnection, this, &AdminServer::onNewConnection);
    apply(settings);
    return true;
}

void AdminServer::apply(const Settings &settings)
{
    const bool tokenChanged = settings.token != m_settings.token;
    m_settings = settings;
    if (tokenChanged) {
        // Streams opened with the old token end; their readers come back with the new one.
        std::vector<quint64> streams;
        for (const auto &[id, connection] : m_connections) {
            if (connection->phase == Connection::Phase::Streaming)
                streams.push_back(id);
        }
        for (quint64 id : streams)
            remove(id);
    }
    armSweep();
}

void AdminServer::armSweep()
{
    // Often enough for the shortest timeout to be kept to a quarter of itself.
    const Limits &l = m_settings.limits;
    const auto shortest = std::min(
        {l.requestTimeout, l.idleTimeout, l.backendTimeout, l.heartbeat, l.streamStallTimeout});
    m_sweepTimer->start(
        std::clamp(shortest / 4, std::chrono::milliseconds(20), std::chrono::milliseconds(1000)));
}

void AdminServer::close()
{
    m_sweepTimer->stop();
    delete m_server;
    m_server = nullptr;
    std::vector<quint64> ids;
    for (const auto &[id, connection] : m_connections)
        ids.push_back(id);
    for (quint64 id : ids)
        remove(id);
}

bool AdminServer::isListening() const
{
    return m_server && m_server->isListening();
}

QHostAddress AdminServer::address() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

quint16 AdminServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

int AdminServer::streamCount() const
{
    return int(std::count_if(m_connections.cbegin(), m_connections.cend(), [](const auto &entry) {
        return entry.second->phase == Connection::Phase::Streaming;
    }));
}

void AdminServer::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        // Ours, not the listener's: a new address replaces the listener,
        // and the connections made on the old one go on.
        socket->setParent(this);
        if (int(m_connections.size()) >= m_settings.maxConnections) {
            reject(socket);
            continue;
        }
        auto connection = std::make_unique<Connection>();
        connection->id = m_nextConnection++;
        connection->socket = socket;
        connection->parser = HttpRequestParser(m_settings.limits.request);
        connection->deadline = SteadyClock::now() + m_settings.limits.idleTimeout;
        // Qt stops reading the socket when this much waits: a client that
        // sends faster than it is answered fills its own TCP window, not
        // mqhook's memory.
        socket->setReadBufferSize(m_settings.limits.request.maxRequestLine +
                                  m_settings.limits.request.maxHeaderBytes);
        const quint64 id = connection->id;
        Connection &ref = *connection;
        m_connections.emplace(id, std::move(connection));
        connect(socket, &QTcpSocket::readyRead, this, [this, &ref] { onReadyRead(ref); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, &ref](qint64) {
            ref.progress = SteadyClock::now();
            if (ref.phase == Connection::Phase::Streaming)
                pump(ref);
        });
        // Queued: a socket can report its end from inside a call that still
        // uses its connection (a write, a disconnectFromHost()).
        connect(
            socket, &QTcpSocket::disconnected, this, [this, id] { remove(id); },
            Qt::QueuedConnection);
        connect(
            socket, &QTcpSocket::errorOccurred, this,
            [this, id](QAbstractSocket::SocketError) { remove(id); }, Qt::QueuedConnection);
        if (socket->bytesAvailable() > 0)
            onReadyRead(ref);
    }
}

void AdminServer::reject(QTcpSocket *socket)
{
    qCDebug(lcAdmin, "Refusing a connection: %d open already", int(m_connections.size()));
    HttpResponse response = HttpResponse::error(
        503,
        u"too many connections (admin.max_connections is %1)"_s.arg(m_settings.maxConnections));
    response.setHeader("Retry-After", "1");
    // What the client sends is read and dropped: closing a socket with
    // unread input would reset the connection before the answer is read.
    socket->setReadBufferSize(4096);
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    socket->write(response.toBytes(false));
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        socket->deleteLater();
        return;
    }
    // A peer that does not take even this is cut off.
    QTimer::singleShot(1000, socket, [socket] { socket->abort(); });
}

void AdminServer::remove(quint64 connectionId)
{
    const auto it = m_connections.find(connectionId);
    if (it == m_connections.end())
        return;
    std::unique_ptr<Connection> connection = std::move(it->second);
    m_connections.erase(it);
    // The ring tells nobody of new events while no stream is open: appending
    // then costs the bridge's thread nothing more.
    if (connection->phase == Connection::Phase::Streaming && streamCount() == 0) {
        disconnect(m_ringConnection);
        m_ringConnection = {};
        m_streamTimer->stop();
    }
    QTcpSocket *socket = connection->socket;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void AdminServer::onReadyRead(Connection &connection)
{
    switch (connection.phase) {
    case Connection::Phase::Waiting:
        return; // the rest stays in the socket until the answer is out
    case Connection::Phase::Streaming:
    case Connection::Phase::Closing:
        connection.socket->readAll(); // nothing more is read on this connection
        return;
    case Connection::Phase::Idle:
    case Connection::Phase::Reading:
        processInput(connection);
        return;
    }
}

void AdminServer::processInput(Connection &connection)
{
    // Each turn takes what the socket holds; the parser's limits bound the input.
    connection.input.append(connection.socket->readAll());
    while (connection.phase == Connection::Phase::Idle ||
           connection.phase == Connection::Phase::Reading) {
        const HttpRequestParser::Status status = connection.parser.feed(connection.input);
        if (status == HttpRequestParser::Status::Failed) {
            qCDebug(lcAdmin, "Bad request from %s: %s",
                    qUtf8Printable(connection.socket->peerAddress().toString()),
                    qUtf8Printable(connection.parser.errorString()));
            respond(connection,
                    HttpResponse::error(connection.parser.errorStatus(),
                                        connection.parser.errorString()),
                    false);
            return;
        }
        if (status == HttpRequestParser::Status::NeedMore) {
            if (connection.phase == Connection::Phase::Idle && connection.parser.hasStarted()) {
                connection.phase = Connection::Phase::Reading;
                connection.deadline = SteadyClock::now() + m_settings.limits.requestTimeout;
            }
            return;
        }
        const HttpRequest request = connection.parser.take();
        connection.keepAlive = request.keepAlive();
        handle(connection, request);
    }
}

void AdminServer::handle(Connection &connection, const HttpRequest &request)
{
    const QString &path = request.path;
    if (path != u"/healthz" && !m_settings.token.isEmpty() &&
        !bearerTokenMatches(request.header("authorization"), m_settings.token)) {
        const bool given = !request.header("authorization").isNull();
        HttpResponse response = HttpResponse::error(
            401, given ? u"the bearer token is wrong"_s
                       : u"this endpoint needs \"Authorization: Bearer <admin.token>\""_s);
        response.setHeader("WWW-Authenticate",
                           given ? "Bearer realm=\"mqhook\", error=\"invalid_token\""
                                 : "Bearer realm=\"mqhook\"");
        respond(connection, response, connection.keepAlive);
        return;
    }

    // The routes and the methods each takes.
    std::optional<Route> route;
    QByteArray allowed = "GET";
    qint64 id = 0;
    if (path == u"/healthz")
        route = Route::Healthz;
    else if (path == u"/readyz")
        route = Route::Readyz;
    else if (path == u"/metrics")
        route = Route::Metrics;
    else if (path == u"/api/status")
        route = Route::Status;
    else if (path == u"/api/events")
        route = Route::Events;
    else if (path == u"/api/dead-letters")
        route = Route::DeadLetters;
    else if (path == u"/api/dead-letters/retry-all") {
        route = Route::DeadLettersRetryAll;
        allowed = "POST";
    } else if (path.startsWith(u"/api/dead-letters/")) {
        QStringView rest = QStringView(path).sliced(18);
        const bool retry = rest.endsWith(u"/retry");
        if (retry)
            rest.chop(6);
        if (rest.contains(u'/')) {
            respond(connection, HttpResponse::error(404, u"no such path: %1"_s.arg(path)),
                    connection.keepAlive);
            return;
        }
        const std::optional<qint64> parsed = parseId(rest);
        if (!parsed) {
            respond(connection,
                    HttpResponse::error(400, u"\"%1\" is not a dead letter id (a positive "
                                             u"number)"_s.arg(rest)),
                    connection.keepAlive);
            return;
        }
        id = *parsed;
        route = retry ? Route::DeadLetterRetry : Route::DeadLetter;
        allowed = retry ? "POST" : "GET, DELETE";
    }
    if (!route) {
        respond(connection, HttpResponse::error(404, u"no such path: %1"_s.arg(path)),
                connection.keepAlive);
        return;
    }
    const QList<QByteArray> methods = allowed.split(',');
    const bool methodAllowed =
        std::any_of(methods.cbegin(), methods.cend(),
                    [&](const QByteArray &m) { return m.trimmed() == request.method; });
    if (!methodAllowed) {
        HttpResponse response = HttpResponse::error(
            405, u"%1 does not take %2; it takes %3"_s.arg(
                     path, QString::fromLatin1(request.method), QString::fromLatin1(allowed)));
        response.setHeader("Allow", allowed);
        respond(connection, response, connection.keepAlive);
        return;
    }

    if (route == Route::DeadLetter && request.method == "DELETE")
        route = Route::DeadLetterDelete;
    switch (*route) {
    case Route::Healthz:
        respond(connection, HttpResponse::json(200, {{u"status"_s, u"ok"_s}}),
                connection.keepAlive);
        return;
    case Route::Events:
        startStream(connection, request);
        return;
    case Route::Metrics:
        respond(connection,
                m_metrics ? HttpResponse::text(200, "text/plain; version=0.0.4; charset=utf-8",
                                               m_metrics())
                          : HttpResponse::error(503, u"this service keeps no metrics"_s),
                connection.keepAlive);
        return;
    default:
        ask(connection, *route, id, request);
        return;
    }
}

void AdminServer::ask(Connection &connection, Route route, qint64 id, const HttpRequest &request)
{
    connection.phase = Connection::Phase::Waiting;
    connection.serial = m_nextSerial++;
    connection.deadline = SteadyClock::now() + m_settings.limits.backendTimeout;
    // The answer comes back to this thread as a queued call, for a
    // connection that may be gone by then (answer() looks it up).
    const AdminBackend::Respond done = [mailbox = m_mailbox, connectionId = connection.id,
                                        serial = connection.serial](const HttpResponse &response) {
        // Posted under the lock: the server cannot go between the check and the post.
        const QMutexLocker lock(&mailbox->mutex);
        AdminServer *server = mailbox->server;
        if (!server)
            return;
        QMetaObject::invokeMethod(
            server,
            [server, connectionId, serial, response] {
                server->answer(connectionId, serial, response);
            },
            Qt::QueuedConnection);
    };
    AdminBackend *backend = m_backend;
    const QUrlQuery query = request.query;
    QMetaObject::invokeMethod(
        backend,
        [backend, route, id, query, done] {
            switch (route) {
            case Route::Readyz:
                backend->readiness(done);
                break;
            case Route::Status:
                backend->status(done);
                break;
            case Route::DeadLetters:
                backend->deadLetters(query, done);
                break;
            case Route::DeadLetter:
                backend->deadLetter(id, done);
                break;
            case Route::DeadLetterDelete:
                backend->removeDeadLetter(id, done);
                break;
            case Route::DeadLetterRetry:
                backend->retryDeadLetter(id, done);
                break;
            case Route::DeadLettersRetryAll:
                backend->retryAllDeadLetters(done);
                break;
            case Route::Healthz:
            case Route::Metrics:
            case Route::Events:
                break;
            }
        },
        Qt::QueuedConnection);
}

void AdminServer::answer(quint64 connectionId, quint64 serial, const HttpResponse &response)
{
    const auto it = m_connections.find(connectionId);
    if (it == m_connections.end())
        return;
    Connection &connection = *it->second;
    if (connection.phase != Connection::Phase::Waiting || connection.serial != serial)
        return; // answered already (timed out)
    respond(connection, response, connection.keepAlive);
}

void AdminServer::respond(Connection &connection, HttpResponse response, bool keepAlive)
{
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    connection.socket->write(response.toBytes(keepAlive));
    if (!keepAlive) {
        closeAfterWrite(connection);
        return;
    }
    connection.phase = Connection::Phase::Idle;
    connection.deadline = SteadyClock::now() + m_settings.limits.idleTimeout;
    // A pipelined request may be waiting already; take it on the next turn,
    // not from inside this call.
    const quint64 id = connection.id;
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            const auto it = m_connections.find(id);
            if (it != m_connections.end() && it->second->phase == Connection::Phase::Idle)
                processInput(*it->second);
        },
        Qt::QueuedConnection);
}

void AdminServer::closeAfterWrite(Connection &connection)
{
    connection.phase = Connection::Phase::Closing;
    // A peer that does not take the answer in time is cut off.
    connection.deadline = SteadyClock::now() + m_settings.limits.requestTimeout;
    connection.socket->disconnectFromHost();
}

void AdminServer::startStream(Connection &connection, const HttpRequest &request)
{
    if (!m_ring) {
        respond(connection, HttpResponse::error(503, u"this service keeps no events"_s), false);
        return;
    }
    QString error;
    const std::optional<EventFilter> filter = EventFilter::fromQuery(request.query, &error);
    if (!filter) {
        respond(connection, HttpResponse::error(400, error), connection.keepAlive);
        return;
    }
    // Where to start: after the event a reader saw last (Last-Event-ID, or
    // ?last_event_id= for clients that cannot set headers), else from now.
    QByteArray lastId = request.header("last-event-id");
    if (request.query.hasQueryItem(u"last_event_id"_s))
        lastId = request.query.queryItemValue(u"last_event_id"_s).toLatin1();
    quint64 cursor = m_ring->lastSeq();
    if (!lastId.isNull()) {
        bool ok = false;
        const quint64 after = lastId.trimmed().toULongLong(&ok);
        if (!ok) {
            respond(connection,
                    HttpResponse::error(400, u"Last-Event-ID: expected an event id (a number), "
                                             u"got \"%1\""_s.arg(QString::fromLatin1(lastId))),
                    connection.keepAlive);
            return;
        }
        // An id from another run of the service (it restarted) or beyond
        // this one's: everything still held is new to the reader.
        const QByteArray run = request.header("x-mqhook-run");
        const bool otherRun = (!run.isNull() && run != m_run) || after > m_ring->lastSeq();
        cursor = otherRun ? 0 : after;
    }

    connection.phase = Connection::Phase::Streaming;
    if (!m_streamTimer->isActive())
        listenToRing();
    // The kernel's buffer is bounded too (no autotuning to megabytes): what a
    // slow reader is not taking waits in the ring, where it costs nothing extra.
    connection.socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption,
                                       int(m_settings.limits.streamBufferBytes));
    connection.filter = *filter;
    connection.cursor = cursor;
    connection.progress = SteadyClock::now();
    connection.nextHeartbeat = SteadyClock::now() + m_settings.limits.heartbeat;
    // The body runs until the connection ends (RFC 9112 §6.3, rule 8).
    QByteArray head = "HTTP/1.1 200 OK\r\n"
                      "Content-Type: text/event-stream; charset=utf-8\r\n"
                      "Cache-Control: no-store\r\n"
                      "X-Accel-Buffering: no\r\n"
                      "X-Content-Type-Options: nosniff\r\n"
                      "X-Mqhook-Run: " +
                      m_run +
                      "\r\n"
                      "Connection: close\r\n"
                      "\r\n"
                      "retry: 2000\n\n";
    connection.socket->write(head);
    qCDebug(lcAdmin, "Event stream %llu opened from %s, after event %llu", connection.id,
            qUtf8Printable(connection.socket->peerAddress().toString()), cursor);
    pump(connection);
}

void AdminServer::pump(Connection &connection)
{
    const Limits &limits = m_settings.limits;
    QTcpSocket *socket = connection.socket;
    // Reads the ring only while the reader keeps up: otherwise its events
    // stay there, and the ring tells how many it lost once it reads again.
    while (socket->bytesToWrite() < limits.streamBufferBytes) {
        QByteArray out;
        // read(0) gives what the ring holds without counting what it no
        // longer does: a reader that started before the first event is told.
        if (connection.cursor == 0 && m_ring->firstSeq() > 1) {
            connection.cursor = m_ring->firstSeq() - 1;
            appendDroppedEvent(&out, qint64(connection.cursor));
        }
        const EventRing::Batch batch = m_ring->read(connection.cursor, limits.streamBatch);
        out.reserve(out.size() + 512 * batch.events.size()); // a message's event is some 300 bytes
        if (batch.dropped > 0)
            appendDroppedEvent(&out, batch.dropped);
        for (const Event &event : batch.events) {
            if (connection.filter.matches(event))
                appendSseEvent(&out, event);
        }
        connection.cursor =
            batch.events.isEmpty() ? std::max(connection.cursor, batch.last) : batch.last;
        if (batch.events.isEmpty() && batch.dropped > 0)
            connection.cursor = std::max(connection.cursor, m_ring->lastSeq());
        if (!out.isEmpty())
            writeStream(connection, out);
        if (batch.events.size() < limits.streamBatch)
            break;
    }
}

void AdminServer::writeStream(Connection &connection, const QByteArray &bytes)
{
    // Stalling is measured from the moment something waits for the reader.
    if (connection.socket->bytesToWrite() == 0)
        connection.progress = SteadyClock::now();
    connection.socket->write(bytes);
}

void AdminServer::listenToRing()
{
    if (!m_ringConnection)
        m_ringConnection = connect(m_ring, &EventRing::appended, this, &AdminServer::onAppended);
}

void AdminServer::onAppended()
{
    // A notice posted before the disconnect may still arrive: the batch is due already.
    if (m_streamTimer->isActive())
        return;
    disconnect(m_ringConnection);
    m_ringConnection = {};
    m_streamTimer->start(m_settings.limits.streamInterval);
}

void AdminServer::onStreamTimer()
{
    if (streamCount() == 0)
        return;
    // Listening first: what is appended from now on is told, what came before is read now.
    listenToRing();
    pumpStreams();
}

void AdminServer::pumpStreams()
{
    for (const auto &[id, connection] : m_connections) {
        if (connection->phase == Connection::Phase::Streaming)
            pump(*connection);
    }
}

void AdminServer::sweep()
{
    const auto now = SteadyClock::now();
    const Limits &limits = m_settings.limits;
    std::vector<quint64> expired;
    for (const auto &[id, pointer] : m_connections) {
        Connection &connection = *pointer;
        switch (connection.phase) {
        case Connection::Phase::Idle:
            if (now >= connection.deadline)
                expired.push_back(id);
            break;
        case Connection::Phase::Reading:
            if (now >= connection.deadline) {
                qCDebug(lcAdmin, "Request from %s not complete in time",
                        qUtf8Printable(connection.socket->peerAddress().toString()));
                respond(connection,
                        HttpResponse::error(408, u"the request did not arrive within %1 ms"_s.arg(
                                                     limits.requestTimeout.count())),
                        false);
            }
            break;
        case Connection::Phase::Waiting:
            if (now >= connection.deadline)
                respond(connection,
                        HttpResponse::error(503, u"the service did not answer within %1 ms"_s.arg(
                                                     limits.backendTimeout.count())),
                        false);
            break;
        case Connection::Phase::Streaming:
            if (connection.socket->bytesToWrite() > 0 &&
                now - connection.progress >= limits.streamStallTimeout) {
                qCInfo(lcAdmin, "Event stream %llu: the reader took nothing for %lld ms; closed",
                       connection.id, qint64(limits.streamStallTimeout.count()));
                expired.push_back(id);
            } else if (now >= connection.nextHeartbeat) {
                connection.nextHeartbeat = now + limits.heartbeat;
                if (connection.socket->bytesToWrite() < limits.streamBufferBytes)
                    writeStream(connection, ": heartbeat\n\n");
            }
            break;
        case Connection::Phase::Closing:
            if (now >= connection.deadline)
                expired.push_back(id);
            break;
        }
    }
    for (quint64 id : expired)
        remove(id);
}

} // namespace mqhook
