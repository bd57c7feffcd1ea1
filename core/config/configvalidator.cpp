#include "configvalidator.h"

#include "listenaddress.h"
#include "loglevel.h"
#include "validation.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace mqhook {

using namespace validation;

namespace {

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

std::optional<QString> ConfigValidator::toTemplateText(const JsonNode &node, const QString &path)
{
    if (!node.isString())
        return toText(node, path);
    if (!EnvExpander::hasReferences(node.text))
        return node.text;
    QString expanded;
    QString why;
    if (!m_expander.expand(node.text, &expanded, &why, EnvExpander::Placeholders::Keep)) {
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
    if (auto v = integerKey(node, path, "event_buffer", defaults::adminEventBufferMin,
                            defaults::adminEventBufferMax))
        admin->eventBuffer = int(*v);
    if (auto v = integerKey(node, path, "payload_preview", 0, defaults::adminPayloadPreviewMax))
        admin->payloadPreview = int(*v);
    if (auto v = integerKey(node, path, "max_connections", 1, defaults::adminMaxConnectionsMax))
        admin->maxConnections = int(*v);

    // The token is a secret: no message shows its value.
    bool tokenBad = false;
    if (const JsonNode *token = node.member(u"token"_s)) {
        const QString tokenPath = joinKey(path, u"token"_s);
        const std::optional<QString> text =
            token->isString() ? toText(*token, tokenPath) : std::nullopt;
        if (!token->isString())
            addError(token->position, tokenPath, u"expected a string"_s);
        tokenBad = !text;
        if (text) {
            const bool printable = std::all_of(text->cbegin(), text->cend(), [](QChar c) {
                return c.unicode() > 0x20 && c.unicode() < 0x7f;
            });
            tokenBad = !printable;
            if (!printable)
                addError(token->position, tokenPath,
                         u"expected printable ASCII characters without spaces (the value is "
                         u"not shown)"_s);
            else
                admin->token = *text;
            if (printable && !text->isEmpty() && text->size() < 16)
                addWarning(token->position, tokenPath,
                           u"a token of fewer than 16 characters is easy to guess"_s);
        }
    }

    const JsonNode *listen = node.member(u"listen"_s);
    if (!listen)
        return;
    const QString listenPath = joinKey(path, u"listen"_s);
    const std::optional<QString> text = toText(*listen, listenPath);
    if (!text || text->isEmpty())
        return;
    const std::optional<ListenAddress> address = ListenAddress::parse(*text);
    if (!address) {
        addError(listen->position, listenPath,
                 u"expected \"host:port\" with a port from 1 to 65535, such as "
                 u"\"127.0.0.1:9090\" or \"[::1]:9090\", got %1"_s.arg(quoted(*text)));
        return;
    }
    admin->listen = *text;
    if (!address->isLoopback() && admin->token.isEmpty() && !tokenBad)
        addError(listen->position, listenPath,
                 u"%1 is reachable from other machines: set admin.token (a bearer token every "
                 u"request but /healthz must carry), or listen on 127.0.0.1"_s.arg(quoted(*text)));
}

} // namespace mqhook
