#pragma once

#include "base/clock.h"
#include "observe/event.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

namespace mqhook {

// Messages per second received and delivered, and the delivery latency's
// median and 99th percentile, second by second over the last minutes, from
// the events (by the time each event happened).
class RateSeries : public QObject
{
    Q_OBJECT

public:
    struct Point
    {
        qint64 second = 0; // since the epoch, UTC
        int received = 0;  // messages taken or not routed
        int delivered = 0; // deliveries that succeeded
        int failed = 0;    // attempts that failed (retries and dead letters)
        double p50Ms = 0;  // of the successful deliveries; 0 when there were none
        double p99Ms = 0;
    };

    static constexpr int defaultSeconds = 300;

    explicit RateSeries(std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                        int seconds = defaultSeconds, QObject *parent = nullptr);

    int seconds() const { return m_seconds; }
    // The seconds of the window that are over, oldest first, one per second
    // (seconds without events included).
    QList<Point> points() const;
    void clear();

    // The nearest-rank percentile (0 < p <= 1) of values; 0 when empty.
    static double percentile(std::vector<qint64> values, double p);

public slots:
    void addEvents(const QList<mqhook::Event> &events, qint64 dropped);
    // Closes the seconds that are over (once a second on its own).
    void tick();

signals:
    void updated();

private:
    struct Bucket
    {
        Point point;
        std::vector<qint64> latenciesUs;
        bool closed = false;
    };

    Bucket *bucketAt(qint64 second, qint64 now);
    void trim(qint64 now);

    std::shared_ptr<const Clock> m_clock;
    int m_seconds;
    std::deque<Bucket> m_buckets; // consecutive seconds
    QTimer m_timer;
};

} // namespace mqhook
