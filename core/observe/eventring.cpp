#include "eventring.h"

#include <QMetaMethod>
#include <QMetaObject>

#include <algorithm>

namespace mqhook {

EventRing::EventRing(int capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(std::size_t(std::max(capacity, 1)))
{}

int EventRing::capacity() const
{
    std::lock_guard lock(m_mutex);
    return int(m_capacity);
}

void EventRing::setCapacity(int capacity)
{
    std::lock_guard lock(m_mutex);
    const std::size_t wanted = std::size_t(std::max(capacity, 1));
    if (wanted == m_capacity)
        return;
    m_capacity = wanted;
    keepNewest(std::min(m_size, wanted));
}

void EventRing::keepNewest(std::size_t count)
{
    // Rebuilt in order from index 0, so the buffer grows again as before.
    std::vector<Event> kept;
    kept.reserve(count);
    const std::size_t skip = m_size - count;
    for (std::size_t i = skip; i < m_size; ++i)
        kept.push_back(std::move(m_slots[(m_head + i) % m_slots.size()]));
    m_slots = std::move(kept);
    m_head = 0;
    m_size = count;
    m_first += skip;
}

quint64 EventRing::append(Event event)
{
    quint64 seq = 0;
    {
        std::lock_guard lock(m_mutex);
        seq = m_first + m_size;
        event.seq = seq;
        if (m_size < m_capacity) {
            // Grows by doubling, never past the capacity.
            if (m_slots.size() == m_slots.capacity())
                m_slots.reserve(std::min(m_capacity, std::max<std::size_t>(64, 2 * m_size)));
            m_slots.push_back(std::move(event));
            ++m_size;
        } else {
            // Full: the new event takes the oldest one's slot.
            m_slots[m_head] = std::move(event);
            m_head = (m_head + 1) % m_capacity;
            ++m_first;
        }
    }
    notify();
    return seq;
}

void EventRing::notify()
{
    // Nothing posted while no one listens (a reader reads once when it
    // connects); then one queued call per turn of the event loop, however
    // many appends.
    static const QMetaMethod appendedSignal = QMetaMethod::fromSignal(&EventRing::appended);
    if (!isSignalConnected(appendedSignal) || m_notifyQueued.exchange(true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_notifyQueued = false;
            emit appended();
        },
        Qt::QueuedConnection);
}

EventRing::Batch EventRing::read(quint64 after, int max) const
{
    Batch batch;
    batch.last = after;
    std::lock_guard lock(m_mutex);
    if (after > 0 && m_first > after + 1) {
        batch.dropped = qint64(m_first - 1 - after);
        batch.last = m_first - 1;
    }
    const quint64 from = std::max(after + 1, m_first);
    const quint64 end = m_first + m_size; // one past the newest
    if (from >= end || max <= 0)
        return batch;
    const std::size_t count = std::size_t(std::min<quint64>(end - from, quint64(max)));
    batch.events.reserve(qsizetype(count));
    const std::size_t start = m_head + std::size_t(from - m_first);
    for (std::size_t i = 0; i < count; ++i)
        batch.events.append(m_slots[(start + i) % m_slots.size()]);
    batch.last = batch.events.constLast().seq;
    return batch;
}

quint64 EventRing::lastSeq() const
{
    std::lock_guard lock(m_mutex);
    return m_first + m_size - 1;
}

quint64 EventRing::firstSeq() const
{
    std::lock_guard lock(m_mutex);
    return m_first;
}

} // namespace mqhook
