#pragma once

#include "base/topicfilter.h"
#include "config/config.h"
#include "payloadcondition.h"
#include "subscription.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

namespace mqhook {

// Decides which routes (enabled sub_deal_config entries of one broker
// connection) a received message goes to, and what that connection must
// subscribe to. Built once from the configuration; route() is const, does no
// I/O and may be called from any thread.
//
// A route is identified by its index in BrokerConfig::subscriptions (the
// sub_deal_config entry); disabled entries are never subscribed or routed to.
//
// A message goes to a route when
//   1. the route's subscription delivered it: with MQTT 5 Subscription
//      Identifiers, the PUBLISH names the subscriptions it was sent for;
//      without them (MQTT 3.1.1, or a broker without identifiers) every route
//      whose subTopic.topic matches the topic (prefix stripped) counts;
//   2. no excludeTopics entry matches the topic (each entry is an MQTT topic
//      filter; a trailing '/' means the topic and everything below it:
//      "from/v1/aaa/" excludes "from/v1/aaa" and "from/v1/aaa/x/y");
//   3. no excludeRegex entry is found anywhere in the topic (unanchored);
//   4. every `where` condition holds on the payload (see PayloadCondition);
//      the payload is parsed as JSON at most once per message, and only when
//      a route that passed 1-3 has conditions.
//
// Identical filters of several routes are subscribed once, with one
// identifier that maps to all of them; overlapping but different filters are
// separate subscriptions. Under MQTT 3.1.1 (or without identifiers) a message
// on a topic several of them match may reach each matching route more than
// once, as separate messages: docs/design/routing.md says when and why.
class Router
{
public:
    explicit Router(const BrokerConfig &broker);
    explicit Router(const QList<SubscriptionConfig> &subscriptions);

    // Problems that make a route unusable (invalid filter, qos, exclude,
    // regular expression or condition), each naming its sub_deal_config
    // entry. Such a route is left out: not subscribed, never routed to, so a
    // broken exclude never forwards what it was meant to hold back. The
    // configuration loader rejects all of these first; this is the backstop.
    QStringList errors() const { return m_errors; }

    // What to subscribe on the connection, in configuration order.
    QList<Subscription> subscriptions() const { return m_subscriptions; }

    // The sub_deal_config indexes of the usable routes, ascending.
    QList<int> routes() const;

    // Route indexes (sub_deal_config indexes, ascending, each at most once)
    // the message goes to. subscriptionIds: the PUBLISH's MQTT 5 Subscription
    // Identifiers; empty under 3.1.1. Identifiers this router did not hand
    // out, or whose route's filter does not match the topic (say, left over
    // from an earlier configuration in a persistent session), are ignored.
    // whyNone, when given and no route takes the message: why, per route
    // whose filter matched (the exclude entry or `where` condition that held
    // it back), or that no route's filter matches the topic.
    QList<int> route(const QString &topic, const QByteArray &payload,
                     const QList<quint32> &subscriptionIds = {}, QString *whyNone = nullptr) const;

private:
    struct Route
    {
        int configIndex = 0;
        QString name;          // app_name, for explanations
        int subscription = -1; // index into m_subscriptions
        TopicFilter filter;
        QList<TopicFilter> excludeTopics;
        QStringList excludeTopicEntries; // as configured, for explanations
        QList<QRegularExpression> excludeRegex;
        QList<PayloadCondition> conditions;
        bool usable = true;
    };

    void addRoute(int configIndex, const SubscriptionConfig &config);
    // Why a route whose filter matched does not take a message.
    struct Rejection
    {
        enum class Cause
        {
            ExcludeTopic,
            ExcludeRegex,
            Where,
        };
        const Route *route = nullptr;
        Cause cause = Cause::Where;
        qsizetype entry = 0; // index into the route's excludes or conditions
    };

    std::optional<Rejection> exclusion(const Route &route, const QString &topic) const;
    QString explain(const QList<Rejection> &rejections) const;

    QList<Route> m_routes;
    QList<Subscription> m_subscriptions;
    QList<QList<int>> m_routesBySubscription; // indexes into m_routes
    QStringList m_errors;
};

} // namespace mqhook
