#include "configvalidator.h"

#include "delivery/bodytemplate.h"
#include "loglevel.h"
#include "mqtt/topicfilter.h"
#include "secretstore.h"

#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// 2^53: beyond it JSON numbers (doubles) no longer hold every integer.
constexpr qint64 maxJsonInteger = 9007199254740992LL;
constexpr int hugeRetry = 100;

QString joinKey(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString joinIndex(const QString &path, size_t index)
{
    return path + u'[' + QString::number(index) + u']';
}

QString quoted(const QString &text)
{
    QString shown = text.size() > 80 ? text.left(77) + u"..."_s : text;
    shown.replace(u'\\', u"\\\\"_s);
    shown.replace(u'"', u"\\\""_s);
    shown.replace(u'\n', u"\\n"_s);
    shown.replace(u'\r', u"\\r"_s);
    shown.replace(u'\t', u"\\t"_s);
    return u'"' + shown + u'"';
}

// How a value looks, for "got ..." in messages.
QString describe(const JsonNode &node)
{
    switch (node.type) {
    case JsonNode::Type::Null:
        return u"null"_s;
    case JsonNode::Type::Bool:
        return node.boolean ? u"true"_s : u"false"_s;
    case JsonNode::Type::Number:
        return node.text;
    case JsonNode::Type::String:
        return quoted(node.text);
    case JsonNode::Type::Array:
        return u"a list"_s;
    case JsonNode::Type::Object:
        return u"an object"_s;
    }
    return {};
}

QString integerRange(qint64 min, qint64 max)
{
    if (max >= maxJsonInteger)
        return u"an integer of at least %1"_s.arg(min);
    return u"an integer from %1 to %2"_s.arg(min).arg(max);
}

QString choiceList(const QStringList &choices)
{
    QStringList shown;
    for (const QString &choice : choices)
        shown.append(quoted(choice));
    if (shown.size() == 2)
        return shown.at(0) + u" or "_s + shown.at(1);
    return u"one of "_s + shown.join(u", "_s);
}

QString topicFilterProblem(const QString &filter)
{
    return TopicFilter(filter, TopicFilter::Syntax::Filter).errorString();
}

QString regexProblem(const QString &pattern)
{
    const QRegularExpression regex(pattern);
    if (regex.isValid())
        return {};
    return u"%1 at offset %2"_s.arg(regex.errorString()).arg(regex.patternErrorOffset());
}

bool isValidHostName(const QString &host)
{
    if (!QHostAddress(host).isNull())
        return true;
    if (host.isEmpty() || host.size() > 253)
        return false;
    const QStringList labels = host.split(u'.');
    for (const QString &label : labels) {
        if (label.isEmpty() || label.size() > 63)
            return false;
        for (QChar c : label) {
            const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                            (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
            if (!ok)
                return false;
        }
    }
    return true;
}

// RFC 9110 §5.6.2: token = 1*tchar.
bool isHttpToken(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (QChar c : name) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                        (c >= u'0' && c <= u'9') || QStringView(u"!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

// Walks the JSON tree once, filling a Config and collecting every issue.

} // namespace

ConfigValidator::ConfigValidator(const QProcessEnvironment &environment,
                                 const QSet<QString> &features, const QString &baseDir)
    : m_expander(environment)
    , m_features(features)
    , m_baseDir(baseDir)
{}

void ConfigValidator::addError(JsonPosition position, const QString &path, const QString &message)
{
    m_errors.append({ConfigIssue::Severity::Error, path, position.line, position.column, message});
}

void ConfigValidator::addWarning(JsonPosition position, const QString &path, const QString &message)
{
    m_warnings.append(
        {ConfigIssue::Severity::Warning, path, position.line, position.column, message});
}

std::optional<QString> ConfigValidator::stringKey(const JsonNode &object, const QString &path,
                                                  const char *key)
{
    const JsonNode *node = object.member(QLatin1StringView(key));
    return node ? toText(*node, joinKey(path, QLatin1StringView(key))) : std::nullopt;
}
std::optional<qint64> ConfigValidator::integerKey(const JsonNode &object, const QString &path,
                                                  const char *key, qint64 min, qint64 max)
{
    const JsonNode *node = object.member(QLatin1StringView(key));
    return node ? toInteger(*node, joinKey(path, QLatin1StringView(key)), min, max) : std::nullopt;
}
std::optional<bool> ConfigValidator::boolKey(const JsonNode &object, const QString &path,
                                             const char *key)
{
    const JsonNode *node = object.member(QLatin1StringView(key));
    return node ? toBool(*node, joinKey(path, QLatin1StringView(key))) : std::nullopt;
}
std::optional<QString> ConfigValidator::choiceKey(const JsonNode &object, const QString &path,
                                                  const char *key, const QStringList &choices)
{
    const JsonNode *node = object.member(QLatin1StringView(key));
    return node ? toChoice(*node, joinKey(path, QLatin1StringView(key)), choices) : std::nullopt;
}

QString ConfigValidator::resolvePath(const QString &path) const
{
    if (path.isEmpty())
        return path;
    return QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(path));
}

Config ConfigValidator::run(const JsonNode &root)
{
    Config config;
    config.queue.dir = resolvePath(config.queue.dir);
    if (!root.isObject()) {
        addError(root.position, {},
                 u"expected an object with the keys mqtt_brokers and log_config, got %1"_s.arg(
                     describe(root)));
        return config;
    }
    checkObject(root, {}, ConfigSection::Root);

    if (const JsonNode *brokers = root.member(u"mqtt_brokers"_s)) {
        const QString path = u"mqtt_brokers"_s;
        if (checkList(*brokers, path, u"broker objects"_s)) {
            if (brokers->children.empty())
                addWarning(brokers->position, path,
                           u"the list is empty: no broker, nothing will be forwarded"_s);
            for (size_t i = 0; i < brokers->children.size(); ++i) {
                BrokerConfig broker;
                readBroker(brokers->children[i], joinIndex(path, i), i, &broker);
                config.brokers.append(broker);
            }
        }
    }
    if (const JsonNode *log = root.member(u"log_config"_s))
        readLog(*log, u"log_config"_s, &config.log);
    if (const JsonNode *queue = root.member(u"queue"_s))
        readQueue(*queue, u"queue"_s, &config.queue);
    if (const JsonNode *admin = root.member(u"admin"_s))
        readAdmin(*admin, u"admin"_s, &config.admin);
    checkClientIds();
    return config;
}

bool ConfigValidator::checkObject(const JsonNode &node, const QString &path, ConfigSection section)
{
    if (!node.isObject()) {
        addError(node.position, path, u"expected an object, got %1"_s.arg(describe(node)));
        return false;
    }
    for (qsizetype i = 0; i < node.keys.size(); ++i) {
        const QString &key = node.keys.at(i);
        const JsonPosition position = node.keyPositions[size_t(i)];
        const QString keyPath = joinKey(path, key);
        const qsizetype later = node.keys.indexOf(key, i + 1);
        if (later >= 0) {
            const JsonPosition used = node.keyPositions[size_t(node.keys.lastIndexOf(key))];
            addWarning(position, keyPath,
                       u"duplicate key '%1': the one at line %2, column %3 is used, this one "
                       u"is ignored"_s.arg(key)
                           .arg(used.line)
                           .arg(used.column));
        }
        const ConfigKey *known = ConfigSchema::find(section, key);
        if (!known) {
            const QString suggestion = ConfigSchema::suggest(section, key);
            addWarning(
                position, keyPath,
                suggestion.isEmpty()
                    ? u"unknown key '%1', ignored"_s.arg(key)
                    : u"unknown key '%1', ignored (did you mean '%2'?)"_s.arg(key, suggestion));
            continue;
        }
        if (known->aliasOf) {
            const QString real = QString::fromLatin1(known->aliasOf);
            if (node.member(real)) {
                addError(position, keyPath,
                         u"both '%1' and its misspelling '%2' are given: keep only '%1'"_s.arg(
                             real, key));
            } else {
                addWarning(position, keyPath,
                           u"'%1' is read as '%2' (a misspelling in the original "
                           u"documentation); please rename it"_s.arg(key, real));
            }
        }
        if (*known->feature && later < 0 &&
            !m_features.contains(QString::fromLatin1(known->feature)))
            addError(position, keyPath, u"'%1' is not supported yet"_s.arg(key));
    }
    for (const ConfigKey &key : ConfigSchema::keys()) {
        if (key.section != section || !key.required || key.aliasOf)
            continue;
        const QString name = QString::fromLatin1(key.name);
        bool present = node.member(name) != nullptr;
        for (const ConfigKey &alias : ConfigSchema::keys()) {
            if (alias.section == section && alias.aliasOf &&
                name == QLatin1StringView(alias.aliasOf))
                present = present || node.member(QString::fromLatin1(alias.name));
        }
        if (!present)
            addError(node.position, joinKey(path, name),
                     u"the required key '%1' is missing"_s.arg(name));
    }
    return true;
}

bool ConfigValidator::checkList(const JsonNode &node, const QString &path, const QString &elements)
{
    if (node.isArray())
        return true;
    addError(node.position, path, u"expected a list of %1, got %2"_s.arg(elements, describe(node)));
    return false;
}

std::optional<QString> ConfigValidator::toText(const JsonNode &node, const QString &path)
{
    if (!node.isString()) {
        addError(node.position, path, u"expected a string, got %1"_s.arg(describe(node)));
        return std::nullopt;
    }
    if (!EnvExpander::hasReferences(node.text))
        return node.text;
    QString expanded;
    QString why;
    if (!m_expander.expand(node.text, &expanded, &why)) {
        addError(node.position, path, why);
        return std::nullopt;
    }
    return expanded;
}

// The text of a number or boolean written as a string holding a ${VAR}
// reference; nullopt (after an error) for anything else.
std::optional<QString> ConfigValidator::scalarText(const JsonNode &node, const QString &path,
                                                   const QString &expected, QString *source)
{
    if (!node.isString() || !EnvExpander::hasReferences(node.text)) {
        addError(node.position, path, u"expected %1, got %2"_s.arg(expected, describe(node)));
        return std::nullopt;
    }
    *source = u" (from "_s + quoted(node.text) + u')';
    return toText(node, path);
}

std::optional<qint64> ConfigValidator::toInteger(const JsonNode &node, const QString &path,
                                                 qint64 min, qint64 max)
{
    const QString expected = integerRange(min, max);
    double value = node.number;
    QString shown = node.text;
    if (!node.isNumber()) {
        QString source;
        const std::optional<QString> text = scalarText(node, path, expected, &source);
        if (!text)
            return std::nullopt;
        bool ok = false;
        value = double(text->trimmed().toLongLong(&ok));
        if (!ok) {
            addError(node.position, path,
                     u"expected %1, got %2%3"_s.arg(expected, quoted(*text), source));
            return std::nullopt;
        }
        shown = *text + source;
    }
    if (value != std::floor(value) || value < double(min) || value > double(max)) {
        addError(node.position, path, u"expected %1, got %2"_s.arg(expected, shown));
        return std::nullopt;
    }
    return qint64(value);
}

std::optional<double> ConfigValidator::toNumber(const JsonNode &node, const QString &path,
                                                double min)
{
    const QString expected = u"a number of at least %1"_s.arg(min);
    double value = node.number;
    QString shown = node.text;
    if (!node.isNumber()) {
        QString source;
        const std::optional<QString> text = scalarText(node, path, expected, &source);
        if (!text)
            return std::nullopt;
        bool ok = false;
        value = text->trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(value)) {
            addError(node.position, path,
                     u"expected %1, got %2%3"_s.arg(expected, quoted(*text), source));
            return std::nullopt;
        }
        shown = *text + source;
    }
    if (value < min) {
        addError(node.position, path, u"expected %1, got %2"_s.arg(expected, shown));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> ConfigValidator::toBool(const JsonNode &node, const QString &path)
{
    if (node.isBool())
        return node.boolean;
    const QString expected = u"true or false"_s;
    QString source;
    const std::optional<QString> text = scalarText(node, path, expected, &source);
    if (!text)
        return std::nullopt;
    if (*text == u"true")
        return true;
    if (*text == u"false")
        return false;
    addError(node.position, path, u"expected %1, got %2%3"_s.arg(expected, quoted(*text), source));
    return std::nullopt;
}

std::optional<QString> ConfigValidator::toChoice(const JsonNode &node, const QString &path,
                                                 const QStringList &choices,
                                                 const QList<QPair<QString, QString>> &aliases)
{
    if (!node.isString()) {
        addError(node.position, path,
                 u"expected %1, got %2"_s.arg(choiceList(choices), describe(node)));
        return std::nullopt;
    }
    const std::optional<QString> text = toText(node, path);
    if (!text)
        return std::nullopt;
    for (const QString &choice : choices) {
        if (text->compare(choice, Qt::CaseInsensitive) == 0)
            return choice;
    }
    for (const auto &[alias, choice] : aliases) {
        if (text->compare(alias, Qt::CaseInsensitive) == 0)
            return choice;
    }
    addError(node.position, path, u"expected %1, got %2"_s.arg(choiceList(choices), quoted(*text)));
    return std::nullopt;
}

std::optional<QJsonValue> ConfigValidator::toJsonValue(const JsonNode &node, const QString &path)
{
    switch (node.type) {
    case JsonNode::Type::String: {
        const std::optional<QString> text = toText(node, path);
        return text ? std::optional<QJsonValue>(*text) : std::nullopt;
    }
    case JsonNode::Type::Array: {
        QJsonArray array;
        bool ok = true;
        for (size_t i = 0; i < node.children.size(); ++i) {
            const std::optional<QJsonValue> value =
                toJsonValue(node.children[i], joinIndex(path, i));
            ok = ok && value.has_value();
            if (value)
                array.append(*value);
        }
        return ok ? std::optional<QJsonValue>(array) : std::nullopt;
    }
    case JsonNode::Type::Object: {
        QJsonObject object;
        bool ok = true;
        for (size_t i = 0; i < node.children.size(); ++i) {
            const QString &key = node.keys.at(qsizetype(i));
            const std::optional<QJsonValue> value =
                toJsonValue(node.children[i], joinKey(path, key));
            ok = ok && value.has_value();
            if (value)
                object.insert(key, *value);
        }
        return ok ? std::optional<QJsonValue>(object) : std::nullopt;
    }
    default:
        return node.toJsonValue();
    }
}

void ConfigValidator::readBroker(const JsonNode &node, const QString &path, size_t index,
                                 BrokerConfig *broker)
{
    if (!checkObject(node, path, ConfigSection::Broker))
        return;
    if (auto v = stringKey(node, path, "client_id"))
        broker->clientId = *v;
    if (auto v = stringKey(node, path, "username"))
        broker->username = *v;
    if (auto v = stringKey(node, path, "password"))
        broker->password = *v;
    if (const JsonNode *entry = node.member(u"password_keychain"_s)) {
        const QString entryPath = joinKey(path, u"password_keychain"_s);
        if (auto v = toText(*entry, entryPath)) {
            if (v->trimmed().isEmpty())
                addError(entry->position, entryPath,
                         u"expected the name of an entry of the OS keychain (service "
                         u"\"%1\"), got \"\""_s.arg(QLatin1StringView(keychainService)));
            else if (!broker->password.isEmpty())
                addError(entry->position, entryPath,
                         u"'password' and 'password_keychain' are both given: the password is "
                         u"either in the file or in the OS keychain; leave 'password' empty"_s);
            else
                broker->passwordKeychain = *v;
        }
    }
    if (auto v = integerKey(node, path, "alive", 0, 65535))
        broker->alive = int(*v);

    bool addressKnown = false;
    if (const JsonNode *ip = node.member(u"broker_ip"_s)) {
        const QString ipPath = joinKey(path, u"broker_ip"_s);
        if (auto v = toText(*ip, ipPath)) {
            if (isValidHostName(*v)) {
                broker->brokerIp = *v;
                addressKnown = true;
            } else {
                addError(ip->position, ipPath,
                         u"expected a host name or IP address (no scheme, no port), got %1"_s.arg(
                             quoted(*v)));
            }
        }
    }
    bool portKnown = false;
    if (auto v = integerKey(node, path, "broker_port", 1, 65535)) {
        broker->brokerPort = int(*v);
        portKnown = true;
    }

    if (const JsonNode *subs = node.member(u"sub_deal_config"_s)) {
        const QString subsPath = joinKey(path, u"sub_deal_config"_s);
        if (subs->isArray()) {
            if (subs->children.empty())
                addWarning(subs->position, subsPath,
                           u"the list is empty: this broker forwards nothing"_s);
            for (size_t i = 0; i < subs->children.size(); ++i) {
                SubscriptionConfig sub;
                readSubscription(subs->children[i], joinIndex(subsPath, i), &sub);
                broker->subscriptions.append(sub);
            }
        } else if (subs->isObject()) {
            SubscriptionConfig sub;
            readSubscription(*subs, subsPath, &sub);
            broker->subscriptions.append(sub);
        } else {
            addError(subs->position, subsPath,
                     u"expected an object or a list of objects, got %1"_s.arg(describe(*subs)));
        }
    }

    // Extensions
    if (auto v = boolKey(node, path, "enabled"))
        broker->enabled = *v;
    if (const JsonNode *version = node.member(u"protocol_version"_s)) {
        const QString versionPath = joinKey(path, u"protocol_version"_s);
        if (version->isNumber() && version->number == 5) {
            broker->protocolVersion = MqttProtocolVersion::V5;
        } else if (version->isString()) {
            if (auto v = toText(*version, versionPath)) {
                if (*v == u"3.1.1")
                    broker->protocolVersion = MqttProtocolVersion::V311;
                else if (*v == u"5" || *v == u"5.0")
                    broker->protocolVersion = MqttProtocolVersion::V5;
                else
                    addError(version->position, versionPath,
                             u"expected \"3.1.1\" or \"5\", got %1"_s.arg(quoted(*v)));
            }
        } else {
            addError(version->position, versionPath,
                     u"expected \"3.1.1\" or \"5\", got %1"_s.arg(describe(*version)));
        }
    }
    if (auto v = boolKey(node, path, "clean_session"))
        broker->cleanSession = *v;
    // MQTT 5.0 §3.1.2.11.2: a four byte integer.
    if (auto v = integerKey(node, path, "session_expiry", 0, 4294967295LL))
        broker->sessionExpiry = std::chrono::seconds(*v);
    // MQTT 5.0 §3.1.2.11.3: a two byte integer, 0 is a protocol error.
    if (auto v = integerKey(node, path, "receive_maximum", 1, 65535))
        broker->receiveMaximum = int(*v);
    if (broker->protocolVersion == MqttProtocolVersion::V311) {
        // Only a value other than the default would be lost, so only that is worth a word.
        const bool changed[] = {broker->sessionExpiry != defaults::sessionExpiry,
                                broker->receiveMaximum != defaults::receiveMaximum};
        int i = 0;
        for (const char *key : {"session_expiry", "receive_maximum"}) {
            const QString name = QString::fromLatin1(key);
            const qsizetype at = node.keys.lastIndexOf(name);
            const bool differs = changed[i++];
            if (at >= 0 && differs)
                addWarning(node.keyPositions[size_t(at)], joinKey(path, name),
                           u"'%1' applies to MQTT 5 only and has no effect with "
                           u"protocol_version \"3.1.1\""_s.arg(name));
        }
    }
    if (auto v = choiceKey(node, path, "transport", {u"tcp"_s, u"ws"_s}))
        broker->transport = *v == u"ws" ? MqttTransport::WebSocket : MqttTransport::Tcp;
    if (const JsonNode *wsPath = node.member(u"ws_path"_s)) {
        const QString wsPathPath = joinKey(path, u"ws_path"_s);
        if (auto v = toText(*wsPath, wsPathPath)) {
            if (v->startsWith(u'/'))
                broker->webSocketPath = *v;
            else
                addError(wsPath->position, wsPathPath,
                         u"expected a path starting with '/', got %1"_s.arg(quoted(*v)));
        }
        if (broker->transport != MqttTransport::WebSocket &&
            broker->webSocketPath != QLatin1StringView(defaults::webSocketPath))
            addWarning(wsPath->position, wsPathPath,
                       u"'ws_path' has no effect unless transport is \"ws\""_s);
    }
    if (const JsonNode *tls = node.member(u"tls"_s))
        readTls(*tls, joinKey(path, u"tls"_s), ConfigSection::BrokerTls, &broker->tls);

    // A disabled connection does not connect, so it cannot kick another one off.
    if (addressKnown && portKnown && !broker->clientId.isEmpty() && broker->enabled) {
        const JsonNode *id = node.member(u"client_id"_s);
        m_clientIds.append({broker->address().toLower(), broker->clientId,
                            joinKey(path, u"client_id"_s), id->position, index});
    }
}

void ConfigValidator::readTls(const JsonNode &node, const QString &path, ConfigSection section,
                              TlsConfig *tls)
{
    if (!checkObject(node, path, section))
        return;
    if (section == ConfigSection::BrokerTls) {
        if (auto v = boolKey(node, path, "enabled"))
            tls->enabled = *v;
    }
    if (auto v = stringKey(node, path, "ca_file"))
        tls->caFile = resolvePath(*v);
    if (auto v = stringKey(node, path, "cert_file"))
        tls->certFile = resolvePath(*v);
    if (auto v = stringKey(node, path, "key_file"))
        tls->keyFile = resolvePath(*v);
    if (auto v = boolKey(node, path, "insecure_skip_verify")) {
        tls->insecureSkipVerify = *v;
        if (*v)
            addWarning(node.member(u"insecure_skip_verify"_s)->position,
                       joinKey(path, u"insecure_skip_verify"_s),
                       u"certificates are not verified: anyone on the network path can read "
                       u"and change this traffic"_s);
    }
    const bool configured = !tls->caFile.isEmpty() || !tls->certFile.isEmpty() ||
                            !tls->keyFile.isEmpty() || tls->insecureSkipVerify;
    if (section == ConfigSection::BrokerTls && !tls->enabled && configured)
        addWarning(node.position, path,
                   u"TLS files or options are set but \"enabled\" is not true: the connection "
                   u"is not encrypted"_s);
}

void ConfigValidator::readSubscription(const JsonNode &node, const QString &path,
                                       SubscriptionConfig *sub)
{
    if (!checkObject(node, path, ConfigSection::Subscription))
        return;
    if (auto v = stringKey(node, path, "app_name"))
        sub->appName = *v;
    if (auto v = stringKey(node, path, "app_id"))
        sub->appId = *v;
    if (auto v = boolKey(node, path, "enabled"))
        sub->enabled = *v;
    const std::optional<QString> method =
        choiceKey(node, path, "callbackMethod", {u"HTTP"_s, u"HTTPS"_s});
    if (method)
        sub->callbackMethod = *method;
    readCallbackAddresses(node, path, method, sub);

    if (const JsonNode *subTopic = node.member(u"subTopic"_s)) {
        const QString subTopicPath = joinKey(path, u"subTopic"_s);
        if (checkObject(*subTopic, subTopicPath, ConfigSection::SubTopic)) {
            if (const JsonNode *topic = subTopic->member(u"topic"_s)) {
                const QString topicPath = joinKey(subTopicPath, u"topic"_s);
                if (auto v = toText(*topic, topicPath)) {
                    const TopicFilter filter(*v);
                    if (filter.isValid())
                        sub->subTopic.topic = *v;
                    else
                        addError(topic->position, topicPath,
                                 u"expected an MQTT topic filter, got %1: %2"_s.arg(
                                     quoted(*v), filter.errorString()));
                }
            }
            if (auto v = integerKey(*subTopic, subTopicPath, "qos", 0, 2))
                sub->subTopic.qos = int(*v);
        }
    }
    readStringList(node, path, "excludeTopics", u"MQTT topic filters"_s, u"an MQTT topic filter"_s,
                   topicFilterProblem, &sub->excludeTopics);
    if (auto v = integerKey(node, path, "retry", 0, maxJsonInteger)) {
        if (*v > hugeRetry)
            addWarning(node.member(u"retry"_s)->position, joinKey(path, u"retry"_s),
                       u"%1 retries: a failing endpoint will hold each message for a very "
                       u"long time"_s.arg(*v));
        sub->retry = int(std::min<qint64>(*v, std::numeric_limits<int>::max()));
    }

    // Extensions
    readStringList(node, path, "excludeRegex", u"regular expressions"_s, u"a regular expression"_s,
                   regexProblem, &sub->excludeRegex);
    if (auto v = choiceKey(node, path, "http_method", {u"POST"_s, u"PUT"_s, u"PATCH"_s}))
        sub->httpMethod = *v;
    if (const JsonNode *headers = node.member(u"callbackHeaders"_s))
        readHeaders(*headers, joinKey(path, u"callbackHeaders"_s), &sub->callbackHeaders);
    if (const JsonNode *tls = node.member(u"callbackTls"_s))
        readTls(*tls, joinKey(path, u"callbackTls"_s), ConfigSection::CallbackTls,
                &sub->callbackTls);
    if (auto v = integerKey(node, path, "timeout_ms", 1, maxJsonInteger))
        sub->timeout = std::chrono::milliseconds(*v);
    if (auto v = choiceKey(node, path, "dispatch", {u"broadcast"_s, u"round_robin"_s}))
        sub->dispatch = *v == u"round_robin" ? DispatchMode::RoundRobin : DispatchMode::Broadcast;
    if (const JsonNode *backoff = node.member(u"retry_backoff"_s))
        readBackoff(*backoff, joinKey(path, u"retry_backoff"_s), &sub->retryBackoff);
    if (auto v = stringKey(node, path, "body_template")) {
        QString why;
        if (!BodyTemplate::compile(*v, &why))
            addError(node.member(u"body_template"_s)->position, joinKey(path, u"body_template"_s),
                     why);
        sub->bodyTemplate = *v;
    }
    if (const JsonNode *batch = node.member(u"batch"_s))
        readBatch(*batch, joinKey(path, u"batch"_s), &sub->batch);
    if (auto v = choiceKey(node, path, "ordering", {u"none"_s, u"per_topic"_s}))
        sub->ordering = *v == u"per_topic" ? Ordering::PerTopic : Ordering::None;
    if (auto v = integerKey(node, path, "max_inflight", 1, 1024))
        sub->maxInflight = int(*v);
    if (const JsonNode *list = node.member(u"retry_on"_s))
        readStatusList(*list, joinKey(path, u"retry_on"_s), &sub->retryOn);
    if (const JsonNode *list = node.member(u"drop_on"_s))
        readStatusList(*list, joinKey(path, u"drop_on"_s), &sub->dropOn);
    if (const JsonNode *list = node.member(u"success_on"_s))
        readStatusList(*list, joinKey(path, u"success_on"_s), &sub->successOn);
    if (const JsonNode *where = node.member(u"where"_s))
        readWhere(*where, joinKey(path, u"where"_s), &sub->where);
}

void ConfigValidator::readCallbackAddresses(const JsonNode &object, const QString &path,
                                            const std::optional<QString> &method,
                                            SubscriptionConfig *sub)
{
    QString key = u"callbackAddress"_s;
    const JsonNode *node = object.member(key);
    if (!node) {
        key = u"callbaccallbackAddress"_s;
        node = object.member(key);
    }
    if (!node)
        return;
    const QString listPath = joinKey(path, key);
    if (!checkList(*node, listPath, u"http:// or https:// URLs"_s))
        return;
    if (node->children.empty()) {
        addError(node->position, listPath, u"expected at least one callback URL, got none"_s);
        return;
    }
    for (size_t i = 0; i < node->children.size(); ++i) {
        const JsonNode &element = node->children[i];
        const QString elementPath = joinIndex(listPath, i);
        const std::optional<QString> text = toText(element, elementPath);
        if (!text)
            continue;
        const QUrl url(*text, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != u"http" && scheme != u"https")) {
            QString reason;
            if (!url.isValid())
                reason = u" ("_s + url.errorString() + u')';
            addError(element.position, elementPath,
                     u"expected an http:// or https:// URL, got %1%2"_s.arg(quoted(*text), reason));
        } else if (url.host().isEmpty()) {
            addError(
                element.position, elementPath,
                u"expected an http:// or https:// URL with a host, got %1"_s.arg(quoted(*text)));
        } else if (method && scheme != method->toLower()) {
            addError(element.position, elementPath,
                     u"callbackMethod is \"%1\", so expected an %2:// URL, got %3"_s.arg(
                         *method, method->toLower(), quoted(*text)));
        } else {
            sub->callbackAddresses.append(*text);
        }
    }
}

void ConfigValidator::readStringList(const JsonNode &object, const QString &path, const char *key,
                                     const QString &elements, const QString &expected,
                                     const std::function<QString(const QString &)> &problem,
                                     QStringList *out)
{
    const JsonNode *node = object.member(QLatin1StringView(key));
    const QString listPath = joinKey(path, QLatin1StringView(key));
    if (!node || !checkList(*node, listPath, elements))
        return;
    for (size_t i = 0; i < node->children.size(); ++i) {
        const QString elementPath = joinIndex(listPath, i);
        const std::optional<QString> text = toText(node->children[i], elementPath);
        if (!text)
            continue;
        const QString why = problem(*text);
        if (why.isEmpty())
            out->append(*text);
        else
            addError(node->children[i].position, elementPath,
                     u"expected %1, got %2: %3"_s.arg(expected, quoted(*text), why));
    }
}

void ConfigValidator::readHeaders(const JsonNode &node, const QString &path,
                                  QList<QPair<QString, QString>> *out)
{
    if (!node.isObject()) {
        addError(
            node.position, path,
            u"expected an object of header names and string values, got %1"_s.arg(describe(node)));
        return;
    }
    // Set by the HTTP sender itself; a configured value would corrupt the request.
    const QStringList reserved = {u"Content-Length"_s, u"Host"_s, u"Transfer-Encoding"_s,
                                  u"Connection"_s};
    for (qsizetype i = 0; i < node.keys.size(); ++i) {
        const QString &name = node.keys.at(i);
        const JsonPosition position = node.keyPositions[size_t(i)];
        const QString headerPath = joinKey(path, name);
        qsizetype later = -1;
        for (qsizetype j = node.keys.size() - 1; j > i && later < 0; --j) {
            if (node.keys.at(j).compare(name, Qt::CaseInsensitive) == 0)
                later = j;
        }
        if (!isHttpToken(name)) {
            addError(position, headerPath,
                     u"expected an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), "
                     u"got %1"_s.arg(quoted(name)));
            continue;
        }
        if (reserved.contains(name, Qt::CaseInsensitive)) {
            addError(
                position, headerPath,
                u"the header '%1' is set by mqhook itself and cannot be configured"_s.arg(name));
            continue;
        }
        const JsonNode &valueNode = node.children[size_t(i)];
        const std::optional<QString> value = toText(valueNode, headerPath);
        if (!value)
            continue;
        if (value->contains(u'\n') || value->contains(u'\r') || value->contains(QChar(0))) {
            addError(valueNode.position, headerPath,
                     u"a header value may not contain line breaks or U+0000"_s);
            continue;
        }
        if (QString why; !BodyTemplate::compile(*value, &why)) {
            addError(valueNode.position, headerPath, why);
            continue;
        }
        if (later >= 0) {
            const JsonPosition used = node.keyPositions[size_t(later)];
            addWarning(position, headerPath,
                       u"the header '%1' is given again at line %2, column %3 (header names "
                       u"ignore case): that one is used, this one is ignored"_s.arg(name)
                           .arg(used.line)
                           .arg(used.column));
            continue;
        }
        out->append({name, *value});
    }
}

void ConfigValidator::readBackoff(const JsonNode &node, const QString &path, RetryBackoff *backoff)
{
    if (!checkObject(node, path, ConfigSection::RetryBackoff))
        return;
    const auto initial = integerKey(node, path, "initial_ms", 0, maxJsonInteger);
    const auto max = integerKey(node, path, "max_ms", 0, maxJsonInteger);
    if (initial)
        backoff->initial = std::chrono::milliseconds(*initial);
    if (max)
        backoff->max = std::chrono::milliseconds(*max);
    if (const JsonNode *multiplier = node.member(u"multiplier"_s)) {
        if (auto v = toNumber(*multiplier, joinKey(path, u"multiplier"_s), 1.0))
            backoff->multiplier = *v;
    }
    if (auto v = boolKey(node, path, "jitter"))
        backoff->jitter = *v;
    const bool initialBad = node.member(u"initial_ms"_s) && !initial;
    const bool maxBad = node.member(u"max_ms"_s) && !max;
    if (!initialBad && !maxBad && backoff->initial > backoff->max) {
        const bool atInitial = node.member(u"initial_ms"_s) != nullptr;
        const JsonNode *where = atInitial ? node.member(u"initial_ms"_s) : node.member(u"max_ms"_s);
        addError(
            where->position, joinKey(path, atInitial ? u"initial_ms"_s : u"max_ms"_s),
            u"expected initial_ms (%1) to be at most max_ms (%2%3)"_s.arg(backoff->initial.count())
                .arg(backoff->max.count())
                .arg(max ? QString() : u", the default"_s));
    }
}

void ConfigValidator::readBatch(const JsonNode &node, const QString &path, BatchConfig *batch)
{
    if (!checkObject(node, path, ConfigSection::Batch))
        return;
    if (auto v = integerKey(node, path, "max_messages", 1, 1000000))
        batch->maxMessages = int(*v);
    if (auto v = integerKey(node, path, "max_wait_ms", 0, maxJsonInteger))
        batch->maxWait = std::chrono::milliseconds(*v);
}

void ConfigValidator::readStatusList(const JsonNode &node, const QString &path,
                                     QList<StatusMatcher> *out)
{
    if (!checkList(node, path, u"status codes"_s))
        return;
    static const QRegularExpression statusClass(u"^[1-5]xx$"_s,
                                                QRegularExpression::CaseInsensitiveOption);
    const QString expected = u"a status code from 100 to 599 or a class such as \"5xx\""_s;
    for (size_t i = 0; i < node.children.size(); ++i) {
        const JsonNode &element = node.children[i];
        const QString elementPath = joinIndex(path, i);
        if (element.isNumber()) {
            if (element.number == std::floor(element.number) && element.number >= 100 &&
                element.number <= 599) {
                const int code = int(element.number);
                out->append({code, code});
                continue;
            }
        } else if (element.isString()) {
            const std::optional<QString> text = toText(element, elementPath);
            if (!text)
                continue;
            if (statusClass.match(*text).hasMatch()) {
                const int low = text->at(0).digitValue() * 100;
                out->append({low, low + 99});
                continue;
            }
            addError(element.position, elementPath,
                     u"expected %1, got %2"_s.arg(expected, quoted(*text)));
            continue;
        }
        addError(element.position, elementPath,
                 u"expected %1, got %2"_s.arg(expected, describe(element)));
    }
}

void ConfigValidator::readWhere(const JsonNode &node, const QString &path,
                                QList<WhereCondition> *out)
{
    if (!checkList(node, path, u"conditions"_s))
        return;
    using Op = WhereCondition::Op;
    static const QList<QPair<QString, Op>> ops = {
        {u"=="_s, Op::Equal},       {u"!="_s, Op::NotEqual},       {u"<"_s, Op::Less},
        {u"<="_s, Op::LessOrEqual}, {u">"_s, Op::Greater},         {u">="_s, Op::GreaterOrEqual},
        {u"exists"_s, Op::Exists},  {u"contains"_s, Op::Contains}, {u"matches"_s, Op::Matches},
    };
    QStringList opNames;
    for (const auto &op : ops)
        opNames.append(op.first);
    for (size_t i = 0; i < node.children.size(); ++i) {
        const JsonNode &element = node.children[i];
        const QString elementPath = joinIndex(path, i);
        if (!checkObject(element, elementPath, ConfigSection::Where))
            continue;
        WhereCondition condition;
        bool ok = true;
        if (const JsonNode *fieldPath = element.member(u"path"_s)) {
            const QString fieldPathPath = joinKey(elementPath, u"path"_s);
            const std::optional<QString> text = toText(*fieldPath, fieldPathPath);
            if (text && (text->isEmpty() || text->startsWith(u'.') || text->endsWith(u'.') ||
                         text->contains(u".."_s))) {
                addError(fieldPath->position, fieldPathPath,
                         u"expected a dotted path into the payload such as \"a.b\" or "
                         u"\"items.0.id\", got %1"_s.arg(quoted(*text)));
                ok = false;
            } else if (text) {
                condition.path = *text;
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
        std::optional<QString> opName = choiceKey(element, elementPath, "op", opNames);
        if (opName) {
            for (const auto &op : ops) {
                if (op.first == *opName)
                    condition.op = op.second;
            }
        } else {
            ok = false;
        }
        const JsonNode *value = element.member(u"value"_s);
        const QString valuePath = joinKey(elementPath, u"value"_s);
        if (opName && condition.op == Op::Exists) {
            if (value)
                addWarning(value->position, valuePath,
                           u"op \"exists\" takes no value; this one is ignored"_s);
        } else if (opName && !value) {
            addError(element.position, valuePath,
                     u"op \"%1\" needs a value to compare with"_s.arg(*opName));
            ok = false;
        } else if (opName && value) {
            const std::optional<QJsonValue> json = toJsonValue(*value, valuePath);
            if (!json) {
                ok = false;
            } else if (condition.op == Op::Matches) {
                const QRegularExpression regex(json->toString());
                if (!json->isString() || !regex.isValid()) {
                    addError(value->position, valuePath,
                             json->isString() ? u"expected a regular expression, got %1: %2"_s.arg(
                                                    quoted(json->toString()), regex.errorString())
                                              : u"expected a regular expression, got %1"_s.arg(
                                                    describe(*value)));
                    ok = false;
                }
            } else if (condition.op == Op::Less || condition.op == Op::LessOrEqual ||
                       condition.op == Op::Greater || condition.op == Op::GreaterOrEqual) {
                if (!json->isDouble() && !json->isString()) {
                    addError(value->position, valuePath,
                             u"op \"%1\" compares with a number or a string, got %2"_s.arg(
                                 *opName, describe(*value)));
                    ok = false;
                }
            }
            if (ok && json)
                condition.value = *json;
        }
        if (ok)
            out->append(condition);
    }
}

void ConfigValidator::readLog(const JsonNode &node, const QString &path, LogConfig *log)
{
    if (!checkObject(node, path, ConfigSection::Log))
        return;
    if (const JsonNode *level = node.member(u"level"_s)) {
        // "warning" is accepted for "warn": both spellings are common in loggers.
        const QString levelPath = joinKey(path, u"level"_s);
        if (auto v = toChoice(*level, levelPath,
                              {u"trace"_s, u"debug"_s, u"info"_s, u"warn"_s, u"error"_s},
                              {{u"warning"_s, u"warn"_s}}))
            log->level = logLevelFromName(*v).value_or(LogLevel::Info);
    }
    if (auto v = stringKey(node, path, "filename"))
        log->filename = resolvePath(*v);
    if (auto v = integerKey(node, path, "maxsize", 1, 1024 * 1024))
        log->maxSizeMb = int(*v);
    if (auto v = integerKey(node, path, "max_age", 0, 100000))
        log->maxAgeDays = int(*v);
    if (auto v = integerKey(node, path, "max_backups", 0, 100000))
        log->maxBackups = int(*v);
}

void ConfigValidator::readQueue(const JsonNode &node, const QString &path, QueueConfig *queue)
{
    if (!checkObject(node, path, ConfigSection::Queue))
        return;
    if (const JsonNode *dir = node.member(u"dir"_s)) {
        const QString dirPath = joinKey(path, u"dir"_s);
        if (auto v = toText(*dir, dirPath)) {
            if (v->isEmpty())
                addError(dir->position, dirPath, u"expected a folder name, got \"\""_s);
            else
                queue->dir = resolvePath(*v);
        }
    }
    if (auto v = integerKey(node, path, "max_messages", 1, maxJsonInteger))
        queue->maxMessages = *v;
    if (auto v = integerKey(node, path, "max_bytes", 1, maxJsonInteger))
        queue->maxBytes = *v;
    if (auto v = choiceKey(node, path, "mode", {u"disk"_s, u"memory"_s}))
        queue->mode = *v == u"memory" ? QueueMode::Memory : QueueMode::Disk;
}

void ConfigValidator::readAdmin(const JsonNode &node, const QString &path, AdminConfig *admin)
{
    if (!checkObject(node, path, ConfigSection::Admin))
        return;
    const JsonNode *listen = node.member(u"listen"_s);
    if (!listen)
        return;
    const QString listenPath = joinKey(path, u"listen"_s);
    const std::optional<QString> text = toText(*listen, listenPath);
    if (!text || text->isEmpty())
        return;
    const qsizetype colon = text->lastIndexOf(u':');
    QString host = colon > 0 ? text->left(colon) : QString();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool portOk = false;
    const int port = colon > 0 ? text->mid(colon + 1).toInt(&portOk) : 0;
    if (host.isEmpty() || !isValidHostName(host) || !portOk || port < 1 || port > 65535) {
        addError(listen->position, listenPath,
                 u"expected \"host:port\" with a port from 1 to 65535, such as "
                 u"\"127.0.0.1:8080\", got %1"_s.arg(quoted(*text)));
        return;
    }
    admin->listen = *text;
    const QHostAddress address(host);
    if (host != u"localhost" && !address.isLoopback())
        addWarning(listen->position, listenPath,
                   u"the admin endpoint will be reachable from other machines; it has no "
                   u"authentication"_s);
}

void ConfigValidator::checkClientIds()
{
    // Two clients with one client_id on one broker take turns kicking each other off.
    for (qsizetype i = 0; i < m_clientIds.size(); ++i) {
        const ClientIdUse &use = m_clientIds.at(i);
        for (qsizetype j = 0; j < i; ++j) {
            const ClientIdUse &earlier = m_clientIds.at(j);
            if (earlier.address == use.address && earlier.clientId == use.clientId) {
                addError(use.position, use.path,
                         u"expected a client_id unique on %1, got %2, which mqtt_brokers[%3] "
                         u"uses already"_s.arg(use.address, quoted(use.clientId))
                             .arg(earlier.broker));
                break;
            }
        }
    }
}

} // namespace mqhook
