#include "topicmodel.h"

#include "payloadtext.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <QSet>

#include <map>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

constexpr int bucketCount = TopicModel::rateSeconds + 1;
constexpr int maxRoutesShown = 16;

} // namespace

TopicModel::TopicModel(std::shared_ptr<const Clock> clock, QObject *parent)
    : QAbstractItemModel(parent)
    , m_clock(std::move(clock))
{
    m_rateTimer.setInterval(1000);
    connect(&m_rateTimer, &QTimer::timeout, this, &TopicModel::updateRates);
    m_rateTimer.start();
}

void TopicModel::clear()
{
    beginResetModel();
    m_nodes.clear();
    m_top.clear();
    m_topByName.clear();
    m_byTopic.clear();
    m_topics = 0;
    m_overflow = 0;
    endResetModel();
}

qint64 TopicModel::currentSecond() const
{
    return m_clock->now().toSecsSinceEpoch();
}

int TopicModel::nodeFor(const QString &topic, bool create)
{
    // Most messages are on topics seen before: one lookup instead of a walk.
    if (const auto known = m_byTopic.constFind(topic); known != m_byTopic.constEnd())
        return *known;
    // "a/b" and "/a" keep their levels, empty ones included (MQTT 4.7.1.1).
    const QStringList levels = topic.split(u'/');
    int parent = -1;
    for (const QString &level : levels) {
        QHash<QString, int> &children =
            parent < 0 ? m_topByName : m_nodes[std::size_t(parent)].childByName;
        const auto it = children.constFind(level);
        if (it != children.constEnd()) {
            parent = *it;
            continue;
        }
        if (!create)
            return -1;
        std::vector<int> &siblings = parent < 0 ? m_top : m_nodes[std::size_t(parent)].children;
        const int row = int(siblings.size());
        beginInsertRows(parent < 0 ? QModelIndex() : indexOfNode(parent, 0), row, row);
        Node node;
        node.name = level;
        node.parent = parent;
        node.row = row;
        const int id = int(m_nodes.size());
        m_nodes.push_back(std::move(node));
        // push_back may have moved the nodes: look the containers up again.
        (parent < 0 ? m_top : m_nodes[std::size_t(parent)].children).push_back(id);
        (parent < 0 ? m_topByName : m_nodes[std::size_t(parent)].childByName).insert(level, id);
        endInsertRows();
        parent = id;
    }
    m_byTopic.insert(topic, parent);
    return parent;
}

void TopicModel::countIn(Node &node, qint64 second)
{
    if (second > node.bucketSecond) {
        const qint64 gap = std::min<qint64>(second - node.bucketSecond, bucketCount);
        for (qint64 k = 1; k <= gap; ++k)
            node.buckets[std::size_t((node.bucketSecond + k) % bucketCount)] = 0;
        node.bucketSecond = second;
    }
    if (second > node.bucketSecond - bucketCount)
        ++node.buckets[std::size_t(second % bucketCount)];
}

double TopicModel::rateOfNode(const Node &node, qint64 second) const
{
    qint64 sum = 0;
    for (qint64 s = second - rateSeconds; s < second; ++s) {
        if (s <= node.bucketSecond && s > node.bucketSecond - bucketCount)
            sum += node.buckets[std::size_t(s % bucketCount)];
    }
    return double(sum) / rateSeconds;
}

void TopicModel::addEvents(const QList<Event> &events, qint64)
{
    const qint64 second = currentSecond();
    QSet<int> changed;
    for (const Event &event : events) {
        if (event.kind != Event::Kind::Taken && event.kind != Event::Kind::Unrouted)
            continue;
        const int existing = nodeFor(event.topic, false);
        const bool known = existing >= 0 && m_nodes[std::size_t(existing)].count > 0;
        if (!known && m_topics >= m_maxTopics) {
            ++m_overflow;
            continue;
        }
        const int id = nodeFor(event.topic, true);
        Node &node = m_nodes[std::size_t(id)];
        if (node.count == 0)
            ++m_topics;
        ++node.count;
        node.lastPayload = event.preview;
        node.lastSize = event.size;
        // Every route a topic reached (each broker connection has its own),
        // and why it was last not routed, when it was.
        if (event.kind == Event::Kind::Unrouted) {
            node.reason = event.reason.isEmpty() ? tr("no route matches") : event.reason;
        } else {
            for (const QString &route : event.routes) {
                if (!node.routes.contains(route) && node.routes.size() < maxRoutesShown)
                    node.routes.append(route);
            }
        }
        for (int at = id; at >= 0; at = m_nodes[std::size_t(at)].parent) {
            Node &level = m_nodes[std::size_t(at)];
            ++level.total;
            countIn(level, second);
            changed.insert(at);
        }
    }
    emitChanged(QList<int>(changed.begin(), changed.end()), MessagesColumn, PayloadColumn);
}

void TopicModel::updateRates()
{
    const qint64 second = currentSecond();
    QList<int> changed;
    for (std::size_t id = 0; id < m_nodes.size(); ++id) {
        Node &node = m_nodes[id];
        const double rate = rateOfNode(node, second);
        if (rate == node.rate)
            continue;
        node.rate = rate;
        changed.append(int(id));
    }
    emitChanged(changed, RateColumn, RateColumn);
}

void TopicModel::emitChanged(const QList<int> &nodes, int firstColumn, int lastColumn)
{
    // One dataChanged per parent, over the rows that changed.
    std::map<int, std::pair<int, int>> ranges;
    for (const int id : nodes) {
        const Node &node = m_nodes[std::size_t(id)];
        auto [it, inserted] = ranges.try_emplace(node.parent, node.row, node.row);
        if (!inserted) {
            it->second.first = std::min(it->second.first, node.row);
            it->second.second = std::max(it->second.second, node.row);
        }
    }
    for (const auto &[parentId, range] : ranges) {
        const QModelIndex parentIndex = parentId < 0 ? QModelIndex() : indexOfNode(parentId, 0);
        emit dataChanged(index(range.first, firstColumn, parentIndex),
                         index(range.second, lastColumn, parentIndex));
    }
}

QModelIndex TopicModel::indexOf(const QString &topic) const
{
    const int id = const_cast<TopicModel *>(this)->nodeFor(topic, false);
    return id < 0 ? QModelIndex() : indexOfNode(id, 0);
}

QModelIndex TopicModel::indexOfNode(int node, int column) const
{
    return createIndex(m_nodes[std::size_t(node)].row, column, quintptr(node));
}

QModelIndex TopicModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const std::vector<int> &children =
        parent.isValid() ? m_nodes[std::size_t(parent.internalId())].children : m_top;
    if (row >= int(children.size()))
        return {};
    return createIndex(row, column, quintptr(children[std::size_t(row)]));
}

QModelIndex TopicModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parentId = m_nodes[std::size_t(child.internalId())].parent;
    return parentId < 0 ? QModelIndex() : indexOfNode(parentId, 0);
}

int TopicModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_top.size());
    if (parent.column() != 0)
        return 0;
    return int(m_nodes[std::size_t(parent.internalId())].children.size());
}

int TopicModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant TopicModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &node = m_nodes[std::size_t(index.internalId())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TopicColumn:
            return node.name.isEmpty() ? tr("(empty level)") : node.name;
        case MessagesColumn:
            return QLocale().toString(node.total);
        case RateColumn:
            return node.rate > 0 ? tr("%1/s").arg(node.rate, 0, 'f', node.rate < 10 ? 1 : 0)
                                 : QString();
        case RoutesColumn:
            if (node.count == 0)
                return {};
            if (node.routes.isEmpty())
                return node.reason;
            if (node.reason.isEmpty())
                return node.routes.join(u", "_s);
            return tr("%1; not routed: %2").arg(node.routes.join(u", "_s), node.reason);
        case PayloadColumn:
            return node.count > 0 ? PayloadText::oneLine(node.lastPayload) : QString();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == PayloadColumn && node.count > 0) {
            QString text = PayloadText::plain(node.lastPayload.left(4096));
            if (node.lastPayload.size() < node.lastSize)
                text += u'\n' + tr("(the first %1 of %2 bytes)")
                                    .arg(node.lastPayload.size())
                                    .arg(node.lastSize);
            return text;
        }
        if (index.column() == TopicColumn)
            return data(index, FullTopicRole);
        if (index.column() == RoutesColumn)
            return data(index, Qt::DisplayRole);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == RoutesColumn && node.routes.isEmpty())
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == MessagesColumn || index.column() == RateColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case FullTopicRole: {
        QStringList levels;
        for (int at = int(index.internalId()); at >= 0; at = m_nodes[std::size_t(at)].parent)
            levels.prepend(m_nodes[std::size_t(at)].name);
        return levels.join(u'/');
    }
    case UnroutedRole:
        return node.count > 0 && node.routes.isEmpty();
    }
    return {};
}

QVariant TopicModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TopicColumn:
        return tr("Topic");
    case MessagesColumn:
        return tr("Messages");
    case RateColumn:
        return tr("Rate");
    case RoutesColumn:
        return tr("Routes");
    case PayloadColumn:
        return tr("Last payload");
    }
    return {};
}

} // namespace mqhook
