#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace mqhook {

class TopicModel;

// The topic overview page: the tree of topics seen (TopicModel), sorted by
// name, with a search field.
class TopicView : public QWidget
{
    Q_OBJECT

public:
    explicit TopicView(TopicModel *model, QWidget *parent = nullptr);

    QTreeView *tree() const { return m_tree; }
    QLineEdit *searchEdit() const { return m_search; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

    // Opens the tree down to a topic and selects it.
    void reveal(const QString &topic);

private:
    void updateSummary();

    TopicModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QTreeView *m_tree;
    QLabel *m_summary;
};

} // namespace mqhook
