// mqhook-screenshots: the window's pictures for the README. It runs the demo
// in the window exactly as `mqhook --demo` does (the same Demo, MainWindow
// and forwarding), waits until traffic has flowed and a dead letter is there,
// then saves a PNG of the editor, the live view with a message's details
// open, the topic overview and the error view. scripts/screenshots.sh runs it
// under Xvfb, once per language.

#include "configeditor.h"
#include "demo.h"
#include "jsonpath.h"
#include "live/deadlettermodel.h"
#include "live/errorview.h"
#include "live/liveview.h"
#include "live/liveviews.h"
#include "live/messagedetail.h"
#include "live/messagefilter.h"
#include "live/messagemodel.h"
#include "live/topicview.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLibraryInfo>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>
#include <QTreeView>

#include <cstdio>
#include <functional>
#include <memory>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

void installTranslations(QApplication &app, const QString &language, const QString &qmFile)
{
    if (language == u"en")
        return;
    const QLocale locale(language);
    QLocale::setDefault(locale);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    auto *own = new QTranslator(&app);
    if (!own->load(qmFile)) {
        err() << "cannot load " << qmFile << Qt::endl;
        std::exit(1);
    }
    app.installTranslator(own);
}

// Waits, the event loop running, until done() or the time is up.
bool waitFor(const std::function<bool()> &done, int seconds)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > seconds * 1000)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

void settle()
{
    waitFor([] { return false; }, 1);
}

bool save(QWidget *window, const QString &fileName)
{
    settle();
    if (!window->grab().save(fileName)) {
        err() << "cannot write " << fileName << Qt::endl;
        return false;
    }
    err() << "wrote " << fileName << Qt::endl;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"mqhook-screenshots"_s);
    QCoreApplication::setApplicationName(u"mqhook-screenshots"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(MQHOOK_VERSION));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption outOption(u"out"_s, u"Folder for the PNG files."_s, u"dir"_s);
    const QCommandLineOption langOption(u"lang"_s, u"en or zh_CN."_s, u"language"_s, u"en"_s);
    const QCommandLineOption qmOption(u"qm"_s, u"mqhook's compiled translation."_s, u"file"_s);
    const QCommandLineOption sizeOption(u"size"_s, u"Window size."_s, u"WxH"_s, u"1280x800"_s);
    parser.addOptions({outOption, langOption, qmOption, sizeOption});
    parser.process(app);
    const QString out = parser.value(outOption);
    const QString language = parser.value(langOption);
    if (out.isEmpty() || (language != u"en" && !parser.isSet(qmOption))) {
        err() << "usage: mqhook-screenshots --out DIR [--lang zh_CN --qm FILE]" << Qt::endl;
        return 64;
    }
    QDir().mkpath(out);
    // The window's settings go to a folder of their own, not the user's.
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    installTranslations(app, language, parser.value(qmOption));
    QApplication::setWindowIcon(QIcon(u":/icons/mqhook.svg"_s));

    QTextStream demoOut(stdout);
    Demo demo(demoOut);
    std::unique_ptr<MainWindow> window;
    QObject::connect(&demo, &Demo::finished, &app, [](int code) {
        err() << "the demo ended with " << code << Qt::endl;
        std::exit(1);
    });
    QObject::connect(&demo, &Demo::configReady, &app, [&](const QString &file) {
        window = std::make_unique<MainWindow>(QString());
        window->openFile(file, false);
        const QStringList size = parser.value(sizeOption).split(u'x');
        window->resize(size.value(0).toInt(), size.value(1).toInt());
        window->show();
        window->startForwarding();
    });
    demo.startForWindow();

    // Traffic for a while, and the dead letter the demo's endpoint makes.
    if (!waitFor([&] { return window && window->liveViews()->errorView()->deadLetterTotal() > 0; },
                 120)) {
        err() << "no dead letter within two minutes" << Qt::endl;
        return 1;
    }
    LiveViews *views = window->liveViews();
    QTabWidget *pages = window->pages();

    // The docks beneath: the JSON preview under the editor, the rates under
    // the live views.
    const auto raiseDock = [&](const QString &name) {
        if (auto *dock = window->findChild<QDockWidget *>(name))
            dock->raise();
    };

    // The editor with a route selected.
    raiseDock(u"previewDock"_s);
    pages->setCurrentIndex(0);
    window->editor()->select(JsonPath::fromString(u"mqtt_brokers[1].sub_deal_config"_s));
    bool ok = save(window.get(), out + u"/editor.png"_s);

    // The live view with the details of a message that needed a retry, and
    // the rates beneath it, given room.
    raiseDock(u"ratesDock"_s);
    if (auto *rates = window->findChild<QDockWidget *>(u"ratesDock"_s))
        window->resizeDocks({rates}, {230}, Qt::Vertical);
    LiveView *live = views->liveView();
    pages->setCurrentWidget(live);
    live->pauseAction()->setChecked(true);
    MessageModel *messages = views->messages();
    int chosen = -1;
    for (int row = messages->rowCount() - 1; row >= 0 && chosen < 0; --row) {
        const MessageRecord &record = messages->record(row);
        if (record.outcome() == MessageRecord::Outcome::Delivered && record.attempts() > 1)
            chosen = row;
    }
    if (chosen >= 0) {
        const QModelIndex index = live->filter()->mapFromSource(messages->index(chosen, 0));
        live->selectRow(index.row());
    }
    ok = save(window.get(), out + u"/live.png"_s) && ok;
    // The deliveries need the height more than the chart does.
    raiseDock(u"problemsDock"_s);
    if (auto *problems = window->findChild<QDockWidget *>(u"problemsDock"_s))
        window->resizeDocks({problems}, {110}, Qt::Vertical);
    live->detail()->tabs()->setCurrentIndex(2);
    ok = save(window.get(), out + u"/live-deliveries.png"_s) && ok;
    live->pauseAction()->setChecked(false);

    // The topic overview, the rates beneath.
    raiseDock(u"ratesDock"_s);
    if (auto *rates = window->findChild<QDockWidget *>(u"ratesDock"_s))
        window->resizeDocks({rates}, {240}, Qt::Vertical);
    pages->setCurrentWidget(views->topicView());
    views->topicView()->tree()->expandAll();
    ok = save(window.get(), out + u"/topics.png"_s) && ok;

    // The error view with the dead letter selected.
    ErrorView *errors = views->errorView();
    raiseDock(u"problemsDock"_s);
    if (auto *problems = window->findChild<QDockWidget *>(u"problemsDock"_s))
        window->resizeDocks({problems}, {110}, Qt::Vertical);
    pages->setCurrentWidget(errors);
    errors->refresh();
    waitFor([&] { return errors->deadLetters()->rowCount() > 0; }, 10);
    errors->deadLetterView()->selectRow(0);
    ok = save(window.get(), out + u"/errors.png"_s) && ok;

    window->setUnattended(QMessageBox::Discard);
    window->stopForwarding();
    waitFor([&] { return !window->service(); }, 20);
    window.reset();
    return ok ? 0 : 1;
}
