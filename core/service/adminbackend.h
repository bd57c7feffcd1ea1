#pragma once

#include "observe/httpresponse.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace mqhook {

class Bridge;
class OutboxThread;
struct DeadLetter;
struct DeadLetterPage;
template<typename T>
struct QueueResult;

// What the admin endpoint's answers are made of, on the bridge's thread:
// readiness, the status and the dead letters (through the outbox thread's
// asynchronous requests). Each call answers through respond
// once it has the answer; nothing here waits for another thread.
class AdminBackend : public QObject
{
    Q_OBJECT

public:
    using Respond = std::function<void(const HttpResponse &)>;

    explicit AdminBackend(Bridge *bridge, QObject *parent = nullptr);
    ~AdminBackend() override;

    void readiness(const Respond &respond);
    void status(const Respond &respond);
    void deadLetters(const QUrlQuery &query, const Respond &respond);
    void deadLetter(qint64 id, const Respond &respond);
    void retryDeadLetter(qint64 id, const Respond &respond);
    void retryAllDeadLetters(const Respond &respond);
    void removeDeadLetter(qint64 id, const Respond &respond);

    // The JSON of readiness and status, as served.
    QJsonObject readinessJson(bool *ready) const;
    QJsonObject statusJson() const;

private:
    // The outbox, with its answers connected here; nullptr while none is open.
    OutboxThread *outbox();
    // Keeps respond for the outbox's answer to request; 503 when there is no outbox.
    enum class Change
    {
        None,
        Retry,
        RetryAll,
        Remove,
    };
    bool expect(quint64 request, const Respond &respond, qint64 id = 0,
                Change change = Change::None);
    void onPage(quint64 request, const QueueResult<DeadLetterPage> &result);
    void onLetter(quint64 request, const QueueResult<DeadLetter> &result);
    void onChanged(quint64 request, const QueueResult<qint64> &result);

    struct Pending
    {
        Respond respond;
        qint64 id = 0;
        Change change = Change::None;
    };
    // The pending answer to request when result is a success; a failure is
    // answered here, naming the pending id when namesId (a page's id is its
    // size, not a dead letter's).
    template<typename T>
    std::optional<Pending> takeSucceeded(quint64 request, const QueueResult<T> &result,
                                         bool namesId);

    Bridge *m_bridge;
    QDateTime m_startedAt;
    QPointer<OutboxThread> m_outbox; // the one whose signals are connected
    QHash<quint64, Pending> m_pending;
};

} // namespace mqhook
