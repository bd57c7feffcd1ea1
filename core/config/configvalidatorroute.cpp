#include "base/templatesyntax.h"
#include "base/topicfilter.h"
#include "configvalidator.h"
#include "validation.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

// The rules of sub_deal_config entries: filters and excludes, callback
// addresses and headers, retries, batches, status lists and conditions.
namespace mqhook {

using namespace validation;

namespace {

constexpr int hugeRetry = 100;

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

} // namespace

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
    if (const JsonNode *body = node.member(u"body_template"_s);
        auto v = body ? toTemplateText(*body, joinKey(path, u"body_template"_s)) : std::nullopt) {
        QString why;
        if (!parseTemplate(*v, &why))
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
        const std::optional<QString> value = toTemplateText(valueNode, headerPath);
        if (!value)
            continue;
        if (value->contains(u'\n') || value->contains(u'\r') || value->contains(QChar(0))) {
            addError(valueNode.position, headerPath,
                     u"a header value may not contain line breaks or U+0000"_s);
            continue;
        }
        if (QString why; !parseTemplate(*value, &why)) {
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

} // namespace mqhook
