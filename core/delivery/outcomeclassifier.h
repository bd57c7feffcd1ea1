#pragma once

#include "config/config.h"
#include "delivery/postresult.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace mqhook {

// Decides what an HTTP answer means for a message: delivered, try again, or
// give up. Lists configured with success_on, drop_on and retry_on are looked
// at first, in that order; then the defaults: 2xx success; 408, 429 and 5xx
// retried; anything else (other 4xx, 1xx, 3xx since redirects of a POST are
// not followed) permanent. A transport failure (refused, reset, TLS, timeout,
// not HTTP) is always retried.
class OutcomeClassifier
{
public:
    enum class Verdict
    {
        Success,
        Retry,
        Drop,
    };

    struct Outcome
    {
        Verdict verdict = Verdict::Retry;
        QString reason; // empty on success; otherwise what went wrong, for the attempt record
    };

    OutcomeClassifier() = default;
    explicit OutcomeClassifier(const SubscriptionConfig &config);

    Outcome classify(const PostResult &result) const;

    // Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as a
    // delay from `now`; nullopt when absent or unreadable. A date in the past
    // is a delay of zero.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value,
                                                                    const QDateTime &now);

private:
    QList<StatusMatcher> m_successOn;
    QList<StatusMatcher> m_dropOn;
    QList<StatusMatcher> m_retryOn;
};

} // namespace mqhook
