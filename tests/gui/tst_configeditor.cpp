#include "config/configschema.h"
#include "config/jsonwriter.h"
#include "configdocument.h"
#include "configeditor.h"
#include "configpaths.h"
#include "configtreemodel.h"
#include "fieldbinder.h"
#include "forms/brokerform.h"
#include "forms/itemform.h"
#include "forms/routeform.h"
#include "integerspinbox.h"
#include "mainwindow.h"
#include "stringlisteditor.h"
#include "tableeditor.h"
#include "testpaths.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <functional>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

using Kind = ConfigTreeModel::Kind;

JsonPath path(const QString &text)
{
    return JsonPath::fromString(text);
}

QString sectionName(ConfigSection section)
{
    static const char *const names[] = {"root",     "broker",       "broker tls",    "subscription",
                                        "subTopic", "callback tls", "retry_backoff", "batch",
                                        "where",    "log_config",   "queue",         "admin"};
    return QString::fromLatin1(names[int(section)]);
}

const FieldBinder::Field *findField(const ConfigEditor &editor, ConfigSection section,
                                    const QString &key, const FieldBinder **owner = nullptr)
{
    for (const FieldBinder *binder : editor.binders()) {
        for (const FieldBinder::Field &field : binder->fields()) {
            if (field.section == section && field.key == key && field.widget) {
                if (owner)
                    *owner = binder;
                return &field;
            }
        }
    }
    return nullptr;
}

// The item of full.json where key appears, so that its widget shows a value.
JsonPath itemFor(ConfigSection section, const QString &key)
{
    switch (section) {
    case ConfigSection::Root:
        return JsonPath().key(key);
    case ConfigSection::Broker:
        return path(key == u"password_keychain" || key == u"ws_path" ? u"mqtt_brokers[1]"_s
                                                                     : u"mqtt_brokers[0]"_s);
    case ConfigSection::BrokerTls:
        return path(u"mqtt_brokers[0]"_s);
    case ConfigSection::Subscription:
        if (key == u"callbaccallbackAddress")
            return path(u"mqtt_brokers[0].sub_deal_config[0]"_s);
        [[fallthrough]];
    case ConfigSection::SubTopic:
    case ConfigSection::CallbackTls:
    case ConfigSection::RetryBackoff:
    case ConfigSection::Batch:
    case ConfigSection::Where:
        return path(u"mqtt_brokers[0].sub_deal_config[0]"_s);
    case ConfigSection::Log:
        return path(u"log_config"_s);
    case ConfigSection::Queue:
        return path(u"queue"_s);
    case ConfigSection::Admin:
        return path(u"admin"_s);
    }
    return {};
}

// Changes a field's value the way a person would; false for kinds that are
// edited through the tree or by the form itself.
bool editLikeAPerson(const FieldBinder::Field &field)
{
    QWidget *widget = field.widget;
    switch (field.kind) {
    case FieldBinder::Kind::Text:
    case FieldBinder::Kind::File:
    case FieldBinder::Kind::StatusList: {
        auto *edit = static_cast<QLineEdit *>(widget);
        edit->setFocus();
        edit->end(false);
        QTest::keyClicks(edit, field.kind == FieldBinder::Kind::StatusList ? u", 503"_s : u"x"_s);
        return true;
    }
    case FieldBinder::Kind::Template:
        QTest::keyClicks(static_cast<QPlainTextEdit *>(widget), u"x"_s);
        return true;
    case FieldBinder::Kind::Integer:
    case FieldBinder::Kind::Number: {
        auto *spin = static_cast<QDoubleSpinBox *>(widget);
        spin->setFocus();
        QTest::keyClick(spin, spin->value() < spin->maximum() ? Qt::Key_Up : Qt::Key_Down);
        return true;
    }
    case FieldBinder::Kind::Bool:
        QTest::mouseClick(widget, Qt::LeftButton, {}, QPoint(4, widget->height() / 2));
        return true;
    case FieldBinder::Kind::Choice: {
        auto *combo = static_cast<QComboBox *>(widget);
        combo->setFocus();
        QTest::keyClick(combo,
                        combo->currentIndex() + 1 < combo->count() ? Qt::Key_Down : Qt::Key_Up);
        return true;
    }
    case FieldBinder::Kind::StringList:
        static_cast<StringListEditor *>(widget)->addButton()->click();
        return true;
    case FieldBinder::Kind::Table:
        static_cast<TableEditor *>(widget)->addButton()->click();
        return true;
    case FieldBinder::Kind::Section:
    case FieldBinder::Kind::Structure:
    case FieldBinder::Kind::Custom:
        return false;
    }
    return false;
}

QString jsonAt(const ConfigDocument &document, const JsonPath &at)
{
    const JsonNode *node = document.node(at);
    return node ? QString::fromUtf8(JsonWriter::write(*node)) : u"(absent)"_s;
}

} // namespace

class tst_ConfigEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everySchemaKeyHasAWidget();
    void everyWidgetEditsItsKey();
    void invalidValueIsMarkedAndBlocksSave_data();
    void invalidValueIsMarkedAndBlocksSave();
    void addDuplicateRemoveAndUndo();
    void routeObjectBecomesAListOnlyWhenNeeded();
    void enableAndDisable();
    void reorderByDragAndByActions();
    void referenceInANumberField();
    void unknownKeysAreShownAndKept();

private:
    QTemporaryDir m_settings;
};

void tst_ConfigEditor::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_ConfigEditor::everySchemaKeyHasAWidget()
{
    MainWindow window(test::sourcePath(u"resources/examples/full.json"_s));
    window.setUnattended(QMessageBox::Discard);
    QStringList missing;
    for (const ConfigKey &key : ConfigSchema::keys()) {
        if (!findField(*window.editor(), key.section, QString::fromLatin1(key.name)))
            missing.append(sectionName(key.section) + u": "_s + QString::fromLatin1(key.name));
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(u"keys the editor has no widget for: "_s + missing.join(u", "_s)));
}

void tst_ConfigEditor::everyWidgetEditsItsKey()
{
    QTemporaryDir dir;
    MainWindow window(
        test::copyFromSource(u"resources/examples/full.json"_s, dir.path(), u"config.json"_s));
    window.setUnattended(QMessageBox::Discard);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConfigEditor *editor = window.editor();
    ConfigDocument *document = window.document();
    QStringList problems;
    for (const ConfigKey &key : ConfigSchema::keys()) {
        const QString name = QString::fromLatin1(key.name);
        const QString label = sectionName(key.section) + u": "_s + name;
        if (!findField(*editor, key.section, name))
            continue; // everySchemaKeyHasAWidget names it
        editor->select(itemFor(key.section, name));
        QCoreApplication::processEvents();
        // A key may have more than one widget (the password: one per way of keeping it).
        const FieldBinder *binder = nullptr;
        const FieldBinder::Field *field = nullptr;
        for (const FieldBinder *candidate : editor->binders()) {
            for (const FieldBinder::Field &f : candidate->fields()) {
                if (!field && f.section == key.section && f.key == name && f.widget &&
                    f.widget->isVisibleTo(&window)) {
                    field = &f;
                    binder = candidate;
                }
            }
        }
        if (!field) {
            problems.append(label + u": no widget of it is shown for "_s +
                            editor->currentPath().toString());
            continue;
        }
        const JsonPath at = binder->pathOf(*field);
        const QString before = jsonAt(*document, at);
        if (!editLikeAPerson(*field))
            continue;
        const QString after = jsonAt(*document, at);
        if (after == before)
            problems.append(label + u": editing its widget did not change "_s + at.toString());
        while (document->undoStack()->canUndo())
            document->undoStack()->undo();
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_ConfigEditor::invalidValueIsMarkedAndBlocksSave_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<QString>("issuePath");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("edit");

    QTest::newRow("port 70000") << u"mqtt_brokers[0]"_s << u"mqtt_brokers[0].broker_port"_s
                                << u"expected an integer from 1 to 65535, got 70000"_s << 0;
    QTest::newRow("a bad topic filter")
        << u"mqtt_brokers[1].sub_deal_config"_s
        << u"mqtt_brokers[1].sub_deal_config.subTopic.topic"_s
        << u"expected an MQTT topic filter, got \"from/#/v1\""_s << 1;
    QTest::newRow("an http URL under HTTPS")
        << u"mqtt_brokers[0].sub_deal_config"_s
        << u"mqtt_brokers[0].sub_deal_config.callbackAddress[0]"_s
        << u"callbackMethod is \"HTTPS\", so expected an https:// URL"_s << 2;
}

void tst_ConfigEditor::invalidValueIsMarkedAndBlocksSave()
{
    QFETCH(QString, item);
    QFETCH(QString, issuePath);
    QFETCH(QString, message);
    QFETCH(int, edit);

    QTemporaryDir dir;
    const QString fileName =
        test::copyFromSource(u"resources/examples/seed.json"_s, dir.path(), u"config.json"_s);
    const QByteArray original = test::fileContents(fileName);
    MainWindow window(fileName);
    window.setUnattended(QMessageBox::Discard);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConfigEditor *editor = window.editor();
    ConfigDocument *document = window.document();
    editor->select(path(item));
    QCOMPARE(editor->currentPath().toString(), item);

    // The edit, made with the widgets.
    QWidget *edited = nullptr;
    QString before;
    if (edit == 0) {
        auto *port = editor->currentForm()->findChild<IntegerSpinBox *>(u"brokerPortSpin"_s);
        edited = port;
        before = port->text();
        port->setFocus();
        port->selectAll();
        QTest::keyClicks(port, u"70000"_s);
        QCOMPARE(port->value(), 70000.0);
    } else if (edit == 1) {
        auto *topic = editor->currentForm()->findChild<QLineEdit *>(u"topicEdit"_s);
        edited = topic;
        before = topic->text();
        topic->setFocus();
        topic->selectAll();
        QTest::keyClicks(topic, u"from/#/v1"_s);
    } else {
        auto *method = editor->currentForm()->findChild<QComboBox *>(u"callbackMethodCombo"_s);
        edited = method;
        before = method->currentText();
        method->setFocus();
        QTest::keyClick(method, Qt::Key_Down); // HTTP → HTTPS
        QCOMPARE(method->currentData().toString(), u"HTTPS"_s);
    }

    // Live validation marks the field with the validator's message...
    QSignalSpy validated(document, &ConfigDocument::validated);
    QVERIFY(validated.wait(5000));
    const FieldBinder *binder = editor->currentForm()->binder();
    const FieldBinder::Field *field = binder->fieldFor(issuePath);
    QVERIFY(field);
    QTRY_VERIFY2(FieldBinder::messageOf(*field).contains(message),
                 qPrintable(FieldBinder::messageOf(*field)));
    // ... and the tree items above it.
    ConfigTreeModel *model = editor->model();
    for (QModelIndex index = model->indexFor(path(issuePath)); index.isValid();
         index = index.parent())
        QCOMPARE(index.data(ConfigTreeModel::SeverityRole).toInt(),
                 int(ConfigIssue::Severity::Error));

    // Save is refused and says why.
    QVERIFY(!window.save());
    QVERIFY2(window.lastMessage().contains(issuePath), qPrintable(window.lastMessage()));
    QCOMPARE(test::fileContents(fileName), original);

    // Undo restores the previous value; the mark goes and Save works.
    window.undoAction()->trigger();
    if (edit == 0)
        QCOMPARE(static_cast<IntegerSpinBox *>(edited)->text(), before);
    else if (edit == 1)
        QCOMPARE(static_cast<QLineEdit *>(edited)->text(), before);
    else
        QCOMPARE(static_cast<QComboBox *>(edited)->currentText(), before);
    QVERIFY(!document->isModified());
    document->validateNow();
    QTRY_VERIFY(FieldBinder::messageOf(*binder->fieldFor(issuePath)).isEmpty());
    QCOMPARE(model->index(0, 0).data(ConfigTreeModel::SeverityRole).toInt(), -1);
    window.editor()->select(path(item));
    document->setValue(path(u"mqtt_brokers[0].alive"_s), JsonWriter::integer(61));
    QVERIFY2(window.save(), qPrintable(window.lastMessage()));
    QVERIFY(test::fileContents(fileName).contains("\"alive\": 61"));
}

void tst_ConfigEditor::addDuplicateRemoveAndUndo()
{
    MainWindow window(test::sourcePath(u"resources/examples/seed.json"_s));
    window.setUnattended(QMessageBox::Discard);
    ConfigEditor *editor = window.editor();
    ConfigDocument *document = window.document();
    QAbstractItemModelTester tester(editor->model());
    const QByteArray original = document->toJson();

    editor->addBrokerAction()->trigger();
    QCOMPARE(editor->currentPath().toString(), u"mqtt_brokers[2]"_s);
    QCOMPARE(editor->currentKind(), Kind::Broker);
    editor->addRouteAction()->trigger();
    QCOMPARE(editor->currentPath().toString(), u"mqtt_brokers[2].sub_deal_config[0]"_s);
    editor->addCallbackAction()->trigger();
    QCOMPARE(editor->currentPath().toString(),
             u"mqtt_brokers[2].sub_deal_config[0].callbackAddress[1]"_s);
    editor->select(path(u"mqtt_brokers[2]"_s));
    editor->duplicateAction()->trigger();
    QCOMPARE(editor->currentPath().toString(), u"mqtt_brokers[3]"_s);
    QCOMPARE(document->node(path(u"mqtt_brokers[3].client_id"_s))->text, u"mqhook-1-copy"_s);
    document->validateNow();
    QCOMPARE(document->errorCount(), 0); // the copy's client_id does not clash
    editor->removeAction()->trigger();
    QCOMPARE(document->node(ConfigPaths::brokers())->children.size(), size_t(3));

    // Every step undoes, back to the file as it was.
    while (document->undoStack()->canUndo())
        window.undoAction()->trigger();
    QCOMPARE(document->toJson(), original);
    QVERIFY(!document->isModified());
    QCOMPARE(editor->model()->rowCount(editor->model()->index(0, 0)), 2);
}

void tst_ConfigEditor::routeObjectBecomesAListOnlyWhenNeeded()
{
    MainWindow window(test::sourcePath(u"resources/examples/seed.json"_s));
    window.setUnattended(QMessageBox::Discard);
    ConfigEditor *editor = window.editor();
    ConfigDocument *document = window.document();
    const JsonPath routes = path(u"mqtt_brokers[0].sub_deal_config"_s);
    editor->select(routes);
    QCOMPARE(editor->currentKind(), Kind::Route);
    // Editing the one route keeps it an object.
    document->setValue(routes.key(u"retry"_s), JsonWriter::integer(7));
    QVERIFY(document->node(routes)->isObject());
    // A second route makes a list of both, in one undo step.
    editor->addRouteAction()->trigger();
    QVERIFY(document->node(routes)->isArray());
    QCOMPARE(document->node(routes)->children.size(), size_t(2));
    QCOMPARE(document->node(routes.index(0).key(u"retry"_s))->number, 7.0);
    window.undoAction()->trigger();
    QVERIFY(document->node(routes)->isObject());
}

void tst_ConfigEditor::enableAndDisable()
{
    MainWindow window(test::sourcePath(u"resources/examples/seed.json"_s));
    window.setUnattended(QMessageBox::Discard);
    ConfigEditor *editor = window.editor();
    ConfigDocument *document = window.document();
    editor->select(path(u"mqtt_brokers[1]"_s));
    editor->toggleEnabledAction()->trigger();
    QCOMPARE(document->node(path(u"mqtt_brokers[1].enabled"_s))->boolean, false);
    QVERIFY(editor->model()
                ->indexFor(path(u"mqtt_brokers[1]"_s))
                .data()
                .toString()
                .endsWith(u"(disabled)"_s));
    editor->toggleEnabledAction()->trigger();
    QVERIFY(!document->node(path(u"mqtt_brokers[1].enabled"_s))); // the default again
    editor->select(path(u"mqtt_brokers[1].sub_deal_config"_s));
    editor->toggleEnabledAction()->trigger();
    QCOMPARE(document->node(path(u"mqtt_brokers[1].sub_deal_config.enabled"_s))->boolean, false);
    document->validateNow();
    QCOMPARE(document->draft().brokers.at(1).subscriptions.first().enabled, false);
}

void tst_ConfigEditor::reorderByDragAndByActions()
{
    MainWindow window(test::sourcePath(u"resources/examples/seed.json"_s));
    window.setUnattended(QMessageBox::Discard);
    ConfigEditor *editor = window.editor();
    ConfigDocument *document = window.document();
    ConfigTreeModel *model = editor->model();
    QAbstractItemModelTester tester(model);
    const QModelIndex brokers = model->index(0, 0);

    // Drag the second broker above the first.
    std::unique_ptr<QMimeData> data(model->mimeData({model->index(1, 0, brokers)}));
    QVERIFY(data);
    QVERIFY(model->canDropMimeData(data.get(), Qt::MoveAction, 0, 0, brokers));
    // Not into another list: a broker is no route.
    QVERIFY(!model->canDropMimeData(data.get(), Qt::MoveAction, 0, 0, model->index(0, 0, brokers)));
    QVERIFY(model->dropMimeData(data.get(), Qt::MoveAction, 0, 0, model->index(0, 0)));
    QCOMPARE(document->node(path(u"mqtt_brokers[0].client_id"_s))->text, u"go-mqtt-client-2"_s);

    // And back down with the action.
    editor->select(path(u"mqtt_brokers[0]"_s));
    QVERIFY(editor->moveDownAction()->isEnabled());
    editor->moveDownAction()->trigger();
    QCOMPARE(document->node(path(u"mqtt_brokers[0].client_id"_s))->text, u"go-mqtt-client-1"_s);
    QCOMPARE(editor->currentPath().toString(), u"mqtt_brokers[1]"_s);
    QVERIFY(!editor->moveDownAction()->isEnabled());
    window.undoAction()->trigger();
    window.undoAction()->trigger();
    QVERIFY(!document->isModified());
}

void tst_ConfigEditor::referenceInANumberField()
{
    MainWindow window(test::sourcePath(u"tests/data/unknown-keys.json"_s));
    window.setUnattended(QMessageBox::Discard);
    window.show();
    ConfigEditor *editor = window.editor();
    editor->select(path(u"mqtt_brokers[0]"_s));
    ItemForm *form = editor->currentForm();
    // The spin box gives way to the reference, as written.
    QVERIFY(!form->findChild<IntegerSpinBox *>(u"brokerPortSpin"_s)->isVisibleTo(&window));
    bool shown = false;
    for (QLabel *label : form->findChildren<QLabel *>())
        shown = shown || (label->isVisibleTo(&window) &&
                          label->text().contains(u"${MQHOOK_TEST_PORT:-1883}"_s));
    QVERIFY(shown);
    // Nothing was written by showing it.
    QVERIFY(!window.document()->isModified());
}

void tst_ConfigEditor::unknownKeysAreShownAndKept()
{
    MainWindow window(test::sourcePath(u"tests/data/unknown-keys.json"_s));
    window.setUnattended(QMessageBox::Discard);
    window.show();
    ConfigEditor *editor = window.editor();
    editor->select(path(u"mqtt_brokers[0]"_s));
    QLabel *problems = editor->currentForm()->findChild<QLabel *>(u"problemsLabel"_s);
    QVERIFY(problems);
    QVERIFY(problems->isVisibleTo(&window));
    QVERIFY2(problems->text().contains(u"unknown key 'site'"_s), qPrintable(problems->text()));
    QVERIFY(problems->text().contains(u"stay in the file"_s));
}

QTEST_MAIN(tst_ConfigEditor)
#include "tst_configeditor.moc"
