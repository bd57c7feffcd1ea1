#pragma once

#include "config/config.h"

#include <chrono>
#include <functional>

namespace mqhook {

// Exponential backoff with full jitter: retry n waits a uniform random time in
// [0, min(max, initial * multiplier^(n-1))], or exactly that bound when jitter
// is off.
class BackoffPolicy
{
public:
    using Random = std::function<double()>; // uniform in [0, 1)

    explicit BackoffPolicy(const RetryBackoff &config, Random random = {});

    // The wait before retry `retry` (1 for the first retry).
    std::chrono::milliseconds delay(int retry) const;
    // The bound delay() draws from.
    std::chrono::milliseconds ceiling(int retry) const;
    std::chrono::milliseconds max() const { return m_config.max; }

private:
    RetryBackoff m_config;
    Random m_random;
};

} // namespace mqhook
