#pragma once

#include "config/config.h"
#include "delivery/outbox.h"
#include "delivery/outboxtypes.h"

#include <QDateTime>
#include <QLockFile>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QThread>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <type_traits>
#include <vector>

namespace mqhook {

class OutboxWorker;

// The outbox on a thread of its own, as the service uses it: SQLite's work
// and the fsyncs of intake commits happen there, never on the event loop that
// reads the brokers and runs the HTTP requests.
//
// enqueue() hands a group's deliveries out at once, with ids counted in
// memory (Outbox::nextIds()), so they can be dispatched while their commit is
// on its way; committed() says when it is durable or delivered, and only then
// may the messages be acknowledged. Writes happen in the order they are
// given: an outcome given after an enqueue() is written after that group.
// Groups that wait for the thread are stored in one transaction.
//
// A group waits up to the store delay before it is stored. Deliveries that
// succeed meanwhile (finishUnstored()) are never written, and a group whose
// deliveries all succeeded is committed without touching the disk: with a
// healthy endpoint the queue costs next to nothing. Once a group's
// deliveries come too late, groups are stored at once (a backlog, a slow
// endpoint: the acknowledgements must not wait) until a delivery is in time
// again.
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
    // The outbox reads the time from clock.
    explicit OutboxThread(std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                          QObject *parent = nullptr);
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
    // How long a group waits for its deliveries before it is stored (see
    // finishUnstored()); 0 stores it as soon as the thread is free.
    void setStoreDelay(std::chrono::milliseconds delay);
    static constexpr std::chrono::milliseconds defaultStoreDelay{2};

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

    // A delivery that succeeded: true when its group was not yet taken to be
    // stored, so it never will be (nor its message, once all of its
    // deliveries are). False otherwise: give it to markSucceeded().
    bool finishUnstored(qint64 id);

    // Outcomes; a failure is announced by writeFailed(). markSucceeded()
    // finishes what it can as finishUnstored() and writes the rest.
    void markSucceeded(const QList<qint64> &ids);
    void recordAttempts(const QList<RetryUpdate> &updates);
    void markDead(const QList<DeadUpdate> &updates);

    // Reads a slice as loadPending() below does, without blocking: on the
    // thread, once everything given before it is written (while storing
    // fails, it waits), and announces it with pendingRead(request, ...).
    // Returns the request's number; 0 (and no signal) when not open.
    quint64 readPending(const QString &route, const QString &target, qint64 afterId, int limit);

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
    // A readPending() slice; error is empty unless reading failed.
    void pendingRead(quint64 request, const QList<mqhook::QueuedDelivery> &deliveries,
                     const QString &error);

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
        std::chrono::steady_clock::time_point givenAt;
        std::vector<bool> delivered;         // by delivery: finished unstored
        std::size_t deliveredCount = 0;      // of them true
        std::function<bool(Outbox &)> write; // an outcome when ticket is 0

        bool isGroup() const { return ticket != 0; }
        bool allDelivered() const { return deliveredCount == delivered.size(); }
    };

    // A group the thread took, while its deliveries may still come in time.
    struct Taken
    {
        qint64 firstDeliveryId = 0;
        std::chrono::steady_clock::time_point givenAt;
    };

    void push(Write &&write);
    void wakeWorker(); // with m_mutex held
    // With m_mutex held: holds groups again when the delivery of id, of a
    // group already taken, came within the store delay.
    void noteDeliveryTime(qint64 id);
    void post(std::function<bool(Outbox &)> function);
    void apply(const State &state);

    bool lock(const QueueConfig &config, QString *error);

    std::shared_ptr<const Clock> m_clock;
    QThread m_thread;
    std::unique_ptr<QLockFile> m_lock; // a disk queue's, while open
    OutboxWorker *m_worker = nullptr;  // lives on m_thread
    bool m_open = false;
    bool m_durable = false;
    std::chrono::milliseconds m_retryInterval = std::chrono::seconds(5);

    // Writes given and not yet taken by the thread, oldest first; groups
    // still take finishUnstored() here.
    QMutex m_mutex;
    std::chrono::milliseconds m_storeDelay = defaultStoreDelay; // guarded by m_mutex
    std::deque<Write> m_incoming;                               // guarded by m_mutex
    bool m_wakeScheduled = false;                               // guarded by m_mutex
    bool m_holding = true;     // guarded: groups wait for their deliveries
    std::deque<Taken> m_taken; // guarded: the latest taken, while not holding
    Outbox::Ids m_nextIds;
    quint64 m_nextTicket = 1;
    quint64 m_nextRead = 1;
    std::deque<Group> m_uncommitted; // by ticket
    qint64 m_uncommittedMessages = 0;
    qint64 m_uncommittedBytes = 0;
    bool m_storeFailing = false;
    State m_state;
};

} // namespace mqhook
