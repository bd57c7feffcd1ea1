#include "configdocument.h"
#include "demo.h"
#include "forms/settingsdialog.h"
#include "live/errorview.h"
#include "live/liveview.h"
#include "live/liveviews.h"
#include "live/messagemodel.h"
#include "live/problemmodel.h"
#include "live/topicmodel.h"
#include "live/topicview.h"
#include "live/watchedservice.h"
#include "mainwindow.h"
#include "mosquittofixture.h"
#include "sampleevents.h"
#include "testpaths.h"
#include "trayicon.h"

#include <QAction>
#include <QDebug>
#include <QDockWidget>
#include <QMenu>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTreeView>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;

// The live views in the window: their pages and dock, the settings, the
// tray icon's menu, and the demo running in the window.
class tst_WindowViews : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void pagesAndDocks();
    void showInTopics();
    void settingsApply();
    void trayMenu();
    void demoShowsRetryAndDeadLetter();

private:
    QTemporaryDir m_settings;
};

void tst_WindowViews::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(u"mqhook-test"_s);
    QCoreApplication::setApplicationName(u"mqhook-test"_s);
}

void tst_WindowViews::init()
{
    QSettings().clear();
}

void tst_WindowViews::pagesAndDocks()
{
    MainWindow window(sourcePath(u"resources/examples/seed.json"_s));
    QStringList pages;
    for (int i = 0; i < window.pages()->count(); ++i)
        pages.append(window.pages()->tabText(i));
    QCOMPARE(pages, (QStringList{u"Configuration"_s, u"Live"_s, u"Topics"_s, u"Errors"_s}));
    QCOMPARE(window.pages()->widget(1), window.liveViews()->liveView());
    const QList<QDockWidget *> docks = window.findChildren<QDockWidget *>();
    QStringList titles;
    for (const QDockWidget *dock : docks)
        titles.append(dock->windowTitle());
    QVERIFY2(titles.contains(u"Rates"_s), qPrintable(titles.join(u',')));
    QCOMPARE(window.watchingText(), u"Not watching a service"_s);
    for (int i = 0; i < window.pages()->count(); ++i)
        qWarning() << window.pages()->tabText(i) << window.pages()->widget(i)->minimumSizeHint();
    for (QDockWidget *d : docks)
        qWarning() << d->windowTitle() << d->minimumSizeHint() << d->widget()->minimumSizeHint();
    qWarning() << "window" << window.minimumSizeHint();
    // Without forwarding the error view says where dead letters come from.
    QVERIFY(window.liveViews()->errorView()->deadLetterStatus().contains(u"start forwarding"_s));
}

// From a message in the live view to its topic in the overview.
void tst_WindowViews::showInTopics()
{
    MainWindow window{QString()};
    LiveViews *views = window.liveViews();
    const QList<Event> events = {SampleEvents::taken(u"1"_s, u"a/b/c"_s, {u"r"_s}),
                                 SampleEvents::taken(u"2"_s, u"a/x"_s, {u"r"_s})};
    views->messages()->addEvents(events, 0);
    views->topics()->addEvents(events, 0);
    views->topicView()->tree()->collapseAll();
    window.pages()->setCurrentWidget(views->liveView());
    views->liveView()->selectRow(0);
    views->liveView()->showTopicAction()->trigger();
    QCOMPARE(window.pages()->currentWidget(), views->topicView());
    const QModelIndex current = views->topicView()->tree()->currentIndex();
    QCOMPARE(current.data(TopicModel::FullTopicRole).toString(), u"a/b/c"_s);
    QVERIFY(views->topicView()->tree()->isExpanded(current.parent()));
}

void tst_WindowViews::settingsApply()
{
    MainWindow window{QString()};
    QCOMPARE(window.liveViews()->messages()->bound(), MessageModel::defaultBound);
    SettingsDialog dialog;
    QCOMPARE(dialog.maxRows(), MessageModel::defaultBound);
    QVERIFY(!dialog.closeToTray());
    dialog.setMaxRows(500);
    dialog.setCloseToTray(true);
    dialog.save();
    window.liveViews()->applySettings();
    QCOMPARE(window.liveViews()->messages()->bound(), 500);
    QVERIFY(SettingsDialog::closeToTraySetting());
    QCOMPARE(SettingsDialog().maxRows(), 500);
    QVERIFY(window.settingsAction()->isEnabled());
}

void tst_WindowViews::trayMenu()
{
    QWidget window;
    window.show();
    QAction start(u"Start"_s);
    QAction stop(u"Stop"_s);
    QAction quit(u"Quit"_s);
    TrayIcon tray(&window, {&start, &stop}, &quit);
    QStringList items;
    for (const QAction *action : tray.menu()->actions()) {
        if (!action->isSeparator())
            items.append(action->text());
    }
    QCOMPARE(items, (QStringList{u"&Hide Window"_s, u"Start"_s, u"Stop"_s, u"Quit"_s}));
    tray.showHideAction()->trigger();
    QVERIFY(!window.isVisible());
    QCOMPARE(tray.showHideAction()->text(), u"&Show Window"_s);
    tray.showHideAction()->trigger();
    QVERIFY(window.isVisible());
    tray.setState(TrayIcon::State::Forwarding, u"forwarding"_s);
    QCOMPARE(tray.state(), TrayIcon::State::Forwarding);
    QCOMPARE(tray.toolTip(), u"mqhook — forwarding"_s);
    QVERIFY(!tray.icon().isNull());
}

// What `mqhook --demo` does with a display: the window opens the demo's
// configuration and forwards it; within the first minute the live view
// fills, and shows a retry and a dead letter.
void tst_WindowViews::demoShowsRetryAndDeadLetter()
{
    requireProgram(u"mosquitto"_s, u"mosquitto"_s);
    QString printed;
    QTextStream out(&printed);
    Demo demo(out);
    std::unique_ptr<MainWindow> window;
    connect(&demo, &Demo::configReady, this, [&](const QString &file) {
        window = std::make_unique<MainWindow>(QString());
        window->setUnattended(QMessageBox::Discard);
        window->openFile(file, false);
        QVERIFY(!window->document()->isModified());
        window->show();
        window->startForwarding();
    });
    demo.startForWindow();
    QTRY_VERIFY_WITH_TIMEOUT(window != nullptr, 20000);
    QVERIFY(window->document()->fileName().endsWith(u"demo.json"_s));
    QVERIFY(MainWindow::recentFiles().isEmpty()); // a temporary file stays out of them
    QTRY_VERIFY_WITH_TIMEOUT(
        window->service() && window->service()->state() == HeadlessService::State::Running, 20000);
    MessageModel *messages = window->liveViews()->messages();
    const auto count = [&](auto predicate) {
        int n = 0;
        for (int row = 0; row < messages->rowCount(); ++row)
            n += predicate(messages->record(row)) ? 1 : 0;
        return n;
    };
    const auto retried = [](const MessageRecord &r) {
        for (const DeliveryEvents &d : r.deliveries) {
            if (d.outcome == DeliveryEvents::Outcome::Delivered && d.attempts > 1)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(count(retried) > 0, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(count([](const MessageRecord &r) {
                                 return r.outcome() == MessageRecord::Outcome::Dead;
                             }) > 0,
                             60000);
    QVERIFY(count([](const MessageRecord &r) {
                return r.outcome() == MessageRecord::Outcome::Unrouted &&
                       r.reason.contains(u"from/v1/aaa/"_s);
            }) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(window->liveViews()->errorView()->deadLetterTotal() > 0, 20000);
    QVERIFY(printed.contains(u"demo: the window runs"_s));

    window->stopForwarding();
    QTRY_VERIFY_WITH_TIMEOUT(!window->service(), 20000);
}

QTEST_MAIN(tst_WindowViews)
#include "tst_windowviews.moc"
