#pragma once

#include "base/topicfilter.h"
#include "messagerecord.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace mqhook {

// The live view's filters over MessageModel: topic (an MQTT topic filter
// when the text has a wildcard, else a part of the topic, case ignored),
// route, callback address (a part of it) and outcome. Empty filters let
// everything through.
class MessageFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit MessageFilter(QObject *parent = nullptr);

    void setTopic(const QString &text);
    QString topic() const { return m_topicText; }
    // True when the topic text is an MQTT filter (with + or #).
    bool topicIsFilter() const { return m_topicFilter.has_value(); }
    // Why the topic text is not a usable filter; empty when it is.
    QString topicError() const { return m_topicError; }

    void setRoute(const QString &route); // exact route key; empty: any
    void setTarget(const QString &text); // part of a callback address
    void setOutcome(std::optional<MessageRecord::Outcome> outcome);

    // Whether a topic passes the topic filter alone.
    bool topicMatches(const QString &topic) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_topicText;
    std::optional<TopicFilter> m_topicFilter;
    QString m_topicError;
    QString m_route;
    QString m_target;
    std::optional<MessageRecord::Outcome> m_outcome;
};

} // namespace mqhook
