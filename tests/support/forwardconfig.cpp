#include "forwardconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mqhook::test {

QByteArray ForwardConfig::toJson() const
{
    QJsonObject route{
        {QStringLiteral("app_name"), QStringLiteral("e2e")},
        {QStringLiteral("app_id"), QStringLiteral("1")},
        {QStringLiteral("enabled"), true},
        {QStringLiteral("callbackMethod"), QStringLiteral("HTTP")},
        {QStringLiteral("callbackAddress"), QJsonArray::fromStringList(callbacks)},
        {QStringLiteral("subTopic"),
         QJsonObject{{QStringLiteral("topic"), topic}, {QStringLiteral("qos"), qos}}},
        {QStringLiteral("retry"), retry},
        {QStringLiteral("timeout_ms"), timeoutMs},
        {QStringLiteral("retry_backoff"),
         QJsonObject{{QStringLiteral("initial_ms"), backoffInitialMs},
                     {QStringLiteral("max_ms"), backoffMaxMs},
                     {QStringLiteral("jitter"), false}}},
        {QStringLiteral("batch"), QJsonObject{{QStringLiteral("max_messages"), batchMaxMessages},
                                              {QStringLiteral("max_wait_ms"), batchMaxWaitMs}}},
    };
    if (!excludeTopics.isEmpty())
        route.insert(QStringLiteral("excludeTopics"), QJsonArray::fromStringList(excludeTopics));
    QJsonObject broker{
        {QStringLiteral("client_id"), clientId},
        {QStringLiteral("alive"), 30},
        {QStringLiteral("broker_ip"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("broker_port"), int(brokerPort)},
        {QStringLiteral("clean_session"), false},
        {QStringLiteral("sub_deal_config"), route},
    };
    if (sessionExpiry >= 0)
        broker.insert(QStringLiteral("session_expiry"), sessionExpiry);
    QJsonObject queue{{QStringLiteral("dir"), queueDir}};
    if (queueMaxMessages > 0)
        queue.insert(QStringLiteral("max_messages"), queueMaxMessages);
    QJsonObject root{
        {QStringLiteral("mqtt_brokers"), QJsonArray{broker}},
        {QStringLiteral("log_config"), QJsonObject{{QStringLiteral("level"), logLevel},
                                                   {QStringLiteral("filename"), logFile},
                                                   {QStringLiteral("maxsize"), 100},
                                                   {QStringLiteral("max_age"), 0},
                                                   {QStringLiteral("max_backups"), 0}}},
        {QStringLiteral("queue"), queue},
    };
    if (!adminListen.isEmpty()) {
        QJsonObject admin{{QStringLiteral("listen"), adminListen}};
        if (!adminToken.isEmpty())
            admin.insert(QStringLiteral("token"), adminToken);
        if (eventBuffer > 0)
            admin.insert(QStringLiteral("event_buffer"), eventBuffer);
        if (payloadPreview >= 0)
            admin.insert(QStringLiteral("payload_preview"), payloadPreview);
        root.insert(QStringLiteral("admin"), admin);
    }
    return QJsonDocument(root).toJson();
}

} // namespace mqhook::test
