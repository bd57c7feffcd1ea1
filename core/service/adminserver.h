#pragma once

#include "observe/httprequestparser.h"
#include "observe/httpresponse.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>

class QTcpServer;
class QTcpSocket;

namespace mqhook {

class AdminBackend;
class EventRing;

// The admin endpoint's HTTP/1.1 server (docs/observability.md), on the
// admin thread: reads each request strictly, within limits and timeouts,
// checks the token, answers /healthz, /metrics and the event stream
// (/api/events) itself and hands every other request to the backend, on the
// bridge's thread, without waiting for it. Written on QTcpServer rather than Qt
// HttpServer, which in Qt 6.4 has no streamed responses, no timeouts and no
// connection limit.
class AdminServer : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        HttpRequestParser::Limits request;
        // A request begun must be complete within this.
        std::chrono::milliseconds requestTimeout{10'000};
        // A connection without a request in progress is closed after this.
        std::chrono::milliseconds idleTimeout{30'000};
        // The backend's answer; 503 after it.
        std::chrono::milliseconds backendTimeout{30'000};
        // An event stream sends a comment this often, so readers notice a dead service.
        std::chrono::milliseconds heartbeat{15'000};
        // An event stream whose reader takes none of what waits for it for
        // this long is closed.
        std::chrono::milliseconds streamStallTimeout{60'000};
        // Bytes an event stream may have waiting in its socket; while more
        // wait, that reader's events stay in the ring (and it drops the oldest).
        qint64 streamBufferBytes = 256 * 1024;
        int streamBatch = 256; // events read from the ring at a time
        // New events go out to the streams at most this often: in batches, so a
        // busy service wakes this thread and writes to each socket a few dozen
        // times a second rather than once or twice per message.
        std::chrono::milliseconds streamInterval{25};
    };

    struct Settings
    {
        QHostAddress address;
        quint16 port = 0; // 0: any free port
        QByteArray token; // empty: none needed
        int maxConnections = 64;
        Limits limits;
    };

    // The Prometheus text of /metrics, rendered on the server's thread.
    using MetricsText = std::function<QByteArray()>;

    // ring and backend outlive the server; ring may be nullptr (no event
    // stream), metrics empty (no /metrics).
    AdminServer(EventRing *ring, MetricsText metrics, AdminBackend *backend, const QByteArray &run,
                QObject *parent = nullptr);
    ~AdminServer() override;

    // Call these on the server's thread.
    bool listen(const Settings &settings, QString *error);
    // New token and limits, for the connections open and to come; the address stays.
    void apply(const Settings &settings);
    void close();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;

    // Event streams open now.
    int streamCount() const;

private:
    struct Connection;
    enum class Route
    {
        Healthz,
        Readyz,
        Metrics,
        Status,
        Events,
        DeadLetters,
        DeadLetter,
        DeadLetterDelete,
        DeadLetterRetry,
        DeadLettersRetryAll,
    };

    void onNewConnection();
    void onReadyRead(Connection &connection);
    void processInput(Connection &connection);
    void handle(Connection &connection, const HttpRequest &request);
    void ask(Connection &connection, Route route, qint64 id, const HttpRequest &request);
    void answer(quint64 connectionId, quint64 serial, const HttpResponse &response);
    void respond(Connection &connection, HttpResponse response, bool keepAlive);
    void closeAfterWrite(Connection &connection);
    void startStream(Connection &connection, const HttpRequest &request);
    void pump(Connection &connection);
    void writeStream(Connection &connection, const QByteArray &bytes);
    void pumpStreams();
    // The ring tells of new events while a stream is open and no batch is
    // due: after one notice, it is not listened to until the batch goes out
    // (and, not listened to, it posts nothing at all).
    void listenToRing();
    void onAppended();
    void onStreamTimer();
    void sweep();
    void remove(quint64 connectionId);
    void reject(QTcpSocket *socket);
    void armSweep();

    EventRing *m_ring;
    MetricsText m_metrics;
    AdminBackend *m_backend;
    QByteArray m_run;
    Settings m_settings;
    QTcpServer *m_server = nullptr;
    std::unordered_map<quint64, std::unique_ptr<Connection>> m_connections;
    quint64 m_nextConnection = 1;
    quint64 m_nextSerial = 1;
    QTimer *m_sweepTimer;                     // a child: it moves to the server's thread with it
    QTimer *m_streamTimer;                    // the next batch for the streams; a child too
    QMetaObject::Connection m_ringConnection; // while an event stream is open, no batch due
    // Where the backend's answers go, from the bridge's thread: cleared when
    // the server goes, so an answer that comes later finds nobody to post to.
    struct Mailbox;
    std::shared_ptr<Mailbox> m_mailbox;
};

} // namespace mqhook
