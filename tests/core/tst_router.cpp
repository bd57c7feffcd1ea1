#include "probes.h"
#include "routing/payloadcondition.h"
#include "routing/router.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

using Op = WhereCondition::Op;
using Configs = QList<SubscriptionConfig>;
using Ids = QList<quint32>;
using Indexes = QList<int>;

Q_DECLARE_METATYPE(mqhook::WhereCondition::Op)

namespace {

SubscriptionConfig sub(const QString &topic, int qos = 0)
{
    SubscriptionConfig config;
    config.appName = topic;
    config.subTopic = {topic, qos};
    config.callbackAddresses = {u"http://127.0.0.1:8000/api/test"_s};
    return config;
}

SubscriptionConfig disabled(SubscriptionConfig config)
{
    config.enabled = false;
    return config;
}

SubscriptionConfig excluding(SubscriptionConfig config, const QStringList &topics,
                             const QStringList &regex = {})
{
    config.excludeTopics = topics;
    config.excludeRegex = regex;
    return config;
}

SubscriptionConfig where(SubscriptionConfig config, const QList<WhereCondition> &conditions)
{
    config.where = conditions;
    return config;
}

} // namespace

class tst_Router : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void subscriptions_data();
    void subscriptions();
    void errors_data();
    void errors();
    void route_data();
    void route();
    void conditions_data();
    void conditions();
    void invalidConditions_data();
    void invalidConditions();
    void overlappingRoutes();
    void seedConfigurationRoutes();
    void whyNone_data();
    void whyNone();
};

void tst_Router::initTestCase()
{
    // Each exclusion is logged at debug level; keep the test output readable.
    QLoggingCategory::setFilterRules(u"mqhook.routing.debug=false"_s);
}

void tst_Router::subscriptions_data()
{
    QTest::addColumn<Configs>("configs");
    QTest::addColumn<QList<Subscription>>("expected");

    QTest::newRow("one route, one subscription with identifier 1")
        << Configs{sub(u"from/v1/#"_s)} << QList<Subscription>{{u"from/v1/#"_s, 0, 1, {0}}};
    QTest::newRow("a disabled subscription is not subscribed")
        << Configs{sub(u"a"_s), disabled(sub(u"b"_s)), sub(u"c"_s, 1)}
        << QList<Subscription>{{u"a"_s, 0, 1, {0}}, {u"c"_s, 1, 2, {2}}};
    QTest::newRow("identical filters are subscribed once, at the highest qos")
        << Configs{sub(u"x/#"_s, 0), sub(u"y"_s), sub(u"x/#"_s, 2)}
        << QList<Subscription>{{u"x/#"_s, 2, 1, {0, 2}}, {u"y"_s, 0, 2, {1}}};
    QTest::newRow("the shared-subscription prefix is kept when subscribing")
        << Configs{sub(u"$share/g1/from/v1/#"_s, 1)}
        << QList<Subscription>{{u"$share/g1/from/v1/#"_s, 1, 1, {0}}};
    QTest::newRow("two share groups on one filter are two subscriptions")
        << Configs{sub(u"$share/g1/a"_s), sub(u"$share/g2/a"_s)}
        << QList<Subscription>{{u"$share/g1/a"_s, 0, 1, {0}}, {u"$share/g2/a"_s, 0, 2, {1}}};
    // MQTT 5.0 §4.8.2: same ShareName, different filters: distinct shared subscriptions.
    QTest::newRow("one share group on two filters is two subscriptions")
        << Configs{sub(u"$share/consumer1//finance"_s), sub(u"$share/consumer1/sport/tennis/+"_s)}
        << QList<Subscription>{{u"$share/consumer1//finance"_s, 0, 1, {0}},
                               {u"$share/consumer1/sport/tennis/+"_s, 0, 2, {1}}};
    QTest::newRow("overlapping filters are separate subscriptions")
        << Configs{sub(u"a/#"_s), sub(u"a/+"_s)}
        << QList<Subscription>{{u"a/#"_s, 0, 1, {0}}, {u"a/+"_s, 0, 2, {1}}};
    QTest::newRow("an invalid filter is not subscribed")
        << Configs{sub(u"a/#/b"_s), sub(u"ok"_s)} << QList<Subscription>{{u"ok"_s, 0, 1, {1}}};
    QTest::newRow("a route with an invalid exclude is not subscribed")
        << Configs{excluding(sub(u"a/#"_s), {u"a/b#"_s}), sub(u"ok"_s)}
        << QList<Subscription>{{u"ok"_s, 0, 1, {1}}};
    QTest::newRow("all disabled: nothing to subscribe")
        << Configs{disabled(sub(u"a"_s))} << QList<Subscription>{};
}

void tst_Router::subscriptions()
{
    QFETCH(Configs, configs);
    QFETCH(QList<Subscription>, expected);

    const Router router(configs);
    QCOMPARE(router.subscriptions(), expected);
    Indexes routes;
    for (const Subscription &subscription : expected)
        routes += subscription.routes;
    std::sort(routes.begin(), routes.end());
    QCOMPARE(router.routes(), routes);
}

void tst_Router::errors_data()
{
    QTest::addColumn<Configs>("configs");
    QTest::addColumn<QStringList>("expected"); // the start of each error

    QTest::newRow("a valid configuration has no errors")
        << Configs{excluding(sub(u"a/#"_s), {u"a/b/"_s}, {u"^a/c"_s})} << QStringList{};
    QTest::newRow("an invalid subTopic.topic")
        << Configs{sub(u"ok"_s), sub(u"sport+"_s)}
        << QStringList{u"sub_deal_config[1].subTopic.topic: '+' must occupy a whole level"_s};
    QTest::newRow("an empty subTopic.topic")
        << Configs{sub(QString())}
        << QStringList{u"sub_deal_config[0].subTopic.topic: a topic must be at least"_s};
    QTest::newRow("a qos out of range")
        << Configs{sub(u"a"_s, 3)} << QStringList{u"sub_deal_config[0].subTopic.qos: must be"_s};
    QTest::newRow("an invalid excludeTopics entry")
        << Configs{excluding(sub(u"a/#"_s), {u"a/ok"_s, u"a/#/b"_s})}
        << QStringList{u"sub_deal_config[0].excludeTopics[1]: '#' must be the last level"_s};
    QTest::newRow("an invalid excludeRegex entry")
        << Configs{excluding(sub(u"a/#"_s), {}, {u"a(b"_s})}
        << QStringList{u"sub_deal_config[0].excludeRegex[0]: invalid regular expression"_s};
    QTest::newRow("an empty excludeRegex entry")
        << Configs{excluding(sub(u"a/#"_s), {}, {QString()})}
        << QStringList{u"sub_deal_config[0].excludeRegex[0]: an empty regular expression"_s};
    QTest::newRow("an invalid where regex")
        << Configs{where(sub(u"a"_s), {{u"x"_s, Op::Matches, u"("_s}})}
        << QStringList{u"sub_deal_config[0].where[0]: invalid regular expression"_s};
    QTest::newRow("a disabled entry is not checked")
        << Configs{disabled(sub(u"a#"_s))} << QStringList{};
}

void tst_Router::errors()
{
    QFETCH(Configs, configs);
    QFETCH(QStringList, expected);

    const QStringList errors = Router(configs).errors();
    QCOMPARE(errors.size(), expected.size());
    for (int i = 0; i < errors.size(); ++i)
        QVERIFY2(errors.at(i).startsWith(expected.at(i)), qPrintable(errors.at(i)));
}

void tst_Router::route_data()
{
    QTest::addColumn<Configs>("configs");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<Ids>("ids");
    QTest::addColumn<Indexes>("expected");

    const QByteArray json = R"({"type":"alarm","level":3})";

    // Topic matching without identifiers (MQTT 3.1.1)
    QTest::newRow("a matching topic goes to its route")
        << Configs{sub(u"from/v1/#"_s)} << u"from/v1/a"_s << json << Ids{} << Indexes{0};
    QTest::newRow("a topic matching no route goes nowhere")
        << Configs{sub(u"from/v1/#"_s)} << u"from/v2/a"_s << json << Ids{} << Indexes{};
    QTest::newRow("3.1.1 overlap: a copy goes to every matching route")
        << Configs{sub(u"a/#"_s), sub(u"a/+"_s), sub(u"b/#"_s)} << u"a/b"_s << json << Ids{}
        << Indexes{0, 1};
    QTest::newRow("identical filters: a copy goes to both routes")
        << Configs{sub(u"x"_s), sub(u"x"_s)} << u"x"_s << json << Ids{} << Indexes{0, 1};
    QTest::newRow("a disabled route never receives")
        << Configs{disabled(sub(u"a"_s)), sub(u"a"_s)} << u"a"_s << json << Ids{} << Indexes{1};
    QTest::newRow("the shared prefix is stripped for matching")
        << Configs{sub(u"$share/g1/from/v1/#"_s)} << u"from/v1/x"_s << json << Ids{} << Indexes{0};
    QTest::newRow("the $queue prefix is stripped for matching")
        << Configs{sub(u"$queue/from/#"_s)} << u"from/x"_s << json << Ids{} << Indexes{0};
    QTest::newRow("a shared filter does not match the prefix as a topic")
        << Configs{sub(u"$share/g1/from/#"_s)} << u"$share/g1/from/x"_s << json << Ids{}
        << Indexes{};
    QTest::newRow("# does not route $SYS topics")
        << Configs{sub(u"#"_s)} << u"$SYS/broker/load"_s << json << Ids{} << Indexes{};

    // MQTT 5 Subscription Identifiers
    QTest::newRow("overlap with identifiers: only the subscription named")
        << Configs{sub(u"a/#"_s), sub(u"a/+"_s)} << u"a/b"_s << json << Ids{1} << Indexes{0};
    QTest::newRow("overlap with identifiers: the other subscription named")
        << Configs{sub(u"a/#"_s), sub(u"a/+"_s)} << u"a/b"_s << json << Ids{2} << Indexes{1};
    QTest::newRow("one PUBLISH naming both subscriptions reaches each route once")
        << Configs{sub(u"a/#"_s), sub(u"a/+"_s)} << u"a/b"_s << json << Ids{2, 1} << Indexes{0, 1};
    QTest::newRow("identical filters: one identifier feeds both routes")
        << Configs{sub(u"x"_s), sub(u"y"_s), sub(u"x"_s)} << u"x"_s << json << Ids{1}
        << Indexes{0, 2};
    QTest::newRow("an identifier repeated in one PUBLISH counts once")
        << Configs{sub(u"a/#"_s)} << u"a/b"_s << json << Ids{1, 1} << Indexes{0};
    QTest::newRow("an unknown identifier is ignored")
        << Configs{sub(u"a/#"_s)} << u"a/b"_s << json << Ids{7} << Indexes{};
    QTest::newRow("identifier 0 is ignored")
        << Configs{sub(u"a/#"_s)} << u"a/b"_s << json << Ids{0} << Indexes{};
    QTest::newRow("a stale identifier whose filter does not match is ignored")
        << Configs{sub(u"a/#"_s), sub(u"b/#"_s)} << u"b/x"_s << json << Ids{1} << Indexes{};
    QTest::newRow("identifiers skip disabled entries: identifier 2 is entry 2")
        << Configs{sub(u"a"_s), disabled(sub(u"a"_s)), sub(u"a/#"_s)} << u"a"_s << json << Ids{2}
        << Indexes{2};

    // excludeTopics, the seed's example: "from/v1/#" without "from/v1/aaa/"
    const Configs seed{excluding(sub(u"from/v1/#"_s), {u"from/v1/aaa/"_s})};
    QTest::newRow("trailing slash excludes the topic itself")
        << seed << u"from/v1/aaa"_s << json << Ids{} << Indexes{};
    QTest::newRow("trailing slash excludes a child")
        << seed << u"from/v1/aaa/x"_s << json << Ids{} << Indexes{};
    QTest::newRow("trailing slash excludes the whole subtree")
        << seed << u"from/v1/aaa/x/y"_s << json << Ids{} << Indexes{};
    QTest::newRow("trailing slash does not exclude a longer level")
        << seed << u"from/v1/aaab"_s << json << Ids{} << Indexes{0};
    QTest::newRow("trailing slash does not exclude a sibling")
        << seed << u"from/v1/bbb"_s << json << Ids{} << Indexes{0};
    QTest::newRow("the exclude applies with identifiers too")
        << seed << u"from/v1/aaa/x"_s << json << Ids{1} << Indexes{};
    const Configs exact{excluding(sub(u"from/v1/#"_s), {u"from/v1/aaa"_s})};
    QTest::newRow("without trailing slash the entry excludes that topic")
        << exact << u"from/v1/aaa"_s << json << Ids{} << Indexes{};
    QTest::newRow("without trailing slash the children are not excluded")
        << exact << u"from/v1/aaa/x"_s << json << Ids{} << Indexes{0};
    QTest::newRow("an exclude may use wildcards")
        << Configs{excluding(sub(u"from/#"_s), {u"from/+/secret"_s})} << u"from/v9/secret"_s << json
        << Ids{} << Indexes{};
    QTest::newRow("an exclude holds back only its own route")
        << Configs{excluding(sub(u"from/#"_s), {u"from/a/"_s}), sub(u"from/#"_s)} << u"from/a/b"_s
        << json << Ids{} << Indexes{1};
    QTest::newRow("an exclude holds back only its own route, with identifiers")
        << Configs{excluding(sub(u"from/#"_s), {u"from/a/"_s}), sub(u"from/#"_s)} << u"from/a/b"_s
        << json << Ids{1} << Indexes{1};

    // excludeRegex
    QTest::newRow("a regex exclude is an unanchored search")
        << Configs{excluding(sub(u"from/#"_s), {}, {u"aaa"_s})} << u"from/xaaay/z"_s << json
        << Ids{} << Indexes{};
    QTest::newRow("an anchored regex exclude matches exactly")
        << Configs{excluding(sub(u"from/#"_s), {}, {u"^from/test$"_s})} << u"from/test/x"_s << json
        << Ids{} << Indexes{0};
    QTest::newRow("an anchored regex exclude holds back its topic")
        << Configs{excluding(sub(u"from/#"_s), {}, {u"^from/test$"_s})} << u"from/test"_s << json
        << Ids{} << Indexes{};
    QTest::newRow("the original's exclude as a regex: from/v1/aaa/ as a substring")
        << Configs{excluding(sub(u"from/v1/#"_s), {}, {u"from/v1/aaa/"_s})} << u"from/v1/aaa"_s
        << json << Ids{} << Indexes{0};
    QTest::newRow("a regex exclude that does not match lets the message through")
        << Configs{excluding(sub(u"from/#"_s), {}, {u"\\d{3}"_s})} << u"from/12/a"_s << json
        << Ids{} << Indexes{0};

    // where
    const SubscriptionConfig alarms = where(
        sub(u"dev/#"_s), {{u"type"_s, Op::Equal, u"alarm"_s}, {u"level"_s, Op::GreaterOrEqual, 3}});
    QTest::newRow("every condition holds")
        << Configs{alarms} << u"dev/1"_s << json << Ids{} << Indexes{0};
    QTest::newRow("one condition fails")
        << Configs{alarms} << u"dev/1"_s << QByteArray(R"({"type":"alarm","level":2})") << Ids{}
        << Indexes{};
    QTest::newRow("a payload that is not JSON fails ==")
        << Configs{alarms} << u"dev/1"_s << QByteArray("alarm 3") << Ids{} << Indexes{};
    QTest::newRow("conditions apply to their route only")
        << Configs{alarms, sub(u"dev/#"_s)} << u"dev/1"_s << QByteArray("not json") << Ids{}
        << Indexes{1};
    QTest::newRow("a payload that is not JSON passes !=")
        << Configs{where(sub(u"dev/#"_s), {{u"type"_s, Op::NotEqual, u"test"_s}})} << u"dev/1"_s
        << QByteArray("\x01\x02") << Ids{} << Indexes{0};
    QTest::newRow("identical filters with identifiers: conditions are per route")
        << Configs{alarms, sub(u"dev/#"_s)} << u"dev/1"_s
        << QByteArray(R"({"type":"alarm","level":2})") << Ids{1} << Indexes{1};
    QTest::newRow("identical filters with identifiers: both when conditions hold")
        << Configs{alarms, sub(u"dev/#"_s)} << u"dev/1"_s << json << Ids{1} << Indexes{0, 1};
}

void tst_Router::route()
{
    QFETCH(Configs, configs);
    QFETCH(QString, topic);
    QFETCH(QByteArray, payload);
    QFETCH(Ids, ids);
    QFETCH(Indexes, expected);

    const Router router(configs);
    QVERIFY2(router.errors().isEmpty(), qPrintable(router.errors().join(u'\n')));
    QCOMPARE(router.route(topic, payload, ids), expected);
}

void tst_Router::conditions_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Op>("op");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("holds");

    const QByteArray doc = R"({"a":{"b":5,"f":2.5,"s":"hello","n":null,"t":true,
        "arr":[1,"x",{"id":7}],"big":9007199254740993,"word":"banana"},"top":[10,20]})";
    const QByteArray notJson = "temperature=21";

    // ==
    QTest::newRow("== number") << u"a.b"_s << Op::Equal << QJsonValue(5) << doc << true;
    QTest::newRow("== number written as double")
        << u"a.b"_s << Op::Equal << QJsonValue(5.0) << doc << true;
    QTest::newRow("== a number never equals a string")
        << u"a.b"_s << Op::Equal << QJsonValue(u"5"_s) << doc << false;
    QTest::newRow("== string") << u"a.s"_s << Op::Equal << QJsonValue(u"hello"_s) << doc << true;
    QTest::newRow("== string is case sensitive")
        << u"a.s"_s << Op::Equal << QJsonValue(u"Hello"_s) << doc << false;
    QTest::newRow("== null") << u"a.n"_s << Op::Equal << QJsonValue() << doc << true;
    QTest::newRow("== bool") << u"a.t"_s << Op::Equal << QJsonValue(true) << doc << true;
    QTest::newRow("== big integers compare exactly")
        << u"a.big"_s << Op::Equal << QJsonValue(qint64(9007199254740992)) << doc << false;
    QTest::newRow("== array deeply")
        << u"top"_s << Op::Equal << QJsonValue(QJsonArray{10, 20}) << doc << true;
    QTest::newRow("== missing field") << u"a.zz"_s << Op::Equal << QJsonValue(1) << doc << false;
    QTest::newRow("== not JSON") << u"a"_s << Op::Equal << QJsonValue(1) << notJson << false;

    // !=
    QTest::newRow("!= different") << u"a.b"_s << Op::NotEqual << QJsonValue(6) << doc << true;
    QTest::newRow("!= equal") << u"a.b"_s << Op::NotEqual << QJsonValue(5) << doc << false;
    QTest::newRow("!= missing field holds")
        << u"a.zz"_s << Op::NotEqual << QJsonValue(1) << doc << true;
    QTest::newRow("!= not JSON holds")
        << u"a"_s << Op::NotEqual << QJsonValue(1) << notJson << true;

    // < <= > >=
    QTest::newRow("< numbers") << u"a.b"_s << Op::Less << QJsonValue(6) << doc << true;
    QTest::newRow("< equal numbers") << u"a.b"_s << Op::Less << QJsonValue(5) << doc << false;
    QTest::newRow("<= equal numbers")
        << u"a.b"_s << Op::LessOrEqual << QJsonValue(5) << doc << true;
    QTest::newRow("> double") << u"a.f"_s << Op::Greater << QJsonValue(2) << doc << true;
    QTest::newRow(">= fails") << u"a.f"_s << Op::GreaterOrEqual << QJsonValue(2.6) << doc << false;
    QTest::newRow("< numbers compare numerically, not as text")
        << u"top.0"_s << Op::Less << QJsonValue(9) << doc << false;
    QTest::newRow("< strings lexicographically")
        << u"a.word"_s << Op::Less << QJsonValue(u"cherry"_s) << doc << true;
    QTest::newRow("> strings lexicographically")
        << u"a.word"_s << Op::Greater << QJsonValue(u"apple"_s) << doc << true;
    QTest::newRow("< a string never compares with a number")
        << u"a.s"_s << Op::Less << QJsonValue(100) << doc << false;
    QTest::newRow(">= a number never compares with a string")
        << u"a.b"_s << Op::GreaterOrEqual << QJsonValue(u"1"_s) << doc << false;
    QTest::newRow("> missing field") << u"a.zz"_s << Op::Greater << QJsonValue(0) << doc << false;
    QTest::newRow("<= not JSON") << u"a"_s << Op::LessOrEqual << QJsonValue(0) << notJson << false;

    // exists
    QTest::newRow("exists") << u"a.s"_s << Op::Exists << QJsonValue() << doc << true;
    QTest::newRow("exists: null is present")
        << u"a.n"_s << Op::Exists << QJsonValue() << doc << true;
    QTest::newRow("exists: missing") << u"a.zz"_s << Op::Exists << QJsonValue() << doc << false;
    QTest::newRow("exists: not JSON")
        << u"a"_s << Op::Exists << QJsonValue(true) << notJson << false;
    QTest::newRow("exists false: missing holds")
        << u"a.zz"_s << Op::Exists << QJsonValue(false) << doc << true;
    QTest::newRow("exists false: present fails")
        << u"a.s"_s << Op::Exists << QJsonValue(false) << doc << false;
    QTest::newRow("exists false: not JSON holds")
        << u"a"_s << Op::Exists << QJsonValue(false) << notJson << true;

    // contains
    QTest::newRow("contains a substring")
        << u"a.s"_s << Op::Contains << QJsonValue(u"ell"_s) << doc << true;
    QTest::newRow("contains no substring")
        << u"a.s"_s << Op::Contains << QJsonValue(u"xyz"_s) << doc << false;
    QTest::newRow("contains a number element")
        << u"a.arr"_s << Op::Contains << QJsonValue(1) << doc << true;
    QTest::newRow("contains a string element")
        << u"a.arr"_s << Op::Contains << QJsonValue(u"x"_s) << doc << true;
    QTest::newRow("contains an object element")
        << u"a.arr"_s << Op::Contains << QJsonValue(QJsonObject{{u"id"_s, 7}}) << doc << true;
    QTest::newRow("contains no such element")
        << u"a.arr"_s << Op::Contains << QJsonValue(2) << doc << false;
    QTest::newRow("contains: the element must be equal, not a substring")
        << u"top"_s << Op::Contains << QJsonValue(u"10"_s) << doc << false;
    QTest::newRow("contains on a number")
        << u"a.b"_s << Op::Contains << QJsonValue(5) << doc << false;
    QTest::newRow("contains: not JSON")
        << u"a"_s << Op::Contains << QJsonValue(u"t"_s) << notJson << false;

    // matches
    QTest::newRow("matches anchored")
        << u"a.s"_s << Op::Matches << QJsonValue(u"^h.*o$"_s) << doc << true;
    QTest::newRow("matches unanchored")
        << u"a.s"_s << Op::Matches << QJsonValue(u"ll"_s) << doc << true;
    QTest::newRow("matches fails")
        << u"a.s"_s << Op::Matches << QJsonValue(u"^ll"_s) << doc << false;
    QTest::newRow("matches on a number")
        << u"a.b"_s << Op::Matches << QJsonValue(u"5"_s) << doc << false;
    QTest::newRow("matches: not JSON")
        << u"a"_s << Op::Matches << QJsonValue(u"."_s) << notJson << false;

    // paths
    QTest::newRow("array index then key")
        << u"a.arr.2.id"_s << Op::Equal << QJsonValue(7) << doc << true;
    QTest::newRow("array index") << u"top.1"_s << Op::Equal << QJsonValue(20) << doc << true;
    QTest::newRow("array index past the end")
        << u"top.2"_s << Op::Exists << QJsonValue() << doc << false;
    QTest::newRow("a number on an object is a key")
        << u"a.0"_s << Op::Exists << QJsonValue() << doc << false;
    QTest::newRow("a key on an array is missing")
        << u"top.x"_s << Op::Exists << QJsonValue() << doc << false;
    QTest::newRow("a path through a scalar is missing")
        << u"a.b.c"_s << Op::Exists << QJsonValue() << doc << false;
    QTest::newRow("a root array") << u"0.id"_s << Op::Equal << QJsonValue(1)
                                  << QByteArray(R"([{"id":1}])") << true;
    QTest::newRow("a numeric key on an object")
        << u"0"_s << Op::Equal << QJsonValue(u"zero"_s) << QByteArray(R"({"0":"zero"})") << true;
    QTest::newRow("truncated JSON is not JSON")
        << u"a"_s << Op::Exists << QJsonValue() << QByteArray(R"({"a":)") << false;
    QTest::newRow("an empty payload is not JSON")
        << u"a"_s << Op::Exists << QJsonValue() << QByteArray() << false;
}

void tst_Router::conditions()
{
    QFETCH(QString, path);
    QFETCH(Op, op);
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, payload);
    QFETCH(bool, holds);

    const PayloadCondition condition({path, op, value});
    QVERIFY2(condition.isValid(), qPrintable(condition.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    QCOMPARE(condition.holds(error.error == QJsonParseError::NoError ? &document : nullptr), holds);

    // The same through a Router.
    const Router router({where(sub(u"t"_s), {{path, op, value}})});
    QCOMPARE(router.route(u"t"_s, payload), holds ? Indexes{0} : Indexes{});
}

void tst_Router::invalidConditions_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Op>("op");
    QTest::addColumn<QJsonValue>("value");

    QTest::newRow("empty path") << QString() << Op::Exists << QJsonValue();
    QTest::newRow("empty path step") << u"a..b"_s << Op::Exists << QJsonValue();
    QTest::newRow("invalid regex") << u"a"_s << Op::Matches << QJsonValue(u"[a"_s);
    QTest::newRow("matches needs a string") << u"a"_s << Op::Matches << QJsonValue(3);
    QTest::newRow("< needs a number or string") << u"a"_s << Op::Less << QJsonValue(true);
}

void tst_Router::invalidConditions()
{
    QFETCH(QString, path);
    QFETCH(Op, op);
    QFETCH(QJsonValue, value);

    const PayloadCondition condition({path, op, value});
    QVERIFY(!condition.isValid());
    QVERIFY(!condition.errorString().isEmpty());
    const QJsonDocument document = QJsonDocument::fromJson(R"({"a":{"b":1}})");
    QVERIFY(!condition.holds(&document));
}

void tst_Router::overlappingRoutes()
{
    const Router router({sub(u"a/#"_s), sub(u"a/+"_s), sub(u"b"_s), sub(u"a/#"_s),
                         disabled(sub(u"a/b"_s)), sub(u"$SYS/#"_s), sub(u"#"_s)});
    // Identical filters share one subscription: they never cause extra copies.
    QCOMPARE(test::overlappingRoutes(router),
             (QList<QPair<int, int>>{{0, 1}, {0, 6}, {1, 3}, {1, 6}, {2, 6}, {3, 6}}));
}

void tst_Router::seedConfigurationRoutes()
{
    // The original's example entry, as the loader fills it.
    SubscriptionConfig seed = sub(u"from/v1/#"_s);
    seed.appName = u"test1"_s;
    seed.appId = u"123"_s;
    seed.excludeTopics = {u"from/v1/aaa/"_s};
    seed.retry = 5;
    BrokerConfig broker;
    broker.clientId = u"go-mqtt-client-1"_s;
    broker.subscriptions = {seed};

    const Router router(broker);
    QVERIFY(router.errors().isEmpty());
    QCOMPARE(router.subscriptions(), (QList<Subscription>{{u"from/v1/#"_s, 0, 1, {0}}}));
    QCOMPARE(router.route(u"from/v1/device/7"_s, R"({"header":"h","body":"b"})"), Indexes{0});
    QCOMPARE(router.route(u"from/v1/aaa/device/7"_s, R"({"header":"h","body":"b"})"), Indexes{});
    QString why;
    QCOMPARE(router.route(u"from/v1/device/7"_s, {}, {}, &why), Indexes{0});
    QVERIFY(why.isEmpty()); // taken: nothing to explain
}

void tst_Router::whyNone_data()
{
    QTest::addColumn<Configs>("configs");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<Ids>("ids");
    QTest::addColumn<QString>("why");

    const QList<WhereCondition> hot = {{u"t"_s, Op::Exists, {}}, {u"t"_s, Op::Greater, 30}};
    QTest::newRow("no filter matches")
        << Configs{sub(u"a/#"_s), sub(u"b"_s)} << u"c/d"_s << QByteArray() << Ids{}
        << u"no route's subTopic matches the topic"_s;
    QTest::newRow("excluded by an exclude topic")
        << Configs{excluding(sub(u"a/#"_s), {u"x"_s, u"a/secret/"_s})} << u"a/secret/k"_s
        << QByteArray() << Ids{}
        << u"sub_deal_config[0] (a/#): excluded by excludeTopics \"a/secret/\""_s;
    QTest::newRow("excluded by a regular expression")
        << Configs{sub(u"z"_s), excluding(sub(u"a/#"_s), {}, {u"^a/tmp"_s, u"sec"_s})}
        << u"a/secret"_s << QByteArray() << Ids{}
        << u"sub_deal_config[1] (a/#): excluded by excludeRegex \"sec\""_s;
    QTest::newRow("a where condition is false")
        << Configs{where(sub(u"a/#"_s), hot)} << u"a/b"_s << QByteArray(R"({"t": 20})") << Ids{}
        << u"sub_deal_config[0] (a/#): where[1] is false"_s;
    QTest::newRow("not JSON: the first condition")
        << Configs{where(sub(u"a/#"_s), hot)} << u"a/b"_s << QByteArray("hot") << Ids{}
        << u"sub_deal_config[0] (a/#): where[0] is false"_s;
    QTest::newRow("each route that matched, in order")
        << Configs{where(sub(u"a/#"_s), hot), sub(u"b"_s), excluding(sub(u"a/+"_s), {u"a/b"_s})}
        << u"a/b"_s << QByteArray(R"({"t": 1})") << Ids{}
        << u"sub_deal_config[0] (a/#): where[1] is false; "
           u"sub_deal_config[2] (a/+): excluded by excludeTopics \"a/b\""_s;
    QTest::newRow("MQTT 5: only the routes of the identifiers")
        << Configs{excluding(sub(u"a/#"_s), {u"a/b"_s}), excluding(sub(u"a/+"_s), {u"a/b"_s})}
        << u"a/b"_s << QByteArray() << Ids{2}
        << u"sub_deal_config[1] (a/+): excluded by excludeTopics \"a/b\""_s;
    QTest::newRow("MQTT 5: an unknown identifier")
        << Configs{sub(u"a/#"_s)} << u"a/b"_s << QByteArray() << Ids{9}
        << u"no route's subTopic matches the topic"_s;
}

void tst_Router::whyNone()
{
    QFETCH(Configs, configs);
    QFETCH(QString, topic);
    QFETCH(QByteArray, payload);
    QFETCH(Ids, ids);
    QFETCH(QString, why);

    const Router router(configs);
    QVERIFY(router.errors().isEmpty());
    QString explanation = u"untouched"_s;
    QCOMPARE(router.route(topic, payload, ids, &explanation), Indexes{});
    QCOMPARE(explanation, why);
}

QTEST_GUILESS_MAIN(tst_Router)
#include "tst_router.moc"
