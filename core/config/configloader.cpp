#include "configloader.h"

#include "configschema.h"
#include "configvalidator.h"
#include "jsonreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

void sortByPosition(QList<ConfigIssue> *issues)
{
    std::stable_sort(issues->begin(), issues->end(),
                     [](const ConfigIssue &a, const ConfigIssue &b) {
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                     });
}

} // namespace

QString ConfigIssue::toString(const QString &fileName) const
{
    QString text = fileName;
    if (line > 0) {
        text += u':' + QString::number(line);
        if (column > 0)
            text += u':' + QString::number(column);
    }
    text += severity == Severity::Error ? u": error: "_s : u": warning: "_s;
    if (!path.isEmpty())
        text += path + u": "_s;
    return text + message;
}

ConfigLoader::ConfigLoader(QProcessEnvironment environment, QSet<QString> supportedFeatures)
    : m_environment(std::move(environment))
    , m_supportedFeatures(std::move(supportedFeatures))
{}

QSet<QString> ConfigLoader::allFeatures()
{
    return ConfigSchema::allFeatures();
}

QSet<QString> ConfigLoader::defaultSupportedFeatures()
{
    return ConfigSchema::defaultFeatures();
}

LoadResult ConfigLoader::loadFile(const QString &fileName) const
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        LoadResult result;
        result.errors.append({ConfigIssue::Severity::Error,
                              {},
                              0,
                              0,
                              u"cannot read the configuration file: %1"_s.arg(file.errorString())});
        return result;
    }
    return loadJson(file.readAll(), QFileInfo(fileName).absolutePath());
}

LoadResult ConfigLoader::loadJson(const QByteArray &json, const QString &baseDir) const
{
    LoadResult result;
    JsonNode root;
    JsonReadError readError;
    if (!JsonReader::read(json, &root, &readError)) {
        result.errors.append({ConfigIssue::Severity::Error,
                              {},
                              readError.position.line,
                              readError.position.column,
                              readError.message});
        return result;
    }
    ConfigValidator validator(m_environment, m_supportedFeatures, QDir(baseDir).absolutePath());
    Config config = validator.run(root);
    result.draft = config;
    result.errors = validator.errors();
    result.warnings = validator.warnings();
    sortByPosition(&result.errors);
    sortByPosition(&result.warnings);
    if (result.errors.isEmpty())
        result.config = std::move(config);
    return result;
}

} // namespace mqhook
