#pragma once

#include "base/clock.h"

#include <QMutex>
#include <QMutexLocker>

#include <chrono>

namespace mqhook::test {

// A wall clock that stands still until the test moves it. Safe to read from
// several threads. Its monotonic time is the system's, so the deadlines of
// requests in flight stay real while the test moves the wall time.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &now)
        : m_now(now.toUTC())
    {}

    QDateTime now() const override
    {
        QMutexLocker locker(&m_mutex);
        return m_now;
    }

    TimePoint monotonicNow() const override { return std::chrono::steady_clock::now(); }

    void setNow(const QDateTime &now)
    {
        QMutexLocker locker(&m_mutex);
        m_now = now.toUTC();
    }

    void advance(std::chrono::milliseconds by)
    {
        QMutexLocker locker(&m_mutex);
        m_now = m_now.addMSecs(by.count());
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};

} // namespace mqhook::test
