#pragma once

#include "config/configloader.h"
#include "config/configschema.h"
#include "config/jsonnode.h"
#include "jsonpath.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>

#include <functional>
#include <optional>

class QAbstractButton;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;

namespace mqhook {

class ConfigDocument;
class IntegerSpinBox;
class StringListEditor;
class TableEditor;

// Ties the widgets of a form to keys of one item of the document (a broker,
// a route, ...): shows each key's value (or its default, greyed, while the
// file leaves it out), writes what the user changes back as document edits,
// shows a ${ENV} reference in a non-text field as written, and puts each of
// the validator's findings beside the field it is about. Every key a form
// covers is registered here, which is what the schema test walks.
class FieldBinder : public QObject
{
    Q_OBJECT

public:
    enum class Kind
    {
        Text,
        Template,
        File,
        Integer,
        Number,
        Bool,
        Choice,
        StringList,
        StatusList,
        Table,
        Section,   // an object whose keys have fields of their own
        Structure, // edited through the tree (brokers, routes, sections)
        Custom,    // the form drives the widget itself
    };
    Q_ENUM(Kind)

    using Choices = QList<QPair<QString, QString>>; // label, value as written

    struct Field
    {
        ConfigSection section = ConfigSection::Root;
        QString key;
        Kind kind = Kind::Text;
        QPointer<QWidget> widget;
        JsonPath relative; // from the item
        // Where the key is, when that depends on the item (an alias).
        std::function<JsonPath(const JsonNode &item)> locate;
        bool optional = true;
        std::optional<JsonNode> fallback; // the default shown while absent
        Choices choices;
        QWidget *row = nullptr;      // the widget's frame with its message
        QPointer<QWidget> companion; // a button that belongs to the field (Browse)
    };

    explicit FieldBinder(ConfigDocument *document, QObject *parent = nullptr);

    void setBase(const JsonPath &base);
    JsonPath base() const { return m_base; }

    void bindText(QLineEdit *edit, ConfigSection section, const JsonPath &relative, bool optional,
                  const QString &fallback = {});
    void bindTemplate(QPlainTextEdit *edit, ConfigSection section, const JsonPath &relative);
    void bindFile(QLineEdit *edit, QAbstractButton *browse, ConfigSection section,
                  const JsonPath &relative, const QString &filter);
    void bindInteger(IntegerSpinBox *spin, ConfigSection section, const JsonPath &relative,
                     double minimum, double maximum, std::optional<double> fallback);
    void bindNumber(QDoubleSpinBox *spin, ConfigSection section, const JsonPath &relative,
                    double minimum, double fallback);
    void bindBool(QCheckBox *box, ConfigSection section, const JsonPath &relative,
                  std::optional<bool> fallback);
    void bindChoice(QComboBox *combo, ConfigSection section, const JsonPath &relative,
                    const Choices &choices, std::optional<QString> fallback);
    void bindStringList(StringListEditor *editor, ConfigSection section, const JsonPath &relative,
                        bool optional);
    void bindStatusList(QLineEdit *edit, ConfigSection section, const JsonPath &relative);
    void bindTable(TableEditor *editor, ConfigSection section, const JsonPath &relative);
    void bindSection(QWidget *widget, ConfigSection section, const JsonPath &relative);
    void bindStructure(QWidget *widget, ConfigSection section, const JsonPath &relative,
                       const QString &key = {});
    void bindCustom(QWidget *widget, ConfigSection section, const JsonPath &relative,
                    bool optional);
    // The key name stands for another (the seed's misspelled callbaccallbackAddress).
    void bindAlias(ConfigSection section, const QString &alias, ConfigSection ofSection,
                   const QString &of);
    // The field of key finds its key with locate.
    void setLocator(ConfigSection section, const QString &key,
                    std::function<JsonPath(const JsonNode &item)> locate);

    const QList<Field> &fields() const { return m_fields; }
    const Field *field(ConfigSection section, const QString &key) const;
    // Where the field of key is in the document for the current item.
    JsonPath pathOf(const Field &field) const;
    // The field a validator path belongs to (the longest match), or nullptr.
    const Field *fieldFor(const QString &issuePath) const;

    // The message shown beside a field (empty when none).
    static QString messageOf(const Field &field);

    // Document → widgets.
    void refresh();
    // Marks the fields with the findings that concern them; returns those
    // about the item that no field claims (unknown keys, for one).
    QList<ConfigIssue> showIssues(const QList<ConfigIssue> &issues);

private:
    static Field makeField(ConfigSection section, const QString &key, Kind kind, QWidget *widget,
                           const JsonPath &relative, bool optional,
                           std::optional<JsonNode> fallback, const Choices &choices = {});
    Field &add(Field field);
    void write(const Field &field, const JsonNode &value);
    void resetField(const Field &field);
    void refreshField(Field &field);
    bool loading() const { return m_loading; }

    ConfigDocument *m_document;
    JsonPath m_base;
    QList<Field> m_fields;
    bool m_loading = false;
};

} // namespace mqhook
