#include "fieldbinder.h"

#include "config/envexpander.h"
#include "config/jsonwriter.h"
#include "configdocument.h"
#include "icons.h"
#include "integerspinbox.h"
#include "issuecolors.h"
#include "stringlisteditor.h"
#include "tableeditor.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScopedValueRollback>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

using W = JsonWriter;

// A field's frame: the widget, what stands in for it while the file holds a
// ${ENV} reference, the button that puts the default back, and the message
// of the validator under it.
class FieldRow : public QWidget
{
public:
    FieldRow(QWidget *field, bool optional, QWidget *parent)
        : QWidget(parent)
        , m_field(field)
        , m_reference(new QLabel(this))
        , m_reset(new QToolButton(this))
        , m_message(new QLabel(this))
        , m_optional(optional)
    {
        m_line = new QHBoxLayout;
        auto *line = m_line;
        line->setContentsMargins(0, 0, 0, 0);
        line->setSpacing(4);
        line->addWidget(m_reference, 1);
        line->addWidget(m_reset, 0, Qt::AlignTop);
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        layout->addLayout(line);
        layout->addWidget(m_message);

        m_reference->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_reference->setVisible(false);
        m_reset->setIcon(Icons::get(Icons::Reset));
        m_reset->setAutoRaise(true);
        m_reset->setFocusPolicy(Qt::TabFocus);
        m_reset->setVisible(false);
        // Rows line up whether or not their field is in the file.
        QSizePolicy keep = m_reset->sizePolicy();
        keep.setRetainSizeWhenHidden(true);
        m_reset->setSizePolicy(keep);
        m_message->setWordWrap(true);
        m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_message->setVisible(false);
    }

    // Takes the field in, once this row stands in its place in the form.
    void adopt()
    {
        // A field of limited width (a spin box) sits at the start of its row.
        if (m_field->maximumWidth() < QWIDGETSIZE_MAX) {
            m_line->insertWidget(0, m_field, 0, Qt::AlignLeft);
            m_line->insertStretch(1, 1);
        } else {
            m_line->insertWidget(0, m_field, 1);
        }
        setFocusProxy(m_field);
    }

    QToolButton *resetButton() const { return m_reset; }

    void setPresent(bool present)
    {
        m_reset->setVisible(m_optional && present);
        m_reset->setToolTip(
            m_optional ? FieldBinder::tr("Remove this key from the file: the default applies")
                       : QString());
    }

    void setReference(const QString &reference, bool required)
    {
        const bool shown = !reference.isEmpty();
        m_field->setVisible(!shown);
        m_reference->setVisible(shown);
        if (shown) {
            m_reference->setText(
                FieldBinder::tr("%1 (from the environment when mqhook starts)").arg(reference));
            m_reset->setVisible(true);
            m_reset->setToolTip(required
                                    ? FieldBinder::tr("Replace the reference by a value")
                                    : FieldBinder::tr("Remove the reference: the default applies"));
        }
    }

    void setIssues(const QStringList &messages, bool error)
    {
        m_message->setVisible(!messages.isEmpty());
        QPalette palette = m_field->palette();
        if (messages.isEmpty()) {
            m_message->clear();
            m_field->setPalette(QPalette());
            return;
        }
        m_message->setText(messages.join(u'\n'));
        QPalette messagePalette = m_message->palette();
        messagePalette.setColor(QPalette::WindowText, IssueColors::text(palette, error));
        m_message->setPalette(messagePalette);
        palette.setColor(QPalette::Base, IssueColors::tint(QPalette(), error));
        m_field->setPalette(palette);
    }

    QString message() const { return m_message->isHidden() ? QString() : m_message->text(); }

private:
    QWidget *m_field;
    QHBoxLayout *m_line;
    QLabel *m_reference;
    QToolButton *m_reset;
    QLabel *m_message;
    bool m_optional;
};

QLabel *buddyOf(QWidget *widget)
{
    QWidget *window = widget->window();
    for (QLabel *label : window->findChildren<QLabel *>()) {
        if (label->buddy() == widget)
            return label;
    }
    return nullptr;
}

bool isReference(const JsonNode *node)
{
    return node && node->isString() && EnvExpander::hasReferences(node->text);
}

QString statusListText(const JsonNode *node)
{
    if (!node || !node->isArray())
        return {};
    QStringList parts;
    for (const JsonNode &element : node->children)
        parts.append(element.isString() ? element.text : element.text);
    return parts.join(u", "_s);
}

JsonNode statusListNode(const QString &text)
{
    JsonNode list = W::array();
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString token = part.trimmed();
        if (token.isEmpty())
            continue;
        bool ok = false;
        const int code = token.toInt(&ok);
        W::append(&list, ok ? W::integer(code) : W::string(token));
    }
    return list;
}

QStringList stringList(const JsonNode *node)
{
    QStringList items;
    if (node && node->isArray()) {
        for (const JsonNode &element : node->children)
            items.append(element.isString() ? element.text : element.text);
    }
    return items;
}

JsonNode stringListNode(const QStringList &items)
{
    JsonNode list = W::array();
    for (const QString &item : items)
        W::append(&list, W::string(item));
    return list;
}

void setFallbackStyle(QWidget *widget, bool fallback)
{
    QFont font = widget->font();
    if (font.italic() != fallback) {
        font.setItalic(fallback);
        widget->setFont(font);
    }
}

} // namespace

FieldBinder::FieldBinder(ConfigDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{}

void FieldBinder::setBase(const JsonPath &base)
{
    m_base = base;
    refresh();
}

FieldBinder::Field FieldBinder::makeField(ConfigSection section, const QString &key, Kind kind,
                                          QWidget *widget, const JsonPath &relative, bool optional,
                                          std::optional<JsonNode> fallback, const Choices &choices)
{
    Field field;
    field.section = section;
    field.key = key;
    field.kind = kind;
    field.widget = widget;
    field.relative = relative;
    field.optional = optional;
    field.fallback = std::move(fallback);
    field.choices = choices;
    return field;
}

FieldBinder::Field &FieldBinder::add(Field field)
{
    if (field.key.isEmpty() && !field.relative.isEmpty())
        field.key = field.relative.last().key;
    QWidget *widget = field.widget;
    if (widget && field.kind != Kind::Structure && field.kind != Kind::Section) {
        QWidget *parent = widget->parentWidget();
        auto *row = new FieldRow(widget, field.optional, parent);
        if (parent && parent->layout()) {
            if (QLayoutItem *old = parent->layout()->replaceWidget(widget, row))
                delete old;
        }
        row->adopt();
        field.row = row;
    } else if (widget) {
        // Sections and structure keys show their message in a label of their own.
        auto *message = new QLabel(widget);
        message->setWordWrap(true);
        message->setVisible(false);
        message->setObjectName(u"mqhookFieldMessage"_s);
        if (QLayout *layout = widget->layout())
            layout->addWidget(message);
        field.row = message;
    }
    m_fields.append(field);
    Field &added = m_fields.last();
    if (auto *row = dynamic_cast<FieldRow *>(added.row)) {
        const qsizetype index = m_fields.size() - 1;
        connect(row->resetButton(), &QToolButton::clicked, this,
                [this, index] { resetField(m_fields.at(index)); });
    }
    return added;
}

JsonPath FieldBinder::pathOf(const Field &field) const
{
    if (field.locate) {
        const JsonNode *item = m_document->node(m_base);
        static const JsonNode empty;
        return m_base.joined(field.locate(item ? *item : empty));
    }
    return m_base.joined(field.relative);
}

void FieldBinder::write(const Field &field, const JsonNode &value)
{
    if (m_loading)
        return;
    m_document->setValue(pathOf(field), value);
}

void FieldBinder::resetField(const Field &field)
{
    if (field.optional)
        m_document->remove(pathOf(field));
    else if (field.fallback)
        m_document->setValue(pathOf(field), *field.fallback, false);
}

void FieldBinder::bindText(QLineEdit *edit, ConfigSection section, const JsonPath &relative,
                           bool optional, const QString &fallback)
{
    add(makeField(section, {}, Kind::Text, edit, relative, optional, W::string(fallback)));
    const qsizetype index = m_fields.size() - 1;
    connect(edit, &QLineEdit::textEdited, this,
            [this, index](const QString &text) { write(m_fields.at(index), W::string(text)); });
}

void FieldBinder::bindTemplate(QPlainTextEdit *edit, ConfigSection section,
                               const JsonPath &relative)
{
    add(makeField(section, QString(), Kind::Template, edit, relative, true, W::string({})));
    const qsizetype index = m_fields.size() - 1;
    connect(edit, &QPlainTextEdit::textChanged, this,
            [this, index, edit] { write(m_fields.at(index), W::string(edit->toPlainText())); });
}

void FieldBinder::bindFile(QLineEdit *edit, QAbstractButton *browse, ConfigSection section,
                           const JsonPath &relative, const QString &filter)
{
    add(makeField(section, QString(), Kind::File, edit, relative, true, W::string({}), {}))
        .companion = browse;
    const qsizetype index = m_fields.size() - 1;
    connect(edit, &QLineEdit::textEdited, this,
            [this, index](const QString &text) { write(m_fields.at(index), W::string(text)); });
    connect(browse, &QAbstractButton::clicked, this, [this, index, edit, filter] {
        const QDir base(m_document->baseDir());
        const QString start = edit->text().isEmpty() ? base.path() : base.filePath(edit->text());
        const QString chosen =
            QFileDialog::getOpenFileName(edit->window(), tr("Choose a file"), start, filter);
        if (chosen.isEmpty())
            return;
        // Inside the configuration's folder the path stays relative, as the loader reads it.
        QString shown = base.relativeFilePath(chosen);
        if (shown.startsWith(u"../"_s))
            shown = chosen;
        edit->setText(shown);
        write(m_fields.at(index), W::string(shown));
    });
}

void FieldBinder::bindInteger(IntegerSpinBox *spin, ConfigSection section, const JsonPath &relative,
                              double minimum, double maximum, std::optional<double> fallback)
{
    spin->setValidRange(minimum, maximum);
    std::optional<JsonNode> node;
    if (fallback)
        node = W::number(*fallback);
    else
        node = W::number(minimum);
    add(makeField(section, QString(), Kind::Integer, spin, relative, fallback.has_value(), node));
    const qsizetype index = m_fields.size() - 1;
    connect(spin, &QDoubleSpinBox::valueChanged, this,
            [this, index](double value) { write(m_fields.at(index), W::number(value)); });
}

void FieldBinder::bindNumber(QDoubleSpinBox *spin, ConfigSection section, const JsonPath &relative,
                             double minimum, double fallback)
{
    spin->setMinimum(minimum);
    add(makeField(section, QString(), Kind::Number, spin, relative, true, W::number(fallback)));
    const qsizetype index = m_fields.size() - 1;
    connect(spin, &QDoubleSpinBox::valueChanged, this,
            [this, index](double value) { write(m_fields.at(index), W::number(value)); });
}

void FieldBinder::bindBool(QCheckBox *box, ConfigSection section, const JsonPath &relative,
                           std::optional<bool> fallback)
{
    add(makeField(section, {}, Kind::Bool, box, relative, fallback.has_value(),
                  W::boolean(fallback.value_or(true))));
    const qsizetype index = m_fields.size() - 1;
    connect(box, &QCheckBox::toggled, this,
            [this, index](bool checked) { write(m_fields.at(index), W::boolean(checked)); });
}

void FieldBinder::bindChoice(QComboBox *combo, ConfigSection section, const JsonPath &relative,
                             const Choices &choices, std::optional<QString> fallback)
{
    combo->clear();
    for (const auto &[label, value] : choices)
        combo->addItem(label, value);
    add(makeField(
        section, {}, Kind::Choice, combo, relative, fallback.has_value(),
        W::string(fallback.value_or(choices.isEmpty() ? QString() : choices.first().second)),
        choices));
    const qsizetype index = m_fields.size() - 1;
    connect(combo, &QComboBox::currentIndexChanged, this, [this, index, combo](int row) {
        if (row >= 0)
            write(m_fields.at(index), W::string(combo->itemData(row).toString()));
    });
}

void FieldBinder::bindStringList(StringListEditor *editor, ConfigSection section,
                                 const JsonPath &relative, bool optional)
{
    add(makeField(section, QString(), Kind::StringList, editor, relative, optional, W::array()));
    const qsizetype index = m_fields.size() - 1;
    connect(editor, &StringListEditor::edited, this, [this, index](const QStringList &items) {
        write(m_fields.at(index), stringListNode(items));
    });
}

void FieldBinder::bindStatusList(QLineEdit *edit, ConfigSection section, const JsonPath &relative)
{
    add(makeField(section, QString(), Kind::StatusList, edit, relative, true, W::array()));
    const qsizetype index = m_fields.size() - 1;
    connect(edit, &QLineEdit::textEdited, this, [this, index](const QString &text) {
        write(m_fields.at(index), statusListNode(text));
    });
}

void FieldBinder::bindTable(TableEditor *editor, ConfigSection section, const JsonPath &relative)
{
    add(makeField(section, QString(), Kind::Table, editor, relative, true, std::nullopt));
    const qsizetype index = m_fields.size() - 1;
    connect(editor, &TableEditor::edited, this,
            [this, index, editor] { write(m_fields.at(index), editor->node()); });
}

void FieldBinder::bindSection(QWidget *widget, ConfigSection section, const JsonPath &relative)
{
    add(makeField(section, QString(), Kind::Section, widget, relative, true, std::nullopt));
}

void FieldBinder::bindStructure(QWidget *widget, ConfigSection section, const JsonPath &relative,
                                const QString &key)
{
    add(makeField(section, key, Kind::Structure, widget, relative, false, std::nullopt));
}

void FieldBinder::bindCustom(QWidget *widget, ConfigSection section, const JsonPath &relative,
                             bool optional)
{
    add(makeField(section, QString(), Kind::Custom, widget, relative, optional, std::nullopt));
}

void FieldBinder::bindAlias(ConfigSection section, const QString &alias, ConfigSection ofSection,
                            const QString &of)
{
    const Field *target = field(ofSection, of);
    Q_ASSERT(target);
    Field copy = *target;
    copy.section = section;
    copy.key = alias;
    copy.row = nullptr; // marked through the field it stands for
    m_fields.append(copy);
}

void FieldBinder::setLocator(ConfigSection section, const QString &key,
                             std::function<JsonPath(const JsonNode &item)> locate)
{
    for (Field &f : m_fields) {
        if (f.section == section && (f.key == key || f.relative.toString() == key))
            f.locate = locate;
    }
}

const FieldBinder::Field *FieldBinder::field(ConfigSection section, const QString &key) const
{
    for (const Field &f : m_fields) {
        if (f.section == section && f.key == key)
            return &f;
    }
    return nullptr;
}

const FieldBinder::Field *FieldBinder::fieldFor(const QString &issuePath) const
{
    const Field *best = nullptr;
    qsizetype bestLength = -1;
    for (const Field &f : m_fields) {
        if (!f.row)
            continue;
        const QString path = pathOf(f).toString();
        const bool shown = !f.row->isHidden();
        const bool better = path.size() > bestLength ||
                            (path.size() == bestLength && shown && best->row->isHidden());
        if (JsonPath::covers(path, issuePath) && better) {
            best = &f;
            bestLength = path.size();
        }
    }
    return best;
}

QString FieldBinder::messageOf(const Field &field)
{
    if (auto *row = dynamic_cast<FieldRow *>(field.row))
        return row->message();
    if (auto *label = qobject_cast<QLabel *>(field.row))
        return label->isHidden() ? QString() : label->text();
    return {};
}

void FieldBinder::refresh()
{
    const QScopedValueRollback guard(m_loading, true);
    for (Field &f : m_fields) {
        if (f.row)
            refreshField(f);
    }
}

void FieldBinder::refreshField(Field &field)
{
    QWidget *widget = field.widget;
    if (!widget)
        return;
    const JsonNode *node = m_document->node(pathOf(field));
    auto *row = dynamic_cast<FieldRow *>(field.row);
    if (row) {
        row->setPresent(node != nullptr);
        const bool textual = field.kind == Kind::Text || field.kind == Kind::Template ||
                             field.kind == Kind::File || field.kind == Kind::Custom;
        row->setReference(!textual && isReference(node) ? node->text : QString(), !field.optional);
        if (!textual && isReference(node))
            return;
    }
    const JsonNode *shown = node ? node : (field.fallback ? &*field.fallback : nullptr);
    setFallbackStyle(widget, !node && field.kind != Kind::Custom);

    switch (field.kind) {
    case Kind::Text:
    case Kind::File: {
        auto *edit = static_cast<QLineEdit *>(widget);
        const QString text = node && node->isString() ? node->text : QString();
        if (edit->text() != text)
            edit->setText(text);
        if (!node && field.fallback && !field.fallback->text.isEmpty())
            edit->setPlaceholderText(field.fallback->text);
        break;
    }
    case Kind::Template: {
        auto *edit = static_cast<QPlainTextEdit *>(widget);
        const QString text = node && node->isString() ? node->text : QString();
        if (edit->toPlainText() != text)
            edit->setPlainText(text);
        break;
    }
    case Kind::Integer:
    case Kind::Number: {
        auto *spin = static_cast<QDoubleSpinBox *>(widget);
        const double value = shown && shown->isNumber() ? shown->number : spin->minimum();
        if (field.kind == Kind::Integer && (value < spin->minimum() || value > spin->maximum()))
            spin->setRange(std::min(value, spin->minimum()), std::max(value, spin->maximum()));
        if (spin->value() != value)
            spin->setValue(value);
        break;
    }
    case Kind::Bool: {
        auto *box = static_cast<QCheckBox *>(widget);
        const bool value = shown && shown->isBool() ? shown->boolean : false;
        if (box->isChecked() != value)
            box->setChecked(value);
        break;
    }
    case Kind::Choice: {
        auto *combo = static_cast<QComboBox *>(widget);
        // A value outside the choices (a mistake, or "5.0" for "5") stays as written.
        while (combo->count() > field.choices.size())
            combo->removeItem(combo->count() - 1);
        QString value;
        if (shown && shown->isString())
            value = shown->text;
        else if (shown && (shown->isNumber() || shown->isBool()))
            value = shown->isBool() ? (shown->boolean ? u"true"_s : u"false"_s) : shown->text;
        int row = -1;
        for (int i = 0; i < field.choices.size(); ++i) {
            if (field.choices.at(i).second.compare(value, Qt::CaseInsensitive) == 0)
                row = i;
        }
        if (row < 0 && node) {
            combo->addItem(tr("%1 (as written in the file)").arg(value), value);
            row = combo->count() - 1;
        }
        if (combo->currentIndex() != row)
            combo->setCurrentIndex(row);
        break;
    }
    case Kind::StringList:
        static_cast<StringListEditor *>(widget)->setItems(stringList(node));
        break;
    case Kind::StatusList: {
        auto *edit = static_cast<QLineEdit *>(widget);
        const QString text = statusListText(node);
        // Only when the value differs: "408, 4" is the start of "408, 429".
        if (!sameJson(statusListNode(edit->text()), node ? *node : W::array()))
            edit->setText(text);
        break;
    }
    case Kind::Table:
        static_cast<TableEditor *>(widget)->setNode(node);
        break;
    case Kind::Section:
    case Kind::Structure:
    case Kind::Custom:
        break;
    }
}

QList<ConfigIssue> FieldBinder::showIssues(const QList<ConfigIssue> &issues)
{
    struct Found
    {
        QStringList messages;
        bool error = false;
        QHash<int, QString> rows;
    };
    QHash<const Field *, Found> found;
    QList<ConfigIssue> unclaimed;
    const QString base = m_base.toString();
    for (const ConfigIssue &issue : issues) {
        if (!JsonPath::covers(base, issue.path))
            continue;
        const Field *f = fieldFor(issue.path);
        if (!f) {
            unclaimed.append(issue);
            continue;
        }
        Found &entry = found[f];
        const bool error = issue.severity == ConfigIssue::Severity::Error;
        entry.error = entry.error || error;
        const QString path = pathOf(*f).toString();
        if (f->kind == Kind::Structure && issue.path != path) {
            continue; // counted below: the problem belongs to an item further down the tree
        }
        const QString rest = issue.path.mid(path.size());
        entry.messages.append(rest.isEmpty() ? issue.message : rest + u": "_s + issue.message);
        // "[2]..." or ".Name": the row of a list or table.
        if (rest.startsWith(u'[')) {
            const int row = rest.mid(1, rest.indexOf(u']') - 1).toInt();
            entry.rows.insert(row, issue.message);
        } else if (f->kind == Kind::Table && rest.startsWith(u'.')) {
            const JsonNode *table = m_document->node(pathOf(*f));
            const QString name = rest.mid(1);
            if (table && table->isObject())
                entry.rows.insert(int(table->keys.lastIndexOf(name)), issue.message);
        }
    }
    for (Field &f : m_fields) {
        if (!f.row)
            continue;
        const auto it = found.constFind(&f);
        const Found entry = it == found.constEnd() ? Found() : *it;
        QStringList messages = entry.messages;
        if (f.kind == Kind::Structure) {
            int below = 0;
            const QString path = pathOf(f).toString();
            for (const ConfigIssue &issue : issues) {
                if (JsonPath::covers(path, issue.path) && issue.path != path)
                    ++below;
            }
            if (below > 0)
                messages.append(tr("%n problem(s) further down: select the items marked in "
                                   "the tree",
                                   nullptr, below));
        }
        if (auto *row = dynamic_cast<FieldRow *>(f.row)) {
            row->setIssues(messages, entry.error);
        } else if (auto *label = qobject_cast<QLabel *>(f.row)) {
            label->setVisible(!messages.isEmpty());
            label->setText(messages.join(u'\n'));
            QPalette palette = label->palette();
            palette.setColor(QPalette::WindowText, IssueColors::text(palette, entry.error));
            label->setPalette(palette);
        }
        if (QLabel *buddy = f.widget ? buddyOf(f.widget) : nullptr) {
            QPalette palette = buddy->parentWidget()->palette();
            if (!messages.isEmpty())
                palette.setColor(QPalette::WindowText, IssueColors::text(palette, entry.error));
            buddy->setPalette(palette);
        }
        if (auto *list = qobject_cast<StringListEditor *>(f.widget.data()))
            list->setRowIssues(entry.rows, entry.error);
        else if (auto *table = qobject_cast<TableEditor *>(f.widget.data()))
            table->setRowIssues(entry.rows, entry.error);
    }
    return unclaimed;
}

} // namespace mqhook
