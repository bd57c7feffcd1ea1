#pragma once

#include "config/config.h"
#include "config/configloader.h"
#include "config/jsonnode.h"
#include "jsonpath.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>
#include <QUndoStack>

#include <optional>

namespace mqhook {

// The configuration file being edited: its JSON tree as written (member
// order, unknown keys, ${ENV} references and the shape of sub_deal_config
// kept), the undo stack of every edit made to it, and what the validator of
// --check finds in it. Forms read the tree and change it only through the
// edit functions here, each of which is one undoable command.
class ConfigDocument : public QObject
{
    Q_OBJECT

public:
    explicit ConfigDocument(QObject *parent = nullptr);
    ~ConfigDocument() override;

    // Reads a file. False when it cannot be read or is not JSON: the
    // document is then empty, not editable, and issues() holds the reason.
    bool load(const QString &fileName);
    // An unsaved configuration with the required sections, to be saved as fileName.
    void newDocument(const QString &fileName = {});
    // Writes the tree as it is (no defaults added) to fileName; the document
    // then belongs to that file. False with *error when validation finds
    // errors (saving is refused) or the file cannot be written.
    bool save(const QString &fileName, QString *error);

    QString fileName() const { return m_fileName; }
    // The folder relative paths (TLS files, log, queue) start from.
    QString baseDir() const;
    // The file was read and is JSON (an object or not): it can be edited.
    bool isEditable() const { return m_editable; }
    bool isModified() const { return !m_undo.isClean(); }

    const JsonNode &root() const { return m_root; }
    const JsonNode *node(const JsonPath &path) const { return path.find(m_root); }
    // What Save writes.
    QByteArray toJson() const;
    // toJson() with every password written in the file, and Authorization
    // values, replaced by "***": for showing on screen.
    QByteArray toRedactedJson() const;

    QUndoStack *undoStack() { return &m_undo; }

    // Sets the value at path, making the objects on the way when missing.
    // Edits of one field in a row (typing) merge into one undo step.
    void setValue(const JsonPath &path, const JsonNode &value, bool mergeTyping = true);
    // Removes an object member (every one of that name) or an array element.
    void remove(const JsonPath &path);
    // Inserts into the array at arrayPath (made when missing) before index.
    void insert(const JsonPath &arrayPath, qsizetype index, const JsonNode &value);
    void move(const JsonPath &arrayPath, qsizetype from, qsizetype to);
    // Replaces the node at path with after, as one undo step named text.
    void replace(const JsonPath &path, const JsonNode &after, const QString &text);
    // Groups the edits between the two calls into one undo step.
    void beginMacro(const QString &text) { m_undo.beginMacro(text); }
    void endMacro() { m_undo.endMacro(); }

    // The validator's findings for the current tree (line numbers refer to
    // toJson()), as of the last validation.
    const QList<ConfigIssue> &issues() const { return m_issues; }
    int errorCount() const;
    // The configuration as far as the validator could read it.
    const Config &draft() const { return m_draft; }
    // Validation runs in the background a moment after each edit; this runs
    // it now, on this thread, unless the findings are current.
    void validateNow();
    bool isValidationCurrent() const { return m_validated == m_generation; }

signals:
    // After an edit, an undo or a redo: the node at path was replaced.
    void changed(const mqhook::JsonPath &path);
    // After load() and newDocument(): everything is new.
    void reset();
    void fileNameChanged(const QString &fileName);
    void modifiedChanged(bool modified);
    void validated();

private:
    friend class ReplaceCommand;

    void apply(const JsonPath &path, const JsonNode &node);
    void push(const JsonPath &anchor, const JsonNode &after, const QString &text,
              const JsonPath &mergeKey);
    JsonPath existingAncestor(const JsonPath &path) const;
    void scheduleValidation();
    void startValidation();
    void takeResult(const LoadResult &result);
    void setFileName(const QString &fileName);
    void resetTo(const JsonNode &root, bool editable, const QList<ConfigIssue> &issues);

    QString m_fileName;
    JsonNode m_root;
    bool m_editable = false;
    QUndoStack m_undo;
    QList<ConfigIssue> m_issues;
    Config m_draft;
    quint64 m_generation = 0; // of the tree
    quint64 m_validated = 0;  // the generation m_issues belong to
    quint64 m_running = 0;    // the generation being validated in the background
    QTimer m_debounce;
    QFutureWatcher<LoadResult> m_watcher;
};

} // namespace mqhook
