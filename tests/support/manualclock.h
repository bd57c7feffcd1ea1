#pragma once

#include "base/clock.h"

#include <QMutex>
#include <QMutexLocker>

#include <chrono>

namespace mqhook::test {

// A clock that stands still until the test moves it. Safe to read from several threads.
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
