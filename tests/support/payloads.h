#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

// Streams of numbered payloads for end-to-end tests, and what became of them.
namespace mqhook::test {

// "<prefix>000001", "<prefix>000002", …
QList<QByteArray> numberedPayloads(const QByteArray &prefix, int count, int first = 1);

// One payload per line, for mosquitto_pub -l.
QByteArray asLines(const QList<QByteArray> &payloads);

// The payloads of `expected` that never arrived (`arrived`: payload → times).
QList<QByteArray> missingPayloads(const QList<QByteArray> &expected,
                                  const QHash<QByteArray, int> &arrived);

// How many of `expected` arrived at least once.
qsizetype arrivedCount(const QList<QByteArray> &expected, const QHash<QByteArray, int> &arrived);

// Extra arrivals of `expected`: a payload that arrived three times counts 2.
int duplicateCount(const QList<QByteArray> &expected, const QHash<QByteArray, int> &arrived);

// "N missing, e.g. a, b, c" for a failure message.
QString describeMissing(const QList<QByteArray> &missing);

} // namespace mqhook::test
