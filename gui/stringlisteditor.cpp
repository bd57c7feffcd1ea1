#include "stringlisteditor.h"

#include "icons.h"
#include "issuecolors.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace mqhook {

namespace {

QToolButton *toolButton(QWidget *parent, Icons::Name icon, const QString &tip)
{
    auto *button = new QToolButton(parent);
    button->setIcon(Icons::get(icon));
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

StringListEditor::StringListEditor(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_add(toolButton(this, Icons::Add, tr("Add an entry")))
    , m_remove(toolButton(this, Icons::Remove, tr("Remove the selected entry")))
    , m_up(toolButton(this, Icons::MoveUp, tr("Move up")))
    , m_down(toolButton(this, Icons::MoveDown, tr("Move down")))
{
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::SelectedClicked);
    m_list->setAlternatingRowColors(true);
    m_list->setMinimumHeight(m_list->fontMetrics().height() * 4);
    m_list->setMaximumHeight(m_list->fontMetrics().height() * 8);
    setFocusProxy(m_list);

    auto *buttons = new QVBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->setSpacing(2);
    for (QToolButton *button : {m_add, m_remove, m_up, m_down})
        buttons->addWidget(button);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_add, &QToolButton::clicked, this, &StringListEditor::add);
    connect(m_remove, &QToolButton::clicked, this, &StringListEditor::removeCurrent);
    connect(m_up, &QToolButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveCurrent(1); });
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        if (!m_loading)
            emit edited(items());
    });
    connect(m_list, &QListWidget::currentRowChanged, this, &StringListEditor::updateButtons);
    updateButtons();
}

QStringList StringListEditor::items() const
{
    QStringList result;
    for (int row = 0; row < m_list->count(); ++row)
        result.append(m_list->item(row)->text());
    return result;
}

void StringListEditor::setItems(const QStringList &items)
{
    if (items == this->items())
        return;
    m_loading = true;
    const int current = m_list->currentRow();
    m_list->clear();
    for (const QString &text : items) {
        auto *item = new QListWidgetItem(text, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    if (current >= 0 && current < m_list->count())
        m_list->setCurrentRow(current);
    m_loading = false;
    updateButtons();
}

void StringListEditor::setRowIssues(const QHash<int, QString> &issues, bool errors)
{
    m_loading = true;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        const auto it = issues.find(row);
        if (it == issues.end()) {
            item->setData(Qt::BackgroundRole, {});
            item->setToolTip({});
        } else {
            item->setBackground(IssueColors::tint(palette(), errors));
            item->setToolTip(*it);
        }
    }
    m_loading = false;
}

void StringListEditor::add()
{
    QStringList next = items();
    next.append(m_newItemText);
    setItems(next);
    m_list->setCurrentRow(m_list->count() - 1);
    emit edited(next);
    m_list->editItem(m_list->item(m_list->count() - 1));
}

void StringListEditor::removeCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    QStringList next = items();
    next.removeAt(row);
    setItems(next);
    emit edited(next);
}

void StringListEditor::moveCurrent(int by)
{
    const int row = m_list->currentRow();
    const int target = row + by;
    if (row < 0 || target < 0 || target >= m_list->count())
        return;
    QStringList next = items();
    next.move(row, target);
    setItems(next);
    m_list->setCurrentRow(target);
    emit edited(next);
}

void StringListEditor::updateButtons()
{
    const int row = m_list->currentRow();
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_list->count());
}

} // namespace mqhook
