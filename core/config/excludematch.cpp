#include "excludematch.h"

#include <QList>
#include <QStringView>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

bool filterMatches(const QString &filter, const QString &topic)
{
    // MQTT 3.1.1 §4.7.2 / 5.0 §4.7.2: wildcards at the first level do not
    // match topics beginning with '$'.
    if (topic.startsWith(u'$') && (filter.startsWith(u'+') || filter.startsWith(u'#')))
        return false;
    const QList<QStringView> filterLevels = QStringView(filter).split(u'/');
    const QList<QStringView> topicLevels = QStringView(topic).split(u'/');
    for (qsizetype i = 0; i < filterLevels.size(); ++i) {
        const QStringView level = filterLevels.at(i);
        if (level == u"#")
            return true; // matches the parent level too (§4.7.1.2)
        if (i >= topicLevels.size())
            return false;
        if (level != u"+" && level != topicLevels.at(i))
            return false;
    }
    return filterLevels.size() == topicLevels.size();
}

} // namespace

bool excludeMatches(const QString &excludeEntry, const QString &topic)
{
    if (excludeEntry.isEmpty())
        return false;
    if (excludeEntry.endsWith(u'/'))
        return filterMatches(excludeEntry + u'#', topic);
    return filterMatches(excludeEntry, topic);
}

} // namespace mqhook
