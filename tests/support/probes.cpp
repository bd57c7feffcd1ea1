#include "probes.h"

#include "base/topicfilter.h"
#include "routing/router.h"
#include "service/bridge.h"

#include <algorithm>

namespace mqhook::test {

qint64 heldDeliveries(const Bridge &bridge)
{
    qint64 total = 0;
    for (const TargetCounters &counters : bridge.targetCounters())
        total += counters.queued + counters.inFlight;
    return total;
}

QString shareGroup(const TopicFilter &filter)
{
    if (filter.kind() != TopicFilter::Kind::Shared)
        return {};
    // "$share/" + group + "/" + filter
    const QString subscription = filter.subscription();
    const qsizetype start = QStringView(u"$share/").size();
    return subscription.mid(start, subscription.size() - start - 1 - filter.filter().size());
}

bool filtersOverlap(const TopicFilter &a, const TopicFilter &b)
{
    if (!a.isValid() || !b.isValid())
        return false;
    const QStringList levelsA = a.filter().split(u'/');
    const QStringList levelsB = b.filter().split(u'/');
    const auto wildcard = [](const QString &level) { return level == u"+" || level == u"#"; };
    // §4.7.2: a filter starting with a wildcard never matches a '$' topic,
    // which is all a filter starting with a literal '$' level matches.
    const auto dollar = [&](const QStringList &levels) {
        return !wildcard(levels.first()) && levels.first().startsWith(u'$');
    };
    if ((wildcard(levelsA.first()) && dollar(levelsB)) ||
        (wildcard(levelsB.first()) && dollar(levelsA)))
        return false;
    for (qsizetype i = 0;; ++i) {
        const bool endedA = i >= levelsA.size();
        const bool endedB = i >= levelsB.size();
        if (endedA && endedB)
            return true;
        // "sport/#" matches "sport": a '#' also covers the level before it.
        if (endedA)
            return levelsB.at(i) == u"#";
        if (endedB)
            return levelsA.at(i) == u"#";
        if (levelsA.at(i) == u"#" || levelsB.at(i) == u"#")
            return true;
        if (!wildcard(levelsA.at(i)) && !wildcard(levelsB.at(i)) && levelsA.at(i) != levelsB.at(i))
            return false;
    }
}

QList<QPair<int, int>> overlappingRoutes(const Router &router)
{
    const QList<Subscription> subscriptions = router.subscriptions();
    QList<QPair<int, int>> pairs;
    for (qsizetype i = 0; i < subscriptions.size(); ++i) {
        const TopicFilter a(subscriptions.at(i).filter);
        for (qsizetype j = i + 1; j < subscriptions.size(); ++j) {
            if (!filtersOverlap(a, TopicFilter(subscriptions.at(j).filter)))
                continue;
            for (int first : subscriptions.at(i).routes) {
                for (int second : subscriptions.at(j).routes)
                    pairs.append({std::min(first, second), std::max(first, second)});
            }
        }
    }
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

} // namespace mqhook::test
