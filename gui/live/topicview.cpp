#include "topicview.h"

#include "topicmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace mqhook {

TopicView::TopicView(TopicModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_tree(new QTreeView(this))
    , m_summary(new QLabel(this))
{
    setObjectName(u"topicView"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    m_search->setPlaceholderText(tr("Find a topic level"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Find a topic level"));
    layout->addWidget(m_search);

    m_proxy->setSourceModel(model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(TopicModel::TopicColumn);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);
    m_tree->setModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(TopicModel::TopicColumn, Qt::AscendingOrder);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setAccessibleName(tr("Topics"));
    const int digit = fontMetrics().horizontalAdvance(u'0');
    m_tree->setColumnWidth(TopicModel::TopicColumn, digit * 26);
    m_tree->setColumnWidth(TopicModel::MessagesColumn, digit * 10);
    m_tree->setColumnWidth(TopicModel::RateColumn, digit * 9);
    m_tree->setColumnWidth(TopicModel::RoutesColumn, digit * 64);
    m_tree->header()->setStretchLastSection(true);
    layout->addWidget(m_tree, 1);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        if (!text.isEmpty())
            m_tree->expandAll();
    });
    // New topics open their parents the first time, so the tree shows leaves.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int, int) {
                if (parent.isValid() && !parent.parent().isValid() &&
                    m_proxy->rowCount(parent) == 1)
                    m_tree->expand(parent);
                updateSummary();
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, &TopicView::updateSummary);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TopicView::updateSummary);
    updateSummary();
}

void TopicView::reveal(const QString &topic)
{
    const QModelIndex source = m_model->indexOf(topic);
    if (!source.isValid())
        return;
    QModelIndex index = m_proxy->mapFromSource(source);
    if (!index.isValid()) { // hidden by the search
        m_search->clear();
        index = m_proxy->mapFromSource(source);
    }
    for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
        m_tree->expand(parent);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

void TopicView::updateSummary()
{
    QString text = tr("%n topic(s)", nullptr, m_model->topicCount());
    if (m_model->overflow() > 0)
        text += tr("; %n message(s) on further topics are not shown (the overview keeps %1 topics)",
                   nullptr, int(std::min<qint64>(m_model->overflow(), INT_MAX)))
                    .arg(TopicModel::defaultMaxTopics);
    m_summary->setText(text);
}

} // namespace mqhook
