#include "configdocument.h"

#include "config/envexpander.h"
#include "config/jsonreader.h"
#include "config/jsonwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUndoCommand>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

using W = JsonWriter;

constexpr int validationDelayMs = 200;

JsonNode *memberOf(JsonNode *object, const QString &key)
{
    return const_cast<JsonNode *>(object->member(key));
}

void removeMember(JsonNode *object, const QString &key)
{
    for (qsizetype i = object->keys.size() - 1; i >= 0; --i) {
        if (object->keys.at(i) != key)
            continue;
        object->keys.removeAt(i);
        object->children.erase(object->children.begin() + i);
        object->keyPositions.erase(object->keyPositions.begin() + i);
    }
}

QString describe(const JsonPath &path)
{
    for (qsizetype i = path.size() - 1; i >= 0; --i) {
        if (!path.at(i).isIndex())
            return path.at(i).key;
    }
    return path.toString();
}

const QString redacted = u"***"_s;

void redactLiteral(JsonNode *node)
{
    if (node && node->isString() && !node->text.isEmpty() &&
        !EnvExpander::hasReferences(node->text))
        node->text = redacted;
}

void redactRoute(JsonNode *route)
{
    if (!route || !route->isObject())
        return;
    if (JsonNode *headers = memberOf(route, u"callbackHeaders"_s); headers && headers->isObject()) {
        for (size_t i = 0; i < headers->children.size(); ++i) {
            const QString &name = headers->keys.at(qsizetype(i));
            if (name.compare(u"Authorization"_s, Qt::CaseInsensitive) == 0 ||
                name.compare(u"Proxy-Authorization"_s, Qt::CaseInsensitive) == 0)
                redactLiteral(&headers->children[i]);
        }
    }
    for (const QString &key : {u"callbackAddress"_s, u"callbaccallbackAddress"_s}) {
        JsonNode *list = memberOf(route, key);
        if (!list || !list->isArray())
            continue;
        for (JsonNode &address : list->children) {
            if (!address.isString() || EnvExpander::hasReferences(address.text))
                continue;
            QUrl url(address.text);
            if (url.isValid() && !url.password().isEmpty()) {
                url.setPassword(redacted);
                address.text = url.toString();
            }
        }
    }
}

} // namespace

// One edit: the node at anchor replaced. Typing into one field merges.
class ReplaceCommand : public QUndoCommand
{
public:
    ReplaceCommand(ConfigDocument *document, const JsonPath &anchor, JsonNode before,
                   JsonNode after, const QString &text, const JsonPath &mergeKey)
        : QUndoCommand(text)
        , m_document(document)
        , m_anchor(anchor)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_mergeKey(mergeKey)
    {}

    void redo() override { m_document->apply(m_anchor, m_after); }
    void undo() override { m_document->apply(m_anchor, m_before); }
    int id() const override { return m_mergeKey.isEmpty() ? -1 : 1; }

    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *next = static_cast<const ReplaceCommand *>(other);
        if (!(next->m_mergeKey == m_mergeKey) || !next->m_anchor.startsWith(m_anchor))
            return false;
        JsonNode *target = next->m_anchor.relativeTo(m_anchor).find(m_after);
        if (!target)
            return false;
        *target = next->m_after;
        setObsolete(sameJson(m_before, m_after));
        return true;
    }

private:
    ConfigDocument *m_document;
    JsonPath m_anchor;
    JsonNode m_before;
    JsonNode m_after;
    JsonPath m_mergeKey;
};

ConfigDocument::ConfigDocument(QObject *parent)
    : QObject(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(validationDelayMs);
    connect(&m_debounce, &QTimer::timeout, this, &ConfigDocument::startValidation);
    connect(&m_watcher, &QFutureWatcher<LoadResult>::finished, this, [this] {
        if (m_running == m_generation && !isValidationCurrent()) {
            m_validated = m_running;
            takeResult(m_watcher.result());
        } else if (!isValidationCurrent()) {
            scheduleValidation();
        }
    });
    connect(&m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

ConfigDocument::~ConfigDocument()
{
    // Taking the undo stack apart emits signals; nobody is to hear them now.
    blockSignals(true);
    disconnect(&m_undo, nullptr, this, nullptr);
    m_watcher.waitForFinished();
}

QString ConfigDocument::baseDir() const
{
    return m_fileName.isEmpty() ? QDir::currentPath() : QFileInfo(m_fileName).absolutePath();
}

void ConfigDocument::setFileName(const QString &fileName)
{
    if (m_fileName == fileName)
        return;
    m_fileName = fileName;
    emit fileNameChanged(fileName);
}

void ConfigDocument::resetTo(const JsonNode &root, bool editable, const QList<ConfigIssue> &issues)
{
    m_debounce.stop();
    m_root = root;
    m_editable = editable;
    m_undo.clear();
    // clear() leaves the clean state alone when there was nothing to undo, as
    // after a new document: what was read is what the file holds.
    m_undo.setClean();
    m_issues = issues;
    m_draft = Config();
    ++m_generation;
    // Editable: validated below; otherwise the issues given are all there is.
    m_validated = editable ? 0 : m_generation;
    emit reset();
    if (editable)
        validateNow();
    else
        emit validated();
}

bool ConfigDocument::load(const QString &fileName)
{
    setFileName(fileName);
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        resetTo(JsonNode(), false,
                {{ConfigIssue::Severity::Error,
                  {},
                  0,
                  0,
                  tr("cannot read the configuration file: %1").arg(file.errorString())}});
        return false;
    }
    JsonNode root;
    JsonReadError error;
    if (!JsonReader::read(file.readAll(), &root, &error)) {
        resetTo(JsonNode(), false,
                {{ConfigIssue::Severity::Error,
                  {},
                  error.position.line,
                  error.position.column,
                  tr("the file is not JSON, so it cannot be edited here: %1").arg(error.message)}});
        return false;
    }
    if (!root.isObject()) {
        resetTo(JsonNode(), false,
                {{ConfigIssue::Severity::Error,
                  {},
                  root.position.line,
                  root.position.column,
                  tr("the file holds no JSON object, so it cannot be edited here")}});
        return false;
    }
    resetTo(root, true, {});
    return true;
}

void ConfigDocument::newDocument(const QString &fileName)
{
    setFileName(fileName);
    JsonNode root = W::object();
    W::insert(&root, u"mqtt_brokers"_s, W::array());
    JsonNode log = W::object();
    W::insert(&log, u"level"_s, W::string(u"info"_s));
    W::insert(&log, u"filename"_s, W::string(u"logs/mqhook.log"_s));
    W::insert(&log, u"maxsize"_s, W::integer(100));
    W::insert(&log, u"max_age"_s, W::integer(7));
    W::insert(&log, u"max_backups"_s, W::integer(3));
    W::insert(&root, u"log_config"_s, std::move(log));
    resetTo(root, true, {});
    // A new document has never been saved: it counts as modified.
    m_undo.resetClean();
}

bool ConfigDocument::save(const QString &fileName, QString *error)
{
    if (!m_editable) {
        *error = tr("The file could not be read as a configuration, so there is nothing to save.");
        return false;
    }
    validateNow();
    if (const int errors = errorCount()) {
        QString first;
        for (const ConfigIssue &issue : std::as_const(m_issues)) {
            if (issue.severity == ConfigIssue::Severity::Error) {
                first = issue.path.isEmpty() ? issue.message : issue.path + u": "_s + issue.message;
                break;
            }
        }
        *error = tr("Not saved: %n error(s) remain. Fix them first (the Problems list shows "
                    "each one); the first is: %1",
                    nullptr, errors)
                     .arg(first);
        return false;
    }
    QSaveFile file(fileName);
    if (!QDir().mkpath(QFileInfo(fileName).absolutePath()) || !file.open(QIODevice::WriteOnly)) {
        *error =
            tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(fileName), file.errorString());
        return false;
    }
    file.write(toJson());
    if (!file.commit()) {
        *error =
            tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(fileName), file.errorString());
        return false;
    }
    setFileName(fileName);
    m_undo.setClean();
    return true;
}

QByteArray ConfigDocument::toJson() const
{
    return JsonWriter::write(m_root);
}

QByteArray ConfigDocument::toRedactedJson() const
{
    JsonNode copy = m_root;
    if (JsonNode *brokers = memberOf(&copy, u"mqtt_brokers"_s); brokers && brokers->isArray()) {
        for (JsonNode &broker : brokers->children) {
            if (!broker.isObject())
                continue;
            redactLiteral(memberOf(&broker, u"password"_s));
            JsonNode *routes = memberOf(&broker, u"sub_deal_config"_s);
            if (routes && routes->isArray()) {
                for (JsonNode &route : routes->children)
                    redactRoute(&route);
            } else {
                redactRoute(routes);
            }
        }
    }
    return JsonWriter::write(copy);
}

JsonPath ConfigDocument::existingAncestor(const JsonPath &path) const
{
    JsonPath anchor = path;
    while (!anchor.isEmpty() && !anchor.find(m_root))
        anchor = anchor.parent();
    return anchor;
}

void ConfigDocument::push(const JsonPath &anchor, const JsonNode &after, const QString &text,
                          const JsonPath &mergeKey)
{
    const JsonNode *before = anchor.find(m_root);
    Q_ASSERT(before);
    if (sameJson(*before, after))
        return;
    m_undo.push(new ReplaceCommand(this, anchor, *before, after, text, mergeKey));
}

void ConfigDocument::apply(const JsonPath &path, const JsonNode &node)
{
    JsonNode *target = path.find(m_root);
    Q_ASSERT(target);
    *target = node;
    ++m_generation;
    emit changed(path);
    scheduleValidation();
}

void ConfigDocument::setValue(const JsonPath &path, const JsonNode &value, bool mergeTyping)
{
    const JsonPath anchor = existingAncestor(path);
    JsonNode after = *anchor.find(m_root);
    JsonNode *cursor = &after;
    const JsonPath rest = path.relativeTo(anchor);
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const JsonPath::Step &step = rest.at(i);
        if (step.isIndex()) {
            if (!cursor->isArray())
                *cursor = W::array();
            while (qsizetype(cursor->children.size()) <= step.index)
                W::append(cursor, JsonNode());
            cursor = &cursor->children[size_t(step.index)];
        } else {
            if (!cursor->isObject())
                *cursor = W::object();
            JsonNode *member = memberOf(cursor, step.key);
            if (!member) {
                W::insert(cursor, step.key, JsonNode());
                member = &cursor->children.back();
            }
            cursor = member;
        }
    }
    *cursor = value;
    push(anchor, after, tr("Edit %1").arg(describe(path)), mergeTyping ? path : JsonPath());
}

void ConfigDocument::replace(const JsonPath &path, const JsonNode &after, const QString &text)
{
    m_undo.beginMacro(text);
    setValue(path, after, false);
    m_undo.endMacro();
}

void ConfigDocument::remove(const JsonPath &path)
{
    const JsonPath parent = path.parent();
    const JsonNode *container = parent.find(m_root);
    if (path.isEmpty() || !container || !path.find(m_root))
        return;
    JsonNode after = *container;
    if (path.last().isIndex())
        after.children.erase(after.children.begin() + path.last().index);
    else
        removeMember(&after, path.last().key);
    push(parent, after, tr("Remove %1").arg(describe(path)), {});
}

void ConfigDocument::insert(const JsonPath &arrayPath, qsizetype index, const JsonNode &value)
{
    const JsonNode *array = arrayPath.find(m_root);
    if (!array || !array->isArray()) {
        JsonNode list = W::array();
        W::append(&list, value);
        m_undo.beginMacro(tr("Add to %1").arg(describe(arrayPath)));
        setValue(arrayPath, list, false);
        m_undo.endMacro();
        return;
    }
    JsonNode after = *array;
    index = std::clamp<qsizetype>(index, 0, qsizetype(after.children.size()));
    after.children.insert(after.children.begin() + index, value);
    push(arrayPath, after, tr("Add to %1").arg(describe(arrayPath)), {});
}

void ConfigDocument::move(const JsonPath &arrayPath, qsizetype from, qsizetype to)
{
    const JsonNode *array = arrayPath.find(m_root);
    if (!array || !array->isArray())
        return;
    const qsizetype size = qsizetype(array->children.size());
    if (from < 0 || from >= size || to < 0 || to >= size || from == to)
        return;
    JsonNode after = *array;
    JsonNode element = std::move(after.children[size_t(from)]);
    after.children.erase(after.children.begin() + from);
    after.children.insert(after.children.begin() + to, std::move(element));
    push(arrayPath, after, tr("Move in %1").arg(describe(arrayPath)), {});
}

int ConfigDocument::errorCount() const
{
    int count = 0;
    for (const ConfigIssue &issue : m_issues)
        count += issue.severity == ConfigIssue::Severity::Error ? 1 : 0;
    return count;
}

void ConfigDocument::scheduleValidation()
{
    m_debounce.start();
}

void ConfigDocument::startValidation()
{
    if (!m_editable || isValidationCurrent())
        return;
    if (m_watcher.isRunning()) {
        // Its result will be stale; the next run starts when it ends.
        return;
    }
    m_running = m_generation;
    const QByteArray json = toJson();
    const QString dir = baseDir();
    m_watcher.setFuture(
        QtConcurrent::run([json, dir] { return ConfigLoader().loadJson(json, dir); }));
}

void ConfigDocument::validateNow()
{
    if (!m_editable || isValidationCurrent())
        return;
    m_debounce.stop();
    const LoadResult result = ConfigLoader().loadJson(toJson(), baseDir());
    m_validated = m_generation;
    takeResult(result);
}

void ConfigDocument::takeResult(const LoadResult &result)
{
    m_issues = result.errors + result.warnings;
    m_draft = result.draft;
    emit validated();
}

} // namespace mqhook
