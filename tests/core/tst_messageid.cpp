#include "delivery/messageid.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace mqhook;

class tst_MessageId : public QObject
{
    Q_OBJECT

private slots:
    void isARandomUuid();
    void unique();
    void followsTheGenerator();
};

// RFC 4122 §4.4: version 4, variant 10, lower-case hex without braces.
void tst_MessageId::isARandomUuid()
{
    static const QRegularExpression format(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    for (int i = 0; i < 100; ++i) {
        const QString id = newMessageId();
        QVERIFY2(format.match(id).hasMatch(), qPrintable(id));
        const QUuid uuid(id);
        QCOMPARE(uuid.version(), QUuid::Random);
        QCOMPARE(uuid.variant(), QUuid::DCE);
    }
}

void tst_MessageId::unique()
{
    QSet<QString> seen;
    for (int i = 0; i < 100'000; ++i)
        seen.insert(newMessageId());
    QCOMPARE(seen.size(), 100'000);
}

void tst_MessageId::followsTheGenerator()
{
    QRandomGenerator first(42);
    QRandomGenerator again(42);
    QRandomGenerator other(43);
    const QString id = newMessageId(&first);
    QCOMPARE(newMessageId(&again), id);
    QVERIFY(newMessageId(&other) != id);
    QVERIFY(newMessageId(&first) != id);
}

QTEST_GUILESS_MAIN(tst_MessageId)
#include "tst_messageid.moc"
