#include "base/topicfilter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace mqhook;

class tst_ExcludeMatch : public QObject
{
    Q_OBJECT

private slots:
    void excludeMatches_data();
    void excludeMatches();
};

void tst_ExcludeMatch::excludeMatches_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("excluded");

    // The seed's example: a trailing '/' excludes the whole subtree.
    QTest::newRow("subtree: the level itself") << u"from/v1/aaa/"_s << u"from/v1/aaa"_s << true;
    QTest::newRow("subtree: with trailing slash") << u"from/v1/aaa/"_s << u"from/v1/aaa/"_s << true;
    QTest::newRow("subtree: a child") << u"from/v1/aaa/"_s << u"from/v1/aaa/x"_s << true;
    QTest::newRow("subtree: a grandchild") << u"from/v1/aaa/"_s << u"from/v1/aaa/x/y"_s << true;
    QTest::newRow("subtree: not a prefix of a level")
        << u"from/v1/aaa/"_s << u"from/v1/aaab"_s << false;
    QTest::newRow("subtree: a sibling") << u"from/v1/aaa/"_s << u"from/v1/bbb"_s << false;
    QTest::newRow("subtree: the parent") << u"from/v1/aaa/"_s << u"from/v1"_s << false;
    QTest::newRow("subtree with '+'") << u"from/+/aaa/"_s << u"from/v2/aaa/x"_s << true;

    // Otherwise an MQTT topic filter, matched as MQTT does (MQTT 5.0 §4.7).
    QTest::newRow("exact: equal") << u"from/v1/aaa"_s << u"from/v1/aaa"_s << true;
    QTest::newRow("exact: child not excluded") << u"from/v1/aaa"_s << u"from/v1/aaa/x"_s << false;
    QTest::newRow("exact: case matters") << u"from/v1/AAA"_s << u"from/v1/aaa"_s << false;
    QTest::newRow("'+' one level") << u"from/+/aaa"_s << u"from/v1/aaa"_s << true;
    QTest::newRow("'+' not two levels") << u"from/+/aaa"_s << u"from/v1/v2/aaa"_s << false;
    QTest::newRow("'+' matches an empty level") << u"from/+/aaa"_s << u"from//aaa"_s << true;
    QTest::newRow("'#' the rest") << u"from/#"_s << u"from/v1/aaa"_s << true;
    QTest::newRow("'#' includes the parent") << u"from/#"_s << u"from"_s << true; // §4.7.1.2
    QTest::newRow("'#' alone") << u"#"_s << u"any/topic"_s << true;
    QTest::newRow("'+/#'") << u"+/#"_s << u"a"_s << true;
    QTest::newRow("'#' not '$SYS'") << u"#"_s << u"$SYS/broker"_s << false; // §4.7.2
    QTest::newRow("'+' not '$SYS'") << u"+/broker"_s << u"$SYS/broker"_s << false;
    QTest::newRow("explicit '$SYS'") << u"$SYS/#"_s << u"$SYS/broker"_s << true;
    QTest::newRow("leading slash is a level") << u"/a"_s << u"a"_s << false;
    QTest::newRow("empty entry excludes nothing") << QString() << u"a"_s << false;
}

void tst_ExcludeMatch::excludeMatches()
{
    QFETCH(QString, entry);
    QFETCH(QString, topic);
    QFETCH(bool, excluded);
    QCOMPARE(TopicFilter::forExclude(entry).matches(topic), excluded);
}

QTEST_GUILESS_MAIN(tst_ExcludeMatch)
#include "tst_excludematch.moc"
