#pragma once

#include "observe/httprequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace mqhook {

// Reads HTTP/1.x requests (RFC 9112) strictly, from bytes as they arrive in
// pieces of any size: a request line and header fields within limits, a body
// framed by Content-Length only. Whatever breaks a rule ends the parse with
// the status to answer (400, 413, 414, 431, 501, 505) and a reason; the
// connection is then closed, since where the next request starts is unknown.
class HttpRequestParser
{
public:
    struct Limits
    {
        qsizetype maxRequestLine = 8 * 1024;  // 414 beyond
        qsizetype maxHeaderBytes = 16 * 1024; // of every header line together; 431 beyond
        int maxHeaderCount = 64;              // 431 beyond
        qint64 maxBody = 64 * 1024;           // 413 beyond
    };

    HttpRequestParser() = default;
    explicit HttpRequestParser(Limits limits)
        : m_limits(limits)
    {}

    enum class Status
    {
        NeedMore,
        Complete, // take() the request
        Failed,   // errorStatus() and errorString() say why
    };

    // Consumes bytes from the front of buffer; stops after a complete request
    // (what follows it stays in buffer: the next, pipelined request).
    Status feed(QByteArray &buffer);
    // The request just completed; the parser is ready for the next one.
    HttpRequest take();

    Status status() const { return m_status; }
    // Some byte of a request (beyond empty lines) has arrived.
    bool hasStarted() const { return m_started; }
    int errorStatus() const { return m_errorStatus; }
    const QString &errorString() const { return m_error; }

private:
    enum class Part
    {
        RequestLine,
        Headers,
        Body,
    };

    // The next line of buffer without its line end, or a null view while it
    // is incomplete; *used is how many bytes it took.
    static QByteArrayView nextLine(const QByteArray &buffer, qsizetype *used);
    bool onRequestLine(QByteArrayView line);
    bool onHeaderLine(QByteArrayView line);
    bool onHeadersEnd();
    bool parseTarget(const QByteArray &target);
    Status fail(int status, const QString &reason);

    Limits m_limits;
    Status m_status = Status::NeedMore;
    Part m_part = Part::RequestLine;
    bool m_started = false;
    int m_emptyLines = 0;
    qsizetype m_headerBytes = 0;
    qint64 m_bodyLength = 0;
    HttpRequest m_request;
    int m_errorStatus = 0;
    QString m_error;
};

} // namespace mqhook
