#include "itemform.h"

#include "configdocument.h"
#include "fieldbinder.h"
#include "issuecolors.h"

#include <QLabel>
#include <QScrollArea>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace mqhook {

ItemForm::ItemForm(ConfigDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_binder(new FieldBinder(document, this))
{}

ItemForm::~ItemForm() = default;

JsonPath ItemForm::item() const
{
    return m_binder->base();
}

void ItemForm::setItem(const JsonPath &path)
{
    m_binder->setBase(path);
    refreshForm();
}

void ItemForm::refresh()
{
    m_binder->refresh();
    refreshForm();
}

void ItemForm::showIssues(const QList<ConfigIssue> &issues)
{
    const QList<ConfigIssue> unclaimed = m_binder->showIssues(issues);
    if (!m_problems)
        return;
    QStringList lines;
    bool error = false;
    bool unknownKey = false;
    const QString base = item().toString();
    for (const ConfigIssue &issue : unclaimed) {
        error = error || issue.severity == ConfigIssue::Severity::Error;
        unknownKey = unknownKey || issue.message.startsWith(u"unknown key"_s);
        QString where = issue.path.mid(base.size());
        if (where.startsWith(u'.'))
            where.remove(0, 1);
        lines.append(where.isEmpty() ? issue.message : where + u": "_s + issue.message);
    }
    if (unknownKey)
        lines.append(tr("Keys that mqhook does not know stay in the file as they are."));
    m_problems->setVisible(!lines.isEmpty());
    m_problems->setText(lines.join(u'\n'));
    QPalette palette = m_problems->palette();
    palette.setColor(QPalette::WindowText, IssueColors::text(palette, error));
    m_problems->setPalette(palette);
}

bool ItemForm::focusIssue(const QString &path)
{
    const FieldBinder::Field *field = m_binder->fieldFor(path);
    QWidget *widget = field ? field->widget.data() : nullptr;
    if (!widget)
        return false;
    // Scroll the field into view once the form is shown.
    QTimer::singleShot(0, widget, [widget] {
        for (QWidget *w = widget->parentWidget(); w; w = w->parentWidget()) {
            if (auto *scroll = qobject_cast<QScrollArea *>(w)) {
                scroll->ensureWidgetVisible(widget);
                break;
            }
        }
    });
    widget->setFocus(Qt::OtherFocusReason);
    return true;
}

void ItemForm::finishTabOrder(const QList<QWidget *> &extra)
{
    QList<QWidget *> chain;
    for (const FieldBinder::Field &field : m_binder->fields()) {
        QWidget *widget = field.widget;
        if (!widget || field.kind == FieldBinder::Kind::Structure ||
            field.kind == FieldBinder::Kind::Section || chain.contains(widget))
            continue;
        chain.append(widget);
        if (field.companion)
            chain.append(field.companion);
    }
    chain.append(extra);
    for (qsizetype i = 1; i < chain.size(); ++i)
        QWidget::setTabOrder(chain.at(i - 1), chain.at(i));
}

} // namespace mqhook
