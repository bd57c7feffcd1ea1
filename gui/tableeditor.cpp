#include "tableeditor.h"

#include "config/jsonreader.h"
#include "config/jsonwriter.h"
#include "icons.h"
#include "issuecolors.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

using W = JsonWriter;

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

} // namespace

TableEditor::TableEditor(const QStringList &columns, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, int(columns.size()), this))
    , m_add(new QToolButton(this))
    , m_remove(new QToolButton(this))
{
    m_table->setHorizontalHeaderLabels(columns);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setMinimumHeight(m_table->fontMetrics().height() * 5);
    m_table->setMaximumHeight(m_table->fontMetrics().height() * 10);
    setFocusProxy(m_table);

    m_add->setIcon(Icons::get(Icons::Add));
    m_add->setToolTip(tr("Add a row"));
    m_add->setAutoRaise(true);
    m_remove->setIcon(Icons::get(Icons::Remove));
    m_remove->setToolTip(tr("Remove the selected row"));
    m_remove->setAutoRaise(true);

    auto *buttons = new QVBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->setSpacing(2);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_add, &QToolButton::clicked, this, [this] {
        m_loading = true;
        appendRow();
        m_loading = false;
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        emit edited();
    });
    connect(m_remove, &QToolButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0)
            return;
        m_table->removeRow(row);
        rowRemoved(row);
        emit edited();
    });
    connect(m_table, &QTableWidget::itemChanged, this, &TableEditor::cellEdited);
}

void TableEditor::cellEdited()
{
    if (!m_loading)
        emit edited();
}

void TableEditor::setRowIssues(const QHash<int, QString> &issues, bool errors)
{
    m_loading = true;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        for (int column = 0; column < m_table->columnCount(); ++column) {
            QTableWidgetItem *item = m_table->item(row, column);
            if (!item)
                continue;
            const auto it = issues.find(row);
            item->setData(Qt::BackgroundRole, it == issues.end()
                                                  ? QVariant()
                                                  : QVariant(IssueColors::tint(palette(), errors)));
            item->setToolTip(it == issues.end() ? QString() : *it);
        }
    }
    m_loading = false;
}

HeadersEditor::HeadersEditor(QWidget *parent)
    : TableEditor({tr("Header"), tr("Value")}, parent)
{
    table()->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
}

void HeadersEditor::setNode(const JsonNode *node)
{
    if (node && node->isObject() && sameShape(node))
        return;
    setLoading(true);
    table()->setRowCount(0);
    if (node && node->isObject()) {
        for (size_t i = 0; i < node->children.size(); ++i) {
            const int row = table()->rowCount();
            table()->insertRow(row);
            table()->setItem(row, 0, new QTableWidgetItem(node->keys.at(qsizetype(i))));
            const JsonNode &value = node->children[i];
            table()->setItem(row, 1, new QTableWidgetItem(value.text));
        }
    }
    setLoading(false);
}

bool HeadersEditor::sameShape(const JsonNode *node) const
{
    const JsonNode shown = this->node();
    if (shown.children.size() != node->children.size())
        return false;
    for (size_t i = 0; i < node->children.size(); ++i) {
        if (shown.keys.at(qsizetype(i)) != node->keys.at(qsizetype(i)) ||
            !node->children[i].isString() || shown.children[i].text != node->children[i].text)
            return false;
    }
    return true;
}

JsonNode HeadersEditor::node() const
{
    JsonNode object = W::object();
    for (int row = 0; row < table()->rowCount(); ++row)
        W::insert(&object, cellText(table(), row, 0), W::string(cellText(table(), row, 1)));
    return object;
}

void HeadersEditor::appendRow()
{
    const int row = table()->rowCount();
    table()->insertRow(row);
    table()->setItem(row, 0, new QTableWidgetItem(u"X-Header"_s));
    table()->setItem(row, 1, new QTableWidgetItem(QString()));
}

WhereEditor::WhereEditor(QWidget *parent)
    : TableEditor({tr("Payload path"), tr("Operator"), tr("Value")}, parent)
{
    table()->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
}

QStringList WhereEditor::operators()
{
    return {u"=="_s, u"!="_s,     u"<"_s,        u"<="_s,     u">"_s,
            u">="_s, u"exists"_s, u"contains"_s, u"matches"_s};
}

QString WhereEditor::valueText(const JsonNode &value)
{
    if (value.isString()) {
        // A string that would read as another JSON value is shown quoted.
        JsonNode parsed;
        if (JsonReader::read(value.text.toUtf8(), &parsed, nullptr) || value.text.isEmpty())
            return QString::fromUtf8(JsonWriter::write(value)).trimmed();
        return value.text;
    }
    return QString::fromUtf8(JsonWriter::write(value)).trimmed();
}

JsonNode WhereEditor::valueNode(const QString &text)
{
    JsonNode parsed;
    if (JsonReader::read(text.toUtf8(), &parsed, nullptr))
        return parsed;
    return W::string(text);
}

void WhereEditor::addRow(const JsonNode &condition)
{
    const int row = table()->rowCount();
    table()->insertRow(row);
    const JsonNode *path = condition.member(u"path"_s);
    const JsonNode *op = condition.member(u"op"_s);
    const JsonNode *value = condition.member(u"value"_s);
    table()->setItem(row, 0,
                     new QTableWidgetItem(path && path->isString() ? path->text : QString()));
    auto *ops = new QComboBox(table());
    ops->addItems(operators());
    const QString opText = op && op->isString() ? op->text : QString();
    if (!opText.isEmpty() && !operators().contains(opText))
        ops->addItem(opText);
    ops->setCurrentText(opText.isEmpty() ? u"=="_s : opText);
    connect(ops, &QComboBox::activated, this, [this] {
        if (!isLoading())
            emit edited();
    });
    table()->setCellWidget(row, 1, ops);
    table()->setItem(row, 2, new QTableWidgetItem(value ? valueText(*value) : QString()));
}

void WhereEditor::setNode(const JsonNode *node)
{
    QList<JsonNode> conditions;
    if (node && node->isArray()) {
        for (const JsonNode &child : node->children)
            conditions.append(child);
    }
    const JsonNode shown = this->node();
    JsonNode incoming = W::array();
    for (const JsonNode &condition : conditions)
        W::append(&incoming, condition);
    if (table()->rowCount() == conditions.size() &&
        JsonWriter::write(shown) == JsonWriter::write(incoming))
        return;
    setLoading(true);
    m_conditions = conditions;
    table()->setRowCount(0);
    for (const JsonNode &condition : std::as_const(m_conditions))
        addRow(condition);
    setLoading(false);
}

JsonNode WhereEditor::node() const
{
    JsonNode array = W::array();
    for (int row = 0; row < table()->rowCount(); ++row) {
        // Rows keep their conditions' other keys; a removed row's are gone with it.
        JsonNode condition = row < m_conditions.size() && m_conditions.at(row).isObject()
                                 ? m_conditions.at(row)
                                 : W::object();
        const auto set = [&condition](const QString &key, std::optional<JsonNode> value) {
            JsonNode fresh = W::object();
            bool placed = false;
            for (size_t i = 0; i < condition.children.size(); ++i) {
                const QString &name = condition.keys.at(qsizetype(i));
                if (name == key) {
                    if (value && !placed)
                        W::insert(&fresh, name, *value);
                    placed = true;
                    continue;
                }
                W::insert(&fresh, name, condition.children[i]);
            }
            if (value && !placed)
                W::insert(&fresh, key, *value);
            condition = fresh;
        };
        const auto *ops = qobject_cast<const QComboBox *>(table()->cellWidget(row, 1));
        const QString op = ops ? ops->currentText() : u"=="_s;
        const QString value = cellText(table(), row, 2);
        set(u"path"_s, W::string(cellText(table(), row, 0)));
        set(u"op"_s, W::string(op));
        if (op == u"exists" && value.isEmpty())
            set(u"value"_s, std::nullopt);
        else
            set(u"value"_s, valueNode(value));
        W::append(&array, condition);
    }
    return array;
}

void WhereEditor::rowRemoved(int row)
{
    if (row < m_conditions.size())
        m_conditions.removeAt(row);
}

void WhereEditor::appendRow()
{
    JsonNode condition = W::object();
    W::insert(&condition, u"path"_s, W::string(u"status"_s));
    W::insert(&condition, u"op"_s, W::string(u"=="_s));
    W::insert(&condition, u"value"_s, W::string(u"ok"_s));
    m_conditions.append(condition);
    addRow(condition);
}

} // namespace mqhook
