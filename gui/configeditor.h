#pragma once

#include "configtreemodel.h"
#include "jsonpath.h"

#include <QSet>
#include <QWidget>

class QAction;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTreeView;

namespace mqhook {

class ConfigDocument;
class FieldBinder;
class ItemForm;
class SecretStore;
struct ConfigIssue;

// The configuration editor: the tree of brokers, routes and callback
// addresses (plus logging, queue, admin) on the left, the form of the
// selected item on the right, and the actions that add, duplicate, remove,
// enable or disable and move items. Everything it changes goes through the
// document, so every change can be undone.
class ConfigEditor : public QWidget
{
    Q_OBJECT

public:
    ConfigEditor(ConfigDocument *document, SecretStore *secrets, QWidget *parent = nullptr);
    ~ConfigEditor() override;

    QTreeView *tree() const { return m_tree; }
    ConfigTreeModel *model() const { return m_model; }
    QSplitter *splitter() const { return m_splitter; }

    QAction *addBrokerAction() const { return m_addBroker; }
    QAction *addRouteAction() const { return m_addRoute; }
    QAction *addCallbackAction() const { return m_addCallback; }
    QAction *duplicateAction() const { return m_duplicate; }
    QAction *removeAction() const { return m_remove; }
    QAction *toggleEnabledAction() const { return m_toggleEnabled; }
    QAction *moveUpAction() const { return m_moveUp; }
    QAction *moveDownAction() const { return m_moveDown; }
    QList<QAction *> itemActions() const;

    // Selects the item at (or the deepest one above) path.
    void select(const JsonPath &path);
    JsonPath currentPath() const;
    ConfigTreeModel::Kind currentKind() const;
    ItemForm *currentForm() const;
    ItemForm *form(ConfigTreeModel::Kind kind) const;
    // Every form's bindings, for the schema test.
    QList<const FieldBinder *> binders() const;
    // Shows the item a finding is about and focuses its field.
    void showIssue(const ConfigIssue &issue);

signals:
    // Waiting for something (the keychain, a broker, an endpoint); empty: done.
    void busy(const QString &what);
    void keychainUnavailable(const QString &message);

private:
    void createActions();
    void onCurrentChanged();
    void showForm();
    void updateActions();
    void onDocumentChanged();
    void contextMenu(const QPoint &at);

    void addBroker();
    void addRoute();
    void addCallback();
    void duplicateCurrent();
    void removeCurrent();
    void toggleEnabled();
    void moveCurrent(int by);

    ConfigDocument *m_document;
    ConfigTreeModel *m_model;
    QSplitter *m_splitter;
    QTreeView *m_tree;
    QStackedWidget *m_stack;
    QHash<int, ItemForm *> m_forms;     // by Kind
    QHash<int, QScrollArea *> m_scroll; // by Kind
    QWidget *m_emptyPage;

    QAction *m_addBroker = nullptr;
    QAction *m_addRoute = nullptr;
    QAction *m_addCallback = nullptr;
    QAction *m_duplicate = nullptr;
    QAction *m_remove = nullptr;
    QAction *m_toggleEnabled = nullptr;
    QAction *m_moveUp = nullptr;
    QAction *m_moveDown = nullptr;

    JsonPath m_selectedBeforeReset;
    QSet<QString> m_collapsed;
};

} // namespace mqhook
