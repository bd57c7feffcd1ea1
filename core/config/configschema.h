#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QStringView>

namespace mqhook {

// The kinds of JSON object a configuration has; each has its own keys.
enum class ConfigSection
{
    Root,
    Broker,
    BrokerTls,
    Subscription,
    SubTopic,
    CallbackTls,
    RetryBackoff,
    Batch,
    Where,
    Log,
    Queue,
    Admin,
};

// One known key of one section.
struct ConfigKey
{
    ConfigSection section;
    const char *name;
    // The feature the key belongs to; empty for the seed's own keys and for the
    // keys inside an extension object (their parent key carries the feature).
    const char *feature;
    bool required;
    // Set for a misspelling the seed documents: the key this one stands for.
    const char *aliasOf = nullptr;
};

// The one table of known configuration keys. It drives the unknown-key
// warnings, their "did you mean" suggestions, the required-key errors and the
// "not supported yet" errors.
class ConfigSchema
{
public:
    static const QList<ConfigKey> &keys();

    // The key named name in section (an alias included), or nullptr.
    static const ConfigKey *find(ConfigSection section, QStringView name);

    // The known key of section nearest to name by edit distance (case
    // ignored), or an empty string when none is near enough to be a typo.
    static QString suggest(ConfigSection section, QStringView name);

    // Every feature name the table mentions.
    static QSet<QString> allFeatures();

    // The features this build of mqhook implements; keys of the others are
    // rejected as "not supported yet".
    static QSet<QString> defaultFeatures();
};

} // namespace mqhook
