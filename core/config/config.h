#pragma once

#include "base/mqttversion.h"
#include "base/tlsconfig.h"
#include "defaults.h"

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

// The configuration as plain values. The loader (configloader.h) fills these
// from the seed-compatible JSON format and validates them; everything else in
// mqhook reads only these structs.
namespace mqhook {

enum class LogLevel
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
};

enum class DispatchMode
{
    Broadcast,  // every callback address gets every message (the original's behaviour)
    RoundRobin, // each message to one address, failing over to the next
};

enum class Ordering
{
    None,
    PerTopic,
};

enum class QueueMode
{
    Disk,
    Memory,
};

// sub_deal_config[].subTopic
struct SubTopic
{
    QString topic; // may carry a $share/<group>/ or $queue/ prefix
    int qos = 0;

    friend bool operator==(const SubTopic &, const SubTopic &) = default;
};

// sub_deal_config[].retry_backoff
struct RetryBackoff
{
    std::chrono::milliseconds initial = defaults::backoffInitial;
    std::chrono::milliseconds max = defaults::backoffMax;
    double multiplier = defaults::backoffMultiplier;
    bool jitter = defaults::backoffJitter; // full jitter: a uniform delay in [0, backoff]

    friend bool operator==(const RetryBackoff &, const RetryBackoff &) = default;
};

// sub_deal_config[].batch; max_messages 1 means no batching.
struct BatchConfig
{
    int maxMessages = defaults::batchMaxMessages;
    std::chrono::milliseconds maxWait = defaults::batchMaxWait;

    bool enabled() const { return maxMessages > 1; }

    friend bool operator==(const BatchConfig &, const BatchConfig &) = default;
};

// A status code (e.g. 409) or a class of them (e.g. "4xx" is 400..499).
struct StatusMatcher
{
    int low = 0;
    int high = 0;

    bool matches(int status) const { return status >= low && status <= high; }

    friend bool operator==(const StatusMatcher &, const StatusMatcher &) = default;
};

// One condition of sub_deal_config[].where, on a JSON field of the payload.
struct WhereCondition
{
    enum class Op
    {
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Exists,
        Contains,
        Matches,
    };

    QString path; // dotted path into the payload, e.g. "a.b" or "items.0.id"
    Op op = Op::Exists;
    QJsonValue value;

    friend bool operator==(const WhereCondition &, const WhereCondition &) = default;
};

// One entry of mqtt_brokers[].sub_deal_config: a route from a topic filter to
// one or more callback addresses.
struct SubscriptionConfig
{
    // Seed keys
    QString appName;
    QString appId;
    bool enabled = true;
    QString callbackMethod; // "HTTP" or "HTTPS", as in the seed
    QStringList callbackAddresses;
    SubTopic subTopic;
    QStringList excludeTopics;   // MQTT filters; a trailing '/' excludes the whole subtree
    int retry = defaults::retry; // retries after the first attempt

    // Extensions
    QStringList excludeRegex; // unanchored regular expressions, as the original treated excludes
    QString httpMethod = QString::fromLatin1(defaults::httpMethod);
    QList<QPair<QString, QString>> callbackHeaders; // in file order
    TlsConfig callbackTls;
    std::chrono::milliseconds timeout = defaults::httpTimeout;
    DispatchMode dispatch = DispatchMode::Broadcast;
    RetryBackoff retryBackoff;
    QString bodyTemplate; // empty: the payload as it arrived
    BatchConfig batch;
    Ordering ordering = Ordering::None;
    int maxInflight = defaults::maxInflight; // per callback address
    QList<StatusMatcher> retryOn;            // empty: the defaults (408, 429, 5xx)
    QList<StatusMatcher> dropOn;             // empty: the defaults (other 4xx)
    QList<StatusMatcher> successOn;          // empty: the defaults (2xx)
    QList<WhereCondition> where;

    friend bool operator==(const SubscriptionConfig &, const SubscriptionConfig &) = default;
};

// One entry of mqtt_brokers: one MQTT client connection.
struct BrokerConfig
{
    // Seed keys
    QString clientId; // empty: the broker assigns one (and the session is clean)
    QString username;
    QString password; // from password_keychain once resolved (see SecretResolver)
    int alive = defaults::keepAliveSeconds; // keepalive, seconds; 0 disables it
    QString brokerIp;
    int brokerPort = defaults::brokerPort;
    QList<SubscriptionConfig> subscriptions; // sub_deal_config, object or list

    // Extensions
    bool enabled = true; // a disabled connection is checked, not connected
    // The entry of the OS keychain (service "mqhook") that holds the password;
    // empty when the password is in the file (or there is none).
    QString passwordKeychain;
    MqttProtocolVersion protocolVersion = MqttProtocolVersion::V5;
    bool cleanSession = defaults::cleanSession;
    std::chrono::seconds sessionExpiry = defaults::sessionExpiry; // MQTT 5 only
    int receiveMaximum = defaults::receiveMaximum;                // MQTT 5 only
    MqttTransport transport = MqttTransport::Tcp;
    QString webSocketPath = QString::fromLatin1(defaults::webSocketPath);
    TlsConfig tls;

    // "host:port", the identity client_id must be unique within.
    QString address() const { return brokerIp + QLatin1Char(':') + QString::number(brokerPort); }

    friend bool operator==(const BrokerConfig &, const BrokerConfig &) = default;
};

// log_config
struct LogConfig
{
    LogLevel level = LogLevel::Info;
    QString filename; // empty: stderr only; relative paths are below the config file's folder
    int maxSizeMb = defaults::logMaxSizeMb;
    int maxAgeDays = defaults::logMaxAgeDays;
    int maxBackups = defaults::logMaxBackups;

    friend bool operator==(const LogConfig &, const LogConfig &) = default;
};

// queue: the outbox
struct QueueConfig
{
    QString dir =
        QString::fromLatin1(defaults::queueDir); // relative: below the config file's folder
    qint64 maxMessages = defaults::queueMaxMessages;
    qint64 maxBytes = defaults::queueMaxBytes;
    QueueMode mode = QueueMode::Disk;

    friend bool operator==(const QueueConfig &, const QueueConfig &) = default;
};

// admin: the HTTP endpoint for health, metrics, the event stream and dead letters
struct AdminConfig
{
    QString listen; // "host:port"; empty: off
    // Every request but /healthz needs "Authorization: Bearer <token>";
    // empty: none needed (only allowed on a loopback address).
    QString token;
    int eventBuffer = defaults::adminEventBuffer;       // events the ring holds
    int payloadPreview = defaults::adminPayloadPreview; // payload bytes in a "taken" event
    int maxConnections = defaults::adminMaxConnections; // open at once; more are refused

    bool enabled() const { return !listen.isEmpty(); }

    friend bool operator==(const AdminConfig &, const AdminConfig &) = default;
};

struct Config
{
    QList<BrokerConfig> brokers;
    LogConfig log;
    QueueConfig queue;
    AdminConfig admin;

    friend bool operator==(const Config &, const Config &) = default;
};

} // namespace mqhook
