#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The queue's tables, version by version (docs/design/queue.md says why
// they are as they are).
namespace mqhook::queueschema {

// The version this mqhook writes; an older file is upgraded when it opens.
inline constexpr int version = 4;

// The database file's name inside queue.dir.
QString databaseFileName();

// The statements that build version N from version N - 1, for N from 1 up
// to `version`. Append a list for every new version; never edit a released one.
QList<QStringList> migrations();

} // namespace mqhook::queueschema
