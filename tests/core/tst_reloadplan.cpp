// What a reload does, from the running configuration and the new one alone.
#include "config/config.h"
#include "service/reloadplan.h"

#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(mqhook::Config)

namespace {

SubscriptionConfig route(const QString &app, const QString &topic)
{
    SubscriptionConfig route;
    route.appId = app;
    route.appName = app;
    route.subTopic = {topic, 1};
    route.callbackAddresses = {u"http://127.0.0.1:9/"_s + app};
    return route;
}

BrokerConfig broker(const QString &clientId, const QList<SubscriptionConfig> &routes)
{
    BrokerConfig broker;
    broker.clientId = clientId;
    broker.brokerIp = u"127.0.0.1"_s;
    broker.brokerPort = 1883;
    broker.subscriptions = routes;
    return broker;
}

// Two connections: c1 with routes a (a/#) and b (b/#), c2 with route c (c/#).
Config running()
{
    Config config;
    config.brokers = {broker(u"c1"_s, {route(u"a"_s, u"a/#"_s), route(u"b"_s, u"b/#"_s)}),
                      broker(u"c2"_s, {route(u"c"_s, u"c/#"_s)})};
    return config;
}

// "keep 0", "start", "resubscribe 0: -a/# +z/#(qos 1, id 1)"
QString describe(const ReloadPlan::Connection &connection)
{
    switch (connection.action) {
    case ReloadPlan::Action::Keep:
        return u"keep %1"_s.arg(connection.running);
    case ReloadPlan::Action::Start:
        return u"start"_s;
    case ReloadPlan::Action::Resubscribe:
        break;
    }
    QStringList changes;
    for (const QString &filter : connection.unsubscribe)
        changes.append(u"-"_s + filter);
    for (const Subscription &subscription : connection.subscribe)
        changes.append(u"+%1(qos %2, id %3)"_s.arg(subscription.filter)
                           .arg(subscription.qos)
                           .arg(subscription.identifier));
    return u"resubscribe %1:"_s.arg(connection.running) +
           (changes.isEmpty() ? QString() : u" "_s + changes.join(u' '));
}

} // namespace

class tst_ReloadPlan : public QObject
{
    Q_OBJECT

private slots:
    void make_data();
    void make();
    void sharedRouteKey();
    void routeKeys_data();
    void routeKeys();
};

void tst_ReloadPlan::make_data()
{
    QTest::addColumn<Config>("next");
    QTest::addColumn<QStringList>("connections");
    QTest::addColumn<QString>("stopped");
    QTest::addColumn<QStringList>("replaced");
    QTest::addColumn<QStringList>("notes");

    const QString c1 = u"connection c1 (127.0.0.1:1883)"_s;
    const QString c2 = u"connection c2 (127.0.0.1:1883)"_s;

    QTest::newRow("the same configuration keeps everything")
        << running() << QStringList{u"keep 0"_s, u"keep 1"_s} << QString() << QStringList()
        << QStringList();

    Config queue = running();
    queue.queue.maxMessages = 7;
    QTest::newRow("queue settings wait for a restart")
        << queue << QStringList{u"keep 0"_s, u"keep 1"_s} << QString() << QStringList()
        << QStringList{u"queue settings take effect only after a restart"_s};

    Config timeout = running();
    timeout.brokers[0].subscriptions[1].timeout = std::chrono::seconds(9);
    QTest::newRow("a route with another timeout restarts; its filter stays")
        << timeout << QStringList{u"resubscribe 0:"_s, u"keep 1"_s} << QString()
        << QStringList{u"c1/b/b"_s}
        << QStringList{u"route c1/b/b changed"_s, c1 + u": subscriptions updated"_s};

    Config topic = running();
    topic.brokers[0].subscriptions[0].subTopic.topic = u"z/#"_s;
    QTest::newRow("a route with another topic: the old filter goes, the new one comes")
        << topic << QStringList{u"resubscribe 0: -a/# +z/#(qos 1, id 1)"_s, u"keep 1"_s}
        << QString() << QStringList{u"c1/a/a"_s}
        << QStringList{u"route c1/a/a changed"_s, c1 + u": subscriptions updated"_s};

    Config removed = running();
    removed.brokers[0].subscriptions.removeFirst();
    QTest::newRow("a route removed: its filter goes, the next one is renumbered")
        << removed << QStringList{u"resubscribe 0: -a/# +b/#(qos 1, id 1)"_s, u"keep 1"_s}
        << QString() << QStringList{u"c1/a/a"_s}
        << QStringList{u"route c1/a/a removed"_s, c1 + u": subscriptions updated"_s};

    Config disabled = running();
    disabled.brokers[0].subscriptions[1].enabled = false;
    QTest::newRow("a route disabled goes as a removed one does")
        << disabled << QStringList{u"resubscribe 0: -b/#"_s, u"keep 1"_s} << QString()
        << QStringList{u"c1/b/b"_s}
        << QStringList{u"route c1/b/b removed"_s, c1 + u": subscriptions updated"_s};

    Config added = running();
    added.brokers[1].subscriptions.append(route(u"d"_s, u"d/#"_s));
    QTest::newRow("a route added: only its connection says so")
        << added << QStringList{u"keep 0"_s, u"resubscribe 1: +d/#(qos 1, id 2)"_s} << QString()
        << QStringList() << QStringList{c2 + u": subscriptions updated"_s};

    Config shared = running();
    shared.brokers[1].subscriptions.append(route(u"d"_s, u"c/#"_s));
    QTest::newRow("a route on a filter already subscribed shares its subscription")
        << shared << QStringList{u"keep 0"_s, u"resubscribe 1: +c/#(qos 1, id 1)"_s} << QString()
        << QStringList() << QStringList{c2 + u": subscriptions updated"_s};

    Config password = running();
    password.brokers[0].password = u"secret"_s;
    QTest::newRow("new credentials: a new connection, the same routes")
        << password << QStringList{u"start"_s, u"keep 1"_s} << u"0"_s << QStringList()
        << QStringList{c1 + u" started"_s, c1 + u" stopped"_s};

    Config renamed = running();
    renamed.brokers[1].clientId = u"c3"_s;
    QTest::newRow("another client_id: another connection with other routes")
        << renamed << QStringList{u"keep 0"_s, u"start"_s} << u"1"_s << QStringList{u"c2/c/c"_s}
        << QStringList{u"route c2/c/c removed"_s, u"connection c3 (127.0.0.1:1883) started"_s,
                       c2 + u" stopped"_s};

    Config more = running();
    more.brokers.append(broker(u"c4"_s, {route(u"e"_s, u"e/#"_s)}));
    QTest::newRow("a broker entry added starts a connection")
        << more << QStringList{u"keep 0"_s, u"keep 1"_s, u"start"_s} << QString() << QStringList()
        << QStringList{u"connection c4 (127.0.0.1:1883) started"_s};

    Config fewer = running();
    fewer.brokers.removeFirst();
    QTest::newRow("a broker entry removed stops its connection and its routes")
        << fewer << QStringList{u"keep 1"_s} << u"0"_s << QStringList{u"c1/a/a"_s, u"c1/b/b"_s}
        << QStringList{u"route c1/a/a removed"_s, u"route c1/b/b removed"_s, c1 + u" stopped"_s};

    Config swapped = running();
    std::swap(swapped.brokers[0], swapped.brokers[1]);
    QTest::newRow("broker entries in another order keep their connections")
        << swapped << QStringList{u"keep 1"_s, u"keep 0"_s} << QString() << QStringList()
        << QStringList();

    Config none;
    QTest::newRow("an empty configuration stops everything")
        << none << QStringList() << u"0 1"_s << QStringList{u"c1/a/a"_s, u"c1/b/b"_s, u"c2/c/c"_s}
        << QStringList{u"route c1/a/a removed"_s, u"route c1/b/b removed"_s,
                       u"route c2/c/c removed"_s, c1 + u" stopped"_s, c2 + u" stopped"_s};
}

void tst_ReloadPlan::make()
{
    QFETCH(Config, next);
    QFETCH(QStringList, connections);
    QFETCH(QString, stopped);
    QFETCH(QStringList, replaced);
    QFETCH(QStringList, notes);

    const ReloadPlan plan = ReloadPlan::make(running(), next);
    QStringList gotConnections;
    for (const ReloadPlan::Connection &connection : plan.connections)
        gotConnections.append(describe(connection));
    QStringList gotStopped;
    for (qsizetype index : plan.stopped)
        gotStopped.append(QString::number(index));
    QCOMPARE(gotConnections, connections);
    QCOMPARE(gotStopped.join(u' '), stopped);
    QCOMPARE(plan.replaced, replaced);
    QCOMPARE(plan.notes, notes);
}

// Two broker entries with the same client_id share route c1/a/a; the first
// entry's settings are the route's, as the bridge builds it.
void tst_ReloadPlan::sharedRouteKey()
{
    Config config;
    config.brokers = {broker(u"c1"_s, {route(u"a"_s, u"a/#"_s)}),
                      broker(u"c1"_s, {route(u"a"_s, u"a/#"_s)})};
    config.brokers[1].brokerPort = 1884;
    config.brokers[1].subscriptions[0].timeout = std::chrono::seconds(9);

    const ReloadPlan same = ReloadPlan::make(config, config);
    QCOMPARE(same.replaced, QStringList());
    QCOMPARE(same.notes, QStringList());

    Config second = config;
    second.brokers[1].subscriptions[0].timeout = std::chrono::seconds(4);
    QCOMPARE(ReloadPlan::make(config, second).replaced, QStringList());

    Config first = config;
    first.brokers[0].subscriptions[0].timeout = std::chrono::seconds(4);
    QCOMPARE(ReloadPlan::make(config, first).replaced, QStringList{u"c1/a/a"_s});
}

void tst_ReloadPlan::routeKeys_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QStringList>("apps");
    QTest::addColumn<QStringList>("keys");

    QTest::newRow("client_id, app_id and app_name")
        << u"c1"_s << QStringList{u"a"_s, u"b"_s} << QStringList{u"c1/a/a"_s, u"c1/b/b"_s};
    QTest::newRow("without a client_id, the broker's address")
        << QString() << QStringList{u"a"_s} << QStringList{u"127.0.0.1:1883/a/a"_s};
    QTest::newRow("the same app twice is numbered")
        << u"c1"_s << QStringList{u"a"_s, u"a"_s, u"a"_s}
        << QStringList{u"c1/a/a"_s, u"c1/a/a#2"_s, u"c1/a/a#3"_s};
}

void tst_ReloadPlan::routeKeys()
{
    QFETCH(QString, clientId);
    QFETCH(QStringList, apps);
    QFETCH(QStringList, keys);

    QList<SubscriptionConfig> routes;
    for (const QString &app : apps)
        routes.append(route(app, app + u"/#"_s));
    QCOMPARE(mqhook::routeKeys(broker(clientId, routes)), keys);
}

QTEST_GUILESS_MAIN(tst_ReloadPlan)
#include "tst_reloadplan.moc"
