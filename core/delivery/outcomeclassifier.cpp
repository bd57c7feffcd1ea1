#include "outcomeclassifier.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>

namespace mqhook {

namespace {

bool anyMatches(const QList<StatusMatcher> &matchers, int status)
{
    return std::any_of(matchers.cbegin(), matchers.cend(),
                       [status](const StatusMatcher &matcher) { return matcher.matches(status); });
}

bool retriedByDefault(int status)
{
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

QString describe(const PostResult &result)
{
    QString text = QStringLiteral("HTTP %1").arg(result.httpStatus);
    const QByteArray excerpt = result.bodyExcerpt.trimmed().left(200);
    if (!excerpt.isEmpty())
        text += QStringLiteral(": ") + QString::fromUtf8(excerpt).simplified();
    return text;
}

} // namespace

OutcomeClassifier::OutcomeClassifier(const SubscriptionConfig &config)
    : m_successOn(config.successOn)
    , m_dropOn(config.dropOn)
    , m_retryOn(config.retryOn)
{}

OutcomeClassifier::Outcome OutcomeClassifier::classify(const PostResult &result) const
{
    if (!result.hasResponse())
        return {Verdict::Retry,
                result.errorString.isEmpty() ? QStringLiteral("no response") : result.errorString};
    const int status = result.httpStatus;
    if (anyMatches(m_successOn, status))
        return {Verdict::Success, {}};
    if (anyMatches(m_dropOn, status))
        return {Verdict::Drop, describe(result) + QStringLiteral(" (listed in drop_on)")};
    if (anyMatches(m_retryOn, status))
        return {Verdict::Retry, describe(result)};
    // A configured success_on replaces the default 2xx, and so on.
    if (m_successOn.isEmpty() && status >= 200 && status <= 299)
        return {Verdict::Success, {}};
    if (m_retryOn.isEmpty() && retriedByDefault(status))
        return {Verdict::Retry, describe(result)};
    if (status >= 300 && status <= 399) {
        return {Verdict::Drop,
                QStringLiteral("HTTP %1 redirect to '%2' not followed: a POST is not re-sent "
                               "elsewhere; configure the final address")
                    .arg(status)
                    .arg(QString::fromLatin1(result.location))};
    }
    return {Verdict::Drop, describe(result) + QStringLiteral(" (not retryable)")};
}

std::optional<std::chrono::milliseconds> OutcomeClassifier::parseRetryAfter(const QByteArray &value,
                                                                            const QDateTime &now)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qlonglong seconds = text.toLongLong(&isNumber);
    if (isNumber)
        return seconds < 0 ? std::nullopt
                           : std::optional(std::chrono::milliseconds(
                                 std::min<qlonglong>(seconds, 365LL * 24 * 3600) * 1000));
    // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7).
    QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(text),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!date.isValid())
        return std::nullopt;
    date.setTimeZone(QTimeZone::utc());
    return std::chrono::milliseconds(std::max<qint64>(0, now.msecsTo(date)));
}

} // namespace mqhook
