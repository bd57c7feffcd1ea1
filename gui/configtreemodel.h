#pragma once

#include "jsonpath.h"

#include <QAbstractItemModel>

#include <vector>

namespace mqhook {

class ConfigDocument;

// The configuration as a tree: broker connections with their routes and the
// routes' callback addresses, then logging, the queue and the admin
// endpoint. Each item names its place in the document and carries the worst
// problem found at or below it. Brokers, routes and callback addresses can be
// dragged to reorder them among their siblings.
class ConfigTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum class Kind
    {
        Brokers,
        Broker,
        Route,
        Callback,
        Logging,
        Queue,
        Admin,
    };
    Q_ENUM(Kind)

    enum Role
    {
        KindRole = Qt::UserRole + 1,
        PathRole,     // the JSON path as text
        SeverityRole, // -1 none, else a ConfigIssue::Severity
    };

    explicit ConfigTreeModel(ConfigDocument *document, QObject *parent = nullptr);

    Kind kind(const QModelIndex &index) const;
    JsonPath path(const QModelIndex &index) const;
    // The deepest item at or above path.
    QModelIndex indexFor(const JsonPath &path) const;
    QModelIndex itemOf(Kind kind) const; // the first item of that kind

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

private:
    struct Item
    {
        Kind kind;
        JsonPath path;
        int parent = -1;
        int row = 0;
        QList<int> children;
    };

    std::vector<Item> outline() const;
    void refresh();
    void emitDataChanged(const QModelIndex &parent);
    int itemId(const QModelIndex &index) const;
    const Item *item(const QModelIndex &index) const;
    QString label(const Item &item) const;
    bool isDisabled(const Item &item) const;
    int severity(const Item &item) const;
    QString issueText(const Item &item) const;
    // Where a dragged item may go: its array and row, or false.
    bool dropTarget(const QMimeData *data, int row, const QModelIndex &parent, JsonPath *array,
                    qsizetype *from, qsizetype *to) const;

    ConfigDocument *m_document;
    std::vector<Item> m_items;
    QList<int> m_top;
};

} // namespace mqhook
