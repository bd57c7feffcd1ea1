#include "messagefilter.h"

#include "messagemodel.h"

namespace mqhook {

MessageFilter::MessageFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void MessageFilter::setTopic(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_topicText)
        return;
    m_topicText = trimmed;
    m_topicFilter.reset();
    m_topicError.clear();
    if (trimmed.contains(u'+') || trimmed.contains(u'#')) {
        TopicFilter filter(trimmed, TopicFilter::Syntax::Filter);
        if (filter.isValid())
            m_topicFilter = filter;
        else
            m_topicError = filter.errorString();
    }
    invalidateFilter();
}

void MessageFilter::setRoute(const QString &route)
{
    if (route == m_route)
        return;
    m_route = route;
    invalidateFilter();
}

void MessageFilter::setTarget(const QString &text)
{
    if (text.trimmed() == m_target)
        return;
    m_target = text.trimmed();
    invalidateFilter();
}

void MessageFilter::setOutcome(std::optional<MessageRecord::Outcome> outcome)
{
    if (outcome == m_outcome)
        return;
    m_outcome = outcome;
    invalidateFilter();
}

bool MessageFilter::topicMatches(const QString &topic) const
{
    if (m_topicText.isEmpty())
        return true;
    if (m_topicFilter)
        return m_topicFilter->matches(topic);
    if (!m_topicError.isEmpty())
        return false; // a broken filter shows nothing rather than everything
    return topic.contains(m_topicText, Qt::CaseInsensitive);
}

bool MessageFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto *model = qobject_cast<const MessageModel *>(sourceModel());
    if (!model)
        return true;
    const MessageRecord &record = model->record(sourceRow);
    if (!topicMatches(record.topic))
        return false;
    if (m_outcome && record.outcome() != *m_outcome)
        return false;
    if (!m_route.isEmpty()) {
        bool found = record.routes.contains(m_route);
        for (const DeliveryEvents &delivery : record.deliveries)
            found = found || delivery.route == m_route;
        if (!found)
            return false;
    }
    if (!m_target.isEmpty()) {
        bool found = false;
        for (const DeliveryEvents &delivery : record.deliveries)
            found = found || delivery.target.contains(m_target, Qt::CaseInsensitive);
        if (!found)
            return false;
    }
    return true;
}

} // namespace mqhook
