#include "eventfilter.h"

using namespace Qt::StringLiterals;

namespace mqhook {

bool EventFilter::setTopic(const QString &topic, QString *error)
{
    const TopicFilter filter(topic, TopicFilter::Syntax::Filter);
    if (!topic.isEmpty() && !filter.isValid()) {
        if (error)
            *error = filter.errorString();
        return false;
    }
    m_topic = topic;
    m_topicFilter = filter;
    return true;
}

bool EventFilter::matches(const Event &event) const
{
    if (event.kind == Event::Kind::Dropped)
        return true;
    if (!kinds.isEmpty() && !kinds.contains(event.kind))
        return false;
    if (event.topic.isEmpty())
        return true;
    if (!m_topic.isEmpty() && !m_topicFilter.matches(event.topic))
        return false;
    if (!route.isEmpty() && event.route != route && !event.routes.contains(route))
        return false;
    return true;
}

std::optional<EventFilter> EventFilter::fromQuery(const QUrlQuery &query, QString *error)
{
    EventFilter filter;
    const auto value = [&query](const QString &name) {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    };
    const QString topic = value(u"topic"_s);
    QString why;
    if (!filter.setTopic(topic, &why)) {
        *error = u"topic: \"%1\" is not an MQTT topic filter: %2"_s.arg(topic, why);
        return std::nullopt;
    }
    filter.route = value(u"route"_s);
    const QString kinds = value(u"kind"_s);
    if (!kinds.isEmpty()) {
        for (const QString &name : kinds.split(u',')) {
            const std::optional<Event::Kind> kind = eventKindFromName(name.trimmed());
            if (!kind) {
                *error = u"kind: unknown event kind \"%1\"; expected a comma-separated list of "
                         u"taken, unrouted, delivered, retrying, dead, connected, "
                         u"connection_lost, reconnect_scheduled, intake_paused, intake_resumed, "
                         u"commit_failed, commit_recovered, problem"_s.arg(name.trimmed());
                return std::nullopt;
            }
            if (!filter.kinds.contains(*kind))
                filter.kinds.append(*kind);
        }
    }
    return filter;
}

void EventFilter::addToQuery(QUrlQuery *query) const
{
    // QUrlQuery leaves '+' as it is; '#', '&', '=' and '%' must be escaped.
    const auto escaped = [](const QString &text) {
        return QString::fromLatin1(QUrl::toPercentEncoding(text, "/+"));
    };
    if (!m_topic.isEmpty())
        query->addQueryItem(u"topic"_s, escaped(m_topic));
    if (!route.isEmpty())
        query->addQueryItem(u"route"_s, escaped(route));
    if (!kinds.isEmpty()) {
        QStringList names;
        for (Event::Kind kind : kinds)
            names.append(eventKindName(kind));
        query->addQueryItem(u"kind"_s, names.join(u','));
    }
}

} // namespace mqhook
