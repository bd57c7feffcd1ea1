#include "topicfilter.h"

#include <QStringDecoder>

namespace mqhook {

namespace {

// MQTT 5.0 §1.5.4 / 3.1.1 §1.5.3: a UTF-8 string carries a two-byte length.
constexpr qsizetype maxTopicBytes = 65535;

constexpr QStringView sharePrefix = u"$share/";
constexpr QStringView queuePrefix = u"$queue/";

// The length of s in UTF-8, for well-formed UTF-16.
qsizetype utf8Length(QStringView s)
{
    qsizetype bytes = 0;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u < 0x80)
            bytes += 1;
        else if (u < 0x800)
            bytes += 2;
        else if (QChar::isSurrogate(u))
            bytes += 2; // a surrogate pair is one code point of four bytes
        else
            bytes += 3;
    }
    return bytes;
}

// The rules MQTT 5.0 §4.7.3 sets for topic names and topic filters alike.
TopicError checkString(QStringView s)
{
    if (s.isEmpty())
        return TopicError::Empty;
    if (!s.isValidUtf16())
        return TopicError::InvalidUtf8;
    if (s.contains(QChar(u'\0')))
        return TopicError::NullCharacter;
    if (s.size() * 3 > maxTopicBytes && utf8Length(s) > maxTopicBytes)
        return TopicError::TooLong;
    return TopicError::None;
}

} // namespace

QString topicErrorString(TopicError error)
{
    switch (error) {
    case TopicError::None:
        return {};
    case TopicError::Empty:
        return QStringLiteral("a topic must be at least one character long (MQTT 5.0 §4.7.3)");
    case TopicError::TooLong:
        return QStringLiteral(
            "a topic must not be longer than 65535 bytes of UTF-8 (MQTT 5.0 §4.7.3)");
    case TopicError::InvalidUtf8:
        return QStringLiteral("a topic must be well-formed UTF-8 (MQTT 5.0 §1.5.4)");
    case TopicError::NullCharacter:
        return QStringLiteral(
            "a topic must not contain the null character U+0000 (MQTT 5.0 §4.7.3)");
    case TopicError::WildcardInName:
        return QStringLiteral(
            "a topic name must not contain the wildcards '+' or '#' (MQTT 5.0 §4.7)");
    case TopicError::MultiLevelWildcardNotLast:
        return QStringLiteral("'#' must be the last level of a topic filter (MQTT 5.0 §4.7.1.2)");
    case TopicError::MultiLevelWildcardNotAlone:
        return QStringLiteral("'#' must occupy a whole level, as in \"sport/#\", "
                              "not \"sport#\" (MQTT 5.0 §4.7.1.2)");
    case TopicError::SingleLevelWildcardNotAlone:
        return QStringLiteral("'+' must occupy a whole level, as in \"sport/+\", "
                              "not \"sport+\" (MQTT 5.0 §4.7.1.3)");
    case TopicError::EmptyShareName:
        return QStringLiteral("the share name after \"$share/\" must be at least one "
                              "character long (MQTT 5.0 §4.8.2)");
    case TopicError::ShareNameHasWildcard:
        return QStringLiteral(
            "the share name after \"$share/\" must not contain '+' or '#' (MQTT 5.0 §4.8.2)");
    case TopicError::SharedFilterMissing:
        return QStringLiteral("a shared subscription needs a topic filter after its prefix, "
                              "as in \"$share/group/sport/#\" (MQTT 5.0 §4.8.2)");
    }
    return {};
}

TopicFilter TopicFilter::forExclude(const QString &entry)
{
    return TopicFilter(entry.endsWith(u'/') ? entry + u'#' : entry, Syntax::Filter);
}

TopicError validateTopicName(QStringView topic)
{
    if (const TopicError error = checkString(topic); error != TopicError::None)
        return error;
    // MQTT 5.0 §4.7 [MQTT-4.7.0-1], 3.1.1 §4.7.1 [MQTT-4.7.1-1]
    if (topic.contains(u'+') || topic.contains(u'#'))
        return TopicError::WildcardInName;
    return TopicError::None;
}

TopicError validateTopicName(QByteArrayView utf8)
{
    if (utf8.isEmpty())
        return TopicError::Empty;
    if (utf8.size() > maxTopicBytes)
        return TopicError::TooLong;
    // MQTT 5.0 §1.5.4 [MQTT-1.5.4-3]: a leading BOM is U+FEFF, never skipped.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless |
                                                     QStringDecoder::Flag::ConvertInitialBom);
    const QString text = decoder.decode(utf8);
    if (decoder.hasError())
        return TopicError::InvalidUtf8;
    return validateTopicName(QStringView(text));
}

TopicError validateTopicFilter(QStringView filter)
{
    return TopicFilter(filter.toString()).error();
}

TopicFilter::TopicFilter(const QString &subscription, Syntax syntax)
    : m_subscription(subscription)
{
    m_error = checkString(m_subscription);
    if (m_error != TopicError::None)
        return;

    const QStringView text(m_subscription);
    const bool prefixes = syntax == Syntax::Subscription;
    if (prefixes && text.startsWith(sharePrefix)) {
        // MQTT 5.0 §4.8.2: $share/{ShareName}/{filter}
        m_kind = Kind::Shared;
        const qsizetype groupStart = sharePrefix.size();
        const qsizetype slash = text.indexOf(u'/', groupStart);
        const QStringView group =
            slash < 0 ? text.sliced(groupStart) : text.sliced(groupStart, slash - groupStart);
        if (group.isEmpty()) {
            m_error = TopicError::EmptyShareName; // [MQTT-4.8.2-1]
            return;
        }
        if (group.contains(u'+') || group.contains(u'#')) {
            m_error = TopicError::ShareNameHasWildcard; // [MQTT-4.8.2-2]
            return;
        }
        if (slash < 0) {
            m_error = TopicError::SharedFilterMissing; // [MQTT-4.8.2-2]
            return;
        }
        m_filterStart = slash + 1;
    } else if (prefixes && text.startsWith(queuePrefix)) {
        m_kind = Kind::Queue;
        m_filterStart = queuePrefix.size();
    }
    if (m_filterStart == text.size()) {
        m_error = TopicError::SharedFilterMissing;
        return;
    }

    // Split into levels. MQTT 5.0 §4.7.1.1: adjacent separators make a
    // zero-length level, which is an ordinary literal level.
    qsizetype start = m_filterStart;
    for (;;) {
        qsizetype end = text.indexOf(u'/', start);
        const bool last = end < 0;
        if (last)
            end = text.size();
        const QStringView level = text.sliced(start, end - start);
        Level parsed{LevelKind::Literal, start, end - start};
        if (level == u"#") {
            if (!last) {
                m_error = TopicError::MultiLevelWildcardNotLast; // [MQTT-4.7.1-1] (5.0)
                return;
            }
            parsed.kind = LevelKind::MultiLevel;
        } else if (level == u"+") {
            parsed.kind = LevelKind::SingleLevel;
        } else if (level.contains(u'#')) {
            m_error = TopicError::MultiLevelWildcardNotAlone;
            return;
        } else if (level.contains(u'+')) {
            m_error = TopicError::SingleLevelWildcardNotAlone; // [MQTT-4.7.1-2] (5.0)
            return;
        }
        m_levels.append(parsed);
        if (last)
            break;
        start = end + 1;
    }
    m_error = TopicError::None;
}

QString TopicFilter::filter() const
{
    return m_subscription.mid(m_filterStart);
}

bool TopicFilter::matches(QStringView topicName) const
{
    if (m_error != TopicError::None || topicName.isEmpty())
        return false;
    // MQTT 5.0 §4.7.2 [MQTT-4.7.2-1]: a filter starting with a wildcard does
    // not match topic names starting with '$'.
    if (topicName.front() == u'$' && m_levels.constFirst().kind != LevelKind::Literal)
        return false;

    const QStringView text(m_subscription);
    const qsizetype size = topicName.size();
    qsizetype pos = 0; // start of the current level of topicName; size + 1 once past its end
    for (const Level &level : m_levels) {
        // '#' matches the parent level and any number of child levels (§4.7.1.2).
        if (level.kind == LevelKind::MultiLevel)
            return true;
        if (pos > size)
            return false;
        qsizetype end = topicName.indexOf(u'/', pos);
        if (end < 0)
            end = size;
        // §4.7.3 [MQTT-4.7.3-4]: literal levels compare character for character.
        if (level.kind == LevelKind::Literal &&
            topicName.sliced(pos, end - pos) != text.sliced(level.start, level.length))
            return false;
        pos = end + 1;
    }
    return pos == size + 1;
}

} // namespace mqhook
