#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace mqhook {

// Reads a text/event-stream (the HTML Living Standard, "Server-sent events",
// §9.2.5 and §9.2.6) from bytes as they arrive, in pieces of any size: lines
// end with CRLF, LF or CR; "field: value" lines build an event, an empty line
// dispatches it, ":" lines are comments. Within limits: a line longer than
// maxLineLength or an event larger than maxEventBytes fails the stream.
class SseParser
{
public:
    static constexpr qsizetype maxLineLength = 1024 * 1024;
    static constexpr qsizetype maxEventBytes = 4 * 1024 * 1024;

    struct Message
    {
        QByteArray event; // the type; empty means "message"
        QByteArray data;  // the data lines joined by LF
        QByteArray id;    // the last event ID after this event
    };

    // False once the stream broke a limit or was not UTF-8 (errorString()).
    bool feed(QByteArrayView bytes);
    // The events completed so far, oldest first.
    QList<Message> takeMessages();
    // Comments seen since the last call (a server's heartbeats).
    int takeComments();

    // The last event ID the stream set (what Last-Event-ID resumes from).
    const QByteArray &lastEventId() const { return m_lastEventId; }
    // The reconnection time the stream asked for, in milliseconds.
    std::optional<int> retry() const { return m_retry; }
    const QString &errorString() const { return m_error; }

    // Forgets a partial event and line, for a new connection; keeps the last ID.
    void reset();

private:
    bool onLine(QByteArrayView line);
    bool fail(const QString &reason);

    QByteArray m_line;
    bool m_afterCr = false; // the last byte was a CR: an LF right after it is part of that line end
    bool m_started = false; // a byte-order mark is skipped only at the start
    QByteArray m_event;
    QByteArray m_data;
    bool m_hasData = false;
    QByteArray m_lastEventId;
    std::optional<int> m_retry;
    QList<Message> m_messages;
    int m_comments = 0;
    QString m_error;
};

} // namespace mqhook
