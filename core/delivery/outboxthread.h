#pragma once

#include "config/config.h"
#include "delivery/outbox.h"
#include "delivery/outboxtypes.h"

#include <QDateTime>
#include <QLockFile>
#include <QObject>
#include <QString>
#include <QThread>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <type_traits>

namespace mqhook {

class OutboxWorker;

// The outbox on a thread of its own, as the service uses it: SQLite's work
// and the fsyncs of intake commits happen there, never on the event loop that
// reads the brokers and runs the HTTP requests.
//
// enqueue() hands a group's deliveries out at once, with ids counted in
// memory (Outbox::nextIds()), so they can be dispatched while their commit is
// on its way; committed() says when it is durable, and only then may the
// messages be acknowledged. Writes happen in the order they are given: an
// outcome given after an enqueue() is written after that group. Groups that
// wait for the thread are stored in one transaction.
//
// When a group cannot be stored (disk full, a broken file), nothing given
// after it is written either: storeFailed() says why, the thread tries again
// every retry interval, and storeRecovered() says when it works again.
//
// Reads block until everything given before them is written. The counters
// (isFull(), pendingMessages(), ...) are as of the last write.
class OutboxThread : public QObject
{
    Q_OBJECT

public:
    explicit OutboxThread(QObject *parent = nullptr);
    // Writes what is still waiting and closes (see close()).
    ~OutboxThread() override;

    // Starts the thread and opens the outbox on it. A disk queue is locked
    // (lockFileName() in queue.dir) while it is open: one service per queue.
    // The dead-letters command uses Outbox itself and takes no lock.
    bool open(const QueueConfig &config, QString *error = nullptr);
    static QString lockFileName();
    // Writes everything still waiting (one more try for a group that could not
    // be stored), closes the outbox and ends the thread. Blocks. Emits
    // nothing: call waitForWrites() first to hear of the last commits.
    void close();
    bool isOpen() const { return m_open; }
    bool isDurable() const { return m_durable; }

    // How often a group that could not be stored is tried again.
    void setRetryInterval(std::chrono::milliseconds interval);

    struct Accepted
    {
        quint64 ticket = 0;               // committed(ticket) says it is stored
        QList<QueuedDelivery> deliveries; // as Outbox::enqueue() returns them
    };
    // Takes a group to store; its deliveries are ready to dispatch now.
    Accepted enqueue(const QList<Intake> &items);
    // Blocks until everything given is written, or until storing fails; the
    // ticket of the last group stored (also announced by committed()).
    quint64 waitForWrites();

    // Outcomes; a failure is announced by writeFailed().
    void markSucceeded(const QList<qint64> &ids);
    void recordAttempts(const QList<RetryUpdate> &updates);
    void markDead(const QList<DeadUpdate> &updates);

    // Reads, as the Outbox functions of the same names; *ok is false while
    // storing fails, as what they would read is not all written.
    QList<QueuedDelivery> loadPending(const QString &route, const QString &target, qint64 afterId,
                                      int limit, bool *ok = nullptr);
    QList<PendingRange> pendingRanges(bool *ok = nullptr);
    QList<PendingRange> takeRequeuedRanges();

    // Runs f(Outbox &) on the thread once everything given before is written,
    // and returns its result. Blocks.
    template<typename F>
    std::invoke_result_t<F, Outbox &> call(F &&f)
    {
        using Result = std::invoke_result_t<F, Outbox &>;
        if constexpr (std::is_void_v<Result>) {
            callBlocking([&](Outbox &outbox) { std::invoke(f, outbox); });
        } else {
            Result result{};
            callBlocking([&](Outbox &outbox) { result = std::invoke(f, outbox); });
            return result;
        }
    }

    // Messages given to enqueue() and not yet stored, and their payload bytes.
    qint64 uncommittedMessages() const { return m_uncommittedMessages; }
    qint64 uncommittedBytes() const { return m_uncommittedBytes; }
    bool isStoreFailing() const { return m_storeFailing; }

    bool isFull() const { return m_state.full; }
    qint64 pendingMessages() const { return m_state.pendingMessages; }
    qint64 pendingBytes() const { return m_state.pendingBytes; }
    QString errorString() const { return m_state.errorString; }

Q_SIGNALS:
    void committed(quint64 ticket);
    void storeFailed(const QString &error);
    void storeRecovered();
    void writeFailed(const QString &error); // an outcome could not be written
    void fullChanged(bool full);
    void requeued(); // dead letters were put back to pending (see takeRequeuedRanges())

private:
    friend class OutboxWorker;

    // What the thread reports after it wrote.
    struct State
    {
        quint64 serial = 0; // a later report has a higher one
        quint64 committedTicket = 0;
        bool storeFailing = false;
        bool full = false;
        qint64 pendingMessages = 0;
        qint64 pendingBytes = 0;
        QString errorString;
    };
    struct Group
    {
        quint64 ticket = 0;
        qint64 messages = 0;
        qint64 bytes = 0;
    };

    void callBlocking(const std::function<void(Outbox &)> &function);
    // Runs read on the thread unless a group is waiting to be stored (then
    // what it would read is not all written); false then or when read fails.
    bool readWritten(const std::function<bool(Outbox &)> &read);
    // Runs function on the thread and returns the state after it. Blocks.
    State runOnThread(const std::function<void()> &function);
    // One write for the thread, in the order given.
    struct Write
    {
        quint64 ticket = 0; // a group to store when not 0
        QList<Intake> items;
        Outbox::Ids first;
        QDateTime notBefore;
        std::function<bool(Outbox &)> write; // an outcome when ticket is 0
    };

    void push(Write &&write);
    void post(std::function<bool(Outbox &)> function);
    void apply(const State &state);

    bool lock(const QueueConfig &config, QString *error);

    QThread m_thread;
    std::unique_ptr<QLockFile> m_lock; // a disk queue's, while open
    OutboxWorker *m_worker = nullptr;  // lives on m_thread
    bool m_open = false;
    bool m_durable = false;
    std::chrono::milliseconds m_retryInterval = std::chrono::seconds(5);
    Outbox::Ids m_nextIds;
    quint64 m_nextTicket = 1;
    std::deque<Group> m_uncommitted; // by ticket
    qint64 m_uncommittedMessages = 0;
    qint64 m_uncommittedBytes = 0;
    bool m_storeFailing = false;
    State m_state;
};

} // namespace mqhook
