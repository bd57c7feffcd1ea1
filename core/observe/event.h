#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace mqhook {

// One thing a person watching mqhook wants to see, as a flat value: the
// record the ring buffer keeps (eventring.h), the admin endpoint streams
// (/api/events), `mqhook tail` prints and the desktop's live views show.
// Fields a kind does not use stay empty. Never holds a password or an
// Authorization value.
struct Event
{
    enum class Kind
    {
        Taken,              // a message taken from a broker and committed
        Unrouted,           // a message that matched no route (reason says why)
        Delivered,          // a delivery succeeded
        Retrying,           // an attempt failed; nextAt is the next one
        Dead,               // a delivery became a dead letter (reason)
        Connected,          // a broker connection is up and subscribed
        ConnectionLost,     // reason
        ReconnectScheduled, // nextAt
        IntakePaused,       // reason: why the brokers are not read
        IntakeResumed,
        CommitFailed, // the queue cannot commit (error)
        CommitRecovered,
        Problem, // anything else a user must see: component in route, text in reason
        Dropped, // only in a reader's stream: count events it missed
    };

    quint64 seq = 0; // assigned by the ring, 1 for the first; increasing
    Kind kind = Kind::Problem;
    QDateTime time; // UTC

    // The broker connection (client_id) and the message.
    QString clientId;
    QString messageId;
    QString topic;
    int qos = 0;
    bool retain = false;
    qint64 size = 0;    // payload bytes
    QByteArray preview; // Taken: the first payload bytes (admin.payload_preview)
    QString contentType;
    QList<QPair<QString, QString>> userProperties;
    QStringList routes; // Taken: every route that took it

    // Deliveries.
    QString route;
    QString target; // the callback address
    int attempt = 0;
    int httpStatus = 0; // 0: no answer
    QString error;      // transport or HTTP error of the attempt
    qint64 latencyUs = 0;
    QByteArray response; // the first bytes of the endpoint's answer, when there was one
    QDateTime nextAt;    // Retrying, ReconnectScheduled

    QString reason;   // Unrouted, Dead, ConnectionLost, IntakePaused, Problem
    qint64 count = 0; // Dropped

    friend bool operator==(const Event &, const Event &) = default;
};

// The stable names of the kinds, as in the SSE `event:` field and JSON
// ("taken", "unrouted", "delivered", "retrying", "dead", "connected",
// "connection_lost", "reconnect_scheduled", "intake_paused",
// "intake_resumed", "commit_failed", "commit_recovered", "problem",
// "dropped").
QString eventKindName(Event::Kind kind);
// The same name, for writers of text; empty for a value outside the enum.
QLatin1StringView eventKindLatin1(Event::Kind kind);
std::optional<Event::Kind> eventKindFromName(QStringView name);

// JSON both ways: fields a kind does not use are left out; the preview and
// the response are text when valid UTF-8 ("preview"), base64 otherwise
// ("preview_base64"). eventToJson() writes compact UTF-8 text, the keys in
// the order of the fields above; fromJson(parsed toJson(e)) == e.
QByteArray eventToJson(const Event &event);
void appendEventJson(QByteArray *out, const Event &event); // eventToJson() onto out
std::optional<Event> eventFromJson(const QJsonObject &object, QString *error = nullptr);

} // namespace mqhook
