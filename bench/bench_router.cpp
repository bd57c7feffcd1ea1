// Measures how fast the Router decides where a message goes, with and
// without MQTT 5 subscription identifiers and payload conditions.
//   bench_router [routes] [messages]

#include "routing/router.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <cstdio>
#include <cstdlib>

using namespace mqhook;

namespace {

QList<SubscriptionConfig> makeRoutes(int count, bool withConditions)
{
    QList<SubscriptionConfig> routes;
    for (int i = 0; i < count; ++i) {
        SubscriptionConfig config;
        config.appName = QStringLiteral("app%1").arg(i);
        switch (i % 4) {
        case 0:
            config.subTopic.topic = QStringLiteral("from/v1/site%1/#").arg(i);
            break;
        case 1:
            config.subTopic.topic = QStringLiteral("from/v1/+/device%1/+").arg(i);
            break;
        case 2:
            config.subTopic.topic = QStringLiteral("$share/g%1/from/v2/site%1/#").arg(i);
            break;
        default:
            config.subTopic.topic = QStringLiteral("from/v1/site%1/status").arg(i);
            break;
        }
        config.excludeTopics = {QStringLiteral("from/v1/site%1/private/").arg(i)};
        if (withConditions)
            config.where = {
                {QStringLiteral("header.level"), WhereCondition::Op::GreaterOrEqual, 2}};
        routes.append(config);
    }
    return routes;
}

void run(const char *name, const Router &router, const QList<QString> &topics,
         const QByteArray &payload, bool withIds, int messages)
{
    const QList<Subscription> subscriptions = router.subscriptions();
    QElapsedTimer timer;
    timer.start();
    qsizetype delivered = 0;
    for (int i = 0; i < messages; ++i) {
        const QString &topic = topics.at(i % topics.size());
        const QList<quint32> ids =
            withIds ? QList<quint32>{subscriptions.at(i % subscriptions.size()).identifier}
                    : QList<quint32>{};
        delivered += router.route(topic, payload, ids).size();
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("%-40s %10.0f msg/s  (%lld deliveries)\n", name, messages / seconds,
                static_cast<long long>(delivered));
}

} // namespace

int main(int argc, char **argv)
{
    const int routeCount = argc > 1 ? std::atoi(argv[1]) : 20;
    const int messages = argc > 2 ? std::atoi(argv[2]) : 500000;

    QList<QString> topics;
    for (int i = 0; i < routeCount; ++i) {
        topics.append(QStringLiteral("from/v1/site%1/device%1/temp").arg(i));
        topics.append(QStringLiteral("from/v1/site%1/status").arg(i));
        topics.append(QStringLiteral("from/v2/site%1/x").arg(i));
    }
    const QByteArray payload = R"({"header":{"level":3,"time":"2026-11-26"},"body":"x"})";

    std::printf("%d routes, %d messages\n", routeCount, messages);
    const Router plain(makeRoutes(routeCount, false));
    run("topic matching (MQTT 3.1.1)", plain, topics, payload, false, messages);
    run("subscription identifiers (MQTT 5)", plain, topics, payload, true, messages);
    const Router conditions(makeRoutes(routeCount, true));
    run("topic matching + where (JSON parse)", conditions, topics, payload, false, messages);
    return 0;
}
