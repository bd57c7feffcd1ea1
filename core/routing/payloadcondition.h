#pragma once

#include "config/config.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace mqhook {

// One `where` condition, compiled once (path split, regular expression built)
// and evaluated against payloads parsed as JSON.
//
// The path is dotted ("a.b", "items.0.id"); a step that is a non-negative
// number indexes an array, any step names an object member (keys holding a
// '.' cannot be reached). Semantics:
//   ==  !=      equal JSON values: numbers compare by value (1 == 1.0), a
//               number never equals a string ("1"), arrays and objects compare
//               deeply
//   < <= > >=   numbers numerically, strings lexicographically by UTF-16 code
//               unit (case-sensitive); any other pairing is false
//   exists      the field is present (JSON null counts as present); with
//               value false: the field is absent
//   contains    a string field holds the value (a string) as a substring, or
//               an array field has an element equal to the value
//   matches     a string field matches the value as a regular expression
//               (unanchored search, like excludeRegex)
// A payload that is not JSON, or lacks the field, makes every condition false
// except two, which hold: `!=` (it is exactly "not ==") and `exists` with
// value false.
class PayloadCondition
{
public:
    explicit PayloadCondition(const WhereCondition &condition);

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // document: the payload as JSON; nullptr when the payload is not JSON.
    bool holds(const QJsonDocument *document) const;

private:
    struct Step
    {
        QString key;
        qsizetype index = -1; // >= 0 when the step can index an array
    };

    std::optional<QJsonValue> lookup(const QJsonDocument *document) const;
    bool evaluate(const QJsonValue &field) const;

    WhereCondition::Op m_op;
    QJsonValue m_value;
    QList<Step> m_path;
    QRegularExpression m_regex;
    QString m_error;
};

} // namespace mqhook
