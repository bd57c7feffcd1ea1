#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace mqhook {

// Reads one HTTP/1.x response (RFC 9112) from bytes as they arrive, in pieces
// of any size: status line, headers, interim 1xx answers (skipped), then a
// body framed by Content-Length, chunked coding (extensions and trailers
// read and ignored) or the end of the connection, or no body at all (HEAD,
// 1xx, 204, 304). Keeps the start of the body and discards the rest.
class HttpResponseParser
{
public:
    static constexpr qsizetype maxLineLength = 8 * 1024;   // status, header, chunk-size lines
    static constexpr qsizetype maxHeaderBytes = 64 * 1024; // one header section
    static constexpr int maxHeaderCount = 256;             // one header section
    static constexpr qsizetype excerptSize = 512;

    // Prepares for the response to a new request; keepHeaders keeps every
    // header of the final response (headers()), for display.
    void reset(bool headRequest, bool keepHeaders = false);

    // Consumes bytes of the response; returns how many were used, which is
    // fewer than given only when the response ended (or failed) before them.
    qsizetype feed(QByteArrayView data);
    // The peer closed the connection: ends a body that runs to the close.
    // False (and failed()) when the response was cut short.
    bool finishAtClose();

    bool isComplete() const { return m_state == State::Complete; }
    bool hasFailed() const { return m_state == State::Failed; }
    // Why the response is malformed, when hasFailed().
    const QString &errorString() const { return m_error; }
    // Any byte of a response has arrived.
    bool hasStarted() const { return m_started; }
    // The connection may carry another request after this response.
    bool keepAlive() const { return m_keepAlive; }

    int status() const { return m_status; }
    const QByteArray &retryAfter() const { return m_retryAfter; }
    const QByteArray &location() const { return m_location; }
    const QByteArray &bodyExcerpt() const { return m_excerpt; }
    // The final response's headers in order, when reset() asked for them.
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }

private:
    enum class State
    {
        StatusLine,
        Headers,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailers,
        UntilClose,
        Complete,
        Failed,
    };

    // Calls line-handling for each complete line; returns bytes consumed.
    qsizetype feedLine(QByteArrayView data);
    void onLine(QByteArrayView line);
    void onStatusLine(QByteArrayView line);
    void onHeaderLine(QByteArrayView line);
    void onHeadersEnd();
    void onChunkSizeLine(QByteArrayView line);
    void onTrailerLine(QByteArrayView line);
    qsizetype consumeBody(QByteArrayView data, qsizetype limit);
    void fail(const QString &reason);

    State m_state = State::StatusLine;
    bool m_head = false;
    bool m_keepHeaders = false;
    bool m_started = false;
    bool m_keepAlive = false;
    bool m_http10 = false;
    bool m_chunked = false;
    bool m_otherCoding = false;
    bool m_closeRequested = false;
    bool m_keepAliveRequested = false;
    qint64 m_contentLength = -1;
    qint64 m_remaining = 0; // of the fixed body or the current chunk
    qsizetype m_sectionBytes = 0;
    int m_headerCount = 0;
    int m_status = 0;
    QByteArray m_line; // a line split across pieces
    QByteArray m_retryAfter;
    QByteArray m_location;
    QByteArray m_excerpt;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QString m_error;
};

} // namespace mqhook
