#include "outboxthread.h"

#include "base/logcategories.h"

#include <QDir>
#include <QTimer>

#include <algorithm>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

// The taken groups whose delivery times are watched while groups are not held.
constexpr std::size_t maxTaken = 256;

// A dead-letter request's result: the value, or the store's error.
template<typename T>
QueueResult<T> resultOf(std::optional<T> value, const DeadLetterStore &store)
{
    QueueResult<T> result;
    if (value)
        result.value = std::move(*value);
    else
        result.error = QueueError(store.error(), store.errorString());
    return result;
}

// One dead letter changed, or none with the error.
QueueResult<qint64> resultOf(bool changed, const DeadLetterStore &store)
{
    return resultOf(changed ? std::optional<qint64>(1) : std::nullopt, store);
}

} // namespace

// Lives on the outbox thread and owns the Outbox there. drain() takes the
// writes that are due from the owner's m_incoming and does them in order;
// what it could not do yet (storing failed) waits in m_writes.
class OutboxWorker : public QObject
{
public:
    using Write = OutboxThread::Write;

    explicit OutboxWorker(OutboxThread *owner)
        : m_owner(owner)
        , m_outbox(new Outbox(owner->m_clock, this))
        , m_retryTimer(new QTimer(this))
        , m_delayTimer(new QTimer(this))
    {
        m_retryTimer->setSingleShot(true);
        m_retryTimer->setInterval(5s);
        connect(m_retryTimer, &QTimer::timeout, this, [this] {
            m_outbox->clearError();
            m_halted = false;
            drain();
        });
        m_delayTimer->setSingleShot(true);
        m_delayTimer->setTimerType(Qt::PreciseTimer);
        connect(m_delayTimer, &QTimer::timeout, this, [this] { drain(); });
        connect(m_outbox, &Outbox::requeued, this, [this] {
            QMetaObject::invokeMethod(
                m_owner, [owner = m_owner] { emit owner->requeued(); }, Qt::QueuedConnection);
        });
    }

    Outbox &outbox() { return *m_outbox; }
    bool isHalted() const { return m_halted; }
    void setRetryInterval(std::chrono::milliseconds interval)
    {
        m_retryTimer->setInterval(interval);
    }

    // force: also the groups still within their store delay.
    void drain(bool force = false)
    {
        if (!m_halted)
            take(force);
        bool wrote = false;
        while (!m_halted && !m_writes.empty()) {
            wrote = true;
            if (!m_writes.front().isGroup()) {
                const Write write = std::move(m_writes.front());
                m_writes.pop_front();
                if (!write.write(*m_outbox)) {
                    QMetaObject::invokeMethod(
                        m_owner,
                        [owner = m_owner, error = m_outbox->errorString()] {
                            emit owner->writeFailed(error);
                        },
                        Qt::QueuedConnection);
                }
                continue;
            }
            const Write &first = m_writes.front();
            std::size_t groups = 1;
            QList<Intake> items = first.items;
            std::vector<bool> delivered = first.delivered;
            for (; groups < m_writes.size() && m_writes[groups].isGroup(); ++groups) {
                const Write &next = m_writes[groups];
                items.append(next.items);
                delivered.insert(delivered.end(), next.delivered.begin(), next.delivered.end());
            }
            if (!m_outbox->storeAt(items, first.first, first.notBefore, delivered)) {
                m_halted = true;
                m_retryTimer->start();
                break;
            }
            m_committed = m_writes[groups - 1].ticket;
            m_writes.erase(m_writes.begin(), m_writes.begin() + qsizetype(groups));
        }
        if (wrote)
            report();
    }

    // The last try before closing: what cannot be stored now is not
    // acknowledged, so the brokers keep it.
    void finish()
    {
        m_retryTimer->stop();
        m_delayTimer->stop();
        if (m_halted) {
            m_outbox->clearError();
            m_halted = false;
        }
        drain(true);
        if (!m_writes.empty()) {
            qCCritical(lcQueue,
                       "Closing the outbox with %zu write(s) it could not do: the messages are "
                       "not acknowledged, outcomes not written are sent again on the next start",
                       m_writes.size());
        }
        m_writes.clear();
        m_retryTimer->stop();
        m_delayTimer->stop();
        m_outbox->close();
    }

    OutboxThread::State state()
    {
        OutboxThread::State state;
        state.serial = ++m_serial;
        state.committedTicket = m_committed;
        state.storeFailing = m_halted;
        state.full = m_outbox->isFull();
        state.pendingMessages = m_outbox->pendingMessages();
        state.pendingBytes = m_outbox->pendingBytes();
        state.pendingDeliveries = m_outbox->pendingDeliveries();
        state.errorString = m_outbox->errorString();
        return state;
    }

private:
    // Moves the writes that are due from the owner to m_writes: all of them
    // up to the first group that waits for its deliveries within its store
    // delay; the delay timer fires when that group is due.
    void take(bool force)
    {
        const auto now = std::chrono::steady_clock::now();
        QMutexLocker locker(&m_owner->m_mutex);
        m_owner->m_wakeScheduled = false;
        std::deque<Write> &incoming = m_owner->m_incoming;
        while (!incoming.empty()) {
            Write &write = incoming.front();
            if (write.isGroup() && !write.allDelivered() && m_owner->m_holding) {
                const auto due = write.givenAt + m_owner->m_storeDelay;
                if (now < due && !force) {
                    m_delayTimer->start(std::chrono::ceil<std::chrono::milliseconds>(due - now));
                    return;
                }
                // Its deliveries are late: the next groups do not wait for theirs.
                m_owner->m_holding = now < due;
            }
            if (write.isGroup() && !m_owner->m_holding) {
                m_owner->m_taken.push_back({write.first.deliveryId, write.givenAt});
                if (m_owner->m_taken.size() > maxTaken)
                    m_owner->m_taken.pop_front();
            }
            m_writes.push_back(std::move(write));
            incoming.pop_front();
        }
    }

    void report()
    {
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, state = state()] { owner->apply(state); },
            Qt::QueuedConnection);
    }

    OutboxThread *m_owner;
    Outbox *m_outbox;     // child
    QTimer *m_retryTimer; // child
    QTimer *m_delayTimer; // child
    std::deque<Write> m_writes;
    bool m_halted = false;
    quint64 m_committed = 0;
    quint64 m_serial = 0;
};

OutboxThread::OutboxThread(std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    m_thread.setObjectName(QStringLiteral("outbox"));
}

OutboxThread::~OutboxThread()
{
    close();
}

QString OutboxThread::lockFileName()
{
    return QStringLiteral("outbox.lock");
}

bool OutboxThread::lock(const QueueConfig &config)
{
    if (config.mode != QueueMode::Disk)
        return true;
    const QString dir = QDir(config.dir).absolutePath();
    if (!QDir().mkpath(dir))
        return true; // Outbox::open() says why
    auto lockFile = std::make_unique<QLockFile>(dir + QLatin1Char('/') + lockFileName());
    lockFile->setStaleLockTime(0); // a lock is stale only when its process is gone
    if (lockFile->tryLock(0)) {
        m_lock = std::move(lockFile);
        return true;
    }
    QString message;
    qint64 pid = 0;
    QString host;
    QString application;
    if (lockFile->error() == QLockFile::LockFailedError &&
        lockFile->getLockInfo(&pid, &host, &application)) {
        message = tr("The queue folder %1 is in use by another mqhook (process %2 on %3): one "
                     "service per queue folder")
                      .arg(QDir::toNativeSeparators(dir))
                      .arg(pid)
                      .arg(host);
    } else {
        message =
            tr("Cannot lock the queue folder %1 (%2)")
                .arg(QDir::toNativeSeparators(dir), QDir::toNativeSeparators(lockFile->fileName()));
    }
    m_state.errorString = message;
    return false;
}

bool OutboxThread::open(const QueueConfig &config)
{
    if (m_open) {
        m_state.errorString = tr("The outbox is already open");
        return false;
    }
    if (!lock(config))
        return false;
    m_worker = new OutboxWorker(this);
    m_worker->setRetryInterval(m_retryInterval);
    m_worker->moveToThread(&m_thread);
    m_thread.start();

    bool ok = false;
    QString openError;
    Outbox::Ids ids;
    State state;
    QMetaObject::invokeMethod(
        m_worker,
        [&] {
            Outbox &outbox = m_worker->outbox();
            ok = outbox.open(config);
            openError = outbox.errorString();
            ids = outbox.nextIds();
            state = m_worker->state();
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
        m_worker = nullptr;
        m_lock.reset();
        m_state.errorString = openError;
        return false;
    }
    m_open = true;
    m_nextIds = ids;
    apply(state);
    {
        const QMutexLocker locker(&m_mutex);
        m_requests = m_worker;
    }
    return true;
}

void OutboxThread::close()
{
    if (!m_open)
        return;
    {
        // Requests given before run before finish() below; later ones are refused.
        const QMutexLocker locker(&m_mutex);
        m_requests = nullptr;
    }
    const State state = runOnThread([this] { m_worker->finish(); });
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has finished
    m_worker = nullptr;
    m_lock.reset();
    m_open = false;
    m_state = state; // quietly: this runs from destructors too
    {
        const QMutexLocker locker(&m_mutex);
        m_incoming.clear(); // finish() took everything
        m_wakeScheduled = false;
        m_holding = true;
        m_taken.clear();
    }
    m_storeFailing = false;
    m_uncommitted.clear();
    m_uncommittedMessages = 0;
    m_uncommittedBytes = 0;
}

void OutboxThread::setRetryInterval(std::chrono::milliseconds interval)
{
    m_retryInterval = interval;
    if (m_worker) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, interval] { worker->setRetryInterval(interval); },
            Qt::QueuedConnection);
    }
}

void OutboxThread::setStoreDelay(std::chrono::milliseconds delay)
{
    const QMutexLocker locker(&m_mutex);
    m_storeDelay = delay;
}

OutboxThread::Accepted OutboxThread::enqueue(const QList<Intake> &items)
{
    Accepted accepted;
    if (!m_open)
        return accepted;
    accepted.ticket = m_nextTicket++;
    const QDateTime notBefore =
        QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    accepted.deliveries = Outbox::deliveriesOf(items, m_nextIds, notBefore);
    const Outbox::Ids next = Outbox::nextIdsAfter(items, m_nextIds);

    Group group;
    group.ticket = accepted.ticket;
    group.messages = next.messageSeq - m_nextIds.messageSeq; // those with a target
    for (const Intake &item : items) {
        if (!item.targets.isEmpty())
            group.bytes += item.message.payload.size();
    }
    m_uncommittedMessages += group.messages;
    m_uncommittedBytes += group.bytes;
    m_uncommitted.push_back(group);

    Write write;
    write.ticket = accepted.ticket;
    write.items = items;
    write.first = m_nextIds;
    write.notBefore = notBefore;
    write.givenAt = std::chrono::steady_clock::now();
    write.delivered.assign(std::size_t(next.deliveryId - m_nextIds.deliveryId), false);
    m_nextIds = next;
    push(std::move(write));
    return accepted;
}

quint64 OutboxThread::waitForWrites()
{
    callBlocking([](Outbox &) {});
    return m_state.committedTicket;
}

void OutboxThread::push(Write &&write)
{
    const QMutexLocker locker(&m_mutex);
    // When others wait, the thread is already woken or waits for the first
    // one's store delay: this one is taken after it.
    const bool first = m_incoming.empty();
    m_incoming.push_back(std::move(write));
    if (first)
        wakeWorker();
}

void OutboxThread::wakeWorker()
{
    if (m_wakeScheduled)
        return;
    m_wakeScheduled = true;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->drain(); }, Qt::QueuedConnection);
}

bool OutboxThread::finishUnstored(qint64 id)
{
    const QMutexLocker locker(&m_mutex);
    bool earlierDelivered = true; // every group before this one
    for (Write &write : m_incoming) {
        if (!write.isGroup())
            continue;
        const qint64 index = id - write.first.deliveryId;
        if (index < 0)
            break; // groups come in id order: its group was taken
        if (index >= qint64(write.delivered.size())) {
            earlierDelivered = earlierDelivered && write.allDelivered();
            continue;
        }
        if (!write.delivered[std::size_t(index)]) {
            write.delivered[std::size_t(index)] = true;
            ++write.deliveredCount;
            // Nothing of it is left to store: committed once the thread takes it.
            if (earlierDelivered && write.allDelivered())
                wakeWorker();
        }
        return true;
    }
    if (!m_holding && m_storeDelay > 0ms)
        noteDeliveryTime(id);
    return false;
}

void OutboxThread::noteDeliveryTime(qint64 id)
{
    const auto after = std::upper_bound(
        m_taken.cbegin(), m_taken.cend(), id,
        [](qint64 value, const Taken &taken) { return value < taken.firstDeliveryId; });
    if (after == m_taken.cbegin())
        return; // older than any watched
    const Taken &taken = *std::prev(after);
    if (std::chrono::steady_clock::now() - taken.givenAt > m_storeDelay)
        return;
    m_holding = true;
    m_taken.clear();
}

void OutboxThread::post(std::function<bool(Outbox &)> function)
{
    if (!m_open)
        return;
    Write write;
    write.write = std::move(function);
    push(std::move(write));
}

void OutboxThread::markSucceeded(const QList<qint64> &ids)
{
    QList<qint64> stored;
    for (const qint64 id : ids) {
        if (!finishUnstored(id))
            stored.append(id);
    }
    if (!stored.isEmpty())
        post([stored](Outbox &outbox) { return outbox.markSucceeded(stored); });
}

void OutboxThread::recordAttempts(const QList<RetryUpdate> &updates)
{
    if (!updates.isEmpty())
        post([updates](Outbox &outbox) { return outbox.recordAttempts(updates); });
}

void OutboxThread::markDead(const QList<DeadUpdate> &updates)
{
    if (!updates.isEmpty())
        post([updates](Outbox &outbox) { return outbox.markDead(updates); });
}

quint64 OutboxThread::readPending(const QString &route, const QString &target, qint64 afterId,
                                  int limit)
{
    if (!m_open)
        return 0;
    const quint64 request = m_nextRead++;
    post([this, request, route, target, afterId, limit](Outbox &outbox) {
        std::optional<QList<QueuedDelivery>> slice =
            outbox.loadPending(route, target, afterId, limit);
        const QString error = slice ? QString() : outbox.errorString();
        QMetaObject::invokeMethod(
            this,
            [this, request, deliveries = std::move(slice).value_or(QList<QueuedDelivery>()),
             error] { emit pendingRead(request, deliveries, error); },
            Qt::QueuedConnection);
        return true; // a read failure is announced with the slice
    });
    return request;
}

std::optional<QList<QueuedDelivery>>
OutboxThread::loadPending(const QString &route, const QString &target, qint64 afterId, int limit)
{
    return readWritten<QList<QueuedDelivery>>(
        [&](Outbox &outbox) { return outbox.loadPending(route, target, afterId, limit); });
}

std::optional<QList<PendingRange>> OutboxThread::pendingRanges()
{
    return readWritten<QList<PendingRange>>([](Outbox &outbox) { return outbox.pendingRanges(); });
}

template<typename T>
std::optional<T> OutboxThread::readWritten(const std::function<std::optional<T>(Outbox &)> &read)
{
    std::optional<T> result;
    callBlocking([&](Outbox &outbox) {
        if (!m_worker->isHalted())
            result = read(outbox);
    });
    return result;
}

std::optional<QList<PendingRange>> OutboxThread::takeRequeuedRanges()
{
    return call([](Outbox &outbox) { return outbox.takeRequeuedRanges(); });
}

template<typename T>
quint64 OutboxThread::requestDeadLetters(std::function<QueueResult<T>(DeadLetterStore &)> request,
                                         void (OutboxThread::*done)(quint64,
                                                                    const QueueResult<T> &))
{
    const QMutexLocker locker(&m_mutex);
    if (!m_requests)
        return 0;
    const quint64 number = m_nextDeadLetterRequest++;
    // Not through m_incoming: a request waits for no write.
    QMetaObject::invokeMethod(
        m_requests,
        [this, worker = m_requests, number, request = std::move(request), done] {
            QueueResult<T> result = request(worker->outbox().deadLetters());
            QMetaObject::invokeMethod(
                this,
                [this, number, done, result = std::move(result)] {
                    emit(this->*done)(number, result);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return number;
}

quint64 OutboxThread::readDeadLetters(qint64 afterId, int limit)
{
    return requestDeadLetters<DeadLetterPage>(
        [afterId, limit](DeadLetterStore &store) {
            return resultOf(store.page(afterId, limit), store);
        },
        &OutboxThread::deadLettersRead);
}

quint64 OutboxThread::readDeadLetter(qint64 id)
{
    return requestDeadLetters<DeadLetter>(
        [id](DeadLetterStore &store) { return resultOf(store.find(id), store); },
        &OutboxThread::deadLetterRead);
}

quint64 OutboxThread::retryDeadLetter(qint64 id)
{
    return requestDeadLetters<qint64>(
        [id](DeadLetterStore &store) { return resultOf(store.retry(id), store); },
        &OutboxThread::deadLettersChanged);
}

quint64 OutboxThread::retryAllDeadLetters()
{
    return requestDeadLetters<qint64>(
        [](DeadLetterStore &store) { return resultOf(store.retryAll(), store); },
        &OutboxThread::deadLettersChanged);
}

quint64 OutboxThread::removeDeadLetter(qint64 id)
{
    return requestDeadLetters<qint64>(
        [id](DeadLetterStore &store) { return resultOf(store.remove(id), store); },
        &OutboxThread::deadLettersChanged);
}

void OutboxThread::callBlocking(const std::function<void(Outbox &)> &function)
{
    if (!m_open)
        return;
    apply(runOnThread([&] {
        m_worker->drain(true);
        function(m_worker->outbox());
    }));
}

OutboxThread::State OutboxThread::runOnThread(const std::function<void()> &function)
{
    State state;
    QMetaObject::invokeMethod(
        m_worker,
        [&] {
            function();
            state = m_worker->state();
        },
        Qt::BlockingQueuedConnection);
    return state;
}

void OutboxThread::apply(const State &state)
{
    // Reports can arrive after a newer one was read by a blocking call.
    if (state.serial <= m_state.serial)
        return;
    const bool wasFull = m_state.full;
    const quint64 wasCommitted = m_state.committedTicket;
    m_state = state;

    while (!m_uncommitted.empty() && m_uncommitted.front().ticket <= state.committedTicket) {
        m_uncommittedMessages -= m_uncommitted.front().messages;
        m_uncommittedBytes -= m_uncommitted.front().bytes;
        m_uncommitted.pop_front();
    }
    if (state.full != wasFull)
        emit fullChanged(state.full);
    if (state.committedTicket != wasCommitted)
        emit committed(state.committedTicket);
    if (state.storeFailing != m_storeFailing) {
        m_storeFailing = state.storeFailing;
        if (m_storeFailing)
            emit storeFailed(state.errorString);
        else
            emit storeRecovered();
    }
}

} // namespace mqhook
