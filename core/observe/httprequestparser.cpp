#include "httprequestparser.h"

#include <QUrl>

#include <algorithm>
#include <cctype>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// RFC 9110 §5.6.2: tchar.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// RFC 9110 §5.5: field-value characters (VCHAR, obs-text, SP, HTAB).
bool isFieldValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Percent escapes complete, and none of them a NUL.
bool validEscapes(QByteArrayView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != '%')
            continue;
        if (i + 2 >= text.size())
            return false;
        if (!isHexDigit(text.at(i + 1)) || !isHexDigit(text.at(i + 2)))
            return false;
        if (text.at(i + 1) == '0' && text.at(i + 2) == '0')
            return false;
        i += 2;
    }
    return true;
}

QByteArray trimmed(QByteArrayView value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && (value.at(begin) == ' ' || value.at(begin) == '\t'))
        ++begin;
    while (end > begin && (value.at(end - 1) == ' ' || value.at(end - 1) == '\t'))
        --end;
    return value.sliced(begin, end - begin).toByteArray();
}

} // namespace

QByteArrayView HttpRequestParser::nextLine(const QByteArray &buffer, qsizetype *used)
{
    const qsizetype newline = buffer.indexOf('\n');
    if (newline < 0)
        return {};
    *used = newline + 1;
    // RFC 9112 §2.2: a bare LF may end a line too.
    qsizetype end = newline;
    if (end > 0 && buffer.at(end - 1) == '\r')
        --end;
    return QByteArrayView(buffer.constData(), end);
}

HttpRequestParser::Status HttpRequestParser::fail(int status, const QString &reason)
{
    m_status = Status::Failed;
    m_errorStatus = status;
    m_error = reason;
    return m_status;
}

HttpRequestParser::Status HttpRequestParser::feed(QByteArray &buffer)
{
    if (m_status != Status::NeedMore)
        return m_status;
    while (m_part != Part::Body) {
        qsizetype used = 0;
        const QByteArrayView line = nextLine(buffer, &used);
        if (line.data() == nullptr) {
            // Not even the start of a method (a TLS handshake, binary
            // noise): no need to wait for a line end that may never come.
            if (m_part == Part::RequestLine) {
                const qsizetype space = buffer.indexOf(' ');
                const QByteArrayView method =
                    QByteArrayView(buffer).first(space < 0 ? buffer.size() : space);
                // A CR may be the first half of a line end still to come.
                if (!std::all_of(method.begin(), method.end(),
                                 [](char c) { return isTokenChar(c) || c == '\r'; }))
                    return fail(400,
                                u"malformed request line: expected \"METHOD /path HTTP/1.1\""_s);
            }
            // No line end yet: the line so far counts against its limit.
            if (m_part == Part::RequestLine && buffer.size() > m_limits.maxRequestLine)
                return fail(414, u"the request line is longer than %1 bytes"_s.arg(
                                     m_limits.maxRequestLine));
            if (m_part == Part::Headers && m_headerBytes + buffer.size() > m_limits.maxHeaderBytes)
                return fail(431, u"the header fields are longer than %1 bytes"_s.arg(
                                     m_limits.maxHeaderBytes));
            if (!buffer.isEmpty())
                m_started = true;
            return m_status;
        }
        if (line.contains('\r'))
            return fail(400, u"a bare CR in the request"_s);
        bool ok = true;
        if (m_part == Part::RequestLine) {
            if (line.size() > m_limits.maxRequestLine)
                return fail(414, u"the request line is longer than %1 bytes"_s.arg(
                                     m_limits.maxRequestLine));
            if (line.isEmpty() && !m_started) {
                // RFC 9112 §2.2: empty lines before a request are ignored (a few).
                if (++m_emptyLines > 4)
                    return fail(400, u"empty lines instead of a request line"_s);
                buffer.remove(0, used);
                continue;
            }
            m_started = true;
            ok = onRequestLine(line);
            if (ok)
                m_part = Part::Headers;
        } else if (line.isEmpty()) {
            ok = onHeadersEnd();
        } else {
            m_headerBytes += used;
            if (m_headerBytes > m_limits.maxHeaderBytes)
                return fail(431, u"the header fields are longer than %1 bytes"_s.arg(
                                     m_limits.maxHeaderBytes));
            ok = onHeaderLine(line);
        }
        buffer.remove(0, used);
        if (!ok)
            return m_status;
        if (m_status == Status::Complete)
            return m_status;
    }
    const qint64 missing = m_bodyLength - m_request.body.size();
    const qint64 taken = qMin<qint64>(missing, buffer.size());
    m_request.body.append(buffer.constData(), taken);
    buffer.remove(0, taken);
    if (m_request.body.size() == m_bodyLength)
        m_status = Status::Complete;
    return m_status;
}

bool HttpRequestParser::onRequestLine(QByteArrayView line)
{
    // method SP request-target SP HTTP-version, single spaces (RFC 9112 §3).
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    if (first <= 0 || last == first) {
        fail(400, u"malformed request line: expected \"METHOD /path HTTP/1.1\""_s);
        return false;
    }
    const QByteArrayView method = line.first(first);
    const QByteArrayView target = line.sliced(first + 1, last - first - 1);
    const QByteArrayView version = line.sliced(last + 1);
    if (!isToken(method)) {
        fail(400, u"malformed request line: the method is not a token"_s);
        return false;
    }
    if (version == "HTTP/1.1") {
        m_request.minorVersion = 1;
    } else if (version == "HTTP/1.0") {
        m_request.minorVersion = 0;
    } else if (version.size() == 8 && version.startsWith("HTTP/") && version.at(6) == '.' &&
               std::isdigit(static_cast<unsigned char>(version.at(5))) &&
               std::isdigit(static_cast<unsigned char>(version.at(7)))) {
        fail(505,
             u"HTTP version %1 is not supported: use HTTP/1.1"_s.arg(QString::fromLatin1(version)));
        return false;
    } else {
        fail(400, u"malformed request line: expected the version HTTP/1.1"_s);
        return false;
    }
    m_request.method = method.toByteArray();
    return parseTarget(target.toByteArray());
}

bool HttpRequestParser::parseTarget(const QByteArray &target)
{
    // Origin form only (RFC 9112 §3.2.1): an absolute path and a query.
    const bool visible = std::all_of(target.begin(), target.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
    });
    if (!target.startsWith('/') || !visible || target.contains('#')) {
        fail(400, u"malformed request target: expected a path such as /metrics"_s);
        return false;
    }
    const qsizetype question = target.indexOf('?');
    const QByteArray rawPath = question < 0 ? target : target.left(question);
    const QByteArray rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    if (!validEscapes(rawPath) || !validEscapes(rawQuery)) {
        fail(400, u"malformed request target: a bad percent escape"_s);
        return false;
    }
    m_request.target = target;
    m_request.path = QUrl::fromPercentEncoding(rawPath);
    m_request.query.setQuery(QString::fromLatin1(rawQuery));
    return true;
}

bool HttpRequestParser::onHeaderLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t') {
        // RFC 9112 §5.2: obsolete line folding may be rejected with 400.
        fail(400, u"a folded header line"_s);
        return false;
    }
    if (int(m_request.headers.size()) >= m_limits.maxHeaderCount) {
        fail(431, u"more than %1 header fields"_s.arg(m_limits.maxHeaderCount));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    // RFC 9112 §5.1: no whitespace between the name and the colon.
    if (colon <= 0 || !isToken(line.first(colon))) {
        fail(400, u"malformed header line: expected \"Name: value\""_s);
        return false;
    }
    const QByteArrayView value = line.sliced(colon + 1);
    if (!std::all_of(value.begin(), value.end(), isFieldValueChar)) {
        fail(400, u"a control character in the value of header %1"_s.arg(
                      QString::fromLatin1(line.first(colon))));
        return false;
    }
    m_request.headers.append({line.first(colon).toByteArray().toLower(), trimmed(value)});
    return true;
}

bool HttpRequestParser::onHeadersEnd()
{
    int hosts = 0;
    int lengths = 0;
    QByteArray length;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name == "host")
            ++hosts;
        if (name == "transfer-encoding") {
            fail(501, u"Transfer-Encoding is not supported: send a body with Content-Length"_s);
            return false;
        }
        if (name == "content-length") {
            if (lengths++ > 0 && value != length) {
                fail(400, u"Content-Length given twice with different values"_s);
                return false;
            }
            length = value;
        }
    }
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1.
    if (m_request.minorVersion == 1 && hosts != 1) {
        fail(400, hosts == 0 ? u"the Host header is missing"_s : u"Host given more than once"_s);
        return false;
    }
    if (lengths > 0) {
        const bool digits =
            !length.isEmpty() && length.size() <= 18 &&
            std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) {
            fail(400, u"Content-Length is not a number"_s);
            return false;
        }
        m_bodyLength = length.toLongLong();
        if (m_bodyLength > m_limits.maxBody) {
            fail(413, u"the body is larger than %1 bytes"_s.arg(m_limits.maxBody));
            return false;
        }
    }
    m_part = Part::Body;
    if (m_bodyLength == 0)
        m_status = Status::Complete;
    return true;
}

HttpRequest HttpRequestParser::take()
{
    HttpRequest request = std::move(m_request);
    m_request = HttpRequest();
    m_status = Status::NeedMore;
    m_part = Part::RequestLine;
    m_started = false;
    m_emptyLines = 0;
    m_headerBytes = 0;
    m_bodyLength = 0;
    return request;
}

} // namespace mqhook
