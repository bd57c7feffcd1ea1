#include "config/configloader.h"
#include "testpaths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace mqhook;

namespace {

// Rows mark the place an issue must point at with '@'; the marker is removed
// before loading and its line and column become the expected position.
constexpr QChar marker = u'@';

struct Marked
{
    QByteArray json;
    int line = 0;
    int column = 0;
};

Marked unmark(const QString &text)
{
    Marked result;
    const qsizetype at = text.indexOf(marker);
    if (at >= 0) {
        const QString before = text.left(at);
        result.line = int(before.count(u'\n')) + 1;
        const qsizetype lineStart = before.lastIndexOf(u'\n') + 1;
        result.column = int(before.mid(lineStart).toUcs4().size()) + 1;
    }
    QString json = text;
    json.remove(marker);
    result.json = json.toUtf8();
    return result;
}

QString readText(const QString &relative)
{
    QFile file(test::sourcePath(relative));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QString::fromUtf8(file.readAll());
}

QString seedText()
{
    return readText(u"resources/examples/seed.json"_s);
}

// The seed with the n-th occurrence of from replaced by to.
QString seedWith(const QString &from, const QString &to, int occurrence = 1)
{
    QString text = seedText();
    qsizetype at = -1;
    for (int i = 0; i < occurrence; ++i) {
        at = text.indexOf(from, at + 1);
        if (at < 0)
            qFatal("'%s' is not in the seed", qPrintable(from));
    }
    return text.replace(at, from.size(), to);
}

// The seed with extra keys in the first broker, its subscription, or the top level.
QString seedWithBrokerKeys(const QString &keys)
{
    return seedWith(u"\"broker_port\": 1883,"_s, u"\"broker_port\": 1883, "_s + keys + u","_s);
}

QString seedWithSubscriptionKeys(const QString &keys)
{
    return seedWith(u"\"retry\": 5\n"_s, u"\"retry\": 5,\n        "_s + keys + u'\n');
}

QString seedWithTopLevelKeys(const QString &keys)
{
    return seedWith(u"\"log_config\": {"_s, keys + u",\n  \"log_config\": {"_s);
}

QProcessEnvironment testEnvironment()
{
    QProcessEnvironment environment;
    environment.insert(u"MQ_HOST"_s, u"broker.local"_s);
    environment.insert(u"MQ_PORT"_s, u"1884"_s);
    environment.insert(u"MQ_EMPTY"_s, QString());
    environment.insert(u"MQ_WORD"_s, u"abc"_s);
    environment.insert(u"MQ_TRUE"_s, u"true"_s);
    return environment;
}

LoadResult load(const QByteArray &json,
                const QSet<QString> &features = ConfigLoader::defaultSupportedFeatures())
{
    return ConfigLoader(testEnvironment(), features).loadJson(json, u"/etc/mqhook"_s);
}

QString describe(const QList<ConfigIssue> &issues)
{
    QStringList lines;
    for (const ConfigIssue &issue : issues)
        lines.append(issue.toString(u"config.json"_s));
    return lines.join(u'\n');
}

void addRuleColumns()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fragment");
}

// Exactly one error, at the marker, naming path and saying fragment.
void checkSingleError(const LoadResult &result, const Marked &marked, const QString &path,
                      const QString &fragment)
{
    QVERIFY2(result.errors.size() == 1, qPrintable(describe(result.errors)));
    QVERIFY(!result.ok());
    QVERIFY(!result.config.has_value());
    const ConfigIssue &error = result.errors.first();
    QCOMPARE(error.severity, ConfigIssue::Severity::Error);
    QCOMPARE(error.path, path);
    QVERIFY2(error.message.contains(fragment), qPrintable(error.message));
    QVERIFY2(marked.line > 0, "the row has no '@' marker");
    QCOMPARE(error.line, marked.line);
    QCOMPARE(error.column, marked.column);
}

} // namespace

class tst_ConfigLoader : public QObject
{
    Q_OBJECT

private slots:
    void seedLoadsUnchanged();
    void keychainReferenceAndDisabledBroker();
    void seedFileIsTheSeedExample();
    void listFormOfSubDealConfig();
    void aliasOfCallbackAddress();
    void seedRules_data();
    void seedRules();
    void extensionRules_data();
    void extensionRules();
    void environmentExpansion_data();
    void environmentExpansion();
    void templatePlaceholdersAreNotEnvironment();
    void typedValuesFromEnvironment();
    void clientIdUniqueOnlyPerBroker();
    void logLevels_data();
    void logLevels();
    void didYouMean_data();
    void didYouMean();
    void notSupportedYet_data();
    void notSupportedYet();
    void featureNames();
    void duplicateKeys();
    void riskyButLegalWarnings_data();
    void riskyButLegalWarnings();
    void malformedJson_data();
    void malformedJson();
    void issueToString();
    void loadFileErrors();
    void relativePathsAreResolved();
    void fiveMistakesGiveFiveErrors();
    void fullExampleLoads();
    void fullExampleWithDefaultFeatures();
    void normalizedRoundTripOfSeed();
    void normalizedRoundTripOfFullExample();
    void normalizedJsonFillsDefaultsAndHidesSecrets();
    void everyIssueHasAPosition();
    void adminTokenNeverShown();
};

void tst_ConfigLoader::seedLoadsUnchanged()
{
    const QString fileName = test::sourcePath(u"resources/examples/seed.json"_s);
    const LoadResult result = ConfigLoader(testEnvironment()).loadFile(fileName);
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(describe(result.warnings)));
    const Config &config = *result.config;

    QCOMPARE(config.brokers.size(), 2);
    const BrokerConfig &first = config.brokers.at(0);
    QCOMPARE(first.clientId, u"go-mqtt-client-1"_s);
    QCOMPARE(first.username, QString());
    QCOMPARE(first.password, QString());
    QCOMPARE(first.alive, 60);
    QCOMPARE(first.brokerIp, u"127.0.0.1"_s);
    QCOMPARE(first.brokerPort, 1883);
    QCOMPARE(first.subscriptions.size(), 1);
    const SubscriptionConfig &sub = first.subscriptions.first();
    QCOMPARE(sub.appName, u"test1"_s);
    QCOMPARE(sub.appId, u"123"_s);
    QCOMPARE(sub.enabled, true);
    QCOMPARE(sub.callbackMethod, u"HTTP"_s);
    QCOMPARE(sub.callbackAddresses, QStringList{u"http://127.0.0.1:8000/api/test"_s});
    QCOMPARE(sub.subTopic.topic, u"from/v1/#"_s);
    QCOMPARE(sub.subTopic.qos, 0);
    QCOMPARE(sub.excludeTopics, QStringList{u"from/v1/aaa/"_s});
    QCOMPARE(sub.retry, 5);
    QCOMPARE(config.brokers.at(1).clientId, u"go-mqtt-client-2"_s);
    QCOMPARE(config.brokers.at(1).subscriptions.first().callbackAddresses,
             QStringList{u"http://127.0.0.1:8000/api/test2"_s});

    // Extensions keep their defaults.
    QCOMPARE(sub.httpMethod, u"POST"_s);
    QCOMPARE(sub.timeout, defaults::httpTimeout);
    QCOMPARE(first.protocolVersion, MqttProtocolVersion::V5);

    QCOMPARE(config.log.level, LogLevel::Info);
    const QString folder = QFileInfo(fileName).absolutePath();
    QCOMPARE(config.log.filename, folder + u"/logs/mqtt.log"_s);
    QCOMPARE(config.log.maxSizeMb, 1);
    QCOMPARE(config.log.maxAgeDays, 7);
    QCOMPARE(config.log.maxBackups, 3);
    QCOMPARE(config.queue.dir, folder + u"/queue"_s);
}

void tst_ConfigLoader::seedFileIsTheSeedExample()
{
    // resources/examples/seed.json is the original README's example byte for
    // byte; this digest was taken when it was copied from there.
    QFile file(test::sourcePath(u"resources/examples/seed.json"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex(),
             QByteArray("d27735ea1d0aa9094f828899f43d30f962e2fa5dcc166c3227c4fb8fe2bef787"));
}

void tst_ConfigLoader::listFormOfSubDealConfig()
{
    const QString subscription = uR"({
        "app_name": "a%1", "app_id": "%1", "enabled": true, "callbackMethod": "HTTP",
        "callbackAddress": ["http://127.0.0.1:8000/%1"],
        "subTopic": {"topic": "t/%1", "qos": %2}, "retry": 1
      })"_s;
    const QString list = u"\"sub_deal_config\": ["_s + subscription.arg(0).arg(0) + u", "_s +
                         subscription.arg(1).arg(1) + u", "_s + subscription.arg(2).arg(u"@3"_s) +
                         u']';
    QString text = seedText();
    const qsizetype start = text.indexOf(u"\"sub_deal_config\""_s);
    const qsizetype end = text.indexOf(u"\n    },"_s, start);
    text.replace(start, end - start, list);
    const Marked marked = unmark(text);
    LoadResult result = load(marked.json);
    checkSingleError(result, marked, u"mqtt_brokers[0].sub_deal_config[2].subTopic.qos"_s,
                     u"expected an integer from 0 to 2, got 3"_s);

    text.replace(u"\"qos\": @3"_s, u"\"qos\": 2"_s);
    result = load(text.toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(describe(result.warnings)));
    const QList<SubscriptionConfig> &subs = result.config->brokers.first().subscriptions;
    QCOMPARE(subs.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(subs.at(i).appId, QString::number(i));
        QCOMPARE(subs.at(i).subTopic.qos, i);
    }
}

void tst_ConfigLoader::aliasOfCallbackAddress()
{
    const Marked marked =
        unmark(seedWith(u"\"callbackAddress\""_s, u"@\"callbaccallbackAddress\""_s));
    LoadResult result = load(marked.json);
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QCOMPARE(result.warnings.size(), 1);
    const ConfigIssue &warning = result.warnings.first();
    QCOMPARE(warning.path, u"mqtt_brokers[0].sub_deal_config.callbaccallbackAddress"_s);
    QCOMPARE(warning.line, marked.line);
    QCOMPARE(warning.column, marked.column);
    QVERIFY(warning.message.contains(u"read as 'callbackAddress'"_s));
    QCOMPARE(result.config->brokers.first().subscriptions.first().callbackAddresses,
             QStringList{u"http://127.0.0.1:8000/api/test"_s});

    // Both spellings at once is ambiguous.
    const Marked both = unmark(
        seedWith(u"\"callbackAddress\""_s,
                 u"@\"callbaccallbackAddress\": [\"http://127.0.0.1/x\"], \"callbackAddress\""_s));
    result = load(both.json);
    checkSingleError(result, both, u"mqtt_brokers[0].sub_deal_config.callbaccallbackAddress"_s,
                     u"keep only 'callbackAddress'"_s);
}

void tst_ConfigLoader::seedRules_data()
{
    addRuleColumns();
    const QString port = u"\"broker_port\": 1883"_s;
    const QString sub1 = u"mqtt_brokers[0].sub_deal_config"_s;

    QTest::newRow("broker_port above 65535")
        << seedWith(port, u"\"broker_port\": @70000"_s) << u"mqtt_brokers[0].broker_port"_s
        << u"expected an integer from 1 to 65535, got 70000"_s;
    QTest::newRow("broker_port 0") << seedWith(port, u"\"broker_port\": @0"_s)
                                   << u"mqtt_brokers[0].broker_port"_s << u"got 0"_s;
    QTest::newRow("broker_port not an integer")
        << seedWith(port, u"\"broker_port\": @1883.5"_s) << u"mqtt_brokers[0].broker_port"_s
        << u"got 1883.5"_s;
    QTest::newRow("broker_port as a string")
        << seedWith(port, u"\"broker_port\": @\"1883\""_s) << u"mqtt_brokers[0].broker_port"_s
        << u"expected an integer from 1 to 65535, got \"1883\""_s;
    QTest::newRow("broker_port of the second broker")
        << seedWith(port, u"\"broker_port\": @-1"_s, 2) << u"mqtt_brokers[1].broker_port"_s
        << u"got -1"_s;
    QTest::newRow("alive negative")
        << seedWith(u"\"alive\": 60"_s, u"\"alive\": @-1"_s) << u"mqtt_brokers[0].alive"_s
        << u"expected an integer from 0 to 65535, got -1"_s;
    QTest::newRow("alive above 65535") << seedWith(u"\"alive\": 60"_s, u"\"alive\": @65536"_s)
                                       << u"mqtt_brokers[0].alive"_s << u"got 65536"_s;
    QTest::newRow("alive null") << seedWith(u"\"alive\": 60"_s, u"\"alive\": @null"_s)
                                << u"mqtt_brokers[0].alive"_s << u"got null"_s;
    QTest::newRow("qos 3") << seedWith(u"\"qos\": 0"_s, u"\"qos\": @3"_s)
                           << sub1 + u".subTopic.qos"_s
                           << u"expected an integer from 0 to 2, got 3"_s;
    QTest::newRow("retry negative")
        << seedWith(u"\"retry\": 5"_s, u"\"retry\": @-2"_s) << sub1 + u".retry"_s
        << u"expected an integer of at least 0, got -2"_s;
    QTest::newRow("enabled not a boolean")
        << seedWith(u"\"enabled\": true"_s, u"\"enabled\": @\"yes\""_s) << sub1 + u".enabled"_s
        << u"expected true or false, got \"yes\""_s;
    QTest::newRow("app_name not a string")
        << seedWith(u"\"app_name\": \"test1\""_s, u"\"app_name\": @123"_s) << sub1 + u".app_name"_s
        << u"expected a string, got 123"_s;
    QTest::newRow("callbackMethod unknown")
        << seedWith(u"\"callbackMethod\": \"HTTP\""_s, u"\"callbackMethod\": @\"FTP\""_s)
        << sub1 + u".callbackMethod"_s << u"expected \"HTTP\" or \"HTTPS\", got \"FTP\""_s;
    QTest::newRow("https URL with callbackMethod HTTP")
        << seedWith(u"\"http://127.0.0.1:8000/api/test2\""_s,
                    u"@\"https://127.0.0.1:8000/api/test2\""_s)
        << u"mqtt_brokers[1].sub_deal_config.callbackAddress[0]"_s
        << u"callbackMethod is \"HTTP\", so expected an http:// URL"_s;
    QTest::newRow("http URL with callbackMethod https")
        << seedWith(
               u"\"callbackMethod\": \"HTTP\",\n        \"callbackAddress\": [\n          "_s,
               u"\"callbackMethod\": \"https\",\n        \"callbackAddress\": [\n          @"_s)
        << sub1 + u".callbackAddress[0]"_s << u"so expected an https:// URL"_s;
    QTest::newRow("callback URL of another scheme")
        << seedWith(u"\"http://127.0.0.1:8000/api/test\""_s, u"@\"ftp://127.0.0.1/x\""_s)
        << sub1 + u".callbackAddress[0]"_s << u"expected an http:// or https:// URL"_s;
    QTest::newRow("callback URL without scheme")
        << seedWith(u"\"http://127.0.0.1:8000/api/test\""_s, u"@\"127.0.0.1:8000/api\""_s)
        << sub1 + u".callbackAddress[0]"_s << u"expected an http:// or https:// URL"_s;
    QTest::newRow("callback URL without host")
        << seedWith(u"\"http://127.0.0.1:8000/api/test\""_s, u"@\"http:///api\""_s)
        << sub1 + u".callbackAddress[0]"_s << u"with a host"_s;
    QTest::newRow("second callback URL")
        << seedWith(u"\"http://127.0.0.1:8000/api/test\""_s,
                    u"\"http://127.0.0.1:8000/api/test\", @42"_s)
        << sub1 + u".callbackAddress[1]"_s << u"expected a string, got 42"_s;
    QTest::newRow("callbackAddress empty")
        << seedWith(u"\"callbackAddress\": ["_s, u"\"callbackAddress\": @[], \"x\": ["_s)
        << sub1 + u".callbackAddress"_s << u"at least one callback URL"_s;
    QTest::newRow("callbackAddress not a list")
        << seedWith(u"\"callbackAddress\": ["_s, u"\"callbackAddress\": @\"http://a\", \"x\": ["_s)
        << sub1 + u".callbackAddress"_s << u"expected a list of http:// or https:// URLs"_s;
    QTest::newRow("topic with '#' inside")
        << seedWith(u"\"topic\": \"from/v1/#\""_s, u"\"topic\": @\"from/#/v1\""_s)
        << sub1 + u".subTopic.topic"_s << u"'#' must be the last level"_s;
    QTest::newRow("topic with '+' inside a level")
        << seedWith(u"\"topic\": \"from/v1/#\""_s, u"\"topic\": @\"from/v1+/#\""_s)
        << sub1 + u".subTopic.topic"_s << u"'+' must occupy a whole level"_s;
    QTest::newRow("topic empty") << seedWith(u"\"topic\": \"from/v1/#\""_s, u"\"topic\": @\"\""_s)
                                 << sub1 + u".subTopic.topic"_s << u"at least one character"_s;
    QTest::newRow("shared subscription without filter")
        << seedWith(u"\"topic\": \"from/v1/#\""_s, u"\"topic\": @\"$share/group\""_s)
        << sub1 + u".subTopic.topic"_s << u"needs a topic filter after its prefix"_s;
    QTest::newRow("shared subscription with a bad filter")
        << seedWith(u"\"topic\": \"from/v1/#\""_s, u"\"topic\": @\"$share/g/a/#/b\""_s)
        << sub1 + u".subTopic.topic"_s << u"'#' must be"_s;
    QTest::newRow("queue subscription with a bad filter")
        << seedWith(u"\"topic\": \"from/v1/#\""_s, u"\"topic\": @\"$queue/a+\""_s)
        << sub1 + u".subTopic.topic"_s << u"'+' must occupy a whole level"_s;
    QTest::newRow("excludeTopics entry not a filter")
        << seedWith(u"\"from/v1/aaa/\""_s, u"\"from/v1/aaa/\", @\"a/#/b\""_s)
        << sub1 + u".excludeTopics[1]"_s << u"expected an MQTT topic filter, got \"a/#/b\""_s;
    QTest::newRow("excludeTopics not a list")
        << seedWith(u"\"excludeTopics\": ["_s, u"\"excludeTopics\": @\"a\", \"x\": ["_s)
        << sub1 + u".excludeTopics"_s << u"expected a list of MQTT topic filters"_s;
    QTest::newRow("excludeRegex entry does not compile")
        << seedWithSubscriptionKeys(u"\"excludeRegex\": [\"ok\", @\"(unclosed\"]"_s)
        << sub1 + u".excludeRegex[1]"_s << u"expected a regular expression"_s;
    QTest::newRow("subTopic not an object")
        << seedWith(
               u"\"subTopic\": {\n          \"topic\": \"from/v1/#\",\n          \"qos\": 0\n        }"_s,
               u"\"subTopic\": @\"from/v1/#\""_s)
        << sub1 + u".subTopic"_s << u"expected an object, got \"from/v1/#\""_s;
    QTest::newRow("subTopic.qos missing")
        << seedWith(
               u"\"subTopic\": {\n          \"topic\": \"from/v1/#\",\n          \"qos\": 0\n        }"_s,
               u"\"subTopic\": @{\"topic\": \"from/v1/#\"}"_s)
        << sub1 + u".subTopic.qos"_s << u"the required key 'qos' is missing"_s;
    QTest::newRow("alive missing")
        << seedWith(
               u"{\n      \"client_id\": \"go-mqtt-client-1\",\n      \"username\": \"\",\n      \"password\": \"\",\n      \"alive\": 60,"_s,
               u"@{\n      \"client_id\": \"go-mqtt-client-1\",\n      \"username\": \"\",\n      \"password\": \"\","_s)
        << u"mqtt_brokers[0].alive"_s << u"the required key 'alive' is missing"_s;
    QTest::newRow("retry missing")
        << seedWith(u"\"sub_deal_config\": {\n        \"app_name\": \"test1\""_s,
                    u"\"sub_deal_config\": @{\n        \"app_name\": \"test1\""_s)
               .replace(u"],\n        \"retry\": 5\n      }\n    },\n    {"_s,
                        u"]\n      }\n    },\n    {"_s)
        << sub1 + u".retry"_s << u"the required key 'retry' is missing"_s;
    QTest::newRow("mqtt_brokers missing")
        << seedWith(u"{\n  \"mqtt_brokers\""_s, u"@{\n  \"mqtt_broker\""_s) << u"mqtt_brokers"_s
        << u"the required key 'mqtt_brokers' is missing"_s;
    QTest::newRow("mqtt_brokers not a list")
        << seedWith(u"\"mqtt_brokers\": ["_s, u"\"mqtt_brokers\": @{\"a\": ["_s)
               .replace(u"  ],\n  \"log_config\""_s, u"  ]},\n  \"log_config\""_s)
        << u"mqtt_brokers"_s << u"expected a list of broker objects, got an object"_s;
    QTest::newRow("sub_deal_config a number")
        << seedWith(u"\"sub_deal_config\": {"_s, u"\"sub_deal_config\": @7, \"x\": {"_s)
        << u"mqtt_brokers[0].sub_deal_config"_s << u"expected an object or a list of objects"_s;
    QTest::newRow("broker_ip with a scheme")
        << seedWith(u"\"broker_ip\": \"127.0.0.1\""_s, u"\"broker_ip\": @\"tcp://127.0.0.1\""_s)
        << u"mqtt_brokers[0].broker_ip"_s << u"expected a host name or IP address"_s;
    QTest::newRow("broker_ip empty")
        << seedWith(u"\"broker_ip\": \"127.0.0.1\""_s, u"\"broker_ip\": @\"\""_s)
        << u"mqtt_brokers[0].broker_ip"_s << u"got \"\""_s;
    QTest::newRow("client_id used twice on one broker")
        << seedWith(u"\"client_id\": \"go-mqtt-client-2\""_s,
                    u"\"client_id\": @\"go-mqtt-client-1\""_s)
        << u"mqtt_brokers[1].client_id"_s << u"unique on 127.0.0.1:1883"_s;
    QTest::newRow("log level unknown")
        << seedWith(u"\"level\": \"info\""_s, u"\"level\": @\"verbose\""_s) << u"log_config.level"_s
        << u"expected one of \"trace\", \"debug\", \"info\", \"warn\", \"error\", got \"verbose\""_s;
    QTest::newRow("log maxsize 0") << seedWith(u"\"maxsize\": 1"_s, u"\"maxsize\": @0"_s)
                                   << u"log_config.maxsize"_s << u"got 0"_s;
    QTest::newRow("log max_backups negative")
        << seedWith(u"\"max_backups\": 3"_s, u"\"max_backups\": @-3"_s)
        << u"log_config.max_backups"_s << u"expected an integer from 0"_s;
    QTest::newRow("log filename not a string")
        << seedWith(u"\"filename\": \"logs/mqtt.log\""_s, u"\"filename\": @[]"_s)
        << u"log_config.filename"_s << u"expected a string, got a list"_s;
    QTest::newRow("log_config missing max_age")
        << seedWith(u"\"log_config\": {"_s, u"\"log_config\": @{"_s)
               .replace(u"\"max_age\": 7,"_s, QString())
        << u"log_config.max_age"_s << u"the required key 'max_age' is missing"_s;
    QTest::newRow("unset variable without default")
        << seedWith(u"\"username\": \"\""_s, u"\"username\": @\"${MQ_UNSET}\""_s)
        << u"mqtt_brokers[0].username"_s << u"MQ_UNSET is not set"_s;
    QTest::newRow("malformed variable reference")
        << seedWith(u"\"username\": \"\""_s, u"\"username\": @\"${1X}\""_s)
        << u"mqtt_brokers[0].username"_s << u"is not a variable reference"_s;
    QTest::newRow("unclosed variable reference")
        << seedWith(u"\"username\": \"\""_s, u"\"username\": @\"${MQ_HOST\""_s)
        << u"mqtt_brokers[0].username"_s << u"is not closed"_s;
    QTest::newRow("variable for a port that is no number")
        << seedWith(port, u"\"broker_port\": @\"${MQ_WORD}\""_s) << u"mqtt_brokers[0].broker_port"_s
        << u"got \"abc\" (from \"${MQ_WORD}\")"_s;
}

void tst_ConfigLoader::seedRules()
{
    QFETCH(QString, json);
    QFETCH(QString, path);
    QFETCH(QString, fragment);
    const Marked marked = unmark(json);
    checkSingleError(load(marked.json), marked, path, fragment);
}

void tst_ConfigLoader::extensionRules_data()
{
    addRuleColumns();
    const QString broker = u"mqtt_brokers[0]."_s;
    const QString sub = u"mqtt_brokers[0].sub_deal_config."_s;
    const auto b = [](const char *keys) { return seedWithBrokerKeys(QString::fromUtf8(keys)); };
    const auto s = [](const char *keys) {
        return seedWithSubscriptionKeys(QString::fromUtf8(keys));
    };
    const auto t = [](const char *keys) { return seedWithTopLevelKeys(QString::fromUtf8(keys)); };

    QTest::newRow("password_keychain empty")
        << b(R"("password_keychain": @"")") << broker + u"password_keychain"_s
        << u"expected the name of an entry of the OS keychain (service \"mqhook\")"_s;
    QTest::newRow("password_keychain not a string")
        << b(R"("password_keychain": @true)") << broker + u"password_keychain"_s
        << u"expected a string, got true"_s;
    QTest::newRow("password and password_keychain")
        << seedWith(u"\"password\": \"\","_s,
                    u"\"password\": \"pw\", \"password_keychain\": @\"x\","_s)
        << broker + u"password_keychain"_s
        << u"'password' and 'password_keychain' are both given"_s;
    QTest::newRow("broker enabled not a boolean")
        << b(R"("enabled": @"no")") << broker + u"enabled"_s << u"expected true or false"_s;
    QTest::newRow("protocol_version 4")
        << b(R"("protocol_version": @"4")") << broker + u"protocol_version"_s
        << u"expected \"3.1.1\" or \"5\", got \"4\""_s;
    QTest::newRow("protocol_version number 3")
        << b(R"("protocol_version": @3)") << broker + u"protocol_version"_s << u"got 3"_s;
    QTest::newRow("clean_session not a boolean")
        << b(R"("clean_session": @1)") << broker + u"clean_session"_s
        << u"expected true or false, got 1"_s;
    QTest::newRow("session_expiry negative")
        << b(R"("session_expiry": @-1)") << broker + u"session_expiry"_s
        << u"expected an integer from 0 to 4294967295, got -1"_s;
    QTest::newRow("receive_maximum 0")
        << b(R"("receive_maximum": @0)") << broker + u"receive_maximum"_s
        << u"expected an integer from 1 to 65535, got 0"_s;
    QTest::newRow("receive_maximum above 65535")
        << b(R"("receive_maximum": @65536)") << broker + u"receive_maximum"_s << u"got 65536"_s;
    QTest::newRow("transport wss") << b(R"("transport": @"wss")") << broker + u"transport"_s
                                   << u"expected \"tcp\" or \"ws\", got \"wss\""_s;
    QTest::newRow("ws_path without slash")
        << b(R"("transport": "ws", "ws_path": @"mqtt")") << broker + u"ws_path"_s
        << u"expected a path starting with '/', got \"mqtt\""_s;
    QTest::newRow("tls not an object")
        << b(R"("tls": @true)") << broker + u"tls"_s << u"expected an object, got true"_s;
    QTest::newRow("tls.enabled not a boolean")
        << b(R"("tls": {"enabled": @"on"})") << broker + u"tls.enabled"_s
        << u"expected true or false"_s;
    QTest::newRow("tls.ca_file not a string")
        << b(R"("tls": {"enabled": true, "ca_file": @5})") << broker + u"tls.ca_file"_s
        << u"expected a string, got 5"_s;
    QTest::newRow("http_method GET")
        << s(R"("http_method": @"GET")") << sub + u"http_method"_s
        << u"expected one of \"POST\", \"PUT\", \"PATCH\", got \"GET\""_s;
    QTest::newRow("callbackHeaders not an object")
        << s(R"("callbackHeaders": @["X-A: b"])") << sub + u"callbackHeaders"_s
        << u"expected an object of header names and string values, got a list"_s;
    QTest::newRow("header name with a space")
        << s(R"("callbackHeaders": {"X-Ok": "1", @"Bad Name": "x"})")
        << sub + u"callbackHeaders.Bad Name"_s << u"expected an HTTP header name"_s;
    QTest::newRow("header value a number")
        << s(R"("callbackHeaders": {"X-A": @5})") << sub + u"callbackHeaders.X-A"_s
        << u"expected a string, got 5"_s;
    QTest::newRow("header value with a line break")
        << s(R"("callbackHeaders": {"X-A": @"a\r\nX-Evil: 1"})") << sub + u"callbackHeaders.X-A"_s
        << u"may not contain line breaks"_s;
    QTest::newRow("header set by mqhook")
        << s(R"("callbackHeaders": {@"content-length": "5"})")
        << sub + u"callbackHeaders.content-length"_s << u"is set by mqhook itself"_s;
    QTest::newRow("callbackTls.insecure_skip_verify not a boolean")
        << s(R"("callbackTls": {"insecure_skip_verify": @"no"})")
        << sub + u"callbackTls.insecure_skip_verify"_s << u"expected true or false"_s;
    QTest::newRow("timeout_ms 0") << s(R"("timeout_ms": @0)") << sub + u"timeout_ms"_s
                                  << u"expected an integer of at least 1, got 0"_s;
    QTest::newRow("dispatch unknown") << s(R"("dispatch": @"random")") << sub + u"dispatch"_s
                                      << u"expected \"broadcast\" or \"round_robin\""_s;
    QTest::newRow("retry_backoff multiplier below 1")
        << s(R"("retry_backoff": {"multiplier": @0.5})") << sub + u"retry_backoff.multiplier"_s
        << u"expected a number of at least 1, got 0.5"_s;
    QTest::newRow("retry_backoff initial above max")
        << s(R"("retry_backoff": {"initial_ms": @5000, "max_ms": 1000})")
        << sub + u"retry_backoff.initial_ms"_s
        << u"expected initial_ms (5000) to be at most max_ms (1000)"_s;
    QTest::newRow("retry_backoff initial above the default max")
        << s(R"("retry_backoff": {"initial_ms": @120000})") << sub + u"retry_backoff.initial_ms"_s
        << u"max_ms (60000, the default)"_s;
    QTest::newRow("retry_backoff jitter not a boolean")
        << s(R"("retry_backoff": {"jitter": @"full"})") << sub + u"retry_backoff.jitter"_s
        << u"expected true or false"_s;
    QTest::newRow("body_template not a string")
        << s(R"("body_template": @{})") << sub + u"body_template"_s
        << u"expected a string, got an object"_s;
    QTest::newRow("batch max_messages 0")
        << s(R"("batch": {"max_messages": @0})") << sub + u"batch.max_messages"_s << u"got 0"_s;
    QTest::newRow("batch max_wait_ms negative")
        << s(R"("batch": {"max_wait_ms": @-5})") << sub + u"batch.max_wait_ms"_s
        << u"expected an integer of at least 0, got -5"_s;
    QTest::newRow("ordering unknown") << s(R"("ordering": @"fifo")") << sub + u"ordering"_s
                                      << u"expected \"none\" or \"per_topic\""_s;
    QTest::newRow("max_inflight 0") << s(R"("max_inflight": @0)") << sub + u"max_inflight"_s
                                    << u"expected an integer from 1 to 1024, got 0"_s;
    QTest::newRow("max_inflight 2000")
        << s(R"("max_inflight": @2000)") << sub + u"max_inflight"_s << u"got 2000"_s;
    QTest::newRow("retry_on code below 100")
        << s(R"("retry_on": [429, @99])") << sub + u"retry_on[1]"_s
        << u"expected a status code from 100 to 599 or a class such as \"5xx\", got 99"_s;
    QTest::newRow("retry_on class 6xx")
        << s(R"("retry_on": [@"6xx"])") << sub + u"retry_on[0]"_s << u"got \"6xx\""_s;
    QTest::newRow("retry_on not a list") << s(R"("retry_on": @"5xx")") << sub + u"retry_on"_s
                                         << u"expected a list of status codes"_s;
    QTest::newRow("drop_on code 600")
        << s(R"("drop_on": [@600])") << sub + u"drop_on[0]"_s << u"got 600"_s;
    QTest::newRow("success_on boolean")
        << s(R"("success_on": [@true])") << sub + u"success_on[0]"_s << u"got true"_s;
    QTest::newRow("where without value")
        << s(R"("where": [@{"path": "a", "op": "=="}])") << sub + u"where[0].value"_s
        << u"op \"==\" needs a value"_s;
    QTest::newRow("where with unknown op")
        << s(R"("where": [{"path": "a", "op": @"~=", "value": 1}])") << sub + u"where[0].op"_s
        << u"expected one of \"==\", \"!=\", \"<\", \"<=\", \">\", \">=\", \"exists\", "
           u"\"contains\", \"matches\", got \"~=\""_s;
    QTest::newRow("where without op")
        << s(R"("where": [{"path": "a", "op": "exists"}, @{"path": "b", "value": 1}])")
        << sub + u"where[1].op"_s << u"the required key 'op' is missing"_s;
    QTest::newRow("where matches a bad regex")
        << s(R"("where": [{"path": "a", "op": "matches", "value": @"(x"}])")
        << sub + u"where[0].value"_s << u"expected a regular expression"_s;
    QTest::newRow("where < with a boolean")
        << s(R"("where": [{"path": "a", "op": "<", "value": @true}])") << sub + u"where[0].value"_s
        << u"compares with a number or a string, got true"_s;
    QTest::newRow("where with an empty path")
        << s(R"("where": [{"path": @"", "op": "exists"}])") << sub + u"where[0].path"_s
        << u"expected a dotted path"_s;
    QTest::newRow("where not a list") << s(R"("where": @{"path": "a", "op": "exists"})")
                                      << sub + u"where"_s << u"expected a list of conditions"_s;
    QTest::newRow("queue max_messages 0")
        << t(R"("queue": {"max_messages": @0})") << u"queue.max_messages"_s
        << u"expected an integer of at least 1, got 0"_s;
    QTest::newRow("queue max_bytes negative")
        << t(R"("queue": {"max_bytes": @-1})") << u"queue.max_bytes"_s << u"got -1"_s;
    QTest::newRow("queue mode unknown") << t(R"("queue": {"mode": @"tape"})") << u"queue.mode"_s
                                        << u"expected \"disk\" or \"memory\", got \"tape\""_s;
    QTest::newRow("queue dir empty")
        << t(R"("queue": {"dir": @""})") << u"queue.dir"_s << u"expected a folder name"_s;
    QTest::newRow("admin listen without port")
        << t(R"("admin": {"listen": @"8080"})") << u"admin.listen"_s << u"expected \"host:port\""_s;
    QTest::newRow("admin listen port 0") << t(R"("admin": {"listen": @"127.0.0.1:0"})")
                                         << u"admin.listen"_s << u"got \"127.0.0.1:0\""_s;
    QTest::newRow("admin not an object")
        << t(R"("admin": @"127.0.0.1:80")") << u"admin"_s << u"expected an object"_s;
    QTest::newRow("admin on all interfaces without a token")
        << t(R"("admin": {"listen": @"0.0.0.0:8080"})") << u"admin.listen"_s
        << u"reachable from other machines: set admin.token"_s;
    QTest::newRow("admin on a host name without a token")
        << t(R"("admin": {"listen": @"mqhook.example.com:8080", "token": ""})") << u"admin.listen"_s
        << u"set admin.token"_s;
    QTest::newRow("admin IPv6 without brackets")
        << t(R"("admin": {"listen": @"::1:9090"})") << u"admin.listen"_s
        << u"expected \"host:port\""_s;
    QTest::newRow("admin token with a space")
        << t(R"("admin": {"token": @"secret token value x"})") << u"admin.token"_s
        << u"expected printable ASCII characters without spaces (the value is not shown)"_s;
    QTest::newRow("admin token a number") << t(R"("admin": {"token": @12345678901234567})")
                                          << u"admin.token"_s << u"expected a string"_s;
    QTest::newRow("admin event_buffer too small")
        << t(R"("admin": {"event_buffer": @99})") << u"admin.event_buffer"_s
        << u"expected an integer from 100 to 1000000, got 99"_s;
    QTest::newRow("admin payload_preview too large")
        << t(R"("admin": {"payload_preview": @65537})") << u"admin.payload_preview"_s
        << u"from 0 to 65536"_s;
    QTest::newRow("admin max_connections 0") << t(R"("admin": {"max_connections": @0})")
                                             << u"admin.max_connections"_s << u"from 1 to 10000"_s;
}

void tst_ConfigLoader::extensionRules()
{
    QFETCH(QString, json);
    QFETCH(QString, path);
    QFETCH(QString, fragment);
    const Marked marked = unmark(json);
    checkSingleError(load(marked.json, ConfigLoader::allFeatures()), marked, path, fragment);
}

void tst_ConfigLoader::environmentExpansion_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("expanded");

    QTest::newRow("plain text") << u"go-mqtt-client-1"_s << u"go-mqtt-client-1"_s;
    QTest::newRow("set variable") << u"${MQ_HOST}"_s << u"broker.local"_s;
    QTest::newRow("two variables in text")
        << u"id-${MQ_HOST}:${MQ_PORT}"_s << u"id-broker.local:1884"_s;
    QTest::newRow("default of an unset variable") << u"${MQ_UNSET:-fallback}"_s << u"fallback"_s;
    QTest::newRow("default of an empty variable") << u"${MQ_EMPTY:-fallback}"_s << u"fallback"_s;
    QTest::newRow("default ignored when set") << u"${MQ_HOST:-fallback}"_s << u"broker.local"_s;
    QTest::newRow("empty default") << u"a${MQ_UNSET:-}b"_s << u"ab"_s;
    QTest::newRow("default with colons and slashes")
        << u"${MQ_UNSET:-tcp://x:1}"_s << u"tcp://x:1"_s;
    QTest::newRow("empty variable without default") << u"a${MQ_EMPTY}b"_s << u"ab"_s;
    QTest::newRow("escaped reference") << u"$${MQ_HOST}"_s << u"${MQ_HOST}"_s;
    QTest::newRow("lone dollar signs") << u"a$b$$c$"_s << u"a$b$$c$"_s;
}

void tst_ConfigLoader::environmentExpansion()
{
    QFETCH(QString, written);
    QFETCH(QString, expanded);
    const LoadResult result =
        load(seedWith(u"\"go-mqtt-client-1\""_s, u'"' + written + u'"').toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QCOMPARE(result.config->brokers.first().clientId, expanded);
}

void tst_ConfigLoader::templatePlaceholdersAreNotEnvironment()
{
    // In a body template and a header value ${topic} and ${payload.temp} are
    // left for the template; ${MQ_HOST} is still the environment's.
    const QString keys = u"\"retry\": 5, \"body_template\": \"{\\\"t\\\": \\\"${topic}\\\", "
                         u"\\\"h\\\": \\\"${MQ_HOST}\\\", \\\"v\\\": ${payload.temp}}\", "
                         u"\"callbackHeaders\": {\"X-Topic\": \"${topic}@${MQ_HOST}\"}"_s;
    LoadResult result =
        load(seedWith(u"\"retry\": 5"_s, keys).toUtf8(), ConfigLoader::allFeatures());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    const SubscriptionConfig &sub = result.config->brokers.at(0).subscriptions.first();
    QCOMPARE(sub.bodyTemplate,
             u"{\"t\": \"${topic}\", \"h\": \"broker.local\", \"v\": ${payload.temp}}"_s);
    QCOMPARE(sub.callbackHeaders.first().second, u"${topic}@broker.local"_s);

    // Anywhere else ${topic} names an environment variable, which is not set.
    result = load(seedWith(u"\"go-mqtt-client-1\""_s, u"\"${topic}\""_s).toUtf8());
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.first().message.contains(u"environment variable topic"),
             qPrintable(result.errors.first().message));
}

void tst_ConfigLoader::typedValuesFromEnvironment()
{
    QString text = seedWith(u"\"broker_port\": 1883"_s, u"\"broker_port\": \"${MQ_PORT}\""_s);
    text.replace(u"\"enabled\": true"_s, u"\"enabled\": \"${MQ_TRUE}\""_s);
    text.replace(u"\"retry\": 5"_s, u"\"retry\": \"${MQ_UNSET:-7}\""_s);
    const LoadResult result = load(text.toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QCOMPARE(result.config->brokers.at(0).brokerPort, 1884);
    QCOMPARE(result.config->brokers.at(1).brokerPort, 1883);
    QCOMPARE(result.config->brokers.at(1).subscriptions.first().enabled, true);
    QCOMPARE(result.config->brokers.at(1).subscriptions.first().retry, 7);
}

void tst_ConfigLoader::keychainReferenceAndDisabledBroker()
{
    // The reference is kept as written, with an empty seed "password" beside it.
    LoadResult result =
        load(seedWithBrokerKeys(u"\"password_keychain\": \"orders@host\""_s).toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QCOMPARE(result.config->brokers.at(0).passwordKeychain, u"orders@host"_s);
    QCOMPARE(result.config->brokers.at(0).password, QString());
    QCOMPARE(result.config->brokers.at(1).passwordKeychain, QString());
    const QByteArray normalized = toNormalizedJson(*result.config);
    QVERIFY(normalized.contains("\"password_keychain\": \"orders@host\""));
    // Once resolved, the password still never shows.
    Config resolved = *result.config;
    resolved.brokers[0].password = u"from-the-keychain"_s;
    const QByteArray printed = toNormalizedJson(resolved);
    QVERIFY(!printed.contains("from-the-keychain"));
    QVERIFY2(load(printed).ok(), printed.constData());

    // A disabled connection is read and checked, and its client_id may repeat.
    result = load(seedWithBrokerKeys(u"\"enabled\": false"_s)
                      .replace(u"\"go-mqtt-client-2\""_s, u"\"go-mqtt-client-1\""_s)
                      .toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QCOMPARE(result.config->brokers.at(0).enabled, false);
    QCOMPARE(result.config->brokers.at(1).enabled, true);
    QVERIFY(toNormalizedJson(*result.config).contains("\"enabled\": false"));
}

void tst_ConfigLoader::clientIdUniqueOnlyPerBroker()
{
    // Empty ids are assigned by the broker: they may repeat.
    QString text = seedText();
    text.replace(u"\"go-mqtt-client-1\""_s, u"\"\""_s);
    text.replace(u"\"go-mqtt-client-2\""_s, u"\"\""_s);
    LoadResult result = load(text.toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));

    // One id on two different brokers is fine; on one broker (any host case) it is not.
    result = load(seedWith(u"\"broker_port\": 1883"_s, u"\"broker_port\": 1884"_s, 2)
                      .replace(u"\"go-mqtt-client-2\""_s, u"\"go-mqtt-client-1\""_s)
                      .toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    result =
        load(seedWith(u"\"broker_ip\": \"127.0.0.1\""_s, u"\"broker_ip\": \"Example.COM\""_s)
                 .replace(u"\"broker_ip\": \"127.0.0.1\""_s, u"\"broker_ip\": \"example.com\""_s)
                 .replace(u"\"go-mqtt-client-2\""_s, u"\"go-mqtt-client-1\""_s)
                 .toUtf8());
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().path, u"mqtt_brokers[1].client_id"_s);
}

void tst_ConfigLoader::logLevels_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<LogLevel>("level");
    QTest::newRow("trace") << u"trace"_s << LogLevel::Trace;
    QTest::newRow("debug") << u"debug"_s << LogLevel::Debug;
    QTest::newRow("info") << u"info"_s << LogLevel::Info;
    QTest::newRow("warn") << u"warn"_s << LogLevel::Warn;
    QTest::newRow("warning, an alias") << u"warning"_s << LogLevel::Warn;
    QTest::newRow("warning from the environment") << u"${MQ_UNSET:-Warning}"_s << LogLevel::Warn;
    QTest::newRow("error") << u"error"_s << LogLevel::Error;
    QTest::newRow("upper case") << u"DEBUG"_s << LogLevel::Debug;
}

void tst_ConfigLoader::logLevels()
{
    QFETCH(QString, written);
    QFETCH(LogLevel, level);
    const LoadResult result =
        load(seedWith(u"\"level\": \"info\""_s, u"\"level\": \""_s + written + u'"').toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QCOMPARE(result.config->log.level, level);
}

void tst_ConfigLoader::didYouMean_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("top level") << seedWithTopLevelKeys(u"@\"queu\": {}"_s) << u"queu"_s
                               << u"unknown key 'queu', ignored (did you mean 'queue'?)"_s;
    QTest::newRow("broker") << seedWithBrokerKeys(u"@\"brokerip\": \"x\""_s)
                            << u"mqtt_brokers[0].brokerip"_s
                            << u"unknown key 'brokerip', ignored (did you mean 'broker_ip'?)"_s;
    QTest::newRow("subscription")
        << seedWithSubscriptionKeys(u"@\"callbackAdress\": []"_s)
        << u"mqtt_brokers[0].sub_deal_config.callbackAdress"_s
        << u"unknown key 'callbackAdress', ignored (did you mean 'callbackAddress'?)"_s;
    QTest::newRow("case differs") << seedWithSubscriptionKeys(u"@\"ExcludeTopics\": []"_s)
                                  << u"mqtt_brokers[0].sub_deal_config.ExcludeTopics"_s
                                  << u"(did you mean 'excludeTopics'?)"_s;
    QTest::newRow("subTopic, transposed letters")
        << seedWith(u"\"qos\": 0"_s, u"\"qos\": 0, @\"qso\": 1"_s)
        << u"mqtt_brokers[0].sub_deal_config.subTopic.qso"_s
        << u"unknown key 'qso', ignored (did you mean 'qos'?)"_s;
    QTest::newRow("log_config") << seedWith(u"\"maxsize\": 1"_s,
                                            u"\"maxsize\": 1, @\"maxsise\": 2"_s)
                                << u"log_config.maxsise"_s << u"(did you mean 'maxsize'?)"_s;
    QTest::newRow("extension object")
        << seedWithSubscriptionKeys(u"\"retry_backoff\": {@\"inital_ms\": 5}"_s)
        << u"mqtt_brokers[0].sub_deal_config.retry_backoff.inital_ms"_s
        << u"(did you mean 'initial_ms'?)"_s;
    QTest::newRow("nothing near") << seedWithBrokerKeys(u"@\"zzz\": 1"_s)
                                  << u"mqtt_brokers[0].zzz"_s << u"unknown key 'zzz', ignored"_s;
}

void tst_ConfigLoader::didYouMean()
{
    QFETCH(QString, json);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const Marked marked = unmark(json);
    const LoadResult result = load(marked.json, ConfigLoader::allFeatures());
    QVERIFY2(result.warnings.size() == 1, qPrintable(describe(result.warnings)));
    const ConfigIssue &warning = result.warnings.first();
    QCOMPARE(warning.severity, ConfigIssue::Severity::Warning);
    QCOMPARE(warning.path, path);
    QCOMPARE(warning.line, marked.line);
    QCOMPARE(warning.column, marked.column);
    QVERIFY2(warning.message.endsWith(message), qPrintable(warning.message));
    if (QTest::currentDataTag() == u"nothing near"_s)
        QVERIFY(!warning.message.contains(u"did you mean"_s));
}

void tst_ConfigLoader::notSupportedYet_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("feature");
    QTest::addColumn<QString>("path");

    const auto b = [](const char *feature, const char *keys) {
        QTest::newRow(feature) << seedWithBrokerKeys(QString::fromUtf8(keys))
                               << QString::fromLatin1(feature);
    };
    const QString broker = u"mqtt_brokers[0]."_s;
    b("protocol_version", R"(@"protocol_version": "3.1.1")");
    QTest::newRow("protocol_version as number 5")
        << seedWithBrokerKeys(uR"(@"protocol_version": 5)"_s) << u"protocol_version"_s;
    b("clean_session", R"(@"clean_session": true)");
    b("session_expiry", R"(@"session_expiry": 0)");
    b("receive_maximum", R"(@"receive_maximum": 10)");
    b("transport", R"(@"transport": "ws")");
    QTest::newRow("ws_path") << seedWithBrokerKeys(uR"(@"ws_path": "/m")"_s) << u"transport"_s;
    b("tls", R"(@"tls": {"enabled": true, "ca_file": "ca.pem"})");
    const auto s = [](const char *feature, const char *keys) {
        QTest::newRow(feature) << seedWithSubscriptionKeys(QString::fromUtf8(keys))
                               << QString::fromLatin1(feature);
    };
    s("http_method", R"(@"http_method": "PUT")");
    s("callbackHeaders", R"(@"callbackHeaders": {"X-A": "b"})");
    s("callbackTls", R"(@"callbackTls": {"ca_file": "ca.pem"})");
    s("timeout_ms", R"(@"timeout_ms": 100)");
    s("dispatch", R"(@"dispatch": "round_robin")");
    s("retry_backoff",
      R"(@"retry_backoff": {"initial_ms": 10, "max_ms": 20, "multiplier": 3, "jitter": false})");
    s("body_template", R"(@"body_template": "{{payload}}")");
    s("batch", R"(@"batch": {"max_messages": 10, "max_wait_ms": 5})");
    s("ordering", R"(@"ordering": "per_topic")");
    s("max_inflight", R"(@"max_inflight": 1)");
    s("retry_on", R"(@"retry_on": [503])");
    s("drop_on", R"(@"drop_on": ["4xx"])");
    s("success_on", R"(@"success_on": [200, "3xx"])");
    s("where", R"(@"where": [{"path": "a.b", "op": "exists"}])");
    QTest::newRow("queue") << seedWithTopLevelKeys(uR"(@"queue": {"mode": "memory"})"_s)
                           << u"queue"_s;
    QTest::newRow("admin") << seedWithTopLevelKeys(uR"(@"admin": {"listen": "127.0.0.1:9"})"_s)
                           << u"admin"_s;
}

void tst_ConfigLoader::notSupportedYet()
{
    QFETCH(QString, json);
    QFETCH(QString, feature);
    const Marked marked = unmark(json);
    QVERIFY(ConfigLoader::allFeatures().contains(feature));

    // Rejected while the feature is off, pointing at the key...
    LoadResult result = load(marked.json, QSet<QString>{u"excludeRegex"_s});
    QVERIFY2(result.errors.size() == 1, qPrintable(describe(result.errors)));
    const ConfigIssue &error = result.errors.first();
    QCOMPARE(error.line, marked.line);
    QCOMPARE(error.column, marked.column);
    QVERIFY2(error.message.endsWith(u"is not supported yet"_s), qPrintable(error.message));
    QVERIFY(error.path.endsWith(error.message.section(u'\'', 1, 1)));

    // ... accepted once the feature is on.
    result = load(marked.json, QSet<QString>{u"excludeRegex"_s, feature});
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
}

void tst_ConfigLoader::featureNames()
{
    const QSet<QString> expected = {
        u"password_keychain"_s,
        u"broker_enabled"_s,
        u"protocol_version"_s,
        u"clean_session"_s,
        u"session_expiry"_s,
        u"receive_maximum"_s,
        u"transport"_s,
        u"tls"_s,
        u"excludeRegex"_s,
        u"http_method"_s,
        u"callbackHeaders"_s,
        u"callbackTls"_s,
        u"timeout_ms"_s,
        u"dispatch"_s,
        u"retry_backoff"_s,
        u"body_template"_s,
        u"batch"_s,
        u"ordering"_s,
        u"max_inflight"_s,
        u"retry_on"_s,
        u"drop_on"_s,
        u"success_on"_s,
        u"where"_s,
        u"queue"_s,
        u"admin"_s,
    };
    QCOMPARE(ConfigLoader::allFeatures(), expected);
    // Everything is implemented.
    QCOMPARE(ConfigLoader::defaultSupportedFeatures(), expected);

    ConfigLoader loader(testEnvironment());
    QCOMPARE(loader.supportedFeatures(), ConfigLoader::defaultSupportedFeatures());
    const QByteArray json = seedWithSubscriptionKeys(u"\"excludeRegex\": [\"x\"]"_s).toUtf8();
    QVERIFY(loader.loadJson(json, u"/"_s).ok());
    const ConfigLoader without(testEnvironment(), {});
    QCOMPARE(without.loadJson(json, u"/"_s).errors.size(), 1);
}

void tst_ConfigLoader::duplicateKeys()
{
    const Marked marked = unmark(seedWith(u"\"alive\": 60"_s, u"@\"alive\": 5, \"alive\": 60"_s));
    const LoadResult result = load(marked.json);
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QCOMPARE(result.warnings.size(), 1);
    const ConfigIssue &warning = result.warnings.first();
    QCOMPARE(warning.path, u"mqtt_brokers[0].alive"_s);
    QCOMPARE(warning.line, marked.line);
    QCOMPARE(warning.column, marked.column);
    QVERIFY2(warning.message.contains(u"duplicate key 'alive'"_s), qPrintable(warning.message));
    QVERIFY2(
        warning.message.contains(u"line %1, column %2"_s.arg(marked.line).arg(marked.column + 12)),
        qPrintable(warning.message));
    QCOMPARE(result.config->brokers.first().alive, 60); // the last one wins
}

void tst_ConfigLoader::riskyButLegalWarnings_data()
{
    addRuleColumns();
    QTest::newRow("broker certificates unchecked")
        << seedWithBrokerKeys(uR"("tls": {"enabled": true, "insecure_skip_verify": @true})"_s)
        << u"mqtt_brokers[0].tls.insecure_skip_verify"_s << u"certificates are not verified"_s;
    QTest::newRow("callback certificates unchecked")
        << seedWithSubscriptionKeys(uR"("callbackTls": {"insecure_skip_verify": @true})"_s)
        << u"mqtt_brokers[0].sub_deal_config.callbackTls.insecure_skip_verify"_s
        << u"certificates are not verified"_s;
    QTest::newRow("broker TLS files without TLS")
        << seedWithBrokerKeys(uR"("tls": @{"ca_file": "ca.pem"})"_s) << u"mqtt_brokers[0].tls"_s
        << u"the connection is not encrypted"_s;
    QTest::newRow("huge retry") << seedWith(u"\"retry\": 5"_s, u"\"retry\": @100000"_s)
                                << u"mqtt_brokers[0].sub_deal_config.retry"_s
                                << u"100000 retries"_s;
    QTest::newRow("MQTT 5 key with MQTT 3.1.1")
        << seedWithBrokerKeys(uR"("protocol_version": "3.1.1", @"receive_maximum": 5)"_s)
        << u"mqtt_brokers[0].receive_maximum"_s << u"applies to MQTT 5 only"_s;
    QTest::newRow("ws_path without websocket")
        << seedWithBrokerKeys(uR"("ws_path": @"/x")"_s) << u"mqtt_brokers[0].ws_path"_s
        << u"has no effect unless transport is \"ws\""_s;
    QTest::newRow("admin token short")
        << seedWithTopLevelKeys(uR"("admin": {"listen": "0.0.0.0:8080", "token": @"abc"})"_s)
        << u"admin.token"_s << u"fewer than 16 characters"_s;
    QTest::newRow("no brokers") << seedWith(u"\"mqtt_brokers\": ["_s,
                                            u"\"mqtt_brokers\": @[], \"x\": ["_s)
                                << u"mqtt_brokers"_s << u"nothing will be forwarded"_s;
    QTest::newRow("header given twice")
        << seedWithSubscriptionKeys(uR"("callbackHeaders": {@"X-A": "1", "x-a": "2"})"_s)
        << u"mqtt_brokers[0].sub_deal_config.callbackHeaders.X-A"_s
        << u"header names ignore case"_s;
}

void tst_ConfigLoader::riskyButLegalWarnings()
{
    QFETCH(QString, json);
    QFETCH(QString, path);
    QFETCH(QString, fragment);
    const Marked marked = unmark(json);
    const LoadResult result = load(marked.json, ConfigLoader::allFeatures());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QList<ConfigIssue> relevant;
    for (const ConfigIssue &warning : result.warnings) {
        if (!warning.message.startsWith(u"unknown key"_s))
            relevant.append(warning);
    }
    QVERIFY2(relevant.size() == 1, qPrintable(describe(result.warnings)));
    QCOMPARE(relevant.first().path, path);
    QCOMPARE(relevant.first().line, marked.line);
    QCOMPARE(relevant.first().column, marked.column);
    QVERIFY2(relevant.first().message.contains(fragment), qPrintable(relevant.first().message));
}

void tst_ConfigLoader::malformedJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("missing comma")
        << seedWith(u"\"alive\": 60,\n      "_s, u"\"alive\": 60\n      @"_s)
        << u"a comma is missing"_s;
    QTest::newRow("trailing comma")
        << seedWith(u"\"max_backups\": 3\n  }"_s, u"\"max_backups\": 3,\n  @}"_s)
        << u"no trailing comma"_s;
    QTest::newRow("missing closing brace")
        << seedWith(u"\n  }\n}\n"_s, u"\n  }\n@"_s) << u"got the end of the file"_s;
    QTest::newRow("unquoted value")
        << seedWith(u"\"info\""_s, u"@info"_s) << u"expected a value, got 'i'"_s;
    QTest::newRow("comment") << seedWith(u"\"alive\": 60,"_s, u"\"alive\": 60, @// seconds"_s)
                             << u"no comments"_s;
    QTest::newRow("unterminated string")
        << seedWith(u"\"logs/mqtt.log\""_s, u"@\"logs/mqtt.log"_s) << u"not closed"_s;
    QTest::newRow("not an object at top") << u"@[1, 2]"_s << u"expected an object"_s;
    QTest::newRow("empty file") << u"\n@"_s << u"got the end of the file"_s;
}

void tst_ConfigLoader::malformedJson()
{
    QFETCH(QString, json);
    QFETCH(QString, fragment);
    const Marked marked = unmark(json);
    const LoadResult result = load(marked.json);
    QVERIFY2(result.errors.size() == 1, qPrintable(describe(result.errors)));
    QVERIFY(!result.ok());
    const ConfigIssue &error = result.errors.first();
    QCOMPARE(error.path, QString());
    QCOMPARE(error.line, marked.line);
    QCOMPARE(error.column, marked.column);
    QVERIFY2(error.message.contains(fragment), qPrintable(error.message));
}

void tst_ConfigLoader::issueToString()
{
    ConfigIssue issue{ConfigIssue::Severity::Error, u"mqtt_brokers[0].broker_port"_s, 9, 22,
                      u"expected an integer from 1 to 65535, got 70000"_s};
    QCOMPARE(issue.toString(u"mqhook.json"_s),
             u"mqhook.json:9:22: error: mqtt_brokers[0].broker_port: expected an integer from 1 "
             u"to 65535, got 70000"_s);
    issue.severity = ConfigIssue::Severity::Warning;
    issue.path.clear();
    QCOMPARE(issue.toString(u"a.json"_s),
             u"a.json:9:22: warning: expected an integer from 1 to 65535, got 70000"_s);
    issue.line = 0;
    issue.column = 0;
    QCOMPARE(issue.toString(u"a.json"_s),
             u"a.json: warning: expected an integer from 1 to 65535, got 70000"_s);
}

void tst_ConfigLoader::loadFileErrors()
{
    const LoadResult result = ConfigLoader(testEnvironment()).loadFile(u"/nonexistent/x.json"_s);
    QVERIFY(!result.ok());
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.first().message.contains(u"cannot read"_s),
             qPrintable(result.errors.first().message));
}

void tst_ConfigLoader::relativePathsAreResolved()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString json =
        seedWithBrokerKeys(
            uR"("tls": {"enabled": true, "ca_file": "certs/../ca.pem", "cert_file": "/abs/c.pem", "key_file": "k.pem"})"_s)
            .replace(u"\"retry\": 5\n"_s,
                     uR"("retry": 5, "callbackTls": {"ca_file": "cb/ca.pem"})"_s
                     u"\n"_s)
            .replace(u"\"log_config\": {"_s, uR"("queue": {"dir": "spool"}, "log_config": {)"_s);
    QFile file(dir.filePath(u"mqhook.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json.toUtf8());
    file.close();

    const LoadResult result =
        ConfigLoader(testEnvironment(), ConfigLoader::allFeatures()).loadFile(file.fileName());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    const QString base = QFileInfo(file.fileName()).absolutePath();
    const Config &config = *result.config;
    QCOMPARE(config.log.filename, base + u"/logs/mqtt.log"_s);
    QCOMPARE(config.queue.dir, base + u"/spool"_s);
    const BrokerConfig &broker = config.brokers.first();
    QCOMPARE(broker.tls.caFile, base + u"/ca.pem"_s);
    QCOMPARE(broker.tls.certFile, u"/abs/c.pem"_s);
    QCOMPARE(broker.tls.keyFile, base + u"/k.pem"_s);
    QCOMPARE(broker.subscriptions.first().callbackTls.caFile, base + u"/cb/ca.pem"_s);
    QCOMPARE(broker.subscriptions.first().callbackTls.certFile, QString());

    // loadJson resolves against the folder it is given.
    const LoadResult fromJson = load(seedText().toUtf8());
    QCOMPARE(fromJson.config->log.filename, u"/etc/mqhook/logs/mqtt.log"_s);
    QCOMPARE(fromJson.config->queue.dir, u"/etc/mqhook/queue"_s);
}

void tst_ConfigLoader::fiveMistakesGiveFiveErrors()
{
    const LoadResult result =
        ConfigLoader(testEnvironment())
            .loadFile(test::sourcePath(u"resources/examples/five-mistakes.json"_s));
    QVERIFY(!result.ok());
    QVERIFY2(result.errors.size() == 5, qPrintable(describe(result.errors)));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(describe(result.warnings)));
    struct Expected
    {
        QString path;
        int line;
        int column;
        QString fragment;
    };
    const QList<Expected> expected = {
        {u"mqtt_brokers[0].alive"_s, 7, 16, u"expected an integer from 0 to 65535, got -5"_s},
        {u"mqtt_brokers[0].sub_deal_config.callbackAddress[0]"_s, 16, 11,
         u"so expected an http:// URL"_s},
        {u"mqtt_brokers[1].client_id"_s, 29, 20, u"unique on 127.0.0.1:1883"_s},
        {u"mqtt_brokers[1].sub_deal_config.excludeTopics[0]"_s, 48, 11,
         u"expected an MQTT topic filter"_s},
        {u"log_config.level"_s, 55, 14, u"got \"verbose\""_s},
    };
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const ConfigIssue &error = result.errors.at(i);
        QCOMPARE(error.path, expected.at(i).path);
        QCOMPARE(error.line, expected.at(i).line);
        QCOMPARE(error.column, expected.at(i).column);
        QVERIFY2(error.message.contains(expected.at(i).fragment), qPrintable(error.message));
    }
}

void tst_ConfigLoader::fullExampleLoads()
{
    QProcessEnvironment environment = testEnvironment();
    environment.insert(u"ORDERS_TOKEN"_s, u"s3cret"_s);
    const QString fileName = test::sourcePath(u"resources/examples/full.json"_s);
    const LoadResult result =
        ConfigLoader(environment, ConfigLoader::allFeatures()).loadFile(fileName);
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(describe(result.warnings)));
    const Config &config = *result.config;
    const QString base = QFileInfo(fileName).absolutePath();

    QCOMPARE(config.brokers.size(), 2);
    const BrokerConfig &orders = config.brokers.at(0);
    QCOMPARE(orders.password, u"change-me"_s);
    QCOMPARE(orders.protocolVersion, MqttProtocolVersion::V5);
    QCOMPARE(orders.cleanSession, false);
    QCOMPARE(orders.sessionExpiry, std::chrono::seconds(3600));
    QCOMPARE(orders.receiveMaximum, 500);
    QCOMPARE(orders.transport, MqttTransport::Tcp);
    QCOMPARE(orders.tls.enabled, true);
    QCOMPARE(orders.tls.caFile, base + u"/certs/ca.pem"_s);
    QCOMPARE(orders.tls.keyFile, base + u"/certs/client.key"_s);
    QCOMPARE(orders.subscriptions.size(), 2);

    const SubscriptionConfig &sub = orders.subscriptions.at(0);
    QCOMPARE(sub.callbackMethod, u"HTTPS"_s);
    QCOMPARE(sub.callbackAddresses.size(), 2);
    QCOMPARE(sub.subTopic.topic, u"$share/mqhook/orders/+/created"_s);
    QCOMPARE(sub.subTopic.qos, 1);
    QCOMPARE(sub.excludeTopics, (QStringList{u"orders/test/"_s, u"orders/+/debug"_s}));
    QCOMPARE(sub.excludeRegex, QStringList{u"^orders/tmp-[0-9]+/"_s});
    QCOMPARE(sub.retry, 10);
    QCOMPARE(sub.httpMethod, u"PUT"_s);
    const QList<QPair<QString, QString>> headers = {{u"Authorization"_s, u"Bearer s3cret"_s},
                                                    {u"X-Source"_s, u"mqhook"_s}};
    QCOMPARE(sub.callbackHeaders, headers);
    QCOMPARE(sub.callbackTls.caFile, base + u"/certs/orders-ca.pem"_s);
    QCOMPARE(sub.callbackTls.enabled, false);
    QCOMPARE(sub.timeout, std::chrono::milliseconds(5000));
    QCOMPARE(sub.dispatch, DispatchMode::RoundRobin);
    QCOMPARE(sub.retryBackoff.initial, std::chrono::milliseconds(500));
    QCOMPARE(sub.retryBackoff.max, std::chrono::milliseconds(30000));
    QCOMPARE(sub.retryBackoff.multiplier, 1.5);
    QCOMPARE(sub.retryBackoff.jitter, true);
    QCOMPARE(sub.bodyTemplate, u"{\"topic\": \"${topic}\", \"order\": ${payload_json}}"_s);
    QCOMPARE(sub.batch.maxMessages, 50);
    QCOMPARE(sub.batch.maxWait, std::chrono::milliseconds(200));
    QCOMPARE(sub.ordering, Ordering::PerTopic);
    QCOMPARE(sub.maxInflight, 16);
    QCOMPARE(sub.retryOn, (QList<StatusMatcher>{{408, 408}, {429, 429}, {500, 599}}));
    QCOMPARE(sub.dropOn, (QList<StatusMatcher>{{400, 499}}));
    QCOMPARE(sub.successOn, (QList<StatusMatcher>{{200, 299}, {304, 304}}));
    QCOMPARE(sub.where.size(), 5);
    QCOMPARE(sub.where.at(0).path, u"status"_s);
    QCOMPARE(sub.where.at(0).op, WhereCondition::Op::Equal);
    QCOMPARE(sub.where.at(0).value, QJsonValue(u"new"_s));
    QCOMPARE(sub.where.at(1).op, WhereCondition::Op::GreaterOrEqual);
    QCOMPARE(sub.where.at(1).value, QJsonValue(10));
    QCOMPARE(sub.where.at(2).op, WhereCondition::Op::Exists);
    QCOMPARE(sub.where.at(3).op, WhereCondition::Op::Matches);
    QCOMPARE(sub.where.at(4).op, WhereCondition::Op::Contains);

    const SubscriptionConfig &audit = orders.subscriptions.at(1);
    QCOMPARE(audit.enabled, false);
    QCOMPARE(audit.subTopic.qos, 2);
    QCOMPARE(audit.excludeTopics, QStringList());
    QCOMPARE(audit.retryBackoff, RetryBackoff{});

    QCOMPARE(orders.enabled, true);
    QCOMPARE(orders.passwordKeychain, QString());
    const BrokerConfig &sensors = config.brokers.at(1);
    QCOMPARE(sensors.password, QString()); // read from the keychain when the service starts
    QCOMPARE(sensors.passwordKeychain, u"mqhook-sensors@broker.example.com:443"_s);
    QCOMPARE(sensors.protocolVersion, MqttProtocolVersion::V311);
    QCOMPARE(sensors.transport, MqttTransport::WebSocket);
    QCOMPARE(sensors.webSocketPath, u"/mqtt"_s);
    QCOMPARE(sensors.brokerIp, u"broker.example.com"_s);
    QCOMPARE(sensors.subscriptions.size(), 1);
    QCOMPARE(sensors.subscriptions.first().subTopic.topic, u"$queue/sensors/+/reading"_s);

    QCOMPARE(config.log.level, LogLevel::Debug);
    QCOMPARE(config.queue.dir, base + u"/queue"_s);
    QCOMPARE(config.queue.maxMessages, 500000);
    QCOMPARE(config.queue.maxBytes, 536870912);
    QCOMPARE(config.queue.mode, QueueMode::Disk);
    QCOMPARE(config.admin.listen, u"127.0.0.1:8081"_s);
    QCOMPARE(config.admin.token, QString());
    QCOMPARE(config.admin.eventBuffer, 10000);
    QCOMPARE(config.admin.payloadPreview, 256);
    QCOMPARE(config.admin.maxConnections, 64);
}

void tst_ConfigLoader::fullExampleWithDefaultFeatures()
{
    // Every feature is built: the example loads as it is.
    const LoadResult byDefault = ConfigLoader(testEnvironment())
                                     .loadFile(test::sourcePath(u"resources/examples/full.json"_s));
    QVERIFY2(byDefault.ok(), qPrintable(describe(byDefault.errors)));

    // With only excludeRegex on, every extension key is reported, each once,
    // and nothing else is.
    const QSet<QString> excludeRegexOnly = {u"excludeRegex"_s};
    const LoadResult result = ConfigLoader(testEnvironment(), excludeRegexOnly)
                                  .loadFile(test::sourcePath(u"resources/examples/full.json"_s));
    QVERIFY(!result.ok());
    QSet<QString> reported;
    for (const ConfigIssue &error : result.errors) {
        QVERIFY2(error.message.endsWith(u"is not supported yet"_s), qPrintable(error.message));
        QVERIFY(error.line > 0 && error.column > 0);
        reported.insert(error.message.section(u'\'', 1, 1));
    }
    QSet<QString> expected = ConfigLoader::allFeatures() - excludeRegexOnly;
    expected.insert(u"ws_path"_s); // belongs to the feature "transport"
    expected.remove(u"broker_enabled"_s);
    expected.insert(u"enabled"_s); // a broker's "enabled" is the feature "broker_enabled"
    QCOMPARE(reported, expected);
    // 7 + 6 in the brokers, 14 in the first subscription (excludeRegex is supported), 2 at the top
    QCOMPARE(result.errors.size(), 29);
}

void tst_ConfigLoader::normalizedRoundTripOfSeed()
{
    const LoadResult first = load(seedText().toUtf8());
    QVERIFY(first.ok());
    const QByteArray normalized = toNormalizedJson(*first.config);
    const LoadResult second = load(normalized);
    QVERIFY2(second.ok(),
             qPrintable(describe(second.errors) + u'\n' + QString::fromUtf8(normalized)));
    QVERIFY2(second.warnings.isEmpty(), qPrintable(describe(second.warnings)));
    QCOMPARE(*second.config, *first.config);
    // Stable: normalizing again changes nothing.
    QCOMPARE(toNormalizedJson(*second.config), normalized);
}

void tst_ConfigLoader::normalizedRoundTripOfFullExample()
{
    QProcessEnvironment environment = testEnvironment();
    environment.insert(u"ORDERS_TOKEN"_s, u"s3cret"_s);
    environment.insert(u"MQHOOK_ADMIN_TOKEN"_s, u"an-admin-token-of-some-length"_s);
    const ConfigLoader loader(environment, ConfigLoader::allFeatures());
    const LoadResult first = loader.loadFile(test::sourcePath(u"resources/examples/full.json"_s));
    QVERIFY2(first.ok(), qPrintable(describe(first.errors)));

    Config config = *first.config;
    const QByteArray normalized = toNormalizedJson(config, ConfigLoader::allFeatures());
    const LoadResult second = loader.loadJson(normalized, u"/elsewhere"_s);
    QVERIFY2(second.ok(),
             qPrintable(describe(second.errors) + u'\n' + QString::fromUtf8(normalized)));
    // The hidden token reads back as "***", which is rightly called easy to guess.
    QCOMPARE(second.warnings.size(), 1);
    QCOMPARE(second.warnings.first().path, u"admin.token"_s);

    // Equal but for the secrets, which the output hides.
    Config expected = config;
    expected.brokers[0].password = u"***"_s;
    expected.admin.token = u"***"_s;
    expected.brokers[0].subscriptions[0].callbackHeaders[0].second = u"***"_s;
    QCOMPARE(*second.config, expected);
}

void tst_ConfigLoader::normalizedJsonFillsDefaultsAndHidesSecrets()
{
    QString text = seedWithSubscriptionKeys(u"\"excludeRegex\": [\"a$${b\"]"_s);
    const QString noPassword = u"\"password\": \"\""_s;
    text.replace(text.indexOf(noPassword), noPassword.size(), u"\"password\": \"hunter2\""_s);
    text.replace(u"\"client_id\": \"go-mqtt-client-2\""_s, u"\"client_id\": \"lit$${x}\""_s);
    const LoadResult result = load(text.toUtf8());
    QVERIFY2(result.ok(), qPrintable(describe(result.errors)));
    QCOMPARE(result.config->brokers.at(1).clientId, u"lit${x}"_s);

    const QByteArray json = toNormalizedJson(*result.config);
    QVERIFY(!json.contains("hunter2"));
    QVERIFY(json.contains("\"password\": \"***\""));
    QVERIFY(json.contains("\"password\": \"\""));          // nothing to hide in the second broker
    QVERIFY(json.contains("\"sub_deal_config\": ["));      // always a list
    QVERIFY(json.contains("\"a$${b\""));                   // escaped again
    QVERIFY(json.contains("\"excludeRegex\": []"));        // a supported extension, filled in
    QVERIFY(json.contains("\"protocol_version\": \"5\"")); // a supported extension
    // Keys of features that are off are left out.
    QVERIFY(!toNormalizedJson(*result.config, {u"excludeRegex"_s}).contains("protocol_version"));
    QVERIFY(!toNormalizedJson(*result.config, {u"excludeRegex"_s}).contains("\"admin\""));
    QVERIFY(json.contains("\"client_id\": \"lit$${x}\"")); // escaped so that it loads again

    const QByteArray all = toNormalizedJson(*result.config, ConfigLoader::allFeatures());
    for (const char *key : {"\"protocol_version\": \"5\"",
                            "\"clean_session\": false",
                            "\"session_expiry\": 86400",
                            "\"receive_maximum\": 1000",
                            "\"transport\": \"tcp\"",
                            "\"ws_path\": \"/mqtt\"",
                            "\"tls\": {",
                            "\"http_method\": \"POST\"",
                            "\"callbackHeaders\": {}",
                            "\"callbackTls\": {",
                            "\"timeout_ms\": 10000",
                            "\"dispatch\": \"broadcast\"",
                            "\"initial_ms\": 1000",
                            "\"max_ms\": 60000",
                            "\"multiplier\": 2",
                            "\"jitter\": true",
                            "\"body_template\": \"\"",
                            "\"max_messages\": 1",
                            "\"max_wait_ms\": 0",
                            "\"ordering\": \"none\"",
                            "\"max_inflight\": 6",
                            "\"retry_on\": []",
                            "\"drop_on\": []",
                            "\"success_on\": []",
                            "\"where\": []",
                            "\"queue\": {",
                            "\"mode\": \"disk\"",
                            "\"max_bytes\": 1073741824",
                            "\"admin\": {",
                            "\"listen\": \"\""}) {
        QVERIFY2(all.contains(key), key);
    }
    QVERIFY(all.indexOf("\"client_id\"") < all.indexOf("\"alive\"")); // the seed's order
    const LoadResult again = load(all, ConfigLoader::allFeatures());
    QVERIFY2(again.ok(), qPrintable(describe(again.errors)));
}

void tst_ConfigLoader::everyIssueHasAPosition()
{
    // Deterministically damaged configurations (values swapped between keys,
    // keys renamed, elements dropped) load without crashing, and every issue
    // points into the file.
    const QString full = readText(u"resources/examples/full.json"_s);
    const QStringList tokens = {u"true"_s, u"0"_s,    u"-1"_s,  u"\"\""_s,  u"[]"_s,
                                u"{}"_s,   u"null"_s, u"1e9"_s, u"\"x\""_s, u"\"${NOPE}\""_s};
    QRandomGenerator random(7);
    for (int round = 0; round < 1500; ++round) {
        QString text = full;
        for (int e = 0; e < 3; ++e) {
            // Replace one value (the text after a ": ") with another token.
            qsizetype at = text.indexOf(u": "_s, random.bounded(int(text.size())));
            if (at < 0)
                continue;
            at += 2;
            qsizetype end = at;
            while (end < text.size() && !QStringView(u",\n}]").contains(text.at(end)))
                ++end;
            if (text.at(at) == u'{' || text.at(at) == u'[')
                continue;
            text.replace(at, end - at, tokens.at(random.bounded(int(tokens.size()))));
        }
        const LoadResult result = load(text.toUtf8(), ConfigLoader::allFeatures());
        QCOMPARE(result.ok(), result.errors.isEmpty());
        for (const QList<ConfigIssue> &issues : {result.errors, result.warnings}) {
            for (const ConfigIssue &issue : issues) {
                QVERIFY2(issue.line >= 1 && issue.column >= 1, qPrintable(issue.toString({})));
            }
        }
    }
}

void tst_ConfigLoader::adminTokenNeverShown()
{
    // Wrong, short or right: no message and no normalized output shows the token.
    for (const QString &token : {u"bad token with spaces"_s, u"short-tk"_s, u"\u00e9-not-ascii"_s,
                                 u"a-long-and-proper-admin-token"_s}) {
        QProcessEnvironment environment = testEnvironment();
        environment.insert(u"ADMIN_TOKEN"_s, token);
        const QString json = seedWithTopLevelKeys(
            uR"("admin": {"listen": "0.0.0.0:9090", "token": "${ADMIN_TOKEN}"})"_s);
        const LoadResult result =
            ConfigLoader(environment, ConfigLoader::allFeatures()).loadJson(json.toUtf8(), u"/"_s);
        QVERIFY(!result.errors.isEmpty() || !result.warnings.isEmpty() ||
                token.startsWith(u"a-long"_s));
        for (const QList<ConfigIssue> *issues : {&result.errors, &result.warnings}) {
            for (const ConfigIssue &issue : *issues)
                QVERIFY2(!issue.toString(u"c.json"_s).contains(token),
                         qPrintable(issue.toString(u"c.json"_s)));
        }
        const QByteArray normalized = toNormalizedJson(result.draft, ConfigLoader::allFeatures());
        QVERIFY(!normalized.contains(token.toUtf8()));
        if (result.ok())
            QVERIFY(normalized.contains("\"token\": \"***\""));
    }
}

QTEST_GUILESS_MAIN(tst_ConfigLoader)
#include "tst_configloader.moc"
