#include "backoffpolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace mqhook {

BackoffPolicy::BackoffPolicy(const RetryBackoff &config, Random random)
    : m_config(config)
    , m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

std::chrono::milliseconds BackoffPolicy::ceiling(int retry) const
{
    const double exponent = std::max(0, retry - 1);
    const double grown =
        double(m_config.initial.count()) * std::pow(std::max(1.0, m_config.multiplier), exponent);
    // Comparing as double first keeps a huge exponent from overflowing.
    const double capped = std::min(grown, double(m_config.max.count()));
    return std::chrono::milliseconds(std::llround(std::max(0.0, capped)));
}

std::chrono::milliseconds BackoffPolicy::delay(int retry) const
{
    const std::chrono::milliseconds bound = ceiling(retry);
    if (!m_config.jitter)
        return bound;
    const double fraction = std::clamp(m_random(), 0.0, 1.0);
    return std::chrono::milliseconds(std::llround(double(bound.count()) * fraction));
}

} // namespace mqhook
