#include "mainwindow.h"

#include "config/configloader.h"
#include "config/secretstore.h"
#include "configdocument.h"
#include "configeditor.h"
#include "forms/attachdialog.h"
#include "forms/settingsdialog.h"
#include "icons.h"
#include "issuecolors.h"
#include "live/attachedservice.h"
#include "live/errorview.h"
#include "live/inprocessservice.h"
#include "live/liveview.h"
#include "live/liveviews.h"
#include "live/messagemodel.h"
#include "live/rateschart.h"
#include "live/topicview.h"
#include "live/watchedservice.h"
#include "service/bridge.h"
#include "service/headlessservice.h"
#include "statuspanel.h"
#include "trayicon.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

constexpr int maxRecentFiles = 8;

const QString settingGeometry = u"window/geometry"_s;
const QString settingState = u"window/state"_s;
const QString settingSplitter = u"window/editorSplitter"_s;
const QString settingRecent = u"recentFiles"_s;
const QString settingLanguage = u"language"_s;

enum IssueColumn
{
    SeverityColumn,
    LineColumn,
    PathColumn,
    MessageColumn,
};

constexpr int issueRole = Qt::UserRole + 1; // the row's index into the document's issues

} // namespace

MainWindow::MainWindow(const QString &configFile, SecretStore *secrets, QWidget *parent)
    : QMainWindow(parent)
    , m_document(new ConfigDocument(this))
    , m_secrets(secrets)
    , m_editor(new ConfigEditor(m_document, secrets, this))
    , m_pages(new QTabWidget(this))
    , m_issueModel(new QStandardItemModel(this))
    , m_statusPanel(new StatusPanel(this))
    , m_busyLabel(new QLabel(this))
    , m_watchingLabel(new QLabel(this))
    , m_views(new LiveViews(this))
{
    setWindowIcon(Icons::get(Icons::App));
    setObjectName(u"MainWindow"_s);
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_editor, Icons::get(Icons::Broker), tr("Configuration"));
    setCentralWidget(m_pages);

    createActions();
    createDocks();
    createLiveViews();
    createMenus();
    createToolBar();
    createTrayIcon();

    statusBar()->addWidget(m_busyLabel, 1);
    m_watchingLabel->setTextFormat(Qt::PlainText);
    statusBar()->addPermanentWidget(m_watchingLabel);
    statusBar()->addPermanentWidget(m_statusPanel);
    connect(m_views, &LiveViews::watchedChanged, this, &MainWindow::updateWatching);
    updateWatching();

    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(100);
    connect(&m_previewTimer, &QTimer::timeout, this, &MainWindow::updatePreview);
    connect(m_document, &ConfigDocument::changed, this, [this] { m_previewTimer.start(); });
    connect(m_document, &ConfigDocument::reset, this, &MainWindow::updatePreview);
    connect(m_document, &ConfigDocument::validated, this, &MainWindow::updateIssues);
    connect(m_document, &ConfigDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ConfigDocument::fileNameChanged, this, &MainWindow::updateTitle);
    connect(m_editor, &ConfigEditor::busy, this,
            [this](const QString &what) { m_busyLabel->setText(what); });
    connect(m_editor, &ConfigEditor::keychainUnavailable, this, [this](const QString &message) {
        statusBar()->showMessage(message.section(u'\n', 0, 0), 10000);
    });

    readSettings();
    openFile(configFile);
    updateForwardingActions();
}

MainWindow::~MainWindow()
{
    // The children go after this object has stopped being a MainWindow: none
    // may call it then, and the editor goes before the document it shows.
    disconnect(m_document, nullptr, this, nullptr);
    disconnect(m_editor, nullptr, this, nullptr);
    disconnect(m_views, nullptr, this, nullptr);
    delete m_editor;
    m_views->watch(nullptr);
    if (m_service)
        delete m_service.data();
}

void MainWindow::createActions()
{
    m_new = new QAction(Icons::get(Icons::New), tr("&New"), this);
    m_new->setShortcut(QKeySequence::New);
    m_new->setStatusTip(tr("Start a new configuration"));
    connect(m_new, &QAction::triggered, this, &MainWindow::newFile);

    m_open = new QAction(Icons::get(Icons::Open), tr("&Open…"), this);
    m_open->setShortcut(QKeySequence::Open);
    m_open->setStatusTip(tr("Open a configuration file"));
    connect(m_open, &QAction::triggered, this, &MainWindow::chooseFile);

    m_save = new QAction(Icons::get(Icons::Save), tr("&Save"), this);
    m_save->setShortcut(QKeySequence::Save);
    m_save->setStatusTip(tr("Save the configuration (refused while it has errors)"));
    connect(m_save, &QAction::triggered, this, &MainWindow::save);

    m_saveAs = new QAction(Icons::get(Icons::SaveAs), tr("Save &As…"), this);
    m_saveAs->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAs, &QAction::triggered, this, [this] { saveAs(); });

    m_revert = new QAction(Icons::get(Icons::Revert), tr("Re&vert"), this);
    m_revert->setStatusTip(tr("Read the file again, dropping unsaved changes"));
    connect(m_revert, &QAction::triggered, this, &MainWindow::revert);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, [this] {
        m_quitting = true; // not into the tray
        if (!close())
            m_quitting = false;
    });

    m_settings = new QAction(Icons::get(Icons::Settings), tr("Se&ttings…"), this);
    m_settings->setShortcut(QKeySequence(u"Ctrl+,"_s));
    m_settings->setMenuRole(QAction::PreferencesRole);
    m_settings->setStatusTip(tr("The window's own settings: the live view, the system tray"));
    connect(m_settings, &QAction::triggered, this, &MainWindow::showSettings);

    m_undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setIcon(Icons::get(Icons::Undo));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setIcon(Icons::get(Icons::Redo));
    m_redo->setShortcut(QKeySequence::Redo);

    m_validate = new QAction(Icons::get(Icons::Validate), tr("&Validate"), this);
    m_validate->setShortcut(QKeySequence(u"F7"_s));
    m_validate->setStatusTip(tr("Check the configuration as --check does"));
    connect(m_validate, &QAction::triggered, this, &MainWindow::validate);

    m_start = new QAction(Icons::get(Icons::Start), tr("&Start Forwarding"), this);
    m_start->setShortcut(QKeySequence(u"F5"_s));
    m_start->setStatusTip(tr("Forward with the saved file in this window, as --no-gui does"));
    connect(m_start, &QAction::triggered, this, &MainWindow::startForwarding);

    m_stop = new QAction(Icons::get(Icons::Stop), tr("S&top Forwarding"), this);
    m_stop->setShortcut(QKeySequence(u"Shift+F5"_s));
    connect(m_stop, &QAction::triggered, this, &MainWindow::stopForwarding);

    m_attach = new QAction(Icons::get(Icons::Live), tr("&Attach to a Service…"), this);
    m_attach->setStatusTip(tr("Watch a running mqhook through its admin endpoint (URL and token)"));
    connect(m_attach, &QAction::triggered, this, &MainWindow::chooseService);

    m_detach = new QAction(tr("&Detach"), this);
    m_detach->setStatusTip(tr("Stop watching the attached service; the views keep what they show"));
    connect(m_detach, &QAction::triggered, this, &MainWindow::detach);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_new);
    file->addAction(m_open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(m_save);
    file->addAction(m_saveAs);
    file->addAction(m_revert);
    file->addSeparator();
    file->addAction(m_quit);
    updateRecentMenu();

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    edit->addSeparator();
    const QList<QAction *> items = m_editor->itemActions();
    edit->addActions(items.mid(0, 3));
    edit->addSeparator();
    edit->addActions(items.mid(3));
    edit->addSeparator();
    edit->addAction(m_settings);

    QMenu *forwarding = menuBar()->addMenu(tr("F&orwarding"));
    forwarding->addAction(m_validate);
    forwarding->addSeparator();
    forwarding->addAction(m_start);
    forwarding->addAction(m_stop);
    forwarding->addSeparator();
    forwarding->addAction(m_attach);
    forwarding->addAction(m_detach);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : std::as_const(m_bottomDocks))
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    m_languageMenu = m_viewMenu->addMenu(tr("&Language"));
    m_languages = new QActionGroup(this);
    const QString current = languageSetting();
    for (const auto &[code, name] :
         {std::pair(QString(), tr("System default")), std::pair(u"en"_s, u"English"_s),
          std::pair(u"zh_CN"_s, u"简体中文"_s)}) {
        QAction *action = m_languageMenu->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == current);
        action->setData(code);
        m_languages->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] { setLanguage(code); });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About mqhook"), this, [this] {
        QMessageBox::about(this, tr("About mqhook"),
                           tr("<h3>mqhook %1</h3><p>Forwards MQTT messages to HTTP(S) endpoints, "
                              "reliably.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addAction(m_new);
    bar->addAction(m_open);
    bar->addAction(m_save);
    bar->addSeparator();
    bar->addAction(m_undo);
    bar->addAction(m_redo);
    bar->addSeparator();
    bar->addAction(m_validate);
    bar->addAction(m_start);
    bar->addAction(m_stop);

    QToolBar *items = addToolBar(tr("Items"));
    items->setObjectName(u"itemToolBar"_s);
    items->setToolButtonStyle(Qt::ToolButtonIconOnly);
    items->setMovable(false);
    items->addActions(m_editor->itemActions());
}

void MainWindow::createDocks()
{
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    m_issueModel->setHorizontalHeaderLabels(
        {tr("Severity"), tr("Line"), tr("Where"), tr("Problem")});
    m_issueView = new QTreeView(this);
    m_issueView->setModel(m_issueModel);
    m_issueView->setRootIsDecorated(false);
    m_issueView->setUniformRowHeights(true);
    m_issueView->setAlternatingRowColors(true);
    m_issueView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_issueView->header()->setStretchLastSection(true);
    m_issueView->setAccessibleName(tr("Problems"));
    connect(m_issueView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const int row = m_issueModel->item(index.row(), SeverityColumn)->data(issueRole).toInt();
        const QList<ConfigIssue> &issues = m_document->issues();
        if (row >= 0 && row < issues.size()) {
            m_pages->setCurrentWidget(m_editor);
            m_editor->showIssue(issues.at(row));
        }
    });
    m_issueDock = new QDockWidget(tr("Problems"), this);
    m_issueDock->setObjectName(u"problemsDock"_s);
    m_issueDock->setWidget(m_issueView);
    addBottomDock(m_issueDock);

    m_preview = new QPlainTextEdit(this);
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    m_preview->setFont(mono);
    m_preview->setAccessibleName(tr("JSON preview"));
    m_previewDock = new QDockWidget(tr("JSON Preview"), this);
    m_previewDock->setObjectName(u"previewDock"_s);
    m_previewDock->setWidget(m_preview);
    addBottomDock(m_previewDock);
    m_issueDock->raise();
}

void MainWindow::createLiveViews()
{
    m_views->createWidgets(this);
    addPage(m_views->liveView(), Icons::get(Icons::Live), tr("Live"));
    addPage(m_views->topicView(), Icons::get(Icons::Topics), tr("Topics"));
    addPage(m_views->errorView(), Icons::get(Icons::Error), tr("Errors"));
    connect(m_views->liveView(), &LiveView::topicRequested, this, [this](const QString &topic) {
        m_pages->setCurrentWidget(m_views->topicView());
        m_views->topicView()->reveal(topic);
    });
    auto *rates = new QDockWidget(tr("Rates"), this);
    rates->setObjectName(u"ratesDock"_s);
    rates->setWidget(m_views->ratesChart());
    addBottomDock(rates);
    m_issueDock->raise();
}

void MainWindow::createTrayIcon()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new TrayIcon(this, {m_start, m_stop}, m_quit, this);
    m_tray->show();
}

QString MainWindow::watchingText() const
{
    return m_watchingLabel->text();
}

void MainWindow::updateWatching()
{
    WatchedService *watched = m_views->watched();
    if (watched) {
        m_watchingLabel->setText(tr("Watching %1").arg(watched->description()));
        connect(watched, &WatchedService::descriptionChanged, this, &MainWindow::updateWatching,
                Qt::UniqueConnection);
    } else {
        m_watchingLabel->setText(tr("Not watching a service"));
    }
    m_watchingLabel->setToolTip(tr("What the Live, Topics and Errors pages show"));
    if (!m_tray)
        return;
    if (m_service && m_service->state() == HeadlessService::State::Running)
        m_tray->setState(TrayIcon::State::Forwarding, tr("forwarding"));
    else if (watched && watched->kind() == WatchedService::Kind::Attached)
        m_tray->setState(TrayIcon::State::Attached, watched->description());
    else
        m_tray->setState(TrayIcon::State::Idle, tr("not forwarding"));
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        m_views->applySettings();
}

int MainWindow::addPage(QWidget *page, const QIcon &icon, const QString &title)
{
    return m_pages->addTab(page, icon, title);
}

void MainWindow::addBottomDock(QDockWidget *dock)
{
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    if (!m_bottomDocks.isEmpty())
        tabifyDockWidget(m_bottomDocks.constFirst(), dock);
    m_bottomDocks.append(dock);
    if (m_viewMenu)
        m_viewMenu->insertAction(m_viewMenu->actions().value(m_bottomDocks.size() - 1),
                                 dock->toggleViewAction());
}

void MainWindow::setUnattended(QMessageBox::StandardButton unsavedAnswer)
{
    m_unattended = true;
    m_unsavedAnswer = unsavedAnswer;
}

void MainWindow::tell(QMessageBox::Icon icon, const QString &title, const QString &text)
{
    m_lastMessage = text;
    statusBar()->showMessage(text.section(u'\n', 0, 0), 10000);
    if (m_unattended)
        return;
    QMessageBox box(icon, title, text, QMessageBox::Ok, this);
    box.exec();
}

QString MainWindow::languageSetting()
{
    return QSettings().value(settingLanguage).toString();
}

QStringList MainWindow::recentFiles()
{
    return QSettings().value(settingRecent).toStringList();
}

void MainWindow::setLanguage(const QString &language)
{
    if (language == languageSetting())
        return;
    QSettings().setValue(settingLanguage, language);
    tell(QMessageBox::Information, tr("Language"),
         tr("The new language applies when mqhook starts again."));
}

void MainWindow::readSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(settingGeometry).toByteArray()))
        resize(1200, 800);
    if (!restoreState(settings.value(settingState).toByteArray())) {
        // First start: the docks take a strip, the editor the rest.
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_issueDock}, {fontMetrics().height() * 9}, Qt::Vertical);
        });
    }
    m_editor->splitter()->restoreState(settings.value(settingSplitter).toByteArray());
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(settingGeometry, saveGeometry());
    settings.setValue(settingState, saveState());
    settings.setValue(settingSplitter, m_editor->splitter()->saveState());
}

void MainWindow::addRecent(const QString &fileName)
{
    if (fileName.isEmpty())
        return;
    const QString absolute = QFileInfo(fileName).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    QSettings().setValue(settingRecent, files);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString fileName = files.at(i);
        QAction *action =
            m_recentMenu->addAction(u"&%1 %2"_s.arg(i + 1).arg(QDir::toNativeSeparators(fileName)));
        connect(action, &QAction::triggered, this, [this, fileName] {
            if (maybeSave())
                openFile(fileName);
        });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::updateTitle()
{
    const QString fileName = m_document->fileName();
    const QString shown = fileName.isEmpty() ? tr("Untitled") : QDir::toNativeSeparators(fileName);
    setWindowTitle(tr("%1[*] — mqhook").arg(shown));
    setWindowModified(m_document->isModified());
    m_revert->setEnabled(!fileName.isEmpty() && QFileInfo::exists(fileName));
}

void MainWindow::updateIssues()
{
    m_issueModel->removeRows(0, m_issueModel->rowCount());
    const QList<ConfigIssue> &issues = m_document->issues();
    int errors = 0;
    for (qsizetype i = 0; i < issues.size(); ++i) {
        const ConfigIssue &issue = issues.at(i);
        const bool error = issue.severity == ConfigIssue::Severity::Error;
        errors += error ? 1 : 0;
        auto *severity = new QStandardItem(Icons::get(error ? Icons::Error : Icons::Warning),
                                           error ? tr("Error") : tr("Warning"));
        severity->setData(int(i), issueRole);
        QList<QStandardItem *> row = {
            severity,
            new QStandardItem(issue.line > 0 ? QString::number(issue.line) : QString()),
            new QStandardItem(issue.path),
            new QStandardItem(issue.message),
        };
        row.at(MessageColumn)->setToolTip(issue.message);
        m_issueModel->appendRow(row);
    }
    m_issueView->resizeColumnToContents(SeverityColumn);
    m_issueView->resizeColumnToContents(LineColumn);
    m_issueView->resizeColumnToContents(PathColumn);
    m_issueView->setColumnWidth(PathColumn, std::min(m_issueView->columnWidth(PathColumn) + 16,
                                                     std::max(200, width() / 3)));
    const int warnings = int(issues.size()) - errors;
    m_issueDock->setWindowTitle(
        issues.isEmpty()
            ? tr("Problems")
            : tr("Problems (%1, %2)")
                  .arg(tr("%n error(s)", nullptr, errors), tr("%n warning(s)", nullptr, warnings)));
    if (errors > 0 && !m_issueDock->isVisible())
        m_issueDock->show();
    updatePreview();
}

void MainWindow::updatePreview()
{
    if (!m_document->isEditable()) {
        m_preview->setPlainText(tr("(the file could not be read as JSON)"));
        return;
    }
    const QString text = QString::fromUtf8(m_document->toRedactedJson());
    if (m_preview->toPlainText() != text) {
        const int scroll = m_preview->verticalScrollBar()->value();
        m_preview->setPlainText(text);
        m_preview->verticalScrollBar()->setValue(scroll);
    }
}

void MainWindow::newFile()
{
    if (!maybeSave())
        return;
    m_document->newDocument();
    updateTitle();
}

void MainWindow::openFile(const QString &fileName, bool recent)
{
    if (!fileName.isEmpty() && !QFileInfo::exists(fileName)) {
        m_document->newDocument(fileName);
        statusBar()->showMessage(
            tr("%1 does not exist yet: Save creates it.").arg(QDir::toNativeSeparators(fileName)),
            10000);
        updateTitle();
        return;
    }
    if (fileName.isEmpty())
        m_document->newDocument();
    else if (m_document->load(fileName) && recent)
        addRecent(fileName);
    updateTitle();
    const int errors = m_document->errorCount();
    if (errors > 0)
        statusBar()->showMessage(tr("%n error(s) in the configuration", nullptr, errors), 10000);
}

void MainWindow::chooseFile()
{
    if (!maybeSave())
        return;
    const QString start = m_document->fileName().isEmpty()
                              ? QDir::homePath()
                              : QFileInfo(m_document->fileName()).absolutePath();
    const QString fileName = QFileDialog::getOpenFileName(
        this, tr("Open configuration"), start, tr("JSON configuration (*.json);;All files (*)"));
    if (!fileName.isEmpty())
        openFile(fileName);
}

bool MainWindow::save()
{
    if (m_document->fileName().isEmpty())
        return saveAs();
    return saveAs(m_document->fileName());
}

bool MainWindow::saveAs(const QString &fileName)
{
    QString target = fileName;
    if (target.isEmpty()) {
        if (m_unattended)
            return false;
        const QString start = m_document->fileName().isEmpty()
                                  ? QDir::home().filePath(u"mqhook.json"_s)
                                  : m_document->fileName();
        target = QFileDialog::getSaveFileName(this, tr("Save configuration"), start,
                                              tr("JSON configuration (*.json);;All files (*)"));
        if (target.isEmpty())
            return false;
    }
    QString error;
    if (!m_document->save(target, &error)) {
        tell(QMessageBox::Warning, tr("Not saved"), error);
        return false;
    }
    addRecent(target);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(target)), 5000);
    m_lastMessage.clear();
    return true;
}

void MainWindow::revert()
{
    const QString fileName = m_document->fileName();
    if (fileName.isEmpty())
        return;
    if (m_document->isModified() && !m_unattended &&
        QMessageBox::question(this, tr("Revert"),
                              tr("Drop the unsaved changes and read %1 again?")
                                  .arg(QDir::toNativeSeparators(fileName)),
                              QMessageBox::Discard | QMessageBox::Cancel) != QMessageBox::Discard)
        return;
    openFile(fileName);
}

void MainWindow::validate()
{
    m_document->validateNow();
    const int errors = m_document->errorCount();
    const int warnings = int(m_document->issues().size()) - errors;
    statusBar()->showMessage(
        errors == 0 ? tr("No errors (%n warning(s)).", nullptr, warnings)
                    : tr("%1 error(s), %2 warning(s): see Problems.").arg(errors).arg(warnings),
        10000);
    m_issueDock->show();
    m_issueDock->raise();
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    QMessageBox::StandardButton answer = m_unsavedAnswer;
    if (!m_unattended) {
        answer = QMessageBox::warning(
            this, tr("Unsaved changes"),
            tr("%1 has changes that are not saved. Save them?")
                .arg(m_document->fileName().isEmpty()
                         ? tr("The configuration")
                         : QDir::toNativeSeparators(m_document->fileName())),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    }
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::startForwarding()
{
    if (m_service)
        return;
    if (m_document->isModified() || m_document->fileName().isEmpty()) {
        // Forwarding runs what is on disk, exactly as the service would.
        if (!m_unattended &&
            QMessageBox::question(this, tr("Start forwarding"),
                                  tr("Forwarding runs the saved file. Save the changes first?"),
                                  QMessageBox::Save | QMessageBox::Cancel,
                                  QMessageBox::Save) != QMessageBox::Save)
            return;
        if (!save())
            return;
    }
    auto *service = new HeadlessService(m_document->fileName(), std::nullopt, this);
    service->setSecretStore(m_secrets);
    service->setHandleSignals(false);
    m_service = service;
    m_views->watch(std::make_unique<InProcessService>(service, m_document->fileName()));
    connect(service, &HeadlessService::stateChanged, this, [this, service] {
        if (service->state() == HeadlessService::State::Running)
            m_statusPanel->setBridge(service->bridge());
        else if (service->state() == HeadlessService::State::Starting)
            m_statusPanel->showIdle(tr("Reading passwords from the OS keychain…"));
        updateForwardingActions();
    });
    connect(service, &HeadlessService::finished, this, [this, service](int exitCode) {
        m_statusPanel->setBridge(nullptr);
        const QStringList errors = service->errors();
        m_statusPanel->showIdle(exitCode == 0 ? tr("Stopped") : tr("Could not forward"));
        if (exitCode != 0)
            tell(QMessageBox::Critical, tr("Forwarding stopped"),
                 tr("Forwarding could not start or stopped with an error:\n\n%1")
                     .arg(errors.join(u'\n')));
        m_service = nullptr;
        service->deleteLater();
        updateForwardingActions();
        if (m_closeWhenStopped)
            close();
    });
    m_statusPanel->showIdle(tr("Starting…"));
    if (const std::optional<int> exitCode = service->start()) {
        const QStringList errors = service->errors();
        m_service = nullptr;
        service->deleteLater();
        m_statusPanel->showIdle(tr("Could not forward"));
        tell(QMessageBox::Critical, tr("Forwarding did not start"), errors.join(u'\n'));
    }
    updateForwardingActions();
}

void MainWindow::chooseService()
{
    AttachDialog dialog(m_secrets, this);
    if (dialog.exec() != QDialog::Accepted)
        return; // the dialog remembered the URL
    const QUrl url = dialog.url();
    if (m_secrets && dialog.keepToken() && !dialog.token().isEmpty()) {
        m_secrets->write(
            AttachDialog::keychainEntry(url), dialog.token(), this,
            [this](const SecretResult &result) {
                if (result.status != SecretResult::Status::Ok)
                    statusBar()->showMessage(
                        tr("The token was not kept in the OS keychain: %1").arg(result.message),
                        10000);
            });
    }
    attach(url, dialog.token());
}

void MainWindow::attach(const QUrl &url, const QString &token)
{
    if (m_service)
        return;
    auto service = std::make_unique<AttachedService>(url, token);
    connect(service.get(), &AttachedService::statusRead, m_statusPanel,
            [this](const QList<Bridge::ConnectionStatus> &connections, double rate, qint64 queued) {
                m_statusPanel->show(connections, rate, queued);
            });
    connect(service.get(), &AttachedService::statusFailed, m_statusPanel,
            [this](const QString &error) {
                m_statusPanel->showIdle(tr("Cannot read the status: %1").arg(error));
            });
    m_statusPanel->showIdle(tr("Attaching…"));
    m_views->watch(std::move(service));
    updateForwardingActions();
}

void MainWindow::detach()
{
    WatchedService *watched = m_views->watched();
    if (!watched || watched->kind() != WatchedService::Kind::Attached)
        return;
    m_views->watch(nullptr);
    m_statusPanel->showIdle(tr("Detached"));
    updateForwardingActions();
}

void MainWindow::stopForwarding()
{
    if (!m_service)
        return;
    m_statusPanel->showIdle(tr("Stopping…"));
    m_service->stop();
    updateForwardingActions();
}

void MainWindow::updateForwardingActions()
{
    const bool running = m_service != nullptr;
    m_start->setEnabled(!running && m_document->isEditable());
    m_stop->setEnabled(running && m_service->state() != HeadlessService::State::Stopping);
    const WatchedService *watched = m_views->watched();
    const bool attached = watched && watched->kind() == WatchedService::Kind::Attached;
    m_attach->setEnabled(!running);
    m_detach->setEnabled(attached);
    updateWatching();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_quitting && !m_closeWhenStopped && m_tray && m_tray->isVisible() &&
        SettingsDialog::closeToTraySetting()) {
        // Forwarding goes on; the tray icon brings the window back.
        hide();
        m_tray->updateShowHide();
        event->ignore();
        return;
    }
    if (!m_closeWhenStopped && !maybeSave()) {
        event->ignore();
        return;
    }
    if (m_service) {
        // Stop cleanly first (what was read is committed and acknowledged), then close.
        m_closeWhenStopped = true;
        stopForwarding();
        event->ignore();
        return;
    }
    writeSettings();
    event->accept();
}

} // namespace mqhook
