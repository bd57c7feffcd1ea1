#include "reloadplan.h"

#include "config/config.h"
#include "routing/router.h"

#include <QSet>

#include <algorithm>
#include <map>

namespace mqhook {

namespace {

QString routeKeyBase(const BrokerConfig &broker, const SubscriptionConfig &subscription)
{
    const QString client = broker.clientId.isEmpty() ? broker.address() : broker.clientId;
    return client + QLatin1Char('/') + subscription.appId + QLatin1Char('/') + subscription.appName;
}

// Everything of a broker entry except its subscriptions: what needs a new
// connection when it changes.
bool sameConnectionSettings(BrokerConfig a, BrokerConfig b)
{
    a.subscriptions.clear();
    b.subscriptions.clear();
    return a == b;
}

// The enabled routes of a configuration by key. A key two broker entries
// share is one route, with the first entry's settings, as the bridge builds
// them one connection after another.
std::map<QString, SubscriptionConfig> routesOf(const Config &config)
{
    std::map<QString, SubscriptionConfig> routes;
    for (const BrokerConfig &broker : config.brokers) {
        const QStringList keys = routeKeys(broker);
        for (qsizetype i = 0; i < broker.subscriptions.size(); ++i) {
            if (!broker.subscriptions.at(i).enabled)
                continue;
            routes.try_emplace(keys.at(i), broker.subscriptions.at(i));
        }
    }
    return routes;
}

void planSubscriptions(const BrokerConfig &running, const BrokerConfig &next,
                       ReloadPlan::Connection *connection)
{
    const QList<Subscription> before = Router(running).subscriptions();
    const QList<Subscription> after = Router(next).subscriptions();
    for (const Subscription &subscription : before) {
        const bool kept = std::any_of(after.begin(), after.end(), [&](const Subscription &s) {
            return s.filter == subscription.filter;
        });
        if (!kept)
            connection->unsubscribe.append(subscription.filter);
    }
    for (const Subscription &subscription : after) {
        if (!before.contains(subscription))
            connection->subscribe.append(subscription);
    }
}

} // namespace

QStringList routeKeys(const BrokerConfig &broker)
{
    QStringList keys;
    QSet<QString> seen;
    for (const SubscriptionConfig &subscription : broker.subscriptions) {
        const QString base = routeKeyBase(broker, subscription);
        QString key = base;
        for (int n = 2; seen.contains(key); ++n)
            key = base + QLatin1Char('#') + QString::number(n);
        seen.insert(key);
        keys.append(key);
    }
    return keys;
}

ReloadPlan ReloadPlan::make(const Config &running, const Config &next)
{
    ReloadPlan plan;
    if (next.queue != running.queue)
        plan.notes.append(QStringLiteral("queue settings take effect only after a restart"));

    // Routes: a running route stays when the new configuration has it with
    // the same settings.
    const std::map<QString, SubscriptionConfig> wanted = routesOf(next);
    for (const auto &[key, config] : routesOf(running)) {
        const auto want = wanted.find(key);
        if (want != wanted.end() && want->second == config)
            continue;
        plan.replaced.append(key);
        plan.notes.append(want == wanted.end() ? QStringLiteral("route %1 removed").arg(key)
                                               : QStringLiteral("route %1 changed").arg(key));
    }

    // Connections: each new entry continues the first running one with the
    // same settings that no earlier entry continues.
    QList<bool> continued(running.brokers.size(), false);
    for (const BrokerConfig &broker : next.brokers) {
        Connection connection;
        for (qsizetype i = 0; i < running.brokers.size(); ++i) {
            if (!continued.at(i) && sameConnectionSettings(running.brokers.at(i), broker)) {
                connection.running = i;
                break;
            }
        }
        if (connection.running < 0) {
            plan.notes.append(QStringLiteral("connection %1 (%2) started")
                                  .arg(broker.clientId, broker.address()));
        } else {
            continued[connection.running] = true;
            const BrokerConfig &before = running.brokers.at(connection.running);
            if (before == broker) {
                connection.action = Action::Keep;
            } else {
                connection.action = Action::Resubscribe;
                plan.notes.append(QStringLiteral("connection %1 (%2): subscriptions updated")
                                      .arg(broker.clientId, broker.address()));
                planSubscriptions(before, broker, &connection);
            }
        }
        plan.connections.append(connection);
    }
    for (qsizetype i = 0; i < running.brokers.size(); ++i) {
        if (continued.at(i))
            continue;
        const BrokerConfig &broker = running.brokers.at(i);
        plan.stopped.append(i);
        plan.notes.append(
            QStringLiteral("connection %1 (%2) stopped").arg(broker.clientId, broker.address()));
    }
    return plan;
}

} // namespace mqhook
