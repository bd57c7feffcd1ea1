#pragma once

#include "config/configloader.h"
#include "jsonpath.h"

#include <QWidget>

class QLabel;

namespace mqhook {

class ConfigDocument;
class FieldBinder;

// The form of one kind of tree item (a broker, a route, ...): its fields
// bound to the item's keys, and the findings no field claims shown on top.
class ItemForm : public QWidget
{
    Q_OBJECT

public:
    ItemForm(ConfigDocument *document, QWidget *parent = nullptr);
    ~ItemForm() override;

    FieldBinder *binder() const { return m_binder; }
    JsonPath item() const;

    // Shows another item of the same kind.
    void setItem(const JsonPath &path);
    // The document changed: shows what it holds now.
    void refresh();
    void showIssues(const QList<ConfigIssue> &issues);
    // Gives the focus to the field a validator path belongs to.
    bool focusIssue(const QString &path);

protected:
    ConfigDocument *document() const { return m_document; }
    void setProblemsLabel(QLabel *label) { m_problems = label; }
    // Form-specific parts, after the bound fields were refreshed.
    virtual void refreshForm() {}
    // Puts the bound fields, then extra, in the tab order they were bound in.
    void finishTabOrder(const QList<QWidget *> &extra = {});

private:
    ConfigDocument *m_document;
    FieldBinder *m_binder;
    QLabel *m_problems = nullptr;
};

} // namespace mqhook
