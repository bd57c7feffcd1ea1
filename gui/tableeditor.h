#pragma once

#include "config/jsonnode.h"

#include <QHash>
#include <QWidget>

class QTableWidget;
class QToolButton;

namespace mqhook {

// A table of rows with Add and Remove buttons, the base of the header and
// the payload condition editors. Subclasses turn rows into JSON and back.
class TableEditor : public QWidget
{
    Q_OBJECT

public:
    TableEditor(const QStringList &columns, QWidget *parent = nullptr);

    // Shows node without emitting edited(); a node that is not of the
    // expected type shows as no rows.
    virtual void setNode(const JsonNode *node) = 0;
    virtual JsonNode node() const = 0;
    // Marks rows with problems: row → message.
    void setRowIssues(const QHash<int, QString> &issues, bool errors);

    QTableWidget *table() const { return m_table; }
    QToolButton *addButton() const { return m_add; }
    QToolButton *removeButton() const { return m_remove; }

signals:
    void edited();

protected:
    // A new row with default cells, appended.
    virtual void appendRow() = 0;
    virtual void rowRemoved(int) {}
    void cellEdited();
    bool isLoading() const { return m_loading; }
    void setLoading(bool loading) { m_loading = loading; }

private:
    QTableWidget *m_table;
    QToolButton *m_add;
    QToolButton *m_remove;
    bool m_loading = false;
};

// callbackHeaders: header names and values, in file order.
class HeadersEditor : public TableEditor
{
    Q_OBJECT

public:
    explicit HeadersEditor(QWidget *parent = nullptr);

    void setNode(const JsonNode *node) override;
    JsonNode node() const override;

protected:
    void appendRow() override;

private:
    bool sameShape(const JsonNode *node) const;
};

// where: payload conditions, each a path, an operator and a value. Values
// are JSON (10, true, "text"); anything that does not read as JSON is text.
// Keys of a condition the editor does not show are kept.
class WhereEditor : public TableEditor
{
    Q_OBJECT

public:
    explicit WhereEditor(QWidget *parent = nullptr);

    void setNode(const JsonNode *node) override;
    JsonNode node() const override;

    static QStringList operators();
    // How a value is shown in its cell, and read back.
    static QString valueText(const JsonNode &value);
    static JsonNode valueNode(const QString &text);

protected:
    void appendRow() override;
    void rowRemoved(int row) override;

private:
    void addRow(const JsonNode &condition);
    QList<JsonNode> m_conditions; // as read, for the keys not shown
};

} // namespace mqhook
