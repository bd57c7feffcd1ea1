#pragma once

#include "base/clock.h"

#include <QMutex>
#include <QMutexLocker>

#include <chrono>

namespace mqhook::test {

// A clock whose wall time and monotonic time both stand still until the
// test moves them, together: for units that pace themselves by the
// monotonic clock (the live views' batches), driven in simulated time.
class SteppedClock final : public Clock
{
public:
    explicit SteppedClock(const QDateTime &now)
        : m_now(now.toUTC())
    {}

    QDateTime now() const override
    {
        QMutexLocker locker(&m_mutex);
        return m_now;
    }

    TimePoint monotonicNow() const override
    {
        QMutexLocker locker(&m_mutex);
        return m_monotonic;
    }

    void advance(std::chrono::milliseconds by)
    {
        QMutexLocker locker(&m_mutex);
        m_now = m_now.addMSecs(by.count());
        m_monotonic += by;
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
    TimePoint m_monotonic{std::chrono::hours(1)};
};

} // namespace mqhook::test
