#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

namespace mqhook {

// One topic filter to subscribe on a broker connection, as the Router asks.
struct Subscription
{
    QString filter;         // as written in the configuration, any $share/ or $queue/ prefix kept
    int qos = 0;            // the highest qos of the routes sharing this filter
    quint32 identifier = 0; // MQTT 5 Subscription Identifier, 1-based; unused under 3.1.1
    QList<int> routes;      // the sub_deal_config indexes it feeds

    friend bool operator==(const Subscription &, const Subscription &) = default;
};

} // namespace mqhook
