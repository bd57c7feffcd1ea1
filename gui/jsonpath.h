#pragma once

#include "config/jsonnode.h"

#include <QList>
#include <QString>

namespace mqhook {

// A place in a JSON document: object keys and array indexes from the root.
// Its text form is the one the configuration validator uses in its
// messages, e.g. "mqtt_brokers[0].sub_deal_config.callbackAddress[1]".
class JsonPath
{
public:
    struct Step
    {
        QString key;          // an object member, when index < 0
        qsizetype index = -1; // an array element

        bool isIndex() const { return index >= 0; }
        friend bool operator==(const Step &, const Step &) = default;
    };

    JsonPath() = default;

    JsonPath key(const QString &name) const;
    // The path of one top-level key, e.g. of("retry").
    static JsonPath of(const char *name) { return JsonPath().key(QString::fromLatin1(name)); }
    JsonPath index(qsizetype i) const;
    JsonPath parent() const;
    // The steps from from (a prefix of this path) on.
    JsonPath relativeTo(const JsonPath &from) const;
    JsonPath joined(const JsonPath &tail) const;

    bool isEmpty() const { return m_steps.isEmpty(); }
    qsizetype size() const { return m_steps.size(); }
    const Step &at(qsizetype i) const { return m_steps.at(i); }
    const Step &last() const { return m_steps.constLast(); }
    bool startsWith(const JsonPath &prefix) const;

    QString toString() const;
    // Reads the text form back ("a.b[2].c"); a key holding '.' reads as two.
    static JsonPath fromString(const QString &text);

    // The node at this path (the last member of a repeated key), or nullptr.
    const JsonNode *find(const JsonNode &root) const;
    JsonNode *find(JsonNode &root) const;

    // Whether a validator path lies at or below path: "a.b" covers "a.b",
    // "a.b.c" and "a.b[2]", not "a.bc".
    static bool covers(const QString &path, const QString &issuePath);

    friend bool operator==(const JsonPath &, const JsonPath &) = default;

private:
    QList<Step> m_steps;
};

// Whether two trees hold the same JSON (positions and number spelling aside;
// duplicate keys count).
bool sameJson(const JsonNode &a, const JsonNode &b);

} // namespace mqhook
