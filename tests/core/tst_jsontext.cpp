// The JSON text writers of base: strings (from UTF-8 and from UTF-16) and
// numbers, as the event stream and the configuration writer put them out.
#include "base/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

using namespace mqhook;
using namespace Qt::StringLiterals;

class tst_JsonText : public QObject
{
    Q_OBJECT

private slots:
    void strings_data();
    void strings();
    void loneSurrogate();
    void appendsToWhatIsThere();
    void numbers_data();
    void numbers();
};

void tst_JsonText::strings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty") << QString() << QByteArray(R"("")");
    QTest::newRow("plain ASCII") << u"sensors/a/temp"_s << QByteArray(R"("sensors/a/temp")");
    QTest::newRow("escapes at both ends") << u"\"a\\"_s << QByteArray(R"("\"a\\")");
    QTest::newRow("control characters")
        << u"a\nb\rc\td\u0001e\u001f"_s << QByteArray(R"("a\nb\rc\td\u0001e\u001f")");
    QTest::newRow("DEL and slash stay") << u"a\u007f/b"_s << QByteArray("\"a\x7f/b\"");
    QTest::newRow("not ASCII first") << u"é-x"_s << QByteArray("\"\xC3\xA9-x\"");
    QTest::newRow("not ASCII last, an escape after it")
        << u"temp €\n"_s << QByteArray("\"temp \xE2\x82\xAC\\n\"");
    QTest::newRow("outside the BMP") << u"a😀\"b"_s << QByteArray("\"a\xF0\x9F\x98\x80\\\"b\"");
    QTest::newRow("long ASCII") << QString(300, u'x')
                                << QByteArray('"' + QByteArray(300, 'x') + '"');
}

// Both overloads write the same text, and Qt's parser reads the text back.
void tst_JsonText::strings()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QByteArray fromUtf16;
    appendJsonString(&fromUtf16, QStringView(text));
    QCOMPARE(fromUtf16, expected);
    QByteArray fromUtf8;
    appendJsonString(&fromUtf8, QByteArrayView(text.toUtf8()));
    QCOMPARE(fromUtf8, expected);
    const QJsonDocument document = QJsonDocument::fromJson('[' + fromUtf16 + ']');
    QCOMPARE(document.array().at(0).toString(), text);
}

void tst_JsonText::loneSurrogate()
{
    const QString text = u"a"_s + QChar(0xD800) + u"b"_s;
    QByteArray out;
    appendJsonString(&out, QStringView(text));
    QCOMPARE(out, QByteArray("\"a?b\""));
    QVERIFY(isJsonText(out));
}

void tst_JsonText::appendsToWhatIsThere()
{
    QByteArray out = "{\"k\":";
    appendJsonString(&out, u"v\u00e9"_s);
    out += ",\"n\":";
    appendJsonNumber(&out, -42);
    out += ",\"w\":";
    appendJsonString(&out, u"plain"_s);
    out += '}';
    QCOMPARE(out, QByteArray("{\"k\":\"v\xC3\xA9\",\"n\":-42,\"w\":\"plain\"}"));
}

void tst_JsonText::numbers_data()
{
    QTest::addColumn<qint64>("value");
    QTest::newRow("zero") << qint64(0);
    QTest::newRow("one") << qint64(1);
    QTest::newRow("negative") << qint64(-1234567);
    QTest::newRow("large") << qint64(1'790'000'000'123);
    QTest::newRow("max") << std::numeric_limits<qint64>::max();
    QTest::newRow("min") << std::numeric_limits<qint64>::min();
}

void tst_JsonText::numbers()
{
    QFETCH(qint64, value);
    QByteArray out = "x";
    appendJsonNumber(&out, value);
    QCOMPARE(out, 'x' + QByteArray::number(value));
}

QTEST_GUILESS_MAIN(tst_JsonText)
#include "tst_jsontext.moc"
