#pragma once

#include "service/headlessservice.h"

#include <QIcon>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>

#include <functional>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QStandardItemModel;
class QTabWidget;
class QTreeView;
class QUrl;

namespace mqhook {

class ConfigDocument;
class ConfigEditor;
class LiveViews;
class SecretStore;
class StatusPanel;
class TrayIcon;

// The desktop application's main window. Its centre is a set of pages: the
// configuration editor first, then the live views (messages, topics,
// errors). Docks along the bottom hold the problems the validator finds, the
// JSON that Save writes and the rates chart. Start runs the saved file in
// this process with the same service object as --no-gui; the status bar
// shows each broker connection, messages per second and the queue while it
// runs, and what the live views watch. Attach watches a service running
// elsewhere instead, through its admin endpoint. Where the desktop has a system tray,
// an icon there shows the state (and may keep mqhook running when the
// window closes).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // secrets: where broker passwords are kept (the OS keychain); may be null.
    explicit MainWindow(const QString &configFile, SecretStore *secrets = nullptr,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    ConfigDocument *document() const { return m_document; }
    ConfigEditor *editor() const { return m_editor; }
    QStandardItemModel *issueModel() const { return m_issueModel; }
    QTreeView *issueView() const { return m_issueView; }
    QPlainTextEdit *preview() const { return m_preview; }
    QTabWidget *pages() const { return m_pages; }
    HeadlessService *service() const { return m_service; }
    StatusPanel *statusPanel() const { return m_statusPanel; }
    LiveViews *liveViews() const { return m_views; }
    TrayIcon *trayIcon() const { return m_tray; }
    // What the status bar says the live views watch.
    QString watchingText() const;

    QAction *saveAction() const { return m_save; }
    QAction *startAction() const { return m_start; }
    QAction *stopAction() const { return m_stop; }
    QAction *attachAction() const { return m_attach; }
    QAction *detachAction() const { return m_detach; }
    QAction *validateAction() const { return m_validate; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    QAction *settingsAction() const { return m_settings; }
    QAction *quitAction() const { return m_quit; }
    QMenu *languageMenu() const { return m_languageMenu; }

    // A page beside the editor (the live views); returns its index.
    int addPage(QWidget *page, const QIcon &icon, const QString &title);
    // A dock of the window's bottom area, listed in the View menu.
    void addBottomDock(QDockWidget *dock);

    // Without a person to ask (tests): messages go to lastMessage(), and
    // questions about unsaved changes get this answer.
    void setUnattended(QMessageBox::StandardButton unsavedAnswer);
    QString lastMessage() const { return m_lastMessage; }

    // The language setting: "" follows the system, else "en" or "zh_CN".
    static QString languageSetting();
    static QStringList recentFiles();

public slots:
    void newFile();
    // recent: whether it goes into Open Recent (not the demo's temporary file).
    void openFile(const QString &fileName, bool recent = true);
    bool save();
    bool saveAs(const QString &fileName = {});
    void revert();
    void validate();
    void startForwarding();
    void stopForwarding();
    // Watches a service running elsewhere through its admin endpoint, in
    // place of what the views watched before; refused while forwarding here.
    void attach(const QUrl &url, const QString &token);
    void detach();
    void showSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void createLiveViews();
    void createTrayIcon();
    void updateWatching();
    void chooseFile();
    void chooseService();
    bool maybeSave();
    void tell(QMessageBox::Icon icon, const QString &title, const QString &text);
    void updateTitle();
    void updateIssues();
    void updatePreview();
    void updateRecentMenu();
    void addRecent(const QString &fileName);
    void updateForwardingActions();
    void setLanguage(const QString &language);
    void readSettings();
    void writeSettings();

    ConfigDocument *m_document;
    SecretStore *m_secrets;
    ConfigEditor *m_editor;
    QTabWidget *m_pages;
    QStandardItemModel *m_issueModel;
    QTreeView *m_issueView = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QDockWidget *m_issueDock = nullptr;
    QDockWidget *m_previewDock = nullptr;
    QList<QDockWidget *> m_bottomDocks;
    StatusPanel *m_statusPanel;
    QLabel *m_busyLabel;
    QLabel *m_watchingLabel;
    LiveViews *m_views;
    TrayIcon *m_tray = nullptr;
    bool m_quitting = false;
    QPointer<HeadlessService> m_service;
    QTimer m_previewTimer;
    bool m_closeWhenStopped = false;

    QAction *m_new = nullptr;
    QAction *m_open = nullptr;
    QAction *m_save = nullptr;
    QAction *m_saveAs = nullptr;
    QAction *m_revert = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_validate = nullptr;
    QAction *m_start = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_attach = nullptr;
    QAction *m_detach = nullptr;
    QAction *m_settings = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QActionGroup *m_languages = nullptr;

    bool m_unattended = false;
    QMessageBox::StandardButton m_unsavedAnswer = QMessageBox::Cancel;
    QString m_lastMessage;
};

} // namespace mqhook
