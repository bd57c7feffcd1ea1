#pragma once

#include "base/topicfilter.h"
#include "observe/event.h"

#include <QList>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace mqhook {

// Which events a reader of the event stream wants: the ?topic=, ?route= and
// ?kind= of /api/events, and the --topic and --route of `mqhook tail`.
// A topic or route filter applies to the events about a message (those
// with a topic); the others (connections, the queue, problems) pass unless
// kinds leaves them out. A "dropped" event always passes.
class EventFilter
{
public:
    QString route;            // a route key as events name it; empty: any
    QList<Event::Kind> kinds; // empty: every kind

    // An MQTT topic filter ('+' and '#'); empty: any. False (and the filter
    // unchanged) when it is not a valid one, with *error saying why.
    bool setTopic(const QString &topic, QString *error = nullptr);
    QString topic() const { return m_topic; }

    bool isEmpty() const { return m_topic.isEmpty() && route.isEmpty() && kinds.isEmpty(); }
    bool matches(const Event &event) const;

    // From the query of /api/events; nullopt with *error saying which
    // parameter is wrong (an invalid topic filter, an unknown kind).
    static std::optional<EventFilter> fromQuery(const QUrlQuery &query, QString *error);
    // The same parameters, for a request.
    void addToQuery(QUrlQuery *query) const;

private:
    QString m_topic;
    TopicFilter m_topicFilter; // m_topic, parsed once
};

} // namespace mqhook
