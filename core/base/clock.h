#pragma once

#include <QDateTime>

#include <chrono>

namespace mqhook {

// What time it is, as a collaborator: the system's clock in the service, a
// clock the test moves by hand in tests. One instance serves every unit; it
// is read from several threads.
class Clock
{
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    virtual ~Clock() = default;
    // Wall time, UTC: what is stored and shown (receive, attempt, retry and
    // dead-letter times).
    virtual QDateTime now() const = 0;
    // Monotonic time, for durations and deadlines: it never jumps when the
    // wall clock is set.
    virtual TimePoint monotonicNow() const = 0;
};

// The real clock.
class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    TimePoint monotonicNow() const override { return std::chrono::steady_clock::now(); }
};

} // namespace mqhook
