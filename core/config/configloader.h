#pragma once

#include "config.h"

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>

#include <optional>

namespace mqhook {

// One finding about a configuration file: where it is and what rule it broke.
struct ConfigIssue
{
    enum class Severity
    {
        Error,
        Warning,
    };

    Severity severity = Severity::Error;
    QString path;   // JSON path, e.g. "mqtt_brokers[1].sub_deal_config.callbackAddress[0]"
    int line = 0;   // 1-based; 0 when unknown
    int column = 0; // 1-based; 0 when unknown
    QString message;

    // "FILE:LINE:COLUMN: error: PATH: MESSAGE", the form compilers use.
    QString toString(const QString &fileName) const;
};

// The outcome of loading: a configuration when there were no errors, and
// every error and warning found (all of them, not just the first).
struct LoadResult
{
    std::optional<Config> config;
    // What could be read, also when there are errors (for an editor that
    // tests one broker connection or route while another one is broken).
    Config draft;
    QList<ConfigIssue> errors;
    QList<ConfigIssue> warnings;

    bool ok() const { return config.has_value() && errors.isEmpty(); }
};

// Reads and validates the seed-compatible JSON configuration format.
class ConfigLoader
{
public:
    // ${VAR} and ${VAR:-default} in strings are expanded from this environment.
    // Keys of features not in supportedFeatures are parsed and checked, then
    // rejected as "not supported yet" (see ConfigSchema for the names).
    explicit ConfigLoader(
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
        QSet<QString> supportedFeatures = defaultSupportedFeatures());

    LoadResult loadFile(const QString &fileName) const;

    // baseDir resolves relative paths (log file, queue dir, TLS files).
    LoadResult loadJson(const QByteArray &json, const QString &baseDir) const;

    QSet<QString> supportedFeatures() const { return m_supportedFeatures; }

    // Every feature an extension key can belong to.
    static QSet<QString> allFeatures();
    // The features this build implements.
    static QSet<QString> defaultSupportedFeatures();

private:
    QProcessEnvironment m_environment;
    QSet<QString> m_supportedFeatures;
};

// The normalized configuration as JSON (every key, defaults filled in, in the
// seed's names and order, sub_deal_config always a list), with passwords,
// Authorization header values and the admin token replaced by "***". Keys of
// features outside features are left out, so the output loads again with the
// same features.
// What --print-config shows.
QByteArray
toNormalizedJson(const Config &config,
                 const QSet<QString> &features = ConfigLoader::defaultSupportedFeatures());

} // namespace mqhook
