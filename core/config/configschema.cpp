#include "configschema.h"

#include <algorithm>
#include <vector>

namespace mqhook {

namespace {

using S = ConfigSection;

// Optimal string alignment distance: Levenshtein plus adjacent transpositions,
// so "qso" is one edit from "qos".
int editDistance(QStringView a, QStringView b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<std::vector<int>> d(size_t(n + 1), std::vector<int>(size_t(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[size_t(i)][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][size_t(j)] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a.at(i - 1).toCaseFolded() == b.at(j - 1).toCaseFolded() ? 0 : 1;
            int best = std::min({d[size_t(i - 1)][size_t(j)] + 1, d[size_t(i)][size_t(j - 1)] + 1,
                                 d[size_t(i - 1)][size_t(j - 1)] + cost});
            if (i > 1 && j > 1 && a.at(i - 1).toCaseFolded() == b.at(j - 2).toCaseFolded() &&
                a.at(i - 2).toCaseFolded() == b.at(j - 1).toCaseFolded())
                best = std::min(best, d[size_t(i - 2)][size_t(j - 2)] + 1);
            d[size_t(i)][size_t(j)] = best;
        }
    }
    return d[size_t(n)][size_t(m)];
}

} // namespace

const QList<ConfigKey> &ConfigSchema::keys()
{
    static const QList<ConfigKey> table = {
        // Top level
        {S::Root, "mqtt_brokers", "", true},
        {S::Root, "log_config", "", true},
        {S::Root, "queue", "queue", false},
        {S::Root, "admin", "admin", false},

        // mqtt_brokers[]
        {S::Broker, "client_id", "", false},
        {S::Broker, "username", "", false},
        {S::Broker, "password", "", false},
        {S::Broker, "password_keychain", "password_keychain", false},
        {S::Broker, "alive", "", true},
        {S::Broker, "broker_ip", "", true},
        {S::Broker, "broker_port", "", true},
        {S::Broker, "sub_deal_config", "", true},
        {S::Broker, "enabled", "broker_enabled", false},
        {S::Broker, "protocol_version", "protocol_version", false},
        {S::Broker, "clean_session", "clean_session", false},
        {S::Broker, "session_expiry", "session_expiry", false},
        {S::Broker, "receive_maximum", "receive_maximum", false},
        {S::Broker, "transport", "transport", false},
        {S::Broker, "ws_path", "transport", false},
        {S::Broker, "tls", "tls", false},

        // mqtt_brokers[].tls
        {S::BrokerTls, "enabled", "", false},
        {S::BrokerTls, "ca_file", "", false},
        {S::BrokerTls, "cert_file", "", false},
        {S::BrokerTls, "key_file", "", false},
        {S::BrokerTls, "insecure_skip_verify", "", false},

        // sub_deal_config (an object or a list of them)
        {S::Subscription, "app_name", "", true},
        {S::Subscription, "app_id", "", true},
        {S::Subscription, "enabled", "", true},
        {S::Subscription, "callbackMethod", "", true},
        {S::Subscription, "callbackAddress", "", true},
        {S::Subscription, "callbaccallbackAddress", "", false, "callbackAddress"},
        {S::Subscription, "subTopic", "", true},
        {S::Subscription, "excludeTopics", "", false},
        {S::Subscription, "retry", "", true},
        {S::Subscription, "excludeRegex", "excludeRegex", false},
        {S::Subscription, "http_method", "http_method", false},
        {S::Subscription, "callbackHeaders", "callbackHeaders", false},
        {S::Subscription, "callbackTls", "callbackTls", false},
        {S::Subscription, "timeout_ms", "timeout_ms", false},
        {S::Subscription, "dispatch", "dispatch", false},
        {S::Subscription, "retry_backoff", "retry_backoff", false},
        {S::Subscription, "body_template", "body_template", false},
        {S::Subscription, "batch", "batch", false},
        {S::Subscription, "ordering", "ordering", false},
        {S::Subscription, "max_inflight", "max_inflight", false},
        {S::Subscription, "retry_on", "retry_on", false},
        {S::Subscription, "drop_on", "drop_on", false},
        {S::Subscription, "success_on", "success_on", false},
        {S::Subscription, "where", "where", false},

        // sub_deal_config.subTopic
        {S::SubTopic, "topic", "", true},
        {S::SubTopic, "qos", "", true},

        // sub_deal_config.callbackTls
        {S::CallbackTls, "ca_file", "", false},
        {S::CallbackTls, "cert_file", "", false},
        {S::CallbackTls, "key_file", "", false},
        {S::CallbackTls, "insecure_skip_verify", "", false},

        // sub_deal_config.retry_backoff
        {S::RetryBackoff, "initial_ms", "", false},
        {S::RetryBackoff, "max_ms", "", false},
        {S::RetryBackoff, "multiplier", "", false},
        {S::RetryBackoff, "jitter", "", false},

        // sub_deal_config.batch
        {S::Batch, "max_messages", "", false},
        {S::Batch, "max_wait_ms", "", false},

        // sub_deal_config.where[]
        {S::Where, "path", "", true},
        {S::Where, "op", "", true},
        {S::Where, "value", "", false},

        // log_config
        {S::Log, "level", "", true},
        {S::Log, "filename", "", true},
        {S::Log, "maxsize", "", true},
        {S::Log, "max_age", "", true},
        {S::Log, "max_backups", "", true},

        // queue
        {S::Queue, "dir", "", false},
        {S::Queue, "max_messages", "", false},
        {S::Queue, "max_bytes", "", false},
        {S::Queue, "mode", "", false},

        // admin
        {S::Admin, "listen", "", false},
        {S::Admin, "token", "", false},
        {S::Admin, "event_buffer", "", false},
        {S::Admin, "payload_preview", "", false},
        {S::Admin, "max_connections", "", false},
    };
    return table;
}

const ConfigKey *ConfigSchema::find(ConfigSection section, QStringView name)
{
    for (const ConfigKey &key : keys()) {
        if (key.section == section && name == QLatin1StringView(key.name))
            return &key;
    }
    return nullptr;
}

QString ConfigSchema::suggest(ConfigSection section, QStringView name)
{
    // Near enough to be a typo: one edit in a short name, up to three in a long one.
    const int allowed = name.size() <= 4 ? 1 : name.size() <= 8 ? 2 : 3;
    QString best;
    int bestDistance = allowed + 1;
    for (const ConfigKey &key : keys()) {
        if (key.section != section || key.aliasOf)
            continue;
        const QString candidate = QString::fromLatin1(key.name);
        const int distance = editDistance(name, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

QSet<QString> ConfigSchema::allFeatures()
{
    QSet<QString> features;
    for (const ConfigKey &key : keys()) {
        if (*key.feature)
            features.insert(QString::fromLatin1(key.feature));
    }
    return features;
}

QSet<QString> ConfigSchema::defaultFeatures()
{
    // Flip a feature on here once its implementation has landed.
    return {
        QStringLiteral("password_keychain"),
        QStringLiteral("broker_enabled"),
        QStringLiteral("protocol_version"),
        QStringLiteral("clean_session"),
        QStringLiteral("session_expiry"),
        QStringLiteral("receive_maximum"),
        QStringLiteral("transport"),
        QStringLiteral("tls"),
        QStringLiteral("excludeRegex"),
        QStringLiteral("http_method"),
        QStringLiteral("callbackHeaders"),
        QStringLiteral("callbackTls"),
        QStringLiteral("timeout_ms"),
        QStringLiteral("dispatch"),
        QStringLiteral("retry_backoff"),
        QStringLiteral("body_template"),
        QStringLiteral("batch"),
        QStringLiteral("ordering"),
        QStringLiteral("max_inflight"),
        QStringLiteral("retry_on"),
        QStringLiteral("drop_on"),
        QStringLiteral("success_on"),
        QStringLiteral("where"),
        QStringLiteral("queue"),
        QStringLiteral("admin"),
    };
}

} // namespace mqhook
