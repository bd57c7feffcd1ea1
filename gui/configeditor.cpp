#include "configeditor.h"

#include "config/jsonwriter.h"
#include "configdocument.h"
#include "configpaths.h"
#include "fieldbinder.h"
#include "forms/adminform.h"
#include "forms/brokerform.h"
#include "forms/brokerspage.h"
#include "forms/callbackform.h"
#include "forms/logform.h"
#include "forms/queueform.h"
#include "forms/routeform.h"
#include "icons.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

using W = JsonWriter;
using Kind = ConfigTreeModel::Kind;

QSet<QString> stringsOf(const JsonNode &root, const QList<JsonPath> &items, const QString &key)
{
    QSet<QString> values;
    for (const JsonPath &path : items) {
        const JsonNode *node = path.find(root);
        const JsonNode *member = node ? node->member(key) : nullptr;
        if (member && member->isString())
            values.insert(member->text);
    }
    return values;
}

QString unique(const QString &stem, const QSet<QString> &taken)
{
    for (int n = 1;; ++n) {
        const QString candidate = stem + QString::number(n);
        if (!taken.contains(candidate))
            return candidate;
    }
}

JsonNode newRoute(const QString &name, const QString &id)
{
    JsonNode route = W::object();
    W::insert(&route, u"app_name"_s, W::string(name));
    W::insert(&route, u"app_id"_s, W::string(id));
    W::insert(&route, u"enabled"_s, W::boolean(true));
    W::insert(&route, u"callbackMethod"_s, W::string(u"HTTP"_s));
    JsonNode addresses = W::array();
    W::append(&addresses, W::string(u"http://127.0.0.1:8080/mqtt"_s));
    W::insert(&route, u"callbackAddress"_s, std::move(addresses));
    JsonNode subTopic = W::object();
    W::insert(&subTopic, u"topic"_s, W::string(u"devices/#"_s));
    W::insert(&subTopic, u"qos"_s, W::integer(1));
    W::insert(&route, u"subTopic"_s, std::move(subTopic));
    W::insert(&route, u"excludeTopics"_s, W::array());
    W::insert(&route, u"retry"_s, W::integer(3));
    return route;
}

JsonNode newBroker(const QString &clientId)
{
    JsonNode broker = W::object();
    W::insert(&broker, u"client_id"_s, W::string(clientId));
    W::insert(&broker, u"username"_s, W::string({}));
    W::insert(&broker, u"password"_s, W::string({}));
    W::insert(&broker, u"alive"_s, W::integer(60));
    W::insert(&broker, u"broker_ip"_s, W::string(u"127.0.0.1"_s));
    W::insert(&broker, u"broker_port"_s, W::integer(1883));
    W::insert(&broker, u"sub_deal_config"_s, W::array());
    return broker;
}

void setMember(JsonNode *object, const QString &key, const JsonNode &value)
{
    if (JsonNode *member = const_cast<JsonNode *>(object->member(key)))
        *member = value;
}

} // namespace

ConfigEditor::ConfigEditor(ConfigDocument *document, SecretStore *secrets, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new ConfigTreeModel(document, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_tree(new QTreeView(m_splitter))
    , m_stack(new QStackedWidget(m_splitter))
    , m_emptyPage(new QLabel(m_stack))
{
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setDragDropMode(QAbstractItemView::InternalMove);
    m_tree->setDefaultDropAction(Qt::MoveAction);
    m_tree->setDropIndicatorShown(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setMinimumWidth(220);
    m_tree->setAccessibleName(tr("Configuration items"));

    auto *brokers = new BrokersPage(document, this);
    auto *broker = new BrokerForm(document, secrets, this);
    auto *route = new RouteForm(document, this);
    auto *callback = new CallbackForm(document, this);
    m_forms = {{int(Kind::Brokers), brokers},
               {int(Kind::Broker), broker},
               {int(Kind::Route), route},
               {int(Kind::Callback), callback},
               {int(Kind::Logging), new LogForm(document, this)},
               {int(Kind::Queue), new QueueForm(document, this)},
               {int(Kind::Admin), new AdminForm(document, this)}};
    auto *empty = static_cast<QLabel *>(m_emptyPage);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    m_stack->addWidget(m_emptyPage);
    for (auto it = m_forms.begin(); it != m_forms.end(); ++it) {
        auto *scroll = new QScrollArea(m_stack);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        auto *page = new QWidget(scroll);
        auto *layout = new QVBoxLayout(page);
        layout->setContentsMargins(12, 12, 12, 12);
        layout->addWidget(it.value());
        scroll->setWidget(page);
        m_stack->addWidget(scroll);
        m_scroll.insert(it.key(), scroll);
    }
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({280, 720});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    createActions();
    connect(brokers, &BrokersPage::addBrokerRequested, this, &ConfigEditor::addBroker);
    connect(broker, &BrokerForm::addRouteRequested, this, &ConfigEditor::addRoute);
    connect(broker, &BrokerForm::busy, this, &ConfigEditor::busy);
    connect(broker, &BrokerForm::keychainUnavailable, this, &ConfigEditor::keychainUnavailable);
    connect(callback, &CallbackForm::busy, this, &ConfigEditor::busy);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ConfigEditor::onCurrentChanged);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &ConfigEditor::contextMenu);
    connect(m_tree, &QTreeView::collapsed, this, [this](const QModelIndex &index) {
        m_collapsed.insert(m_model->path(index).toString());
    });
    connect(m_tree, &QTreeView::expanded, this, [this](const QModelIndex &index) {
        m_collapsed.remove(m_model->path(index).toString());
    });
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_selectedBeforeReset = currentPath(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_tree->expandAll();
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex top = m_model->index(row, 0);
            if (m_collapsed.contains(m_model->path(top).toString()))
                m_tree->collapse(top);
        }
        select(m_selectedBeforeReset);
    });
    connect(document, &ConfigDocument::changed, this, &ConfigEditor::onDocumentChanged);
    connect(document, &ConfigDocument::validated, this, &ConfigEditor::onDocumentChanged);
    connect(document, &ConfigDocument::reset, this, [this] {
        m_collapsed.clear();
        select(ConfigPaths::brokers());
        onDocumentChanged();
    });

    m_tree->expandAll();
    select(ConfigPaths::brokers());
    showForm();
}

ConfigEditor::~ConfigEditor() = default;

void ConfigEditor::createActions()
{
    const auto make = [this](Icons::Name icon, const QString &text, const QString &tip,
                             void (ConfigEditor::*slot)()) {
        auto *action = new QAction(Icons::get(icon), text, this);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        if (slot)
            connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_addBroker = make(Icons::Broker, tr("Add &Broker Connection"), tr("Add a broker connection"),
                       &ConfigEditor::addBroker);
    m_addBroker->setShortcut(QKeySequence(u"Ctrl+Shift+B"_s));
    m_addRoute = make(Icons::Route, tr("Add &Route"), tr("Add a route to the selected broker"),
                      &ConfigEditor::addRoute);
    m_addRoute->setShortcut(QKeySequence(u"Ctrl+Shift+R"_s));
    m_addCallback =
        make(Icons::Callback, tr("Add &Callback Address"),
             tr("Add a callback address to the selected route"), &ConfigEditor::addCallback);
    m_addCallback->setShortcut(QKeySequence(u"Ctrl+Shift+A"_s));
    m_duplicate = make(Icons::Duplicate, tr("D&uplicate"), tr("Duplicate the selected item"),
                       &ConfigEditor::duplicateCurrent);
    m_duplicate->setShortcut(QKeySequence(u"Ctrl+D"_s));
    m_remove = make(Icons::Remove, tr("Re&move"), tr("Remove the selected item"),
                    &ConfigEditor::removeCurrent);
    m_remove->setShortcut(QKeySequence(u"Ctrl+Del"_s));
    m_toggleEnabled = make(Icons::Toggle, tr("&Enable or Disable"),
                           tr("Enable or disable the selected broker connection or route"),
                           &ConfigEditor::toggleEnabled);
    m_toggleEnabled->setShortcut(QKeySequence(u"Ctrl+E"_s));
    m_moveUp = make(Icons::MoveUp, tr("Move &Up"), tr("Move the selected item up"), nullptr);
    m_moveDown =
        make(Icons::MoveDown, tr("Move Do&wn"), tr("Move the selected item down"), nullptr);
    connect(m_moveUp, &QAction::triggered, this, [this] { moveCurrent(-1); });
    connect(m_moveDown, &QAction::triggered, this, [this] { moveCurrent(1); });
    m_moveUp->setShortcut(QKeySequence(u"Alt+Shift+Up"_s));
    m_moveDown->setShortcut(QKeySequence(u"Alt+Shift+Down"_s));
    for (QAction *action : itemActions()) {
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);
    }
    updateActions();
}

QList<QAction *> ConfigEditor::itemActions() const
{
    return {m_addBroker, m_addRoute,      m_addCallback, m_duplicate,
            m_remove,    m_toggleEnabled, m_moveUp,      m_moveDown};
}

void ConfigEditor::contextMenu(const QPoint &at)
{
    QMenu menu(this);
    menu.addActions({m_addBroker, m_addRoute, m_addCallback});
    menu.addSeparator();
    menu.addActions({m_duplicate, m_toggleEnabled, m_remove});
    menu.addSeparator();
    menu.addActions({m_moveUp, m_moveDown});
    menu.exec(m_tree->viewport()->mapToGlobal(at));
}

void ConfigEditor::select(const JsonPath &path)
{
    QModelIndex index = m_model->indexFor(path);
    if (!index.isValid())
        index = m_model->itemOf(Kind::Brokers);
    if (!index.isValid())
        return;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

JsonPath ConfigEditor::currentPath() const
{
    return m_model->path(m_tree->currentIndex());
}

ConfigTreeModel::Kind ConfigEditor::currentKind() const
{
    return m_model->kind(m_tree->currentIndex());
}

ItemForm *ConfigEditor::currentForm() const
{
    if (!m_tree->currentIndex().isValid() || !m_document->isEditable())
        return nullptr;
    return m_forms.value(int(currentKind()));
}

ItemForm *ConfigEditor::form(ConfigTreeModel::Kind kind) const
{
    return m_forms.value(int(kind));
}

QList<const FieldBinder *> ConfigEditor::binders() const
{
    QList<const FieldBinder *> result;
    for (ItemForm *form : m_forms)
        result.append(form->binder());
    return result;
}

void ConfigEditor::onCurrentChanged()
{
    showForm();
    updateActions();
}

void ConfigEditor::showForm()
{
    ItemForm *form = currentForm();
    if (!form) {
        static_cast<QLabel *>(m_emptyPage)
            ->setText(m_document->isEditable()
                          ? tr("Select an item on the left.")
                          : tr("This file cannot be edited here: it is not a JSON object. The "
                               "Problems list says where it breaks; fix it in a text editor, "
                               "then use File ▸ Revert."));
        m_stack->setCurrentWidget(m_emptyPage);
        return;
    }
    form->setItem(currentPath());
    form->showIssues(m_document->issues());
    m_stack->setCurrentWidget(m_scroll.value(int(currentKind())));
}

void ConfigEditor::onDocumentChanged()
{
    if (ItemForm *form = currentForm()) {
        // The item may have moved (undo of a move): the tree knows where it is now.
        if (!(form->item() == currentPath()))
            form->setItem(currentPath());
        else
            form->refresh();
        form->showIssues(m_document->issues());
    } else {
        showForm();
    }
    updateActions();
}

void ConfigEditor::showIssue(const ConfigIssue &issue)
{
    select(JsonPath::fromString(issue.path));
    if (ItemForm *form = currentForm()) {
        if (!form->focusIssue(issue.path))
            m_tree->setFocus();
    }
}

void ConfigEditor::updateActions()
{
    const bool editable = m_document->isEditable();
    const Kind kind = currentKind();
    const bool valid = editable && m_tree->currentIndex().isValid();
    const JsonPath path = currentPath();
    const bool inBroker = valid && !ConfigPaths::brokerOf(path).isEmpty();
    const bool inRoute = valid && (kind == Kind::Route || kind == Kind::Callback);
    const bool item =
        valid && (kind == Kind::Broker || kind == Kind::Route || kind == Kind::Callback);
    m_addBroker->setEnabled(editable);
    m_addRoute->setEnabled(inBroker);
    m_addCallback->setEnabled(inRoute);
    m_duplicate->setEnabled(item);
    m_remove->setEnabled(item);
    m_toggleEnabled->setEnabled(valid && (kind == Kind::Broker || kind == Kind::Route));
    const bool movable = item && !path.isEmpty() && path.last().isIndex();
    const QModelIndex index = m_tree->currentIndex();
    m_moveUp->setEnabled(movable && index.row() > 0);
    m_moveDown->setEnabled(movable && index.row() + 1 < m_model->rowCount(index.parent()));
}

void ConfigEditor::addBroker()
{
    const QList<JsonPath> brokers = ConfigPaths::brokerPaths(m_document->root());
    const QString id = unique(u"mqhook-"_s, stringsOf(m_document->root(), brokers, u"client_id"_s));
    const JsonNode *list = m_document->node(ConfigPaths::brokers());
    const qsizetype at = list && list->isArray() ? qsizetype(list->children.size()) : 0;
    m_document->beginMacro(tr("Add broker connection"));
    m_document->insert(ConfigPaths::brokers(), at, newBroker(id));
    m_document->endMacro();
    select(ConfigPaths::brokers().index(at));
}

void ConfigEditor::addRoute()
{
    const JsonPath broker = ConfigPaths::brokerOf(currentPath());
    if (broker.isEmpty())
        return;
    const JsonNode &root = m_document->root();
    QSet<QString> names;
    for (const JsonPath &b : ConfigPaths::brokerPaths(root))
        names += stringsOf(root, ConfigPaths::routePaths(root, b), u"app_name"_s);
    const QString name = unique(u"route-"_s, names);
    const JsonNode route = newRoute(name, name.mid(6));
    const JsonPath routes = broker.key(u"sub_deal_config"_s);
    const JsonNode *existing = m_document->node(routes);
    m_document->beginMacro(tr("Add route"));
    if (existing && existing->isObject()) {
        // The original format's single object becomes a list once there are two.
        JsonNode list = W::array();
        W::append(&list, *existing);
        W::append(&list, route);
        m_document->setValue(routes, list, false);
        m_document->endMacro();
        select(routes.index(1));
        return;
    }
    const qsizetype at = existing && existing->isArray() ? qsizetype(existing->children.size()) : 0;
    m_document->insert(routes, at, route);
    m_document->endMacro();
    select(routes.index(at));
}

void ConfigEditor::addCallback()
{
    JsonPath route = currentPath();
    if (currentKind() == Kind::Callback)
        route = route.parent().parent();
    const JsonPath list = ConfigPaths::callbackList(m_document->root(), route);
    const JsonNode *existing = m_document->node(list);
    const qsizetype at = existing && existing->isArray() ? qsizetype(existing->children.size()) : 0;
    m_document->insert(list, at, W::string(u"http://127.0.0.1:8080/mqtt"_s));
    select(list.index(at));
}

void ConfigEditor::duplicateCurrent()
{
    const JsonPath path = currentPath();
    const Kind kind = currentKind();
    const JsonNode *node = m_document->node(path);
    if (!node)
        return;
    JsonNode copy = *node;
    const JsonNode &root = m_document->root();
    if (kind == Kind::Broker && copy.isObject()) {
        const QSet<QString> ids = stringsOf(root, ConfigPaths::brokerPaths(root), u"client_id"_s);
        const JsonNode *id = copy.member(u"client_id"_s);
        const QString stem = (id && id->isString() ? id->text : u"mqhook"_s) + u"-copy"_s;
        setMember(&copy, u"client_id"_s, W::string(ids.contains(stem) ? unique(stem, ids) : stem));
    } else if (kind == Kind::Route && copy.isObject()) {
        const JsonNode *name = copy.member(u"app_name"_s);
        setMember(
            &copy, u"app_name"_s,
            W::string(tr("%1 (copy)").arg(name && name->isString() ? name->text : QString())));
    }
    m_document->beginMacro(tr("Duplicate"));
    if (path.last().isIndex()) {
        m_document->insert(path.parent(), path.last().index + 1, copy);
        m_document->endMacro();
        select(path.parent().index(path.last().index + 1));
        return;
    }
    // A route given as one object: both go into a list.
    JsonNode list = W::array();
    W::append(&list, *node);
    W::append(&list, copy);
    m_document->setValue(path, list, false);
    m_document->endMacro();
    select(path.index(1));
}

void ConfigEditor::removeCurrent()
{
    const JsonPath path = currentPath();
    const Kind kind = currentKind();
    if (path.isEmpty())
        return;
    m_document->beginMacro(tr("Remove"));
    if (kind == Kind::Route && !path.last().isIndex())
        m_document->setValue(path, W::array(), false); // sub_deal_config stays, empty
    else
        m_document->remove(path);
    m_document->endMacro();
    const JsonPath parent = path.last().isIndex() ? path.parent() : path;
    const JsonNode *siblings = m_document->node(parent);
    if (path.last().isIndex() && siblings && siblings->isArray() && !siblings->children.empty())
        select(parent.index(
            std::min<qsizetype>(path.last().index, qsizetype(siblings->children.size()) - 1)));
    else
        select(kind == Kind::Broker ? ConfigPaths::brokers() : path.parent());
}

void ConfigEditor::toggleEnabled()
{
    const JsonPath path = currentPath();
    const Kind kind = currentKind();
    const JsonNode *node = m_document->node(path);
    if (!node || !node->isObject())
        return;
    const JsonNode *enabled = node->member(u"enabled"_s);
    const bool isEnabled = !enabled || !enabled->isBool() || enabled->boolean;
    m_document->beginMacro(isEnabled ? tr("Disable") : tr("Enable"));
    if (kind == Kind::Broker && !isEnabled)
        m_document->remove(path.key(u"enabled"_s)); // enabled is the default for a broker
    else
        m_document->setValue(path.key(u"enabled"_s), W::boolean(!isEnabled), false);
    m_document->endMacro();
}

void ConfigEditor::moveCurrent(int by)
{
    const JsonPath path = currentPath();
    if (path.isEmpty() || !path.last().isIndex())
        return;
    const qsizetype from = path.last().index;
    const qsizetype to = from + by;
    const JsonNode *array = m_document->node(path.parent());
    if (!array || to < 0 || to >= qsizetype(array->children.size()))
        return;
    m_document->move(path.parent(), from, to);
    select(path.parent().index(to));
}

} // namespace mqhook
