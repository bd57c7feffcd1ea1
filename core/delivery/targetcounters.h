#pragma once

#include <QString>

#include <array>
#include <chrono>

namespace mqhook {

// What one callback address of one subscription has seen so far.
struct TargetCounters
{
    // Upper bounds (inclusive, milliseconds) of the latency buckets; one more
    // bucket counts everything slower than the last bound.
    static constexpr std::array<int, 12> latencyBoundsMs = {5,   10,   25,   50,   100,   250,
                                                            500, 1000, 2500, 5000, 10000, 30000};

    QString route; // the route key, "<client_id>/<app_id>/<app_name>"; filled in by the bridge
    QString address;
    quint64 requests = 0;          // HTTP requests made (a batch is one)
    quint64 succeeded = 0;         // messages delivered
    quint64 retried = 0;           // messages scheduled for another attempt
    quint64 failedPermanently = 0; // messages dead-lettered
    int inFlight = 0;              // messages in requests not yet answered
    int queued = 0;                // messages waiting: due, held back, or until a retry
    std::array<quint64, latencyBoundsMs.size() + 1> latency{}; // requests per bucket

    void recordLatency(std::chrono::milliseconds elapsed)
    {
        std::size_t bucket = 0;
        while (bucket < latencyBoundsMs.size() && elapsed.count() > latencyBoundsMs[bucket])
            ++bucket;
        ++latency[bucket];
    }
};

} // namespace mqhook
