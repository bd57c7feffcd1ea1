#include "payloads.h"

#include <QStringList>

#include <algorithm>

namespace mqhook::test {

QList<QByteArray> numberedPayloads(const QByteArray &prefix, int count, int first)
{
    QList<QByteArray> out;
    out.reserve(count);
    for (int i = first; i < first + count; ++i)
        out.append(prefix + QByteArray::number(i).rightJustified(6, '0'));
    return out;
}

QByteArray asLines(const QList<QByteArray> &payloads)
{
    QByteArray out;
    for (const QByteArray &payload : payloads)
        out += payload + '\n';
    return out;
}

QList<QByteArray> missingPayloads(const QList<QByteArray> &expected,
                                  const QHash<QByteArray, int> &arrived)
{
    QList<QByteArray> out;
    for (const QByteArray &payload : expected) {
        if (!arrived.contains(payload))
            out.append(payload);
    }
    return out;
}

qsizetype arrivedCount(const QList<QByteArray> &expected, const QHash<QByteArray, int> &arrived)
{
    return expected.size() - missingPayloads(expected, arrived).size();
}

int duplicateCount(const QList<QByteArray> &expected, const QHash<QByteArray, int> &arrived)
{
    int extra = 0;
    for (const QByteArray &payload : expected)
        extra += std::max(0, arrived.value(payload) - 1);
    return extra;
}

QString describeMissing(const QList<QByteArray> &missing)
{
    QStringList names;
    for (qsizetype i = 0; i < missing.size() && i < 10; ++i)
        names.append(QString::fromUtf8(missing.at(i)));
    return QStringLiteral("%1 missing, e.g. %2")
        .arg(missing.size())
        .arg(names.join(QStringLiteral(", ")));
}

} // namespace mqhook::test
