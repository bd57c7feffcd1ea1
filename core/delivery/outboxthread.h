#pragma once

#include "config/config.h"
#include "delivery/deadletterstore.h"
#include "delivery/outbox.h"
#include "delivery/outboxtypes.h"
#include "delivery/queueerror.h"

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
#include <optional>
#include <type_traits>
#include <vector>

namespace mqhook {

class OutboxWorker;

// The outbox on a thread of its own, as the service uses it: SQLite's work
// and the fsyncs happen there, never on the event loop that reads the
// brokers. enqueue() hands a group's deliveries out at once, to dispatch
// while the group is stored; committed() says when its messages may be
// acknowledged. Writes happen in the order given, and blocking reads wait
// for them; a group that cannot be stored holds every write after it
// (storeFailed(), storeRecovered()). The counters are as of the last write.
// docs/design/queue.md explains the store delay and the rest.
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
    // False with errorString() on failure.
    bool open(const QueueConfig &config);
    static QString lockFileName();
    // Writes everything still waiting (one more try for a group that could not
    // be stored), closes the outbox and ends the thread. Blocks. Emits
    // nothing: call waitForWrites() first to hear of the last commits.
    void close();
    bool isOpen() const { return m_open; }

    // How often a group that could not be stored is tried again.
    void setRetryInterval(std::chrono::milliseconds interval);
    // How long a group waits for its deliveries before it is stored (see
    // finishUnstored()); 0 stores it as soon as the thread is free.
    void setStoreDelay(std::chrono::milliseconds delay);
    static constexpr std::chrono::milliseconds defaultStoreDelay{2};

    struct Accepted
    {
        quint64 ticket = 0;               // committed(ticket) says it is stored
        QList<QueuedDelivery> deliveries; // as Outbox::deliveriesOf() hands them out
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

    // Reads, as the Outbox functions of the same names; nullopt also while
    // storing fails, as what they would read is not all written.
    std::optional<QList<QueuedDelivery>> loadPending(const QString &route, const QString &target,
                                                     qint64 afterId, int limit);
    std::optional<QList<PendingRange>> pendingRanges();
    std::optional<QList<PendingRange>> takeRequeuedRanges();

    // The service's dead letters, for the admin API and the error view.
    // Callable from any thread. Each request runs on the outbox's thread
    // without waiting for the writes given before it (so also while storing
    // fails), and its result comes with the signal named, which carries the
    // number returned here; 0 when not open, and no signal then. A dead
    // letter retried here goes back to pending as one retried from the
    // command line does: requeued() follows.
    quint64 readDeadLetters(qint64 afterId, int limit); // deadLettersRead()
    quint64 readDeadLetter(qint64 id);                  // deadLetterRead()
    quint64 retryDeadLetter(qint64 id);                 // deadLettersChanged()
    quint64 retryAllDeadLetters();                      // deadLettersChanged()
    quint64 removeDeadLetter(qint64 id);                // deadLettersChanged()

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
    qint64 pendingDeliveries() const { return m_state.pendingDeliveries; }
    QString errorString() const { return m_state.errorString; }

signals:
    void committed(quint64 ticket);
    void storeFailed(const QString &error);
    void storeRecovered();
    void writeFailed(const QString &error); // an outcome could not be written
    void fullChanged(bool full);
    void requeued(); // dead letters were put back to pending (see takeRequeuedRanges())
    // A readPending() slice; error is empty unless reading failed.
    void pendingRead(quint64 request, const QList<mqhook::QueuedDelivery> &deliveries,
                     const QString &error);
    // Results of the dead-letter requests: dead letters with an id above
    // afterId, at most limit, and how many there are; one dead letter; how
    // many went back to pending or were deleted. An id that names no dead
    // letter gives the error NotFound.
    void deadLettersRead(quint64 request,
                         const mqhook::QueueResult<mqhook::DeadLetterPage> &result);
    void deadLetterRead(quint64 request, const mqhook::QueueResult<mqhook::DeadLetter> &result);
    void deadLettersChanged(quint64 request, const mqhook::QueueResult<qint64> &result);

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
        qint64 pendingDeliveries = 0;
        QString errorString;
    };
    struct Group
    {
        quint64 ticket = 0;
        qint64 messages = 0;
        qint64 bytes = 0;
    };

    void callBlocking(const std::function<void(Outbox &)> &function);
    // Runs read on the thread unless storing fails (then what it would read
    // is not all written: nullopt).
    template<typename T>
    std::optional<T> readWritten(const std::function<std::optional<T>(Outbox &)> &read);
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

    bool lock(const QueueConfig &config);
    // Runs request on the worker's DeadLetterStore and emits done with its result.
    template<typename T>
    quint64 requestDeadLetters(std::function<QueueResult<T>(DeadLetterStore &)> request,
                               void (OutboxThread::*done)(quint64, const QueueResult<T> &));

    std::shared_ptr<const Clock> m_clock;
    QThread m_thread;
    std::unique_ptr<QLockFile> m_lock; // a disk queue's, while open
    OutboxWorker *m_worker = nullptr;  // lives on m_thread
    bool m_open = false;
    std::chrono::milliseconds m_retryInterval = std::chrono::seconds(5);

    // Writes given and not yet taken by the thread, oldest first; groups
    // still take finishUnstored() here.
    QMutex m_mutex;
    std::chrono::milliseconds m_storeDelay = defaultStoreDelay; // guarded by m_mutex
    std::deque<Write> m_incoming;                               // guarded by m_mutex
    bool m_wakeScheduled = false;                               // guarded by m_mutex
    bool m_holding = true;               // guarded: groups wait for their deliveries
    std::deque<Taken> m_taken;           // guarded: the latest taken, while not holding
    OutboxWorker *m_requests = nullptr;  // guarded: the worker, while it takes requests
    quint64 m_nextDeadLetterRequest = 1; // guarded
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
