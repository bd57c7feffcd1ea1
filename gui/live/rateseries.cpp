#include "rateseries.h"

#include <algorithm>
#include <cmath>

namespace mqhook {

RateSeries::RateSeries(std::shared_ptr<const Clock> clock, int seconds, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_seconds(std::max(seconds, 2))
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &RateSeries::tick);
    m_timer.start();
}

double RateSeries::percentile(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    const std::size_t rank = std::clamp<std::size_t>(
        std::size_t(std::ceil(p * double(values.size()))), 1, values.size());
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(rank - 1), values.end());
    return double(values[rank - 1]);
}

RateSeries::Bucket *RateSeries::bucketAt(qint64 second, qint64 now)
{
    if (second <= now - m_seconds || second > now + 1)
        return nullptr; // outside the window (or a clock far ahead)
    if (m_buckets.empty()) {
        Bucket bucket;
        bucket.point.second = second;
        m_buckets.push_back(std::move(bucket));
    }
    while (m_buckets.front().point.second > second) {
        Bucket bucket;
        bucket.point.second = m_buckets.front().point.second - 1;
        m_buckets.push_front(std::move(bucket));
    }
    while (m_buckets.back().point.second < second) {
        Bucket bucket;
        bucket.point.second = m_buckets.back().point.second + 1;
        m_buckets.push_back(std::move(bucket));
    }
    return &m_buckets[std::size_t(second - m_buckets.front().point.second)];
}

void RateSeries::addEvents(const QList<Event> &events, qint64)
{
    const qint64 now = m_clock->now().toSecsSinceEpoch();
    for (const Event &event : events) {
        switch (event.kind) {
        case Event::Kind::Taken:
        case Event::Kind::Unrouted:
        case Event::Kind::Delivered:
        case Event::Kind::Retrying:
        case Event::Kind::Dead:
            break;
        default:
            continue;
        }
        Bucket *bucket = bucketAt(event.time.toSecsSinceEpoch(), now);
        if (!bucket)
            continue;
        switch (event.kind) {
        case Event::Kind::Taken:
        case Event::Kind::Unrouted:
            ++bucket->point.received;
            break;
        case Event::Kind::Delivered:
            ++bucket->point.delivered;
            if (bucket->closed) {
                // A late event: fold it into the percentiles already worked out.
                bucket->point.p99Ms =
                    std::max(bucket->point.p99Ms, double(event.latencyUs) / 1000.0);
            } else {
                bucket->latenciesUs.push_back(event.latencyUs);
            }
            break;
        default:
            ++bucket->point.failed;
            break;
        }
    }
}

void RateSeries::trim(qint64 now)
{
    while (!m_buckets.empty() && m_buckets.front().point.second <= now - m_seconds)
        m_buckets.pop_front();
}

void RateSeries::tick()
{
    const qint64 now = m_clock->now().toSecsSinceEpoch();
    bucketAt(now, now); // seconds without events count as zero
    trim(now);
    for (Bucket &bucket : m_buckets) {
        if (bucket.closed || bucket.point.second >= now - 1) // a second of grace for late batches
            continue;
        bucket.point.p50Ms = percentile(bucket.latenciesUs, 0.50) / 1000.0;
        bucket.point.p99Ms = percentile(bucket.latenciesUs, 0.99) / 1000.0;
        bucket.latenciesUs = {};
        bucket.closed = true;
    }
    emit updated();
}

QList<RateSeries::Point> RateSeries::points() const
{
    QList<Point> result;
    for (const Bucket &bucket : m_buckets) {
        if (bucket.closed)
            result.append(bucket.point);
    }
    return result;
}

void RateSeries::clear()
{
    m_buckets.clear();
    emit updated();
}

} // namespace mqhook
