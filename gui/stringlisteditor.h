#pragma once

#include <QHash>
#include <QStringList>
#include <QWidget>

class QListWidget;
class QToolButton;

namespace mqhook {

// Edits a list of strings (callback addresses, excluded topics, regular
// expressions): add, remove, edit in place, move up and down.
class StringListEditor : public QWidget
{
    Q_OBJECT

public:
    explicit StringListEditor(QWidget *parent = nullptr);

    QStringList items() const;
    // Shows items without emitting edited().
    void setItems(const QStringList &items);
    // The text a new entry starts with.
    void setNewItemText(const QString &text) { m_newItemText = text; }
    // Marks rows with problems: row → message.
    void setRowIssues(const QHash<int, QString> &issues, bool errors);

    QListWidget *list() const { return m_list; }
    QToolButton *addButton() const { return m_add; }
    QToolButton *removeButton() const { return m_remove; }

signals:
    void edited(const QStringList &items);

private:
    void add();
    void removeCurrent();
    void moveCurrent(int by);
    void updateButtons();

    QListWidget *m_list;
    QToolButton *m_add;
    QToolButton *m_remove;
    QToolButton *m_up;
    QToolButton *m_down;
    QString m_newItemText;
    bool m_loading = false;
};

} // namespace mqhook
