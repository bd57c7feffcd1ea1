#pragma once

#include "observe/event.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

// Events as the service records them, for tests of the live views.
namespace mqhook::test::SampleEvents {

// At `time` (UTC); null: now.
Event taken(const QString &messageId, const QString &topic, const QStringList &routes,
            const QByteArray &payload = QByteArrayLiteral("{\"n\":1}"), const QDateTime &time = {});
Event unrouted(const QString &messageId, const QString &topic, const QString &reason,
               const QByteArray &payload = QByteArrayLiteral("{}"), const QDateTime &time = {});
Event delivered(const QString &messageId, const QString &route, const QString &target,
                int attempt = 1, int status = 200, qint64 latencyUs = 1500,
                const QDateTime &time = {});
Event retrying(const QString &messageId, const QString &route, const QString &target, int attempt,
               int status, const QString &error, const QDateTime &time = {});
Event dead(const QString &messageId, const QString &route, const QString &target, int attempt,
           const QString &reason, const QDateTime &time = {});

} // namespace mqhook::test::SampleEvents
