#include "sseparser.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace mqhook {

bool SseParser::fail(const QString &reason)
{
    if (m_error.isEmpty())
        m_error = reason;
    return false;
}

bool SseParser::feed(QByteArrayView bytes)
{
    if (!m_error.isEmpty())
        return false;
    if (!m_started && !bytes.isEmpty()) {
        // A byte-order mark may start the stream (§9.2.5); only there.
        m_line.append(bytes.toByteArray());
        if (m_line.size() < 3 && QByteArrayView("\xEF\xBB\xBF").startsWith(m_line))
            return true;
        if (m_line.startsWith("\xEF\xBB\xBF"))
            m_line.remove(0, 3);
        m_started = true;
        const QByteArray pending = std::exchange(m_line, QByteArray());
        return feed(pending);
    }
    qsizetype start = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\n' && m_afterCr && i == start && m_line.isEmpty()) {
            // The LF of a CRLF whose CR ended the last piece or line.
            m_afterCr = false;
            start = i + 1;
            continue;
        }
        // A line within this piece is read where it is; only one that began
        // in an earlier piece is put together first.
        QByteArrayView line = bytes.sliced(start, i - start);
        if (!m_line.isEmpty()) {
            m_line.append(line);
            line = m_line;
        }
        if (line.size() > maxLineLength)
            return fail(u"a line of the event stream is longer than %1 bytes"_s.arg(maxLineLength));
        const bool ok = onLine(line);
        m_line.resize(0); // keeps its capacity
        if (!ok)
            return false;
        m_afterCr = c == '\r';
        start = i + 1;
    }
    if (start < bytes.size()) {
        m_afterCr = false;
        m_line.append(bytes.sliced(start));
        if (m_line.size() > maxLineLength)
            return fail(u"a line of the event stream is longer than %1 bytes"_s.arg(maxLineLength));
    }
    return true;
}

bool SseParser::onLine(QByteArrayView line)
{
    if (!line.isValidUtf8())
        return fail(u"the event stream is not UTF-8"_s);
    if (line.isEmpty()) {
        // Dispatch (§9.2.6): an event without data is dropped, its type with it.
        if (m_hasData)
            m_messages.append({m_event, m_data, m_lastEventId});
        m_event.clear();
        m_data.clear();
        m_hasData = false;
        return true;
    }
    if (line.front() == ':') {
        ++m_comments;
        return true;
    }
    const qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "event") {
        m_event = value.toByteArray();
    } else if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
        if (m_data.size() > maxEventBytes)
            return fail(
                u"an event of the event stream is larger than %1 bytes"_s.arg(maxEventBytes));
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = value.toByteArray();
    } else if (field == "retry") {
        bool ok = false;
        const int ms = value.toByteArray().toInt(&ok);
        const bool digits = !value.isEmpty() && std::all_of(value.begin(), value.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
        if (ok && digits)
            m_retry = ms;
    }
    // Other fields are ignored, as the standard says.
    return true;
}

QList<SseParser::Message> SseParser::takeMessages()
{
    return std::exchange(m_messages, {});
}

int SseParser::takeComments()
{
    return std::exchange(m_comments, 0);
}

void SseParser::reset()
{
    m_line.clear();
    m_afterCr = false;
    m_started = false;
    m_event.clear();
    m_data.clear();
    m_hasData = false;
    m_messages.clear();
    m_comments = 0;
    m_error.clear();
}

} // namespace mqhook
