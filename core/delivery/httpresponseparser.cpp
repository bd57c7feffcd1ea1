#include "httpresponseparser.h"

#include <algorithm>

namespace mqhook {

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 §5.6.2 tchar.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), b.data(), a.size()) == 0;
}

// Quotes a line for an error message: printable ASCII, at most 60 bytes.
QString quoted(QByteArrayView line)
{
    QString text;
    for (const char c : line.first(std::min<qsizetype>(line.size(), 60)))
        text += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : QChar(u'?');
    if (line.size() > 60)
        text += u"...";
    return u'\'' + text + u'\'';
}

// Each element of a comma-separated list (RFC 9110 §5.6.1), trimmed, empty ones skipped.
template<typename Function>
void forEachListElement(QByteArrayView value, Function function)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView element = trimmed(comma < 0 ? value : value.first(comma));
        if (!element.isEmpty())
            function(element);
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
}

} // namespace

void HttpResponseParser::reset(bool headRequest, bool keepHeaders)
{
    *this = HttpResponseParser();
    m_head = headRequest;
    m_keepHeaders = keepHeaders;
}

qsizetype HttpResponseParser::feed(QByteArrayView data)
{
    qsizetype used = 0;
    if (!data.isEmpty())
        m_started = true;
    while (used < data.size()) {
        const QByteArrayView rest = data.sliced(used);
        switch (m_state) {
        case State::Complete:
        case State::Failed:
            return used;
        case State::FixedBody:
        case State::ChunkData: {
            const qsizetype taken = consumeBody(rest, m_remaining);
            m_remaining -= taken;
            used += taken;
            if (m_remaining == 0)
                m_state = m_state == State::FixedBody ? State::Complete : State::ChunkEnd;
            break;
        }
        case State::UntilClose:
            used += consumeBody(rest, rest.size());
            break;
        case State::StatusLine:
        case State::Headers:
        case State::ChunkSize:
        case State::ChunkEnd:
        case State::Trailers:
            used += feedLine(rest);
            break;
        }
    }
    return used;
}

bool HttpResponseParser::finishAtClose()
{
    if (m_state == State::UntilClose) {
        m_state = State::Complete;
        m_keepAlive = false;
    }
    return m_state == State::Complete;
}

qsizetype HttpResponseParser::feedLine(QByteArrayView data)
{
    const qsizetype newline = data.indexOf('\n');
    const qsizetype length = m_line.size() + (newline < 0 ? data.size() : newline);
    if (length > maxLineLength) {
        fail(QStringLiteral("a line of the response is longer than %1 bytes").arg(maxLineLength));
        return data.size();
    }
    if (newline < 0) {
        m_line.append(data);
        return data.size();
    }
    QByteArrayView line = data.first(newline);
    if (!m_line.isEmpty()) {
        m_line.append(line);
        line = m_line;
    }
    // RFC 9112 §2.2: a bare LF may end a line too.
    if (line.endsWith('\r'))
        line.chop(1);
    onLine(line);
    m_line.clear();
    return newline + 1;
}

void HttpResponseParser::onLine(QByteArrayView line)
{
    switch (m_state) {
    case State::StatusLine:
        onStatusLine(line);
        return;
    case State::Headers:
    case State::Trailers:
        m_sectionBytes += line.size() + 2;
        if (m_sectionBytes > maxHeaderBytes) {
            fail(QStringLiteral("the response's header section is larger than %1 bytes")
                     .arg(maxHeaderBytes));
            return;
        }
        if (!line.isEmpty() && ++m_headerCount > maxHeaderCount) {
            fail(QStringLiteral("the response has more than %1 header fields").arg(maxHeaderCount));
            return;
        }
        if (m_state == State::Headers)
            onHeaderLine(line);
        else
            onTrailerLine(line);
        return;
    case State::ChunkSize:
        onChunkSizeLine(line);
        return;
    case State::ChunkEnd:
        if (!line.isEmpty()) {
            fail(QStringLiteral("a chunk is longer than its size line says"));
            return;
        }
        m_state = State::ChunkSize;
        return;
    case State::FixedBody:
    case State::ChunkData:
    case State::UntilClose:
    case State::Complete:
    case State::Failed:
        return;
    }
}

void HttpResponseParser::onStatusLine(QByteArrayView line)
{
    // Empty lines before a status line are tolerated (as RFC 9112 §2.2 asks
    // of servers for request lines).
    if (line.isEmpty())
        return;
    // HTTP-version SP 3DIGIT SP [reason-phrase], RFC 9112 §4; a missing
    // space after the code is tolerated.
    const bool wellFormed = line.size() >= 12 && line.startsWith("HTTP/") && isDigit(line[5]) &&
                            line[6] == '.' && isDigit(line[7]) && line[8] == ' ' &&
                            isDigit(line[9]) && isDigit(line[10]) && isDigit(line[11]) &&
                            (line.size() == 12 || line[12] == ' ');
    if (!wellFormed) {
        fail(QStringLiteral("malformed status line %1").arg(quoted(line)));
        return;
    }
    if (line[5] != '1') {
        fail(QStringLiteral("unsupported HTTP version in status line %1").arg(quoted(line)));
        return;
    }
    const int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (status < 100) {
        fail(QStringLiteral("status code out of range in status line %1").arg(quoted(line)));
        return;
    }
    m_status = status;
    m_http10 = line[7] == '0';
    m_chunked = false;
    m_otherCoding = false;
    m_closeRequested = false;
    m_keepAliveRequested = false;
    m_contentLength = -1;
    m_sectionBytes = 0;
    m_headerCount = 0;
    m_retryAfter.clear();
    m_location.clear();
    m_headers.clear();
    m_state = State::Headers;
}

void HttpResponseParser::onHeaderLine(QByteArrayView line)
{
    if (line.isEmpty()) {
        onHeadersEnd();
        return;
    }
    if (line.front() == ' ' || line.front() == '\t') {
        fail(QStringLiteral("obsolete line folding in the response's headers"));
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView name = colon < 0 ? QByteArrayView() : line.first(colon);
    if (name.isEmpty() || !std::all_of(name.begin(), name.end(), isTokenChar)) {
        fail(QStringLiteral("malformed header line %1").arg(quoted(line)));
        return;
    }
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (m_keepHeaders)
        m_headers.append({name.toByteArray(), value.toByteArray()});

    if (equalsIgnoringCase(name, "content-length")) {
        // RFC 9110 §8.6: a list of identical values may stand for one.
        bool valid = !value.isEmpty();
        forEachListElement(value, [this, &valid](QByteArrayView element) {
            if (element.size() > 18 || !std::all_of(element.begin(), element.end(), isDigit)) {
                valid = false;
                return;
            }
            const qint64 length = element.toLongLong();
            if (m_contentLength >= 0 && m_contentLength != length)
                valid = false;
            m_contentLength = length;
        });
        if (!valid)
            fail(QStringLiteral("invalid or conflicting Content-Length %1").arg(quoted(value)));
    } else if (equalsIgnoringCase(name, "transfer-encoding")) {
        // RFC 9112 §6.3: chunked must be the last coding to frame the body.
        forEachListElement(value, [this](QByteArrayView coding) {
            m_chunked = equalsIgnoringCase(coding, "chunked");
            m_otherCoding = !m_chunked;
        });
    } else if (equalsIgnoringCase(name, "connection")) {
        forEachListElement(value, [this](QByteArrayView option) {
            if (equalsIgnoringCase(option, "close"))
                m_closeRequested = true;
            else if (equalsIgnoringCase(option, "keep-alive"))
                m_keepAliveRequested = true;
        });
    } else if (equalsIgnoringCase(name, "retry-after")) {
        if (m_retryAfter.isEmpty())
            m_retryAfter = value.toByteArray();
    } else if (equalsIgnoringCase(name, "location")) {
        if (m_location.isEmpty())
            m_location = value.toByteArray();
    }
}

void HttpResponseParser::onHeadersEnd()
{
    if (m_status < 200) {
        if (m_status == 101) {
            fail(QStringLiteral("the server switched protocols (101) though no upgrade was asked "
                                "for"));
            return;
        }
        // An interim answer (100 Continue, 103 Early Hints): the final one follows.
        m_state = State::StatusLine;
        return;
    }
    m_keepAlive = m_http10 ? (m_keepAliveRequested && !m_closeRequested) : !m_closeRequested;
    // RFC 9112 §6.3, in its order.
    if (m_head || m_status == 204 || m_status == 304) {
        m_state = State::Complete;
    } else if (m_chunked) {
        if (m_contentLength >= 0)
            m_keepAlive = false; // both framings given: do not trust the connection further
        m_state = State::ChunkSize;
    } else if (m_otherCoding) {
        m_keepAlive = false;
        m_state = State::UntilClose;
    } else if (m_contentLength >= 0) {
        m_remaining = m_contentLength;
        m_state = m_remaining == 0 ? State::Complete : State::FixedBody;
    } else {
        m_keepAlive = false;
        m_state = State::UntilClose;
    }
}

void HttpResponseParser::onChunkSizeLine(QByteArrayView line)
{
    // chunk-size [ BWS ";" chunk-ext ], RFC 9112 §7.1.
    // At most 15 hex digits: 60 bits, well inside qint64.
    constexpr qsizetype maxDigits = 15;
    qint64 size = 0;
    qsizetype digits = 0;
    bool tooLong = false;
    while (digits < line.size() && hexValue(line[digits]) >= 0) {
        if (digits == maxDigits) {
            tooLong = true;
            break;
        }
        size = size * 16 + hexValue(line[digits]);
        ++digits;
    }
    const QByteArrayView rest = trimmed(line.sliced(digits));
    if (digits == 0 || tooLong || (!rest.isEmpty() && rest.front() != ';')) {
        fail(QStringLiteral("malformed chunk size line %1").arg(quoted(line)));
        return;
    }
    if (size == 0) {
        m_sectionBytes = 0;
        m_headerCount = 0;
        m_state = State::Trailers;
        return;
    }
    m_remaining = size;
    m_state = State::ChunkData;
}

void HttpResponseParser::onTrailerLine(QByteArrayView line)
{
    if (line.isEmpty()) {
        m_state = State::Complete;
        return;
    }
    // Trailer fields are read and dropped: nothing here depends on them.
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || line.front() == ' ' || line.front() == '\t')
        fail(QStringLiteral("malformed trailer line %1").arg(quoted(line)));
}

qsizetype HttpResponseParser::consumeBody(QByteArrayView data, qsizetype limit)
{
    const qsizetype taken = std::min(data.size(), limit);
    if (m_excerpt.size() < excerptSize)
        m_excerpt.append(data.first(std::min(taken, excerptSize - m_excerpt.size())));
    return taken;
}

void HttpResponseParser::fail(const QString &reason)
{
    m_state = State::Failed;
    m_keepAlive = false;
    m_error = reason;
}

} // namespace mqhook
