#include "config/jsonwriter.h"
#include "configdocument.h"
#include "configeditor.h"
#include "configtreemodel.h"
#include "mainwindow.h"
#include "testpaths.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QFile>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void showsSeedConfiguration();
    void fileWithErrorsOpensWithTheErrors();
    void fileThatIsNotJson();
    void missingFileStartsANewOne();
    void unsavedChangesAreAskedAbout_data();
    void unsavedChangesAreAskedAbout();
    void problemsJumpToTheField();
    void previewShowsWhatSaveWrites();
    void recentFilesAndGeometryAreRemembered();

private:
    QTemporaryDir m_settings;
};

void tst_MainWindow::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QSettings::setDefaultFormat(QSettings::NativeFormat);
    QCoreApplication::setOrganizationName(u"mqhook-test"_s);
    QCoreApplication::setApplicationName(u"mqhook-test"_s);
}

void tst_MainWindow::init()
{
    QSettings().clear();
}

void tst_MainWindow::showsSeedConfiguration()
{
    MainWindow window(test::sourcePath(u"resources/examples/seed.json"_s));
    window.setUnattended(QMessageBox::Cancel);
    QAbstractItemModelTester treeTester(window.editor()->model());
    QAbstractItemModelTester issueTester(window.issueModel());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    ConfigTreeModel *model = window.editor()->model();
    const QModelIndex brokers = model->index(0, 0);
    QCOMPARE(model->kind(brokers), ConfigTreeModel::Kind::Brokers);
    QCOMPARE(model->rowCount(brokers), 2);
    QVERIFY(model->index(0, 0, brokers).data().toString().startsWith(u"go-mqtt-client-1"_s));
    QVERIFY(model->index(0, 0, brokers).data().toString().contains(u"127.0.0.1:1883"_s));
    const QModelIndex route = model->index(0, 0, model->index(1, 0, brokers));
    QCOMPARE(model->kind(route), ConfigTreeModel::Kind::Route);
    QCOMPARE(route.data().toString(), u"test2 — from/v1/#"_s);
    QCOMPARE(model->index(0, 0, route).data().toString(), u"http://127.0.0.1:8000/api/test2"_s);
    // Then logging, queue and admin.
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(model->kind(model->index(3, 0)), ConfigTreeModel::Kind::Admin);
    QCOMPARE(window.issueModel()->rowCount(), 0);
    QVERIFY(window.windowTitle().contains(u"seed.json"_s));
}

void tst_MainWindow::fileWithErrorsOpensWithTheErrors()
{
    MainWindow window(test::sourcePath(u"resources/examples/five-mistakes.json"_s));
    window.setUnattended(QMessageBox::Cancel);
    window.show();
    QStandardItemModel *issues = window.issueModel();
    int errors = 0;
    for (int row = 0; row < issues->rowCount(); ++row) {
        if (issues->item(row, 0)->text() != u"Error")
            continue;
        ++errors;
        QVERIFY(issues->item(row, 1)->text().toInt() > 0); // line in what Save writes
        QVERIFY(!issues->item(row, 2)->text().isEmpty());  // path
    }
    QCOMPARE(errors, 5);
    // Everything is there to fix, with the items marked.
    ConfigTreeModel *model = window.editor()->model();
    const QModelIndex brokers = model->index(0, 0);
    QCOMPARE(model->rowCount(brokers), 2);
    QCOMPARE(model->index(0, 0, brokers).data(ConfigTreeModel::SeverityRole).toInt(),
             int(ConfigIssue::Severity::Error));
    QVERIFY(window.startAction()->isEnabled());
    QVERIFY(!window.save());
    QVERIFY(window.lastMessage().contains(u"5 error(s) remain"_s));
}

void tst_MainWindow::fileThatIsNotJson()
{
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"broken.json"_s);
    QVERIFY(test::writeFile(fileName, "{ \"mqtt_brokers\": "));
    MainWindow window(fileName);
    window.setUnattended(QMessageBox::Cancel);
    window.show();
    QCOMPARE(window.issueModel()->rowCount(), 1);
    QVERIFY(window.issueModel()->item(0, 3)->text().contains(u"not JSON"_s));
    QCOMPARE(window.editor()->model()->rowCount(), 0);
    QVERIFY(!window.editor()->addBrokerAction()->isEnabled());
    QVERIFY(!window.save());
    QCOMPARE(test::fileContents(fileName), QByteArray("{ \"mqtt_brokers\": "));
}

void tst_MainWindow::missingFileStartsANewOne()
{
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"new/config.json"_s);
    MainWindow window(fileName);
    window.setUnattended(QMessageBox::Cancel);
    QVERIFY(window.document()->isModified());
    QCOMPARE(window.document()->fileName(), fileName);
    window.editor()->addBrokerAction()->trigger();
    window.editor()->addRouteAction()->trigger();
    QVERIFY2(window.save(), qPrintable(window.lastMessage()));
    const LoadResult loaded = ConfigLoader().loadFile(fileName);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->brokers.size(), 1);
    QCOMPARE(loaded.config->brokers.first().subscriptions.size(), 1);
}

void tst_MainWindow::unsavedChangesAreAskedAbout_data()
{
    QTest::addColumn<int>("answer");
    QTest::addColumn<bool>("closes");
    QTest::addColumn<bool>("written");
    QTest::newRow("save") << int(QMessageBox::Save) << true << true;
    QTest::newRow("discard") << int(QMessageBox::Discard) << true << false;
    QTest::newRow("cancel") << int(QMessageBox::Cancel) << false << false;
}

void tst_MainWindow::unsavedChangesAreAskedAbout()
{
    QFETCH(int, answer);
    QFETCH(bool, closes);
    QFETCH(bool, written);
    QTemporaryDir dir;
    const QString fileName =
        test::copyFromSource(u"resources/examples/seed.json"_s, dir.path(), u"config.json"_s);
    const QByteArray before = test::fileContents(fileName);
    MainWindow window(fileName);
    window.setUnattended(QMessageBox::StandardButton(answer));
    window.show();
    window.document()->setValue(JsonPath::fromString(u"mqtt_brokers[0].alive"_s),
                                JsonWriter::integer(30));
    QVERIFY(window.isWindowModified());
    QCOMPARE(window.close(), closes);
    QCOMPARE(test::fileContents(fileName) != before, written);
    if (written)
        QVERIFY(test::fileContents(fileName).contains("\"alive\": 30"));
    // Starting a new file asks the same way.
    if (!closes) {
        window.newFile();
        QCOMPARE(window.document()->fileName(), fileName); // kept: the answer was Cancel
        QVERIFY(window.document()->isModified());
    }
}

void tst_MainWindow::problemsJumpToTheField()
{
    MainWindow window(test::sourcePath(u"resources/examples/five-mistakes.json"_s));
    window.setUnattended(QMessageBox::Cancel);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStandardItemModel *issues = window.issueModel();
    int row = -1;
    for (int i = 0; i < issues->rowCount(); ++i) {
        if (issues->item(i, 2)->text() == u"mqtt_brokers[0].alive")
            row = i;
    }
    QVERIFY(row >= 0);
    emit window.issueView()->activated(issues->index(row, 0));
    QCOMPARE(window.editor()->currentPath().toString(), u"mqtt_brokers[0]"_s);
    QWidget *focused = QApplication::focusWidget();
    QVERIFY(focused);
    QCOMPARE(focused->objectName(), u"aliveSpin"_s);
}

void tst_MainWindow::previewShowsWhatSaveWrites()
{
    QTemporaryDir dir;
    const QString fileName =
        test::copyFromSource(u"resources/examples/seed.json"_s, dir.path(), u"config.json"_s);
    MainWindow window(fileName);
    window.setUnattended(QMessageBox::Cancel);
    window.document()->setValue(JsonPath::fromString(u"mqtt_brokers[0].password"_s),
                                JsonWriter::string(u"p4ssw0rd-in-file"_s));
    QTRY_VERIFY(window.preview()->toPlainText().contains(u"\"password\": \"***\""_s));
    QVERIFY(!window.preview()->toPlainText().contains(u"p4ssw0rd-in-file"_s));
    QVERIFY(window.save());
    QString shown = window.preview()->toPlainText();
    QByteArray saved = test::fileContents(fileName);
    saved.replace("p4ssw0rd-in-file", "***");
    QCOMPARE(shown, QString::fromUtf8(saved));
}

void tst_MainWindow::recentFilesAndGeometryAreRemembered()
{
    QTemporaryDir dir;
    const QString first =
        test::copyFromSource(u"resources/examples/seed.json"_s, dir.path(), u"a.json"_s);
    const QString second =
        test::copyFromSource(u"resources/examples/full.json"_s, dir.path(), u"b.json"_s);
    {
        MainWindow window(first);
        window.setUnattended(QMessageBox::Discard);
        window.show();
        window.resize(900, 650);
        window.editor()->splitter()->setSizes({300, 600});
        window.openFile(second);
        QVERIFY(window.close());
    }
    QCOMPARE(MainWindow::recentFiles(), (QStringList{second, first}));
    MainWindow again(first);
    again.setUnattended(QMessageBox::Discard);
    again.show();
    QCOMPARE(again.size(), QSize(900, 650));
    // The splitter's state, within a pixel of rounding.
    QVERIFY(std::abs(again.editor()->splitter()->sizes().constFirst() - 300) <= 2);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
