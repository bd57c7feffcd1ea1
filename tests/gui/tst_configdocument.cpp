#include "config/jsonreader.h"
#include "config/jsonwriter.h"
#include "configdocument.h"
#include "configpaths.h"
#include "jsonpath.h"
#include "testpaths.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

using W = JsonWriter;

JsonNode read(const QByteArray &json)
{
    JsonNode node;
    JsonReadError error;
    if (!JsonReader::read(json, &node, &error))
        qFatal("not JSON: %s", qPrintable(error.message));
    return node;
}

QByteArray fileBytes(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(fileName));
    return file.readAll();
}

// Every object's keys in order, with the path of the object: shows any
// reordering or any key added or lost.
void keyOrder(const JsonNode &node, const QString &path, QStringList *out)
{
    if (node.isObject())
        out->append(path + u": "_s + node.keys.join(u',') + u' ');
    for (size_t i = 0; i < node.children.size(); ++i) {
        const QString child = node.isObject() ? path + u'.' + node.keys.at(qsizetype(i))
                                              : path + u'[' + QString::number(i) + u']';
        keyOrder(node.children[i], child, out);
    }
}

JsonPath path(const QString &text)
{
    return JsonPath::fromString(text);
}

} // namespace

class tst_ConfigDocument : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void seedKeepsItsShape();
    void referencesAreKeptAsWritten();
    void editsAndUndo();
    void typingMergesIntoOneStep();
    void setValueMakesMissingObjects();
    void insertRemoveMove();
    void validationRunsAfterEdits();
    void saveRefusedWithErrors();
    void previewHidesPasswords();
    void notJsonIsNotEditable();
    void openingAfterNewIsNotModified();
    void pathText();
};

void tst_ConfigDocument::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("the original README's example") << u"resources/examples/seed.json"_s;
    QTest::newRow("every key") << u"resources/examples/full.json"_s;
    QTest::newRow("unknown keys and ${ENV}") << u"tests/data/unknown-keys.json"_s;
    QTest::newRow("five mistakes") << u"resources/examples/five-mistakes.json"_s;
}

void tst_ConfigDocument::roundTrip()
{
    QFETCH(QString, file);
    const QString source = test::sourcePath(file);
    ConfigDocument document;
    QVERIFY(document.load(source));
    QVERIFY(!document.isModified());

    // Saved unchanged (five-mistakes cannot be saved: compare what Save would write).
    const QByteArray written = document.toJson();
    const JsonNode original = read(fileBytes(source));
    const JsonNode again = read(written);
    QVERIFY2(sameJson(original, again), written.constData());
    QStringList before;
    QStringList after;
    keyOrder(original, {}, &before);
    keyOrder(again, {}, &after);
    QCOMPARE(after, before);
    QCOMPARE(again.toJsonValue(), original.toJsonValue());
}

void tst_ConfigDocument::seedKeepsItsShape()
{
    QTemporaryDir dir;
    const QString copy = dir.filePath(u"config.json"_s);
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"resources/examples/seed.json"_s)));
    QString error;
    QVERIFY2(document.save(copy, &error), qPrintable(error));
    const JsonNode saved = read(fileBytes(copy));
    const JsonNode *routes = path(u"mqtt_brokers[0].sub_deal_config"_s).find(saved);
    QVERIFY(routes);
    QVERIFY(routes->isObject()); // not turned into a list
    // No defaults added: the seed's keys and nothing else.
    const JsonNode *broker = path(u"mqtt_brokers[1]"_s).find(saved);
    QCOMPARE(broker->keys, (QStringList{u"client_id"_s, u"username"_s, u"password"_s, u"alive"_s,
                                        u"broker_ip"_s, u"broker_port"_s, u"sub_deal_config"_s}));
    QVERIFY(!saved.member(u"queue"_s));
    QVERIFY(!document.isModified());
    QCOMPARE(document.fileName(), copy);
}

void tst_ConfigDocument::referencesAreKeptAsWritten()
{
    qputenv("MQHOOK_TEST_USER", "someone");
    qputenv("MQHOOK_TEST_PORT", "2883");
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"tests/data/unknown-keys.json"_s)));
    // The loader expands them (the draft shows the values) ...
    QCOMPARE(document.draft().brokers.value(0).username, u"someone"_s);
    QCOMPARE(document.draft().brokers.value(0).brokerPort, 2883);
    // ... the document keeps the references, and an edit elsewhere does not touch them.
    document.setValue(path(u"mqtt_brokers[0].alive"_s), W::integer(45));
    const QByteArray json = document.toJson();
    QVERIFY(json.contains(R"("username": "${MQHOOK_TEST_USER}")"));
    QVERIFY(json.contains(R"("broker_port": "${MQHOOK_TEST_PORT:-1883}")"));
    QVERIFY(!json.contains("someone"));
    QVERIFY(!json.contains("2883"));
    QVERIFY(json.contains(R"("owner": "team-a")"));
    QVERIFY(json.contains(R"("format": "json")"));
    qunsetenv("MQHOOK_TEST_USER");
    qunsetenv("MQHOOK_TEST_PORT");
}

void tst_ConfigDocument::editsAndUndo()
{
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"resources/examples/seed.json"_s)));
    const QByteArray original = document.toJson();
    QSignalSpy changed(&document, &ConfigDocument::changed);
    const JsonPath port = path(u"mqtt_brokers[0].broker_port"_s);

    document.setValue(port, W::integer(8883), false);
    QCOMPARE(changed.count(), 1);
    QVERIFY(document.isModified());
    QCOMPARE(document.node(port)->number, 8883.0);

    document.undoStack()->undo();
    QCOMPARE(document.node(port)->number, 1883.0);
    QCOMPARE(document.toJson(), original);
    QVERIFY(!document.isModified());
    document.undoStack()->redo();
    QCOMPARE(document.node(port)->number, 8883.0);

    // Setting the same value again is no edit at all.
    const int steps = document.undoStack()->count();
    document.setValue(port, W::integer(8883), false);
    QCOMPARE(document.undoStack()->count(), steps);
}

void tst_ConfigDocument::typingMergesIntoOneStep()
{
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"resources/examples/seed.json"_s)));
    const JsonPath id = path(u"mqtt_brokers[0].client_id"_s);
    for (const QString &text : {u"o"_s, u"or"_s, u"ord"_s, u"orders"_s})
        document.setValue(id, W::string(text));
    QCOMPARE(document.undoStack()->count(), 1);
    // Another field starts a step of its own.
    document.setValue(path(u"mqtt_brokers[0].username"_s), W::string(u"u"_s));
    QCOMPARE(document.undoStack()->count(), 2);
    document.undoStack()->undo();
    document.undoStack()->undo();
    QCOMPARE(document.node(id)->text, u"go-mqtt-client-1"_s);
}

void tst_ConfigDocument::setValueMakesMissingObjects()
{
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"resources/examples/seed.json"_s)));
    const JsonPath ca = path(u"mqtt_brokers[0].tls.ca_file"_s);
    document.setValue(ca, W::string(u"c"_s));
    document.setValue(ca, W::string(u"ca.pem"_s));
    QCOMPARE(document.undoStack()->count(), 1);
    const JsonNode *broker = document.node(path(u"mqtt_brokers[0]"_s));
    QCOMPARE(broker->keys.constLast(), u"tls"_s); // appended after the seed's keys
    QCOMPARE(document.node(ca)->text, u"ca.pem"_s);
    document.undoStack()->undo();
    QVERIFY(!document.node(path(u"mqtt_brokers[0].tls"_s)));
}

void tst_ConfigDocument::insertRemoveMove()
{
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"resources/examples/seed.json"_s)));
    const JsonPath brokers = ConfigPaths::brokers();
    document.move(brokers, 0, 1);
    QCOMPARE(document.node(path(u"mqtt_brokers[0].client_id"_s))->text, u"go-mqtt-client-2"_s);
    document.remove(path(u"mqtt_brokers[1]"_s));
    QCOMPARE(document.node(brokers)->children.size(), size_t(1));
    document.insert(path(u"mqtt_brokers[0].sub_deal_config.excludeTopics"_s), 0,
                    W::string(u"a/b"_s));
    QCOMPARE(document.node(path(u"mqtt_brokers[0].sub_deal_config.excludeTopics[0]"_s))->text,
             u"a/b"_s);
    document.remove(path(u"mqtt_brokers[0].username"_s));
    QVERIFY(!document.node(path(u"mqtt_brokers[0].username"_s)));
    while (document.undoStack()->canUndo())
        document.undoStack()->undo();
    QCOMPARE(
        document.toJson(),
        JsonWriter::write(read(fileBytes(test::sourcePath(u"resources/examples/seed.json"_s)))));
}

void tst_ConfigDocument::validationRunsAfterEdits()
{
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"resources/examples/seed.json"_s)));
    QCOMPARE(document.errorCount(), 0);
    QSignalSpy validated(&document, &ConfigDocument::validated);
    document.setValue(path(u"mqtt_brokers[0].broker_port"_s), W::integer(70000));
    QVERIFY(!document.isValidationCurrent());
    // In the background, a moment later.
    QVERIFY(validated.wait(5000));
    QVERIFY(document.isValidationCurrent());
    QCOMPARE(document.errorCount(), 1);
    QCOMPARE(document.issues().first().path, u"mqtt_brokers[0].broker_port"_s);
    QVERIFY(document.issues().first().message.contains(u"from 1 to 65535, got 70000"_s));
}

void tst_ConfigDocument::saveRefusedWithErrors()
{
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"config.json"_s);
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"resources/examples/seed.json"_s)));
    document.setValue(path(u"mqtt_brokers[0].sub_deal_config.subTopic.topic"_s),
                      W::string(u"a/#/b"_s));
    QString error;
    QVERIFY(!document.save(fileName, &error));
    QVERIFY2(error.contains(u"mqtt_brokers[0].sub_deal_config.subTopic.topic"_s),
             qPrintable(error));
    QVERIFY(!QFile::exists(fileName));
    QVERIFY(document.isModified());
    document.undoStack()->undo();
    QVERIFY2(document.save(fileName, &error), qPrintable(error));
    QVERIFY(QFile::exists(fileName));
}

void tst_ConfigDocument::previewHidesPasswords()
{
    ConfigDocument document;
    QVERIFY(document.load(test::sourcePath(u"resources/examples/full.json"_s)));
    document.setValue(path(u"mqtt_brokers[1].password"_s), W::string(u"hunter2-secret"_s));
    document.setValue(path(u"mqtt_brokers[0].sub_deal_config[1].callbackAddress[0]"_s),
                      W::string(u"http://user:url-secret@127.0.0.1:9000/audit"_s));
    document.setValue(path(u"mqtt_brokers[0].sub_deal_config[0].callbackHeaders.Authorization"_s),
                      W::string(u"Bearer header-secret"_s));
    const QByteArray shown = document.toRedactedJson();
    QVERIFY(!shown.contains("hunter2-secret"));
    QVERIFY(!shown.contains("url-secret"));
    QVERIFY(!shown.contains("header-secret"));
    // References are no secrets: shown as written.
    QVERIFY(shown.contains("${MQHOOK_BROKER_PASSWORD:-change-me}"));
    QVERIFY(document.toJson().contains("hunter2-secret")); // Save writes what the user chose
}

void tst_ConfigDocument::notJsonIsNotEditable()
{
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"broken.json"_s);
    QVERIFY(test::writeFile(fileName, "{\n  \"mqtt_brokers\": [\n"));
    ConfigDocument document;
    QVERIFY(!document.load(fileName));
    QVERIFY(!document.isEditable());
    QCOMPARE(document.issues().size(), 1);
    QVERIFY(document.issues().first().line >= 2);
    QString error;
    QVERIFY(!document.save(fileName, &error));
}

void tst_ConfigDocument::pathText()
{
    const JsonPath p =
        JsonPath().key(u"mqtt_brokers"_s).index(1).key(u"sub_deal_config"_s).index(0);
    QCOMPARE(p.toString(), u"mqtt_brokers[1].sub_deal_config[0]"_s);
    QCOMPARE(JsonPath::fromString(p.toString()), p);
    QVERIFY(JsonPath::covers(u"mqtt_brokers[1]"_s, u"mqtt_brokers[1].alive"_s));
    QVERIFY(!JsonPath::covers(u"mqtt_brokers[1]"_s, u"mqtt_brokers[10].alive"_s));
    QVERIFY(JsonPath::covers(u"a.b"_s, u"a.b[2]"_s));
    QVERIFY(!JsonPath::covers(u"a.b"_s, u"a.bc"_s));
}

// A new document counts as modified until saved; opening a file after it
// shows the file as it is, unmodified.
void tst_ConfigDocument::openingAfterNewIsNotModified()
{
    ConfigDocument document;
    document.newDocument();
    QVERIFY(document.isModified());
    QVERIFY(document.load(mqhook::test::sourcePath(u"resources/examples/seed.json"_s)));
    QVERIFY(!document.isModified());
}

QTEST_MAIN(tst_ConfigDocument)
#include "tst_configdocument.moc"
