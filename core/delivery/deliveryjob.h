#pragma once

#include "delivery/message.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace mqhook {

// One message on its way to one callback address: what the dispatcher takes
// in (Dispatcher::enqueue) and hands back in every outcome signal, updated.
struct DeliveryJob
{
    qint64 id = 0; // the caller's key (e.g. the outbox row); the dispatcher only echoes it
    Message message;
    QString target;               // the callback address as configured; round_robin: empty lets
                                  // the dispatcher choose, and a failover changes it
    int attemptsMade = 0;         // attempts already made, across restarts
    QDateTime notBefore;          // UTC; null or past: due now
    QList<AttemptRecord> history; // every attempt made, oldest first

    friend bool operator==(const DeliveryJob &, const DeliveryJob &) = default;
};

} // namespace mqhook
