#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

// The values that travel from intake through the outbox to delivery.
namespace mqhook {

// A message as mqhook forwards it: what arrived from the broker, plus the
// identity that stays the same across every retry (X-Mqhook-Message-Id).
struct Message
{
    QString id;       // unique, assigned when the message is taken in; the idempotency key
    QString clientId; // client_id of the broker connection it arrived on
    QString topic;
    QByteArray payload;
    int qos = 0;
    bool retain = false;
    QDateTime receivedAt;                          // UTC
    QString contentType;                           // MQTT 5 Content Type; empty when absent
    QList<QPair<QString, QString>> userProperties; // MQTT 5 User Properties, in order

    friend bool operator==(const Message &, const Message &) = default;
};

// One attempt to deliver to one callback address.
struct AttemptRecord
{
    int attempt = 0; // 1 for the first attempt
    QDateTime startedAt;
    QDateTime finishedAt;
    int httpStatus = 0; // 0 when no response arrived
    QString error;      // empty on success; otherwise what went wrong

    friend bool operator==(const AttemptRecord &, const AttemptRecord &) = default;
};

} // namespace mqhook
