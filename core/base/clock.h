#pragma once

#include <QDateTime>

namespace mqhook {

// What time it is, as a collaborator: tests hand in a clock they move by hand.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC
};

// The real clock.
class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

} // namespace mqhook
