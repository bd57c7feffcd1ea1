#include "config/jsonreader.h"
#include "config/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace mqhook;

namespace {

QByteArray utf8(const char8_t *text)
{
    return QByteArray(reinterpret_cast<const char *>(text));
}

} // namespace

class tst_JsonReader : public QObject
{
    Q_OBJECT

private slots:
    void valuesAndTypes();
    void positionsOfValuesAndKeys();
    void columnsCountCharactersNotBytes();
    void duplicateKeysAreKept();
    void syntaxErrors_data();
    void syntaxErrors();
    void agreesWithQJsonDocument_data();
    void agreesWithQJsonDocument();
    void writerRoundTrip();
    void damagedInputIsAnErrorNeverACrash();
};

void tst_JsonReader::valuesAndTypes()
{
    JsonNode root;
    JsonReadError error;
    QVERIFY(JsonReader::read(R"({"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "n": -1.5e2, "t": true,
                                 "f": false, "z": null, "a": [1, "x"], "o": {}})",
                             &root, &error));
    QVERIFY(root.isObject());
    QCOMPARE(root.keys, QStringList({u"s"_s, u"n"_s, u"t"_s, u"f"_s, u"z"_s, u"a"_s, u"o"_s}));
    QCOMPARE(root.member(u"s"_s)->text, u"a\"\\/\b\f\n\r\t\u00e9\U0001F600"_s);
    QCOMPARE(root.member(u"n"_s)->number, -150.0);
    QCOMPARE(root.member(u"n"_s)->text, u"-1.5e2"_s);
    QVERIFY(root.member(u"t"_s)->boolean);
    QVERIFY(root.member(u"f"_s)->isBool());
    QVERIFY(!root.member(u"f"_s)->boolean);
    QVERIFY(root.member(u"z"_s)->isNull());
    QCOMPARE(root.member(u"a"_s)->children.size(), size_t(2));
    QVERIFY(root.member(u"o"_s)->isObject());
    QCOMPARE(root.member(u"missing"_s), nullptr);
}

void tst_JsonReader::positionsOfValuesAndKeys()
{
    const QByteArray json = "{\n"
                            "  \"a\": 1,\n"
                            "  \"list\": [\n"
                            "    \"x\",\t{\"k\": null}\n"
                            "  ]\n"
                            "}\n";
    JsonNode root;
    QVERIFY(JsonReader::read(json, &root, nullptr));
    QCOMPARE(root.position, (JsonPosition{1, 1}));
    QCOMPARE(root.keyPositions[0], (JsonPosition{2, 3}));
    QCOMPARE(root.children[0].position, (JsonPosition{2, 8}));
    QCOMPARE(root.keyPositions[1], (JsonPosition{3, 3}));
    const JsonNode &list = root.children[1];
    QCOMPARE(list.position, (JsonPosition{3, 11}));
    QCOMPARE(list.children[0].position, (JsonPosition{4, 5}));
    QCOMPARE(list.children[1].position, (JsonPosition{4, 10}));
    QCOMPARE(list.children[1].keyPositions[0], (JsonPosition{4, 11}));
    QCOMPARE(list.children[1].children[0].position, (JsonPosition{4, 16}));
}

void tst_JsonReader::columnsCountCharactersNotBytes()
{
    // "é" is two bytes and "😀" four in UTF-8; each is one column.
    JsonNode root;
    QVERIFY(JsonReader::read(utf8(u8"[\"é😀\", 7]"), &root, nullptr));
    QCOMPARE(root.children[1].position, (JsonPosition{1, 8}));

    JsonReadError error;
    QVERIFY(!JsonReader::read(utf8(u8"\uFEFF[\"é\" 7]"), &root, &error));
    QCOMPARE(error.position, (JsonPosition{1, 6}));
}

void tst_JsonReader::duplicateKeysAreKept()
{
    JsonNode root;
    QVERIFY(JsonReader::read(R"({"a": 1, "b": 2, "a": 3})", &root, nullptr));
    QCOMPARE(root.keys, QStringList({u"a"_s, u"b"_s, u"a"_s}));
    QCOMPARE(root.member(u"a"_s)->number, 3.0);
    QCOMPARE(root.keyPositions[2], (JsonPosition{1, 18}));
}

void tst_JsonReader::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("empty file") << QByteArray("  \n") << 2 << 1 << u"got the end of the file"_s;
    QTest::newRow("missing comma between members")
        << QByteArray("{\n  \"a\": 1\n  \"b\": 2\n}") << 3 << 3 << u"a comma is missing"_s;
    QTest::newRow("missing comma in a list")
        << QByteArray("[1,\n 2 3]") << 2 << 4 << u"a comma is missing"_s;
    QTest::newRow("trailing comma in an object")
        << QByteArray("{\"a\": 1,\n}") << 2 << 1 << u"no trailing comma"_s;
    QTest::newRow("trailing comma in a list")
        << QByteArray("[1, 2, ]") << 1 << 8 << u"no trailing comma"_s;
    QTest::newRow("missing colon") << QByteArray("{\"a\" 1}") << 1 << 6 << u"expected ':'"_s;
    QTest::newRow("unquoted key") << QByteArray("{a: 1}") << 1 << 2 << u"key in double quotes"_s;
    QTest::newRow("single quotes") << QByteArray("{\"a\": 'x'}") << 1 << 7 << u"double quotes"_s;
    QTest::newRow("comment") << QByteArray("{\n  // note\n}") << 2 << 3 << u"no comments"_s;
    QTest::newRow("unterminated string")
        << QByteArray("{\"a\": \"abc\n}") << 1 << 7 << u"not closed before the end of the line"_s;
    QTest::newRow("string cut by end of file") << QByteArray("[\"abc") << 1 << 2 << u"not closed"_s;
    QTest::newRow("invalid escape") << QByteArray("[\"a\\qb\"]") << 1 << 4 << u"invalid escape"_s;
    QTest::newRow("bad unicode escape")
        << QByteArray("[\"\\u12g4\"]") << 1 << 7 << u"hexadecimal digit"_s;
    QTest::newRow("lone surrogate")
        << QByteArray("[\"\\ud800x\"]") << 1 << 3 << u"lone high surrogate"_s;
    QTest::newRow("raw tab in string")
        << QByteArray("[\"a\tb\"]") << 1 << 4 << u"control character"_s;
    QTest::newRow("leading zero") << QByteArray("[012]") << 1 << 3 << u"leading zero"_s;
    QTest::newRow("bare minus") << QByteArray("[-]") << 1 << 3 << u"digit after '-'"_s;
    QTest::newRow("fraction without digits")
        << QByteArray("[1.]") << 1 << 4 << u"digit after '.'"_s;
    QTest::newRow("exponent without digits") << QByteArray("[1e+]") << 1 << 5 << u"exponent"_s;
    QTest::newRow("number out of range") << QByteArray("[1e999]") << 1 << 2 << u"out of range"_s;
    QTest::newRow("capitalised literal") << QByteArray("[True]") << 1 << 2 << u"got 'T'"_s;
    QTest::newRow("truncated literal") << QByteArray("[tru]") << 1 << 2 << u"did you mean 'true'"_s;
    QTest::newRow("unclosed object")
        << QByteArray("{\"a\": 1") << 1 << 8 << u"got the end of the file"_s;
    QTest::newRow("unclosed list") << QByteArray("[1,\n") << 2 << 1 << u"got the end of the file"_s;
    QTest::newRow("text after the document")
        << QByteArray("{}\n}") << 2 << 1 << u"expected the end of the file"_s;
    QTest::newRow("invalid UTF-8 in string")
        << QByteArray("[\"\xff\"]") << 1 << 2 << u"not valid UTF-8"_s;
    QTest::newRow("nesting too deep") << QByteArray(300, '[') << 1 << 257 << u"nesting deeper"_s;
}

void tst_JsonReader::syntaxErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, fragment);

    JsonNode root;
    JsonReadError error;
    QVERIFY(!JsonReader::read(json, &root, &error));
    QVERIFY2(error.message.contains(fragment), qPrintable(error.message));
    QCOMPARE(error.position.line, line);
    QCOMPARE(error.position.column, column);
}

void tst_JsonReader::agreesWithQJsonDocument_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("nested") << QByteArray(R"({"a": [1, 2.5, {"b": null}], "c": "\u0041"})");
    QTest::newRow("numbers") << QByteArray("[0, -0.0, 1E3, 2e-2, 123456789012]");
    QTest::newRow("unicode") << utf8(u8"[\"日本\", \"\\ud834\\udd1e\"]");
}

void tst_JsonReader::agreesWithQJsonDocument()
{
    QFETCH(QByteArray, json);
    JsonNode root;
    QVERIFY(JsonReader::read(json, &root, nullptr));
    const QJsonDocument document = QJsonDocument::fromJson(json);
    QVERIFY(!document.isNull());
    const QJsonValue expected =
        document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    QCOMPARE(root.toJsonValue(), expected);
}

void tst_JsonReader::writerRoundTrip()
{
    const QByteArray json =
        utf8(u8R"({"b": [1, 2.5, "x\"y\n\u0001é", true, null, {}, []], "a": {"z": false}})");
    JsonNode root;
    QVERIFY(JsonReader::read(json, &root, nullptr));
    const QByteArray written = JsonWriter::write(root);
    QVERIFY2(written.startsWith("{\n  \"b\": [\n    1,\n"), written.constData());
    JsonNode again;
    QVERIFY(JsonReader::read(written, &again, nullptr));
    QCOMPARE(again.keys, root.keys); // member order is kept
    QCOMPARE(again.toJsonValue(), root.toJsonValue());
}

void tst_JsonReader::damagedInputIsAnErrorNeverACrash()
{
    // Deterministic damage to a valid document: deleted, repeated and replaced
    // bytes. Each result either reads (then as QJsonDocument reads it) or gives
    // an error inside the text.
    const QByteArray valid = R"({"a": [1, -2.5e3, "x\u00e9\n", true, false, null],
  "b": {"c": {}, "d": []}, "e": "\ud83d\ude00"})";
    QRandomGenerator random(20240601);
    const QByteArray alphabet = "{}[]\",:-+.0123456789eEtrufalsn \n\t\\/u\x01\xc3\xa9\xff";
    for (int round = 0; round < 5000; ++round) {
        QByteArray damaged = valid;
        const int edits = 1 + random.bounded(3);
        for (int e = 0; e < edits && !damaged.isEmpty(); ++e) {
            const qsizetype at = random.bounded(int(damaged.size()));
            switch (random.bounded(3)) {
            case 0:
                damaged.remove(at, 1 + random.bounded(3));
                break;
            case 1:
                damaged.insert(at, damaged.mid(at, 1 + random.bounded(4)));
                break;
            default:
                damaged[at] = alphabet.at(random.bounded(int(alphabet.size())));
            }
        }
        JsonNode root;
        JsonReadError error;
        const int lines = int(damaged.count('\n')) + 1;
        if (JsonReader::read(damaged, &root, &error)) {
            QJsonParseError qtError;
            const QJsonDocument document = QJsonDocument::fromJson(damaged, &qtError);
            if (qtError.error == QJsonParseError::NoError &&
                (document.isObject() || document.isArray())) {
                const QJsonValue expected = document.isArray() ? QJsonValue(document.array())
                                                               : QJsonValue(document.object());
                QVERIFY2(root.toJsonValue() == expected, damaged.constData());
            }
        } else {
            QVERIFY2(!error.message.isEmpty(), damaged.constData());
            QVERIFY2(error.position.line >= 1 && error.position.line <= lines, damaged.constData());
            QVERIFY2(error.position.column >= 1, damaged.constData());
        }
    }
}

QTEST_GUILESS_MAIN(tst_JsonReader)
#include "tst_jsonreader.moc"
