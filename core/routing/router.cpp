#include "router.h"

#include "base/logcategories.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QVarLengthArray>

#include <algorithm>
#include <optional>

namespace mqhook {

Router::Router(const BrokerConfig &broker)
    : Router(broker.subscriptions)
{}

Router::Router(const QList<SubscriptionConfig> &subscriptions)
{
    for (int i = 0; i < subscriptions.size(); ++i) {
        if (subscriptions.at(i).enabled)
            addRoute(i, subscriptions.at(i));
    }
}

void Router::addRoute(int configIndex, const SubscriptionConfig &config)
{
    const QString entry = QStringLiteral("sub_deal_config[%1]").arg(configIndex);
    bool usable = true;
    const auto problem = [&](const QString &path, const QString &message) {
        m_errors.append(entry + path + QStringLiteral(": ") + message);
        usable = false;
    };

    Route route;
    route.configIndex = configIndex;
    route.name = config.appName;
    route.filter = TopicFilter(config.subTopic.topic);
    if (!route.filter.isValid())
        problem(QStringLiteral(".subTopic.topic"), route.filter.errorString());
    if (config.subTopic.qos < 0 || config.subTopic.qos > 2)
        problem(QStringLiteral(".subTopic.qos"), QStringLiteral("must be 0, 1 or 2"));

    for (int i = 0; i < config.excludeTopics.size(); ++i) {
        const TopicFilter exclude = TopicFilter::forExclude(config.excludeTopics.at(i));
        if (exclude.isValid()) {
            route.excludeTopics.append(exclude);
            route.excludeTopicEntries.append(config.excludeTopics.at(i));
        } else {
            problem(QStringLiteral(".excludeTopics[%1]").arg(i), exclude.errorString());
        }
    }

    for (int i = 0; i < config.excludeRegex.size(); ++i) {
        QRegularExpression regex(config.excludeRegex.at(i));
        if (regex.pattern().isEmpty()) {
            problem(QStringLiteral(".excludeRegex[%1]").arg(i),
                    QStringLiteral("an empty regular expression would exclude every topic"));
        } else if (!regex.isValid()) {
            problem(QStringLiteral(".excludeRegex[%1]").arg(i),
                    QStringLiteral("invalid regular expression: %1 at offset %2")
                        .arg(regex.errorString())
                        .arg(regex.patternErrorOffset()));
        } else {
            regex.optimize();
            route.excludeRegex.append(regex);
        }
    }

    for (int i = 0; i < config.where.size(); ++i) {
        PayloadCondition condition(config.where.at(i));
        if (condition.isValid())
            route.conditions.append(condition);
        else
            problem(QStringLiteral(".where[%1]").arg(i), condition.errorString());
    }

    if (!usable)
        return;

    // One SUBSCRIBE entry per distinct filter: it can carry only one
    // Subscription Identifier, which then stands for every route on it.
    const QString &filter = config.subTopic.topic;
    const auto existing =
        std::find_if(m_subscriptions.begin(), m_subscriptions.end(),
                     [&filter](const Subscription &s) { return s.filter == filter; });
    if (existing != m_subscriptions.end()) {
        existing->qos = std::max(existing->qos, config.subTopic.qos);
        existing->routes.append(configIndex);
        route.subscription = int(existing - m_subscriptions.begin());
    } else {
        m_subscriptions.append(
            {filter, config.subTopic.qos, quint32(m_subscriptions.size() + 1), {configIndex}});
        m_routesBySubscription.append(QList<int>());
        route.subscription = int(m_subscriptions.size() - 1);
    }
    m_routesBySubscription[route.subscription].append(int(m_routes.size()));
    m_routes.append(route);
}

QList<int> Router::routes() const
{
    QList<int> indexes;
    indexes.reserve(m_routes.size());
    for (const Route &route : m_routes)
        indexes.append(route.configIndex);
    return indexes;
}

std::optional<Router::Rejection> Router::exclusion(const Route &route, const QString &topic) const
{
    for (qsizetype i = 0; i < route.excludeTopics.size(); ++i) {
        if (route.excludeTopics.at(i).matches(topic)) {
            qCDebug(lcRouting) << "topic" << topic << "excluded from sub_deal_config"
                               << route.configIndex << "by excludeTopics"
                               << route.excludeTopics.at(i).filter();
            return Rejection{&route, Rejection::Cause::ExcludeTopic, i};
        }
    }
    for (qsizetype i = 0; i < route.excludeRegex.size(); ++i) {
        if (route.excludeRegex.at(i).match(topic).hasMatch()) {
            qCDebug(lcRouting) << "topic" << topic << "excluded from sub_deal_config"
                               << route.configIndex << "by excludeRegex"
                               << route.excludeRegex.at(i).pattern();
            return Rejection{&route, Rejection::Cause::ExcludeRegex, i};
        }
    }
    return std::nullopt;
}

QString Router::explain(const QList<Rejection> &rejections) const
{
    if (rejections.isEmpty())
        return QStringLiteral("no route's subTopic matches the topic");
    QStringList reasons;
    for (const Rejection &rejection : rejections) {
        const Route &route = *rejection.route;
        QString text = QStringLiteral("sub_deal_config[%1]").arg(route.configIndex);
        if (!route.name.isEmpty())
            text += QStringLiteral(" (%1)").arg(route.name);
        switch (rejection.cause) {
        case Rejection::Cause::ExcludeTopic:
            text += QStringLiteral(": excluded by excludeTopics \"%1\"")
                        .arg(route.excludeTopicEntries.at(rejection.entry));
            break;
        case Rejection::Cause::ExcludeRegex:
            text += QStringLiteral(": excluded by excludeRegex \"%1\"")
                        .arg(route.excludeRegex.at(rejection.entry).pattern());
            break;
        case Rejection::Cause::Where:
            text += QStringLiteral(": where[%1] is false").arg(rejection.entry);
            break;
        }
        reasons.append(text);
    }
    return reasons.join(QStringLiteral("; "));
}

QList<int> Router::route(const QString &topic, const QByteArray &payload,
                         const QList<quint32> &subscriptionIds, QString *whyNone) const
{
    QList<int> result;
    bool parsed = false;
    std::optional<QJsonDocument> document;
    // Kept only when asked for, and turned into text only when no route took it.
    QList<Rejection> rejections;

    const auto consider = [&](const Route &route) {
        if (!route.filter.matches(topic))
            return;
        if (const std::optional<Rejection> excluded = exclusion(route, topic)) {
            if (whyNone)
                rejections.append(*excluded);
            return;
        }
        if (!route.conditions.isEmpty()) {
            if (!parsed) {
                parsed = true;
                QJsonParseError error;
                QJsonDocument json = QJsonDocument::fromJson(payload, &error);
                if (error.error == QJsonParseError::NoError)
                    document = std::move(json);
            }
            const QJsonDocument *json = document ? &*document : nullptr;
            for (qsizetype i = 0; i < route.conditions.size(); ++i) {
                if (!route.conditions.at(i).holds(json)) {
                    if (whyNone)
                        rejections.append({&route, Rejection::Cause::Where, i});
                    return;
                }
            }
        }
        result.append(route.configIndex);
    };
    const auto explained = [&] {
        if (whyNone && result.isEmpty())
            *whyNone = explain(rejections);
        return result;
    };

    if (subscriptionIds.isEmpty()) {
        // MQTT 3.1.1 (or no identifiers): every matching route takes each copy.
        for (const Route &route : m_routes)
            consider(route);
        return explained(); // m_routes is in configuration order
    }

    // MQTT 5 §3.3.4: the PUBLISH names the subscriptions it was sent for.
    // The filter is still checked, so identifiers left in a persistent session
    // by an earlier configuration cannot misroute.
    QVarLengthArray<bool, 32> seen(m_subscriptions.size());
    std::fill(seen.begin(), seen.end(), false);
    for (const quint32 id : subscriptionIds) {
        if (id == 0 || id > quint32(m_subscriptions.size()) || seen[id - 1])
            continue;
        seen[id - 1] = true;
        for (const int index : m_routesBySubscription.at(id - 1))
            consider(m_routes.at(index));
    }
    std::sort(result.begin(), result.end());
    return explained();
}

} // namespace mqhook
