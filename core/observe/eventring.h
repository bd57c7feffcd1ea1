#pragma once

#include "observe/event.h"

#include <QObject>

#include <atomic>
#include <mutex>
#include <vector>

namespace mqhook {

// The most recent events, bounded by a capacity, shared by every reader: the
// admin endpoint's SSE clients (on the admin thread), `mqhook tail` through
// them, and the desktop's live views. Appending never waits for a reader;
// a reader that falls behind by more than the capacity loses the oldest
// events, and only that reader: read() tells it how many it missed.
//
// Thread-safe. append() is meant for one producer (the bridge's thread).
class EventRing : public QObject
{
    Q_OBJECT

public:
    explicit EventRing(int capacity = 10000, QObject *parent = nullptr);

    int capacity() const;
    void setCapacity(int capacity); // drops the oldest when smaller

    // Stores the event with the next sequence number and returns it.
    quint64 append(Event event);

    struct Batch
    {
        QList<Event> events; // seq > after, oldest first, at most max
        qint64 dropped = 0;  // events after `after` no longer held
        quint64 last = 0;    // seq of the last event in events, or `after`
    };
    // The events after sequence number `after`; 0: from the oldest held,
    // none counted as dropped (a new reader). When some were dropped and max
    // is 0, last is the newest dropped one.
    // An `after` beyond lastSeq() (say, from before a restart) gets nothing.
    Batch read(quint64 after, int max = 1000) const;

    quint64 lastSeq() const;  // 0 when nothing was appended yet
    quint64 firstSeq() const; // oldest still held; lastSeq() + 1 when empty

signals:
    // Something was appended: emitted at most once per event-loop turn of
    // the producer's thread, so readers can read in batches. Only while
    // connected: a reader reads what is there once it has connected.
    void appended();

private:
    void notify();
    void keepNewest(std::size_t count); // with m_mutex held

    mutable std::mutex m_mutex;
    // A circular buffer: m_slots[m_head] holds seq m_first, the next ones
    // follow. Until it first fills up, m_head is 0 and m_slots grows.
    std::vector<Event> m_slots;
    std::size_t m_capacity = 0;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
    quint64 m_first = 1;
    std::atomic<bool> m_notifyQueued = false;
};

} // namespace mqhook
