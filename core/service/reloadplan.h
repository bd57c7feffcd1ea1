#pragma once

#include "routing/subscription.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mqhook {

struct BrokerConfig;
struct Config;

// The key a route's deliveries are stored under, per sub_deal_config entry of
// a broker connection: stable across restarts while its client_id (or
// address), app_id and app_name stay the same.
QStringList routeKeys(const BrokerConfig &broker);

// What reloading the configuration does, worked out from the running
// configuration and the new one alone: which routes are replaced, which
// broker connections stay, change their subscriptions, start or stop, and
// the notes that tell the user. See docs/design/forwarding.md.
struct ReloadPlan
{
    enum class Action
    {
        Keep,        // the same settings and subscriptions
        Resubscribe, // the same settings, other subscriptions (or routes)
        Start,       // no running connection has these settings
    };

    // One per broker connection of the new configuration, in its order.
    struct Connection
    {
        Action action = Action::Start;
        qsizetype running = -1;        // Keep, Resubscribe: the running broker entry it continues
        QStringList unsubscribe;       // Resubscribe: filters no route wants any more
        QList<Subscription> subscribe; // Resubscribe: subscriptions it does not have yet

        friend bool operator==(const Connection &, const Connection &) = default;
    };

    QList<Connection> connections;
    QList<qsizetype> stopped; // running broker entries no new one continues
    QStringList replaced;     // running routes changed or removed, by key
    QStringList notes;        // for the user, in the order things happen

    static ReloadPlan make(const Config &running, const Config &next);
};

} // namespace mqhook
