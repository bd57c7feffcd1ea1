#include "payloadcondition.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mqhook {

namespace {

enum class Order
{
    Less,
    Equal,
    Greater,
    Unordered,
};

// True, with the value in *out, when v is a whole number that fits in qint64.
bool asInteger(const QJsonValue &v, qint64 *out)
{
    const qint64 a = v.toInteger(0);
    if (a != v.toInteger(1))
        return false; // not a whole number in range: toInteger returned each default
    *out = a;
    return true;
}

template<typename T>
Order compareValues(const T &a, const T &b)
{
    if (a < b)
        return Order::Less;
    if (b < a)
        return Order::Greater;
    if (a == b)
        return Order::Equal;
    return Order::Unordered;
}

Order compare(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble()) {
        // Compare integers exactly: doubles lose precision past 2^53.
        qint64 ia = 0;
        qint64 ib = 0;
        if (asInteger(a, &ia) && asInteger(b, &ib))
            return compareValues(ia, ib);
        return compareValues(a.toDouble(), b.toDouble());
    }
    if (a.isString() && b.isString()) {
        const int c = QString::compare(a.toString(), b.toString(), Qt::CaseSensitive);
        return c < 0 ? Order::Less : c > 0 ? Order::Greater : Order::Equal;
    }
    return Order::Unordered;
}

bool equal(const QJsonValue &a, const QJsonValue &b)
{
    if ((a.isDouble() && b.isDouble()) || (a.isString() && b.isString()))
        return compare(a, b) == Order::Equal;
    return a == b;
}

QString opName(WhereCondition::Op op)
{
    switch (op) {
    case WhereCondition::Op::Equal:
        return QStringLiteral("==");
    case WhereCondition::Op::NotEqual:
        return QStringLiteral("!=");
    case WhereCondition::Op::Less:
        return QStringLiteral("<");
    case WhereCondition::Op::LessOrEqual:
        return QStringLiteral("<=");
    case WhereCondition::Op::Greater:
        return QStringLiteral(">");
    case WhereCondition::Op::GreaterOrEqual:
        return QStringLiteral(">=");
    case WhereCondition::Op::Exists:
        return QStringLiteral("exists");
    case WhereCondition::Op::Contains:
        return QStringLiteral("contains");
    case WhereCondition::Op::Matches:
        return QStringLiteral("matches");
    }
    return {};
}

} // namespace

PayloadCondition::PayloadCondition(const WhereCondition &condition)
    : m_op(condition.op)
    , m_value(condition.value)
{
    if (condition.path.isEmpty()) {
        m_error = QStringLiteral("the path of a \"where\" condition must not be empty");
        return;
    }
    const QStringList steps = condition.path.split(u'.');
    for (const QString &step : steps) {
        if (step.isEmpty()) {
            m_error = QStringLiteral("the path \"%1\" has an empty step").arg(condition.path);
            return;
        }
        bool isNumber = false;
        const qsizetype index = step.toLongLong(&isNumber);
        m_path.append({step, isNumber && index >= 0 ? index : -1});
    }

    if (m_op == WhereCondition::Op::Matches) {
        if (!m_value.isString()) {
            m_error = QStringLiteral("\"matches\" needs a regular expression as a string");
            return;
        }
        m_regex.setPattern(m_value.toString());
        if (!m_regex.isValid()) {
            m_error = QStringLiteral("invalid regular expression \"%1\": %2 at offset %3")
                          .arg(m_regex.pattern(), m_regex.errorString())
                          .arg(m_regex.patternErrorOffset());
            return;
        }
        m_regex.optimize();
    }
    const bool ordering =
        m_op == WhereCondition::Op::Less || m_op == WhereCondition::Op::LessOrEqual ||
        m_op == WhereCondition::Op::Greater || m_op == WhereCondition::Op::GreaterOrEqual;
    if (ordering && !m_value.isDouble() && !m_value.isString()) {
        m_error = QStringLiteral("\"%1\" compares numbers or strings; the value is neither")
                      .arg(opName(m_op));
    }
}

std::optional<QJsonValue> PayloadCondition::lookup(const QJsonDocument *document) const
{
    if (!document)
        return std::nullopt;
    QJsonValue current =
        document->isArray() ? QJsonValue(document->array()) : QJsonValue(document->object());
    for (const Step &step : m_path) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(step.key);
            if (it == object.constEnd())
                return std::nullopt;
            current = it.value();
        } else if (current.isArray() && step.index >= 0) {
            const QJsonArray array = current.toArray();
            if (step.index >= array.size())
                return std::nullopt;
            current = array.at(step.index);
        } else {
            return std::nullopt;
        }
    }
    return current;
}

bool PayloadCondition::holds(const QJsonDocument *document) const
{
    if (!isValid())
        return false;
    const std::optional<QJsonValue> field = lookup(document);
    if (!field) {
        return m_op == WhereCondition::Op::NotEqual ||
               (m_op == WhereCondition::Op::Exists && m_value == QJsonValue(false));
    }
    return evaluate(*field);
}

bool PayloadCondition::evaluate(const QJsonValue &field) const
{
    switch (m_op) {
    case WhereCondition::Op::Equal:
        return equal(field, m_value);
    case WhereCondition::Op::NotEqual:
        return !equal(field, m_value);
    case WhereCondition::Op::Less:
        return compare(field, m_value) == Order::Less;
    case WhereCondition::Op::LessOrEqual: {
        const Order order = compare(field, m_value);
        return order == Order::Less || order == Order::Equal;
    }
    case WhereCondition::Op::Greater:
        return compare(field, m_value) == Order::Greater;
    case WhereCondition::Op::GreaterOrEqual: {
        const Order order = compare(field, m_value);
        return order == Order::Greater || order == Order::Equal;
    }
    case WhereCondition::Op::Exists:
        return m_value != QJsonValue(false);
    case WhereCondition::Op::Contains:
        if (field.isString() && m_value.isString())
            return field.toString().contains(m_value.toString());
        if (field.isArray()) {
            const QJsonArray array = field.toArray();
            for (const QJsonValue &element : array) {
                if (equal(element, m_value))
                    return true;
            }
        }
        return false;
    case WhereCondition::Op::Matches:
        return field.isString() && m_regex.match(field.toString()).hasMatch();
    }
    return false;
}

} // namespace mqhook
