#pragma once

#include "config.h"
#include "configloader.h"
#include "configschema.h"
#include "envexpander.h"
#include "jsonnode.h"

#include <QJsonValue>
#include <QList>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

namespace mqhook {

// Walks a JSON tree once, filling a Config and collecting every error and
// warning: the rules of the configuration format live here.
class ConfigValidator
{
public:
    ConfigValidator(const QProcessEnvironment &environment, const QSet<QString> &features,
                    const QString &baseDir);

    // The configuration the tree describes; it is valid only when errors()
    // is empty.
    Config run(const JsonNode &root);

    const QList<ConfigIssue> &errors() const { return m_errors; }
    const QList<ConfigIssue> &warnings() const { return m_warnings; }

private:
    struct ClientIdUse
    {
        QString address;
        QString clientId;
        QString path;
        JsonPosition position;
        size_t broker = 0;
    };

    void addError(JsonPosition position, const QString &path, const QString &message);
    void addWarning(JsonPosition position, const QString &path, const QString &message);

    bool checkObject(const JsonNode &node, const QString &path, ConfigSection section);
    bool checkList(const JsonNode &node, const QString &path, const QString &elements);

    std::optional<QString> toText(const JsonNode &node, const QString &path);
    // toText() for a template: its placeholders are not environment references.
    std::optional<QString> toTemplateText(const JsonNode &node, const QString &path);
    std::optional<QString> scalarText(const JsonNode &node, const QString &path,
                                      const QString &expected, QString *source);
    std::optional<qint64> toInteger(const JsonNode &node, const QString &path, qint64 min,
                                    qint64 max);
    std::optional<double> toNumber(const JsonNode &node, const QString &path, double min);
    std::optional<bool> toBool(const JsonNode &node, const QString &path);
    // A case-insensitive match among choices (or aliases, mapped to a choice),
    // returned as the choice is spelled.
    std::optional<QString> toChoice(const JsonNode &node, const QString &path,
                                    const QStringList &choices,
                                    const QList<QPair<QString, QString>> &aliases = {});
    std::optional<QJsonValue> toJsonValue(const JsonNode &node, const QString &path);

    // The value of key in object, checked; nullopt when absent or wrong.
    std::optional<QString> stringKey(const JsonNode &object, const QString &path, const char *key);
    std::optional<qint64> integerKey(const JsonNode &object, const QString &path, const char *key,
                                     qint64 min, qint64 max);
    std::optional<bool> boolKey(const JsonNode &object, const QString &path, const char *key);
    std::optional<QString> choiceKey(const JsonNode &object, const QString &path, const char *key,
                                     const QStringList &choices);

    // Relative to the configuration file's folder, as an absolute path.
    QString resolvePath(const QString &path) const;

    void readBroker(const JsonNode &node, const QString &path, size_t index, BrokerConfig *broker);
    void readTls(const JsonNode &node, const QString &path, ConfigSection section, TlsConfig *tls);
    void readSubscription(const JsonNode &node, const QString &path, SubscriptionConfig *sub);
    void readCallbackAddresses(const JsonNode &object, const QString &path,
                               const std::optional<QString> &method, SubscriptionConfig *sub);
    void readStringList(const JsonNode &object, const QString &path, const char *key,
                        const QString &elements, const QString &expected,
                        const std::function<QString(const QString &)> &problem, QStringList *out);
    void readHeaders(const JsonNode &node, const QString &path,
                     QList<QPair<QString, QString>> *out);
    void readBackoff(const JsonNode &node, const QString &path, RetryBackoff *backoff);
    void readBatch(const JsonNode &node, const QString &path, BatchConfig *batch);
    void readStatusList(const JsonNode &node, const QString &path, QList<StatusMatcher> *out);
    void readWhere(const JsonNode &node, const QString &path, QList<WhereCondition> *out);
    void readLog(const JsonNode &node, const QString &path, LogConfig *log);
    void readQueue(const JsonNode &node, const QString &path, QueueConfig *queue);
    void readAdmin(const JsonNode &node, const QString &path, AdminConfig *admin);
    void checkClientIds();

    EnvExpander m_expander;
    QSet<QString> m_features;
    QString m_baseDir;
    QList<ClientIdUse> m_clientIds;
    QList<ConfigIssue> m_errors;
    QList<ConfigIssue> m_warnings;
};

} // namespace mqhook
