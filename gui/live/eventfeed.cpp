#include "eventfeed.h"

#include "observe/eventring.h"

namespace mqhook {

namespace {

// One read of the ring hands out at most this many; a feed that is further
// behind reads the rest in the same poll.
constexpr int readLimit = 5000;

} // namespace

EventFeed::EventFeed(std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &EventFeed::schedule);
}

void EventFeed::setRing(EventRing *ring)
{
    if (ring == m_ring)
        return;
    disconnect(m_appended);
    disconnect(m_destroyed);
    m_timer.stop();
    m_ring = ring;
    m_last = 0;
    if (ring) {
        m_appended = connect(ring, &EventRing::appended, this, &EventFeed::schedule);
        m_destroyed = connect(ring, &QObject::destroyed, this, [this] {
            m_ring = nullptr;
            m_timer.stop();
            emit ringChanged(nullptr);
        });
    }
    emit ringChanged(ring);
    if (ring)
        poll();
}

void EventFeed::setInterval(std::chrono::milliseconds interval)
{
    m_interval = std::max(interval, std::chrono::milliseconds(1));
}

void EventFeed::schedule()
{
    if (!m_ring)
        return;
    const Clock::TimePoint now = m_clock->monotonicNow();
    const Clock::TimePoint due = m_lastRead + m_interval;
    if (now >= due) {
        poll();
        return;
    }
    // The timer only wakes the feed: the clock says whether it is time.
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(due - now);
    if (!m_timer.isActive())
        m_timer.start(std::clamp(wait, std::chrono::milliseconds(1), m_interval));
}

void EventFeed::poll()
{
    m_timer.stop();
    if (!m_ring)
        return;
    m_lastRead = m_clock->monotonicNow();
    QList<Event> events;
    qint64 dropped = 0;
    for (;;) {
        EventRing::Batch batch = m_ring->read(m_last, readLimit);
        dropped += batch.dropped;
        m_last = batch.last;
        const bool more = batch.events.size() == readLimit;
        if (events.isEmpty())
            events = std::move(batch.events);
        else
            events.append(batch.events);
        if (!more)
            break;
    }
    if (events.isEmpty() && dropped == 0)
        return;
    ++m_batches;
    emit eventsRead(events, dropped);
}

} // namespace mqhook
