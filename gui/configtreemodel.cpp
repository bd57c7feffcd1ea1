#include "configtreemodel.h"

#include "configdocument.h"
#include "configpaths.h"
#include "icons.h"

#include <QApplication>
#include <QMimeData>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

const QString mimeType = u"application/x-mqhook-config-item"_s;

QString text(const JsonNode *node, const QString &key)
{
    const JsonNode *member = node ? node->member(key) : nullptr;
    if (!member)
        return {};
    if (member->isString())
        return member->text;
    if (member->isNumber())
        return member->text;
    return {};
}

} // namespace

ConfigTreeModel::ConfigTreeModel(ConfigDocument *document, QObject *parent)
    : QAbstractItemModel(parent)
    , m_document(document)
{
    m_items = outline();
    for (int i = 0; i < int(m_items.size()); ++i) {
        if (m_items[size_t(i)].parent < 0)
            m_top.append(i);
    }
    connect(document, &ConfigDocument::changed, this, &ConfigTreeModel::refresh);
    connect(document, &ConfigDocument::reset, this, &ConfigTreeModel::refresh);
    connect(document, &ConfigDocument::validated, this, &ConfigTreeModel::refresh);
}

std::vector<ConfigTreeModel::Item> ConfigTreeModel::outline() const
{
    std::vector<Item> items;
    const JsonNode &root = m_document->root();
    const auto add = [&items](Kind kind, const JsonPath &path, int parent) {
        const int id = int(items.size());
        Item item{kind, path, parent, 0, {}};
        if (parent >= 0) {
            item.row = int(items[size_t(parent)].children.size());
            items[size_t(parent)].children.append(id);
        }
        items.push_back(item);
        return id;
    };
    if (!m_document->isEditable())
        return items;
    int top = 0;
    const int brokers = add(Kind::Brokers, ConfigPaths::brokers(), -1);
    items[size_t(brokers)].row = top++;
    for (const JsonPath &broker : ConfigPaths::brokerPaths(root)) {
        const int brokerId = add(Kind::Broker, broker, brokers);
        for (const JsonPath &route : ConfigPaths::routePaths(root, broker)) {
            const int routeId = add(Kind::Route, route, brokerId);
            for (const JsonPath &callback : ConfigPaths::callbackPaths(root, route))
                add(Kind::Callback, callback, routeId);
        }
    }
    for (const auto &[kind, key] :
         {std::pair(Kind::Logging, u"log_config"_s), std::pair(Kind::Queue, u"queue"_s),
          std::pair(Kind::Admin, u"admin"_s)}) {
        const int id = add(kind, JsonPath().key(key), -1);
        items[size_t(id)].row = top++;
    }
    return items;
}

void ConfigTreeModel::refresh()
{
    std::vector<Item> items = outline();
    bool same = items.size() == m_items.size();
    for (size_t i = 0; same && i < items.size(); ++i) {
        same = items[i].kind == m_items[i].kind && items[i].path == m_items[i].path &&
               items[i].parent == m_items[i].parent;
    }
    if (same) {
        emitDataChanged({});
        return;
    }
    beginResetModel();
    m_items = std::move(items);
    m_top.clear();
    for (int i = 0; i < int(m_items.size()); ++i) {
        if (m_items[size_t(i)].parent < 0)
            m_top.append(i);
    }
    endResetModel();
}

void ConfigTreeModel::emitDataChanged(const QModelIndex &parent)
{
    const int rows = rowCount(parent);
    if (rows == 0)
        return;
    emit dataChanged(index(0, 0, parent), index(rows - 1, 0, parent));
    for (int row = 0; row < rows; ++row)
        emitDataChanged(index(row, 0, parent));
}

int ConfigTreeModel::itemId(const QModelIndex &index) const
{
    return index.isValid() ? int(index.internalId()) : -1;
}

const ConfigTreeModel::Item *ConfigTreeModel::item(const QModelIndex &index) const
{
    const int id = itemId(index);
    return id >= 0 && id < int(m_items.size()) ? &m_items[size_t(id)] : nullptr;
}

ConfigTreeModel::Kind ConfigTreeModel::kind(const QModelIndex &index) const
{
    const Item *it = item(index);
    return it ? it->kind : Kind::Brokers;
}

JsonPath ConfigTreeModel::path(const QModelIndex &index) const
{
    const Item *it = item(index);
    return it ? it->path : JsonPath();
}

QModelIndex ConfigTreeModel::indexFor(const JsonPath &path) const
{
    int best = -1;
    for (int i = 0; i < int(m_items.size()); ++i) {
        const Item &candidate = m_items[size_t(i)];
        if (path.startsWith(candidate.path) &&
            (best < 0 || candidate.path.size() > m_items[size_t(best)].path.size()))
            best = i;
    }
    if (best < 0)
        return {};
    return createIndex(m_items[size_t(best)].row, 0, quintptr(best));
}

QModelIndex ConfigTreeModel::itemOf(Kind kind) const
{
    for (int i = 0; i < int(m_items.size()); ++i) {
        if (m_items[size_t(i)].kind == kind)
            return createIndex(m_items[size_t(i)].row, 0, quintptr(i));
    }
    return {};
}

QModelIndex ConfigTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const QList<int> &children = parent.isValid() ? item(parent)->children : m_top;
    if (row >= children.size())
        return {};
    return createIndex(row, 0, quintptr(children.at(row)));
}

QModelIndex ConfigTreeModel::parent(const QModelIndex &child) const
{
    const Item *it = item(child);
    if (!it || it->parent < 0)
        return {};
    const Item &parentItem = m_items[size_t(it->parent)];
    return createIndex(parentItem.row, 0, quintptr(it->parent));
}

int ConfigTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    if (!parent.isValid())
        return int(m_top.size());
    const Item *it = item(parent);
    return it ? int(it->children.size()) : 0;
}

int ConfigTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QString ConfigTreeModel::label(const Item &item) const
{
    const JsonNode *node = m_document->node(item.path);
    switch (item.kind) {
    case Kind::Brokers:
        return tr("Broker connections");
    case Kind::Broker: {
        const QString clientId = text(node, u"client_id"_s);
        const QString host = text(node, u"broker_ip"_s);
        const QString port = text(node, u"broker_port"_s);
        const QString name = clientId.isEmpty() ? tr("(client id from the broker)") : clientId;
        return host.isEmpty() ? name : tr("%1 — %2:%3").arg(name, host, port);
    }
    case Kind::Route: {
        const QString name = text(node, u"app_name"_s);
        const JsonNode *subTopic = node ? node->member(u"subTopic"_s) : nullptr;
        const QString topic = text(subTopic, u"topic"_s);
        const QString shown = name.isEmpty() ? tr("(unnamed route)") : name;
        return topic.isEmpty() ? shown : tr("%1 — %2").arg(shown, topic);
    }
    case Kind::Callback:
        return node && node->isString() ? node->text : tr("(not a URL)");
    case Kind::Logging:
        return tr("Logging");
    case Kind::Queue:
        return tr("Queue");
    case Kind::Admin:
        return tr("Admin endpoint");
    }
    return {};
}

bool ConfigTreeModel::isDisabled(const Item &item) const
{
    if (item.kind != Kind::Broker && item.kind != Kind::Route)
        return false;
    const JsonNode *node = m_document->node(item.path);
    const JsonNode *enabled = node ? node->member(u"enabled"_s) : nullptr;
    return enabled && enabled->isBool() && !enabled->boolean;
}

int ConfigTreeModel::severity(const Item &item) const
{
    int worst = -1;
    const QString path = item.path.toString();
    for (const ConfigIssue &issue : m_document->issues()) {
        if (!JsonPath::covers(path, issue.path))
            continue;
        if (issue.severity == ConfigIssue::Severity::Error)
            return int(ConfigIssue::Severity::Error);
        worst = int(ConfigIssue::Severity::Warning);
    }
    return worst;
}

QString ConfigTreeModel::issueText(const Item &item) const
{
    QStringList lines;
    const QString path = item.path.toString();
    for (const ConfigIssue &issue : m_document->issues()) {
        if (JsonPath::covers(path, issue.path))
            lines.append(issue.path + u": "_s + issue.message);
        if (lines.size() == 5) {
            lines.append(u"…"_s);
            break;
        }
    }
    return lines.join(u'\n');
}

QVariant ConfigTreeModel::data(const QModelIndex &index, int role) const
{
    const Item *it = item(index);
    if (!it)
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        const QString shown = label(*it);
        return isDisabled(*it) ? tr("%1 (disabled)").arg(shown) : shown;
    }
    case Qt::DecorationRole: {
        const int worst = severity(*it);
        if (worst == int(ConfigIssue::Severity::Error))
            return Icons::get(Icons::Error);
        if (worst == int(ConfigIssue::Severity::Warning))
            return Icons::get(Icons::Warning);
        switch (it->kind) {
        case Kind::Brokers:
        case Kind::Broker:
            return Icons::get(Icons::Broker);
        case Kind::Route:
            return Icons::get(Icons::Route);
        case Kind::Callback:
            return Icons::get(Icons::Callback);
        case Kind::Logging:
            return Icons::get(Icons::Logging);
        case Kind::Queue:
            return Icons::get(Icons::Queue);
        case Kind::Admin:
            return Icons::get(Icons::Admin);
        }
        return {};
    }
    case Qt::ForegroundRole:
        if (isDisabled(*it))
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::ToolTipRole: {
        const QString issues = issueText(*it);
        return issues.isEmpty() ? label(*it) : label(*it) + u"\n\n"_s + issues;
    }
    case KindRole:
        return int(it->kind);
    case PathRole:
        return it->path.toString();
    case SeverityRole:
        return severity(*it);
    default:
        return {};
    }
}

Qt::ItemFlags ConfigTreeModel::flags(const QModelIndex &index) const
{
    const Item *it = item(index);
    if (!it)
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (it->kind == Kind::Broker || it->kind == Kind::Route || it->kind == Kind::Callback)
        flags |= Qt::ItemIsDragEnabled;
    if (it->kind == Kind::Brokers || it->kind == Kind::Broker || it->kind == Kind::Route)
        flags |= Qt::ItemIsDropEnabled;
    return flags;
}

Qt::DropActions ConfigTreeModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions ConfigTreeModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList ConfigTreeModel::mimeTypes() const
{
    return {mimeType};
}

QMimeData *ConfigTreeModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.size() != 1)
        return nullptr;
    const Item *it = item(indexes.first());
    if (!it)
        return nullptr;
    auto *data = new QMimeData;
    data->setData(mimeType, QByteArray::number(itemId(indexes.first())));
    return data;
}

bool ConfigTreeModel::dropTarget(const QMimeData *data, int row, const QModelIndex &parent,
                                 JsonPath *array, qsizetype *from, qsizetype *to) const
{
    if (!data || !data->hasFormat(mimeType))
        return false;
    bool ok = false;
    const int id = data->data(mimeType).toInt(&ok);
    if (!ok || id < 0 || id >= int(m_items.size()))
        return false;
    const Item &dragged = m_items[size_t(id)];
    // Only among siblings: the same parent, and an array to move within.
    if (itemId(parent) != dragged.parent || dragged.path.isEmpty() ||
        !dragged.path.last().isIndex())
        return false;
    *array = dragged.path.parent();
    *from = dragged.path.last().index;
    const qsizetype count = rowCount(parent);
    qsizetype target = row < 0 ? count : row;
    if (target > *from)
        --target; // the dragged item leaves its place first
    *to = std::clamp<qsizetype>(target, 0, count - 1);
    return true;
}

bool ConfigTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int,
                                      const QModelIndex &parent) const
{
    JsonPath array;
    qsizetype from = 0;
    qsizetype to = 0;
    return action == Qt::MoveAction && dropTarget(data, row, parent, &array, &from, &to);
}

bool ConfigTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int,
                                   const QModelIndex &parent)
{
    JsonPath array;
    qsizetype from = 0;
    qsizetype to = 0;
    if (action != Qt::MoveAction || !dropTarget(data, row, parent, &array, &from, &to))
        return false;
    if (from != to)
        m_document->move(array, from, to);
    return true;
}

} // namespace mqhook
