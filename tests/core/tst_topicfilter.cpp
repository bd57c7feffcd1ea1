#include "base/topicfilter.h"
#include "probes.h"

#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(mqhook::TopicError)
Q_DECLARE_METATYPE(mqhook::TopicFilter::Kind)

// The examples of the MQTT 3.1.1 and 5.0 specifications' topic sections, as
// tables. Where both versions say the same, both are cited.
class tst_TopicFilter : public QObject
{
    Q_OBJECT

private slots:
    void filterValidity_data();
    void filterValidity();
    void nameValidity_data();
    void nameValidity();
    void nameValidityUtf8_data();
    void nameValidityUtf8();
    void matching_data();
    void matching();
    void sharedSubscription_data();
    void sharedSubscription();
    void sameShareNameDistinctSubscriptions();
    void plainSyntaxIgnoresPrefixes();
    void overlaps_data();
    void overlaps();
    void errorStringsNameTheRule();
    void defaultFilterMatchesNothing();
};

void tst_TopicFilter::filterValidity_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<TopicError>("error");

    // MQTT 3.1.1 §4.7.1.2, MQTT 5.0 §4.7.1.2
    QTest::newRow("sport/tennis/player1/# is valid")
        << u"sport/tennis/player1/#"_s << TopicError::None;
    QTest::newRow("# is valid") << u"#"_s << TopicError::None;
    QTest::newRow("sport/tennis/# is valid") << u"sport/tennis/#"_s << TopicError::None;
    QTest::newRow("# must occupy a whole level: sport/tennis#")
        << u"sport/tennis#"_s << TopicError::MultiLevelWildcardNotAlone;
    QTest::newRow("# must be the last level: sport/tennis/#/ranking")
        << u"sport/tennis/#/ranking"_s << TopicError::MultiLevelWildcardNotLast;
    QTest::newRow("# must be the last character: #/")
        << u"#/"_s << TopicError::MultiLevelWildcardNotLast;
    QTest::newRow("# must occupy a whole level: #sport")
        << u"#sport"_s << TopicError::MultiLevelWildcardNotAlone;

    // MQTT 3.1.1 §4.7.1.3, MQTT 5.0 §4.7.1.3
    QTest::newRow("+ is valid") << u"+"_s << TopicError::None;
    QTest::newRow("+/tennis/# is valid") << u"+/tennis/#"_s << TopicError::None;
    QTest::newRow("+ must occupy a whole level: sport+")
        << u"sport+"_s << TopicError::SingleLevelWildcardNotAlone;
    QTest::newRow("sport/+/player1 is valid") << u"sport/+/player1"_s << TopicError::None;
    QTest::newRow("+ may be the first and the last level: +/+") << u"+/+"_s << TopicError::None;
    QTest::newRow("/+ is valid") << u"/+"_s << TopicError::None;
    QTest::newRow("+ with # at more than one level: +/+/#") << u"+/+/#"_s << TopicError::None;
    QTest::newRow("+ must occupy a whole level: sport/+tennis")
        << u"sport/+tennis"_s << TopicError::SingleLevelWildcardNotAlone;

    // MQTT 3.1.1 §4.7.1.1, MQTT 5.0 §4.7.1.1: adjacent separators make a zero-length level.
    QTest::newRow("zero-length levels are allowed: sport//#") << u"sport//#"_s << TopicError::None;
    QTest::newRow("a separator may appear anywhere: /sport/") << u"/sport/"_s << TopicError::None;

    // MQTT 3.1.1 §4.7.2, MQTT 5.0 §4.7.2
    QTest::newRow("$SYS/# is valid") << u"$SYS/#"_s << TopicError::None;
    QTest::newRow("$SYS/monitor/+ is valid") << u"$SYS/monitor/+"_s << TopicError::None;

    // MQTT 3.1.1 §4.7.3, MQTT 5.0 §4.7.3
    QTest::newRow("a filter must be at least one character long") << QString() << TopicError::Empty;
    QTest::newRow("a filter consisting only of / is valid") << u"/"_s << TopicError::None;
    QTest::newRow("a filter may contain spaces") << u"Accounts payable"_s << TopicError::None;
    QTest::newRow("a filter must not contain U+0000")
        << QString(u"sport\0tennis"_s) << TopicError::NullCharacter;
    QTest::newRow("a filter of 65535 bytes is valid") << QString(65535, u'a') << TopicError::None;
    QTest::newRow("a filter must not exceed 65535 bytes")
        << QString(65536, u'a') << TopicError::TooLong;
    QTest::newRow("the byte limit counts UTF-8, not characters")
        << QString(32768, QChar(0xE9)) << TopicError::TooLong;
    QTest::newRow("an unpaired surrogate is not UTF-8")
        << QString(QChar(0xD800)) + u"/a"_s << TopicError::InvalidUtf8;

    // MQTT 5.0 §4.8.2
    QTest::newRow("$share/consumer1/sport/tennis/+ is valid")
        << u"$share/consumer1/sport/tennis/+"_s << TopicError::None;
    QTest::newRow("$share/consumer2/sport/tennis/+ is valid")
        << u"$share/consumer2/sport/tennis/+"_s << TopicError::None;
    QTest::newRow("$share/consumer1//finance is valid")
        << u"$share/consumer1//finance"_s << TopicError::None;
    QTest::newRow("the ShareName must be at least one character long: $share//finance")
        << u"$share//finance"_s << TopicError::EmptyShareName;
    QTest::newRow("the ShareName must be at least one character long: $share/")
        << u"$share/"_s << TopicError::EmptyShareName;
    QTest::newRow("the ShareName must not contain +")
        << u"$share/a+b/sport"_s << TopicError::ShareNameHasWildcard;
    QTest::newRow("the ShareName must not contain #")
        << u"$share/#/sport"_s << TopicError::ShareNameHasWildcard;
    QTest::newRow("the ShareName must be followed by /")
        << u"$share/consumer1"_s << TopicError::SharedFilterMissing;
    QTest::newRow("the / after the ShareName must be followed by a filter")
        << u"$share/consumer1/"_s << TopicError::SharedFilterMissing;
    QTest::newRow("the filter of a shared subscription follows §4.7")
        << u"$share/consumer1/sport#"_s << TopicError::MultiLevelWildcardNotAlone;

    // EMQX's $queue/ form
    QTest::newRow("$queue/sport/# is valid") << u"$queue/sport/#"_s << TopicError::None;
    QTest::newRow("$queue/ needs a filter") << u"$queue/"_s << TopicError::SharedFilterMissing;
    QTest::newRow("the filter of $queue/ follows §4.7")
        << u"$queue/sport/#/x"_s << TopicError::MultiLevelWildcardNotLast;
}

void tst_TopicFilter::filterValidity()
{
    QFETCH(QString, filter);
    QFETCH(TopicError, error);

    QCOMPARE(validateTopicFilter(filter), error);
    const TopicFilter parsed(filter);
    QCOMPARE(parsed.error(), error);
    QCOMPARE(parsed.isValid(), error == TopicError::None);
    QCOMPARE(parsed.errorString().isEmpty(), error == TopicError::None);
}

void tst_TopicFilter::nameValidity_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<TopicError>("error");

    // MQTT 3.1.1 §4.7.1 [MQTT-4.7.1-1], MQTT 5.0 §4.7 [MQTT-4.7.0-1]
    QTest::newRow("a name must not contain #") << u"sport/#"_s << TopicError::WildcardInName;
    QTest::newRow("a name must not contain +")
        << u"sport/+/player1"_s << TopicError::WildcardInName;
    QTest::newRow("a name must not contain + inside a level")
        << u"sport+"_s << TopicError::WildcardInName;

    // MQTT 3.1.1 §4.7.3, MQTT 5.0 §4.7.3
    QTest::newRow("a name must be at least one character long") << QString() << TopicError::Empty;
    QTest::newRow("ACCOUNTS is a valid name") << u"ACCOUNTS"_s << TopicError::None;
    QTest::newRow("Accounts payable is a valid name") << u"Accounts payable"_s << TopicError::None;
    QTest::newRow("/finance is a valid name") << u"/finance"_s << TopicError::None;
    QTest::newRow("a name consisting only of / is valid") << u"/"_s << TopicError::None;
    QTest::newRow("a name must not contain U+0000")
        << QString(u"a\0b"_s) << TopicError::NullCharacter;
    QTest::newRow("a name of 65535 bytes is valid") << QString(65535, u'a') << TopicError::None;
    QTest::newRow("a name must not exceed 65535 bytes")
        << QString(65536, u'a') << TopicError::TooLong;
    QTest::newRow("21845 three-byte characters fit")
        << QString(21845, QChar(0x4E2D)) << TopicError::None;
    QTest::newRow("21846 three-byte characters do not fit")
        << QString(21846, QChar(0x4E2D)) << TopicError::TooLong;
    QTest::newRow("an unpaired low surrogate is not UTF-8")
        << u"a/"_s + QChar(0xDC00) << TopicError::InvalidUtf8;
    QTest::newRow("a surrogate pair is a valid character")
        << u"emoji/"_s + QString::fromUcs4(U"\U0001F600") << TopicError::None;

    // MQTT 3.1.1 §4.7.2, MQTT 5.0 §4.7.2: $ names are valid names; matching treats them apart.
    QTest::newRow("$SYS/monitor/Clients is a valid name")
        << u"$SYS/monitor/Clients"_s << TopicError::None;
}

void tst_TopicFilter::nameValidity()
{
    QFETCH(QString, name);
    QFETCH(TopicError, error);

    QCOMPARE(validateTopicName(QStringView(name)), error);
}

void tst_TopicFilter::nameValidityUtf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<TopicError>("error");

    // MQTT 3.1.1 §1.5.3, MQTT 5.0 §1.5.4
    QTest::newRow("plain ASCII") << QByteArray("sport/tennis") << TopicError::None;
    QTest::newRow("two-byte characters") << QByteArray("caf\xc3\xa9") << TopicError::None;
    QTest::newRow("a four-byte character") << QByteArray("a/\xf0\x9f\x98\x80") << TopicError::None;
    QTest::newRow("a lone continuation byte") << QByteArray("a\x80") << TopicError::InvalidUtf8;
    QTest::newRow("a truncated sequence") << QByteArray("a/\xe4\xb8") << TopicError::InvalidUtf8;
    QTest::newRow("an overlong encoding of /")
        << QByteArray("a\xc0\xaf") << TopicError::InvalidUtf8;
    QTest::newRow("an encoded surrogate U+D800")
        << QByteArray("a\xed\xa0\x80") << TopicError::InvalidUtf8;
    QTest::newRow("0xFF never appears in UTF-8") << QByteArray("a\xff") << TopicError::InvalidUtf8;
    QTest::newRow("an encoded U+0000") << QByteArray("a\0b", 3) << TopicError::NullCharacter;
    // MQTT 5.0 §1.5.4 [MQTT-1.5.4-3]: a BOM is U+FEFF and is not stripped.
    QTest::newRow("a leading BOM is a character") << QByteArray("\xef\xbb\xbf") << TopicError::None;
    QTest::newRow("a wildcard in the bytes") << QByteArray("a/#") << TopicError::WildcardInName;
    QTest::newRow("no bytes") << QByteArray() << TopicError::Empty;
    QTest::newRow("65535 bytes") << QByteArray(65535, 'a') << TopicError::None;
    QTest::newRow("65536 bytes") << QByteArray(65536, 'a') << TopicError::TooLong;
}

void tst_TopicFilter::nameValidityUtf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(TopicError, error);

    QCOMPARE(validateTopicName(QByteArrayView(bytes)), error);
}

void tst_TopicFilter::matching_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("matches");

    // MQTT 3.1.1 §4.7.1.2, MQTT 5.0 §4.7.1.2
    QTest::newRow("sport/tennis/player1/# receives sport/tennis/player1")
        << u"sport/tennis/player1/#"_s << u"sport/tennis/player1"_s << true;
    QTest::newRow("sport/tennis/player1/# receives sport/tennis/player1/ranking")
        << u"sport/tennis/player1/#"_s << u"sport/tennis/player1/ranking"_s << true;
    QTest::newRow("sport/tennis/player1/# receives sport/tennis/player1/score/wimbledon")
        << u"sport/tennis/player1/#"_s << u"sport/tennis/player1/score/wimbledon"_s << true;
    QTest::newRow("sport/# also matches the singular sport") << u"sport/#"_s << u"sport"_s << true;
    QTest::newRow("# receives every message: sport") << u"#"_s << u"sport"_s << true;
    QTest::newRow("# receives every message: sport/tennis/player1")
        << u"#"_s << u"sport/tennis/player1"_s << true;
    QTest::newRow("# receives every message: /") << u"#"_s << u"/"_s << true;
    QTest::newRow("sport/tennis/# receives sport/tennis/player2")
        << u"sport/tennis/#"_s << u"sport/tennis/player2"_s << true;
    QTest::newRow("sport/tennis/# does not receive sport")
        << u"sport/tennis/#"_s << u"sport"_s << false;
    QTest::newRow("sport/# does not receive sports") << u"sport/#"_s << u"sports"_s << false;
    QTest::newRow("sport/# receives sport/ (an empty child level)")
        << u"sport/#"_s << u"sport/"_s << true;

    // MQTT 3.1.1 §4.7.1.3, MQTT 5.0 §4.7.1.3
    QTest::newRow("sport/tennis/+ matches sport/tennis/player1")
        << u"sport/tennis/+"_s << u"sport/tennis/player1"_s << true;
    QTest::newRow("sport/tennis/+ matches sport/tennis/player2")
        << u"sport/tennis/+"_s << u"sport/tennis/player2"_s << true;
    QTest::newRow("sport/tennis/+ does not match sport/tennis/player1/ranking")
        << u"sport/tennis/+"_s << u"sport/tennis/player1/ranking"_s << false;
    QTest::newRow("sport/+ does not match sport") << u"sport/+"_s << u"sport"_s << false;
    QTest::newRow("sport/+ matches sport/") << u"sport/+"_s << u"sport/"_s << true;
    QTest::newRow("+ matches a single level") << u"+"_s << u"sport"_s << true;
    QTest::newRow("+/tennis/# matches sport/tennis/player1")
        << u"+/tennis/#"_s << u"sport/tennis/player1"_s << true;
    QTest::newRow("+/tennis/# matches sport/tennis")
        << u"+/tennis/#"_s << u"sport/tennis"_s << true;
    QTest::newRow("sport/+/player1 matches sport/tennis/player1")
        << u"sport/+/player1"_s << u"sport/tennis/player1"_s << true;
    QTest::newRow("sport/+/player1 does not match sport/tennis/player2")
        << u"sport/+/player1"_s << u"sport/tennis/player2"_s << false;
    QTest::newRow("/finance matches +/+") << u"+/+"_s << u"/finance"_s << true;
    QTest::newRow("/finance matches /+") << u"/+"_s << u"/finance"_s << true;
    QTest::newRow("/finance does not match +") << u"+"_s << u"/finance"_s << false;

    // MQTT 3.1.1 §4.7.1.1, MQTT 5.0 §4.7.1.1: zero-length levels
    QTest::newRow("+ matches a zero-length level in the middle") << u"a/+/b"_s << u"a//b"_s << true;
    QTest::newRow("a zero-length level is a level") << u"a/b"_s << u"a//b"_s << false;
    QTest::newRow("a//b matches only a//b") << u"a//b"_s << u"a//b"_s << true;

    // MQTT 3.1.1 §4.7.2, MQTT 5.0 §4.7.2
    QTest::newRow("# does not receive topics beginning with $")
        << u"#"_s << u"$SYS/monitor/Clients"_s << false;
    QTest::newRow("# does not receive a bare $ topic") << u"#"_s << u"$SYS"_s << false;
    QTest::newRow("+/monitor/Clients does not receive $SYS/monitor/Clients")
        << u"+/monitor/Clients"_s << u"$SYS/monitor/Clients"_s << false;
    QTest::newRow("$SYS/# receives topics beginning with $SYS/")
        << u"$SYS/#"_s << u"$SYS/broker/load"_s << true;
    QTest::newRow("$SYS/monitor/+ receives $SYS/monitor/Clients")
        << u"$SYS/monitor/+"_s << u"$SYS/monitor/Clients"_s << true;
    QTest::newRow("# together with $SYS/#: # receives the topics without $")
        << u"#"_s << u"monitor/Clients"_s << true;
    QTest::newRow("a $ below the first level is ordinary") << u"+/$SYS"_s << u"a/$SYS"_s << true;

    // MQTT 3.1.1 §4.7.3, MQTT 5.0 §4.7.3
    QTest::newRow("ACCOUNTS and Accounts are different topic names")
        << u"ACCOUNTS"_s << u"Accounts"_s << false;
    QTest::newRow("Accounts payable matches itself")
        << u"Accounts payable"_s << u"Accounts payable"_s << true;
    QTest::newRow("/finance is different from finance") << u"/finance"_s << u"finance"_s << false;
    QTest::newRow("finance is different from /finance") << u"finance"_s << u"/finance"_s << false;
    QTest::newRow("a trailing / makes a distinct topic") << u"finance"_s << u"finance/"_s << false;
    QTest::newRow("a filter consisting only of / matches /") << u"/"_s << u"/"_s << true;
    QTest::newRow("no normalization: composed and decomposed e-acute differ")
        << u"caf\u00e9"_s << u"cafe\u0301"_s << false;

    // MQTT 5.0 §4.8.2: the $share and ShareName parts are not used for matching.
    QTest::newRow("$share/consumer1/sport/tennis/+ matches as sport/tennis/+")
        << u"$share/consumer1/sport/tennis/+"_s << u"sport/tennis/player1"_s << true;
    QTest::newRow("$share/consumer2/sport/tennis/+ matches as sport/tennis/+")
        << u"$share/consumer2/sport/tennis/+"_s << u"sport/tennis/player1"_s << true;
    QTest::newRow("$share/consumer1/sport/tennis/+ does not match sport/tennis/player1/ranking")
        << u"$share/consumer1/sport/tennis/+"_s << u"sport/tennis/player1/ranking"_s << false;
    QTest::newRow("$share/consumer1//finance matches as /finance")
        << u"$share/consumer1//finance"_s << u"/finance"_s << true;
    QTest::newRow("$share/consumer1//finance does not match finance")
        << u"$share/consumer1//finance"_s << u"finance"_s << false;
    QTest::newRow("the share prefix is not part of the topic")
        << u"$share/consumer1/sport/#"_s << u"$share/consumer1/sport"_s << false;
    QTest::newRow("a shared filter starting with # does not receive $ topics")
        << u"$share/g/#"_s << u"$SYS/x"_s << false;
    QTest::newRow("$queue/sport/# matches as sport/#")
        << u"$queue/sport/#"_s << u"sport/tennis"_s << true;

    QTest::newRow("an invalid filter matches nothing")
        << u"sport/tennis#"_s << u"sport/tennis#"_s << false;
    QTest::newRow("an empty topic matches nothing") << u"#"_s << QString() << false;
}

void tst_TopicFilter::matching()
{
    QFETCH(QString, filter);
    QFETCH(QString, topic);
    QFETCH(bool, matches);

    QCOMPARE(TopicFilter(filter).matches(topic), matches);
}

void tst_TopicFilter::sharedSubscription_data()
{
    QTest::addColumn<QString>("subscription");
    QTest::addColumn<TopicFilter::Kind>("kind");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("filter");

    // MQTT 5.0 §4.8.2
    QTest::newRow("$share/consumer1/sport/tennis/+")
        << u"$share/consumer1/sport/tennis/+"_s << TopicFilter::Kind::Shared << u"consumer1"_s
        << u"sport/tennis/+"_s;
    QTest::newRow("$share/consumer2/sport/tennis/+")
        << u"$share/consumer2/sport/tennis/+"_s << TopicFilter::Kind::Shared << u"consumer2"_s
        << u"sport/tennis/+"_s;
    QTest::newRow("$share/consumer1//finance")
        << u"$share/consumer1//finance"_s << TopicFilter::Kind::Shared << u"consumer1"_s
        << u"/finance"_s;
    QTest::newRow("a one-character ShareName")
        << u"$share/$/a"_s << TopicFilter::Kind::Shared << u"$"_s << u"a"_s;
    // EMQX
    QTest::newRow("$queue/sport/#")
        << u"$queue/sport/#"_s << TopicFilter::Kind::Queue << QString() << u"sport/#"_s;
    // Not prefixes: ordinary filters
    QTest::newRow("$share alone is an ordinary filter")
        << u"$share"_s << TopicFilter::Kind::Plain << QString() << u"$share"_s;
    QTest::newRow("$SHARE/ is case sensitive")
        << u"$SHARE/g/a"_s << TopicFilter::Kind::Plain << QString() << u"$SHARE/g/a"_s;
    QTest::newRow("$shared/ is not $share/")
        << u"$shared/g/a"_s << TopicFilter::Kind::Plain << QString() << u"$shared/g/a"_s;
    QTest::newRow("$queue alone is an ordinary filter")
        << u"$queue"_s << TopicFilter::Kind::Plain << QString() << u"$queue"_s;
    QTest::newRow("a plain filter")
        << u"from/v1/#"_s << TopicFilter::Kind::Plain << QString() << u"from/v1/#"_s;
}

void tst_TopicFilter::sharedSubscription()
{
    QFETCH(QString, subscription);
    QFETCH(TopicFilter::Kind, kind);
    QFETCH(QString, group);
    QFETCH(QString, filter);

    const TopicFilter parsed(subscription);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.errorString()));
    QCOMPARE(parsed.kind(), kind);
    QCOMPARE(test::shareGroup(parsed), group);
    QCOMPARE(parsed.filter(), filter);
    QCOMPARE(parsed.subscription(), subscription);
}

void tst_TopicFilter::sameShareNameDistinctSubscriptions()
{
    // MQTT 5.0 §4.8.2: "$share/consumer1//finance" and
    // "$share/consumer1/sport/tennis/+" are distinct shared subscriptions,
    // even though they have the same ShareName.
    const TopicFilter finance(u"$share/consumer1//finance"_s);
    const TopicFilter tennis(u"$share/consumer1/sport/tennis/+"_s);
    QCOMPARE(test::shareGroup(finance), test::shareGroup(tennis));
    QVERIFY(finance != tennis);
    QVERIFY(!test::filtersOverlap(finance, tennis));
    QVERIFY(finance.matches(u"/finance"));
    QVERIFY(!tennis.matches(u"/finance"));
}

void tst_TopicFilter::plainSyntaxIgnoresPrefixes()
{
    const TopicFilter filter(u"$share/g/a"_s, TopicFilter::Syntax::Filter);
    QVERIFY(filter.isValid());
    QCOMPARE(filter.kind(), TopicFilter::Kind::Plain);
    QCOMPARE(filter.filter(), u"$share/g/a"_s);
    QVERIFY(filter.matches(u"$share/g/a"));
    QVERIFY(!filter.matches(u"a"));
    QCOMPARE(TopicFilter(u"$share//a"_s, TopicFilter::Syntax::Filter).error(), TopicError::None);
}

void tst_TopicFilter::overlaps_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("overlap");

    QTest::newRow("identical filters") << u"a/b"_s << u"a/b"_s << true;
    QTest::newRow("different literals") << u"a/b"_s << u"a/c"_s << false;
    QTest::newRow("+ covers a literal level") << u"a/+"_s << u"a/b"_s << true;
    QTest::newRow("different depths never meet") << u"a/+"_s << u"a/b/c"_s << false;
    QTest::newRow("# covers every deeper level") << u"a/#"_s << u"a/b/c"_s << true;
    QTest::newRow("# covers its parent level") << u"sport/#"_s << u"sport"_s << true;
    QTest::newRow("+ does not cover a missing level") << u"sport/+"_s << u"sport"_s << false;
    QTest::newRow("# alone covers everything without $") << u"#"_s << u"x/y"_s << true;
    QTest::newRow("# does not cover $SYS topics") << u"#"_s << u"$SYS/#"_s << false;
    QTest::newRow("+ first does not cover $SYS topics") << u"+/monitor"_s << u"$SYS/+"_s << false;
    QTest::newRow("two leading wildcards meet outside $") << u"+/b"_s << u"#"_s << true;
    QTest::newRow("wildcards on both sides") << u"a/+/c"_s << u"+/b/#"_s << true;
    QTest::newRow("shared prefix is stripped")
        << u"$share/g1/from/v1/#"_s << u"from/v1/aaa"_s << true;
    QTest::newRow("seed example: from/v1/# twice") << u"from/v1/#"_s << u"from/v1/#"_s << true;
    QTest::newRow("invalid filters overlap nothing") << u"a#"_s << u"#"_s << false;
}

void tst_TopicFilter::overlaps()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, overlap);

    QCOMPARE(test::filtersOverlap(TopicFilter(a), TopicFilter(b)), overlap);
    QCOMPARE(test::filtersOverlap(TopicFilter(b), TopicFilter(a)), overlap);
}

void tst_TopicFilter::errorStringsNameTheRule()
{
    const TopicFilter notLast(u"sport/#/ranking"_s);
    QVERIFY(notLast.errorString().contains(u"last level"_s));
    QVERIFY(notLast.errorString().contains(u"§4.7.1.2"_s));
    const TopicFilter group(u"$share//x"_s);
    QVERIFY(group.errorString().contains(u"§4.8.2"_s));
}

void tst_TopicFilter::defaultFilterMatchesNothing()
{
    const TopicFilter filter;
    QVERIFY(!filter.isValid());
    QVERIFY(!filter.matches(u"a"));
}

QTEST_GUILESS_MAIN(tst_TopicFilter)
#include "tst_topicfilter.moc"
