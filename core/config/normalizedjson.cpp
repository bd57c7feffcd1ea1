#include "configloader.h"
#include "jsonwriter.h"
#include "loglevel.h"

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

const QString redacted = u"***"_s;

using W = JsonWriter;

JsonNode stringList(const QStringList &list)
{
    JsonNode node = W::array();
    for (const QString &text : list)
        W::append(&node, W::string(text));
    return node;
}

JsonNode statusList(const QList<StatusMatcher> &list)
{
    JsonNode node = W::array();
    for (const StatusMatcher &matcher : list) {
        if (matcher.low == matcher.high)
            W::append(&node, W::integer(matcher.low));
        else
            W::append(&node, W::string(QString::number(matcher.low / 100) + u"xx"_s));
    }
    return node;
}

JsonNode tls(const TlsConfig &config, bool withEnabled)
{
    JsonNode node = W::object();
    if (withEnabled)
        W::insert(&node, u"enabled"_s, W::boolean(config.enabled));
    W::insert(&node, u"ca_file"_s, W::string(config.caFile));
    W::insert(&node, u"cert_file"_s, W::string(config.certFile));
    W::insert(&node, u"key_file"_s, W::string(config.keyFile));
    W::insert(&node, u"insecure_skip_verify"_s, W::boolean(config.insecureSkipVerify));
    return node;
}

QString opName(WhereCondition::Op op)
{
    using Op = WhereCondition::Op;
    switch (op) {
    case Op::Equal:
        return u"=="_s;
    case Op::NotEqual:
        return u"!="_s;
    case Op::Less:
        return u"<"_s;
    case Op::LessOrEqual:
        return u"<="_s;
    case Op::Greater:
        return u">"_s;
    case Op::GreaterOrEqual:
        return u">="_s;
    case Op::Exists:
        return u"exists"_s;
    case Op::Contains:
        return u"contains"_s;
    case Op::Matches:
        return u"matches"_s;
    }
    return {};
}

class Normalizer
{
public:
    explicit Normalizer(const QSet<QString> &features)
        : m_features(features)
    {}

    JsonNode config(const Config &config) const;

private:
    bool has(const char *feature) const { return m_features.contains(QLatin1StringView(feature)); }
    JsonNode broker(const BrokerConfig &broker) const;
    JsonNode subscription(const SubscriptionConfig &sub) const;

    QSet<QString> m_features;
};

JsonNode Normalizer::config(const Config &config) const
{
    JsonNode root = W::object();
    JsonNode brokers = W::array();
    for (const BrokerConfig &broker : config.brokers)
        W::append(&brokers, this->broker(broker));
    W::insert(&root, u"mqtt_brokers"_s, std::move(brokers));

    JsonNode log = W::object();
    W::insert(&log, u"level"_s, W::string(logLevelName(config.log.level)));
    W::insert(&log, u"filename"_s, W::string(config.log.filename));
    W::insert(&log, u"maxsize"_s, W::integer(config.log.maxSizeMb));
    W::insert(&log, u"max_age"_s, W::integer(config.log.maxAgeDays));
    W::insert(&log, u"max_backups"_s, W::integer(config.log.maxBackups));
    W::insert(&root, u"log_config"_s, std::move(log));

    if (has("queue")) {
        JsonNode queue = W::object();
        W::insert(&queue, u"dir"_s, W::string(config.queue.dir));
        W::insert(&queue, u"max_messages"_s, W::integer(config.queue.maxMessages));
        W::insert(&queue, u"max_bytes"_s, W::integer(config.queue.maxBytes));
        W::insert(&queue, u"mode"_s,
                  W::string(config.queue.mode == QueueMode::Memory ? u"memory"_s : u"disk"_s));
        W::insert(&root, u"queue"_s, std::move(queue));
    }
    if (has("admin")) {
        JsonNode admin = W::object();
        W::insert(&admin, u"listen"_s, W::string(config.admin.listen));
        W::insert(&admin, u"token"_s,
                  W::string(config.admin.token.isEmpty() ? QString() : redacted));
        W::insert(&admin, u"event_buffer"_s, W::integer(config.admin.eventBuffer));
        W::insert(&admin, u"payload_preview"_s, W::integer(config.admin.payloadPreview));
        W::insert(&admin, u"max_connections"_s, W::integer(config.admin.maxConnections));
        W::insert(&root, u"admin"_s, std::move(admin));
    }
    return root;
}

JsonNode Normalizer::broker(const BrokerConfig &broker) const
{
    JsonNode node = W::object();
    W::insert(&node, u"client_id"_s, W::string(broker.clientId));
    W::insert(&node, u"username"_s, W::string(broker.username));
    // A password from the keychain stays there: the reference is what the file says.
    const bool literal = !broker.password.isEmpty() && broker.passwordKeychain.isEmpty();
    W::insert(&node, u"password"_s, W::string(literal ? redacted : QString()));
    if (has("password_keychain") && !broker.passwordKeychain.isEmpty())
        W::insert(&node, u"password_keychain"_s, W::string(broker.passwordKeychain));
    W::insert(&node, u"alive"_s, W::integer(broker.alive));
    W::insert(&node, u"broker_ip"_s, W::string(broker.brokerIp));
    W::insert(&node, u"broker_port"_s, W::integer(broker.brokerPort));
    JsonNode subs = W::array();
    for (const SubscriptionConfig &sub : broker.subscriptions)
        W::append(&subs, subscription(sub));
    W::insert(&node, u"sub_deal_config"_s, std::move(subs));

    if (has("broker_enabled"))
        W::insert(&node, u"enabled"_s, W::boolean(broker.enabled));
    if (has("protocol_version"))
        W::insert(
            &node, u"protocol_version"_s,
            W::string(broker.protocolVersion == MqttProtocolVersion::V311 ? u"3.1.1"_s : u"5"_s));
    if (has("clean_session"))
        W::insert(&node, u"clean_session"_s, W::boolean(broker.cleanSession));
    if (has("session_expiry"))
        W::insert(&node, u"session_expiry"_s, W::integer(broker.sessionExpiry.count()));
    if (has("receive_maximum"))
        W::insert(&node, u"receive_maximum"_s, W::integer(broker.receiveMaximum));
    if (has("transport")) {
        W::insert(&node, u"transport"_s,
                  W::string(broker.transport == MqttTransport::WebSocket ? u"ws"_s : u"tcp"_s));
        W::insert(&node, u"ws_path"_s, W::string(broker.webSocketPath));
    }
    if (has("tls"))
        W::insert(&node, u"tls"_s, tls(broker.tls, true));
    return node;
}

JsonNode Normalizer::subscription(const SubscriptionConfig &sub) const
{
    JsonNode node = W::object();
    W::insert(&node, u"app_name"_s, W::string(sub.appName));
    W::insert(&node, u"app_id"_s, W::string(sub.appId));
    W::insert(&node, u"enabled"_s, W::boolean(sub.enabled));
    W::insert(&node, u"callbackMethod"_s, W::string(sub.callbackMethod));
    W::insert(&node, u"callbackAddress"_s, stringList(sub.callbackAddresses));
    JsonNode subTopic = W::object();
    W::insert(&subTopic, u"topic"_s, W::string(sub.subTopic.topic));
    W::insert(&subTopic, u"qos"_s, W::integer(sub.subTopic.qos));
    W::insert(&node, u"subTopic"_s, std::move(subTopic));
    W::insert(&node, u"excludeTopics"_s, stringList(sub.excludeTopics));
    W::insert(&node, u"retry"_s, W::integer(sub.retry));

    if (has("excludeRegex"))
        W::insert(&node, u"excludeRegex"_s, stringList(sub.excludeRegex));
    if (has("http_method"))
        W::insert(&node, u"http_method"_s, W::string(sub.httpMethod));
    if (has("callbackHeaders")) {
        JsonNode headers = W::object();
        for (const auto &[name, value] : sub.callbackHeaders) {
            const bool secret = name.compare(u"Authorization"_s, Qt::CaseInsensitive) == 0 ||
                                name.compare(u"Proxy-Authorization"_s, Qt::CaseInsensitive) == 0;
            W::insert(&headers, name, W::string(secret ? redacted : value));
        }
        W::insert(&node, u"callbackHeaders"_s, std::move(headers));
    }
    if (has("callbackTls"))
        W::insert(&node, u"callbackTls"_s, tls(sub.callbackTls, false));
    if (has("timeout_ms"))
        W::insert(&node, u"timeout_ms"_s, W::integer(sub.timeout.count()));
    if (has("dispatch"))
        W::insert(&node, u"dispatch"_s,
                  W::string(sub.dispatch == DispatchMode::RoundRobin ? u"round_robin"_s
                                                                     : u"broadcast"_s));
    if (has("retry_backoff")) {
        JsonNode backoff = W::object();
        W::insert(&backoff, u"initial_ms"_s, W::integer(sub.retryBackoff.initial.count()));
        W::insert(&backoff, u"max_ms"_s, W::integer(sub.retryBackoff.max.count()));
        W::insert(&backoff, u"multiplier"_s, W::number(sub.retryBackoff.multiplier));
        W::insert(&backoff, u"jitter"_s, W::boolean(sub.retryBackoff.jitter));
        W::insert(&node, u"retry_backoff"_s, std::move(backoff));
    }
    if (has("body_template"))
        W::insert(&node, u"body_template"_s, W::string(sub.bodyTemplate));
    if (has("batch")) {
        JsonNode batch = W::object();
        W::insert(&batch, u"max_messages"_s, W::integer(sub.batch.maxMessages));
        W::insert(&batch, u"max_wait_ms"_s, W::integer(sub.batch.maxWait.count()));
        W::insert(&node, u"batch"_s, std::move(batch));
    }
    if (has("ordering"))
        W::insert(&node, u"ordering"_s,
                  W::string(sub.ordering == Ordering::PerTopic ? u"per_topic"_s : u"none"_s));
    if (has("max_inflight"))
        W::insert(&node, u"max_inflight"_s, W::integer(sub.maxInflight));
    if (has("retry_on"))
        W::insert(&node, u"retry_on"_s, statusList(sub.retryOn));
    if (has("drop_on"))
        W::insert(&node, u"drop_on"_s, statusList(sub.dropOn));
    if (has("success_on"))
        W::insert(&node, u"success_on"_s, statusList(sub.successOn));
    if (has("where")) {
        JsonNode where = W::array();
        for (const WhereCondition &condition : sub.where) {
            JsonNode entry = W::object();
            W::insert(&entry, u"path"_s, W::string(condition.path));
            W::insert(&entry, u"op"_s, W::string(opName(condition.op)));
            if (condition.op != WhereCondition::Op::Exists)
                W::insert(&entry, u"value"_s, W::fromJsonValue(condition.value));
            W::append(&where, std::move(entry));
        }
        W::insert(&node, u"where"_s, std::move(where));
    }
    return node;
}

// The loader expands "${" in every string, so a literal one is written "$${".
void escapeReferences(JsonNode *node)
{
    if (node->isString())
        node->text.replace(u"${"_s, u"$${"_s);
    for (JsonNode &child : node->children)
        escapeReferences(&child);
}

} // namespace

QByteArray toNormalizedJson(const Config &config, const QSet<QString> &features)
{
    JsonNode root = Normalizer(features).config(config);
    escapeReferences(&root);
    return JsonWriter::write(root);
}

} // namespace mqhook
