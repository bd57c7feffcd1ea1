#pragma once

#include "base/clock.h"
#include "observe/event.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

namespace mqhook {

class EventRing;

// Reads the events of a ring for the live views, in batches: at most once
// per interval (by the clock), however often the ring says it was appended
// to, so that the views insert rows and repaint a few times a second at any
// message rate. Every view of the window reads the same batches.
class EventFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultInterval{100};

    explicit EventFeed(std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                       QObject *parent = nullptr);

    // Reads ring from its oldest event on; nullptr stops reading (what the
    // views show stays). A ring that is destroyed is let go of.
    void setRing(EventRing *ring);
    EventRing *ring() const { return m_ring; }

    std::chrono::milliseconds interval() const { return m_interval; }
    void setInterval(std::chrono::milliseconds interval);

    // How many batches were read, for the views' counters.
    quint64 batchCount() const { return m_batches; }

public slots:
    // Reads what is there now, without waiting for the interval.
    void poll();

signals:
    // The events read, oldest first; dropped: how many the ring no longer
    // held when they were due (the views missed them).
    void eventsRead(const QList<mqhook::Event> &events, qint64 dropped);
    // A new ring (or none): what was read before came from another source.
    void ringChanged(mqhook::EventRing *ring);

private:
    void schedule();

    std::shared_ptr<const Clock> m_clock;
    EventRing *m_ring = nullptr;
    QMetaObject::Connection m_appended;
    QMetaObject::Connection m_destroyed;
    quint64 m_last = 0;
    std::chrono::milliseconds m_interval = defaultInterval;
    Clock::TimePoint m_lastRead{};
    QTimer m_timer;
    quint64 m_batches = 0;
};

} // namespace mqhook
