#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>

// MQTT topic names and topic filters: validation, shared-subscription prefixes
// and matching (MQTT 3.1.1 §4.7, MQTT 5.0 §4.7 and §4.8.2).
namespace mqhook {

// Why a topic name or topic filter is not valid; None when it is.
enum class TopicError
{
    None,
    Empty,                       // §4.7.3: at least one character
    TooLong,                     // §4.7.3: at most 65535 bytes of UTF-8
    InvalidUtf8,                 // §1.5.3: ill-formed UTF-8 or an unpaired surrogate
    NullCharacter,               // §4.7.3: no U+0000
    WildcardInName,              // §4.7: '+' and '#' only in filters
    MultiLevelWildcardNotLast,   // §4.7.1.2: '#' must be the last level
    MultiLevelWildcardNotAlone,  // §4.7.1.2: '#' must occupy a whole level
    SingleLevelWildcardNotAlone, // §4.7.1.3: '+' must occupy a whole level
    EmptyShareName,              // §4.8.2: "$share//..." or "$share/"
    ShareNameHasWildcard,        // §4.8.2: the ShareName has no '+' or '#'
    SharedFilterMissing,         // §4.8.2: "$share/group" with no "/filter" after it
};

// An English sentence saying what is wrong, citing the specification.
QString topicErrorString(TopicError error);

// Checks a topic name as PUBLISH carries it. The QString form checks UTF-16
// well-formedness; the byte form checks the UTF-8 the wire carries.
TopicError validateTopicName(QStringView topic);
TopicError validateTopicName(QByteArrayView utf8);

// Checks a topic filter as SUBSCRIBE carries it, including a "$share/<group>/"
// or "$queue/" prefix.
TopicError validateTopicFilter(QStringView filter);

// A subscription's topic filter, parsed once and matched many times.
// Construct it from the text as written in a SUBSCRIBE (a "$share/<group>/" or
// EMQX "$queue/" prefix is recognised and stripped for matching). Matching
// allocates nothing: the filter is split into levels when it is built.
class TopicFilter
{
public:
    enum class Kind
    {
        Plain,
        Shared, // $share/<group>/<filter>, MQTT 5.0 §4.8.2
        Queue,  // $queue/<filter>, EMQX's shared subscription without a group
    };

    enum class Syntax
    {
        Subscription, // a "$share/<group>/" or "$queue/" prefix is recognised
        Filter,       // the text is a plain filter, whatever it starts with
    };

    TopicFilter() = default;
    explicit TopicFilter(const QString &subscription, Syntax syntax = Syntax::Subscription);

    // One entry of sub_deal_config.excludeTopics: a plain filter, where a
    // trailing '/' excludes the whole subtree (the seed's "from/v1/aaa/"
    // behaves as "from/v1/aaa/#": that topic and everything below it).
    static TopicFilter forExclude(const QString &entry);

    bool isValid() const { return m_error == TopicError::None; }
    TopicError error() const { return m_error; }
    QString errorString() const { return topicErrorString(m_error); }

    Kind kind() const { return m_kind; }
    QString subscription() const { return m_subscription; } // as written, with any prefix
    QString filter() const;                                 // without the prefix: what is matched

    // True when a PUBLISH to topicName is delivered to this subscription.
    // An invalid filter matches nothing. topicName is not validated here.
    bool matches(QStringView topicName) const;

    friend bool operator==(const TopicFilter &a, const TopicFilter &b)
    {
        return a.m_subscription == b.m_subscription && a.m_kind == b.m_kind;
    }

private:
    enum class LevelKind : quint8
    {
        Literal,
        SingleLevel, // '+'
        MultiLevel,  // '#'
    };

    struct Level
    {
        LevelKind kind = LevelKind::Literal;
        qsizetype start = 0; // into m_subscription
        qsizetype length = 0;
    };

    QString m_subscription;
    qsizetype m_filterStart = 0; // where the matched filter begins in m_subscription
    Kind m_kind = Kind::Plain;
    TopicError m_error = TopicError::Empty;
    QList<Level> m_levels;
};

} // namespace mqhook
