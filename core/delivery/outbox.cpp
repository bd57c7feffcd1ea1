#include "outbox.h"

#include "base/logcategories.h"
#include "delivery/pendingreader.h"
#include "delivery/queuelanes.h"
#include "delivery/queuerows.h"
#include "delivery/sqlitestatement.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace mqhook {

namespace {

// synchronous=FULL on a disk queue's connection while it lives, NORMAL again
// after: for the commits whose messages are acknowledged once they return.
// Runs the two prepared PRAGMAs it is given, or nothing (memory mode).
class FullSyncScope
{
public:
    FullSyncScope(SqliteStatement &full, SqliteStatement &normal, bool durable)
        : m_normal(durable ? &normal : nullptr)
    {
        if (durable)
            full.run();
    }
    ~FullSyncScope()
    {
        if (m_normal)
            m_normal->run();
    }
    FullSyncScope(const FullSyncScope &) = delete;
    FullSyncScope &operator=(const FullSyncScope &) = delete;

private:
    SqliteStatement *m_normal;
};

// The level below which a full queue takes messages again: 90 % of the limit.
bool belowResumeLevel(qint64 value, qint64 limit)
{
    return limit <= 0 || value <= qMin(limit - 1, limit * 9 / 10);
}

bool atLimit(qint64 value, qint64 limit)
{
    return limit > 0 && value >= limit;
}

} // namespace

// The statements of the write path, run per message or per group, prepared
// once per connection and run through the SQLite C API on Qt Sql's
// connection (see SqliteStatement).
struct Outbox::Statements
{
    SqliteStatement insertMessage;
    SqliteStatement insertDelivery;
    SqliteStatement pendingMessageOf;
    SqliteStatement deleteAttempts;
    SqliteStatement deleteDeliveries;
    SqliteStatement finishedMessages;
    SqliteStatement deleteMessages;
    SqliteStatement scheduleRetry;
    SqliteStatement insertAttempt;
    SqliteStatement markDead;
    SqliteStatement recordHighWater;
    SqliteStatement synchronousFull;
    SqliteStatement synchronousNormal;
};

Outbox::Outbox(std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    // A child, so that it moves to this outbox's thread with it; a member is
    // destroyed before the children are.
    , m_deadLetters(m_database, m_clock, this)
{
    connect(&m_deadLetters, &DeadLetterStore::requeued, this, &Outbox::requeued);
}

Outbox::~Outbox()
{
    close();
}

bool Outbox::open(const QueueConfig &config)
{
    close();
    m_config = config;
    m_error = {};
    if (!m_database.open(config))
        return fail(m_database.lastError());
    if (!prepareStatements() || !countPending() || !readIds()) {
        close();
        return false;
    }
    if (config.mode == QueueMode::Disk)
        m_deadLetters.watchOtherProcesses();
    updateFull();
    qCDebug(lcQueue) << "Outbox open:"
                     << (isDurable() ? m_database.path() : QStringLiteral("in memory"))
                     << m_pendingMessages << "pending messages," << m_pendingBytes << "bytes";
    return true;
}

void Outbox::close()
{
    // Ids handed out to deliveries that were never stored are recorded, so
    // they are not handed out again after the restart.
    const qint64 highest = m_nextIds.deliveryId - 1;
    if (isOpen() && m_error.code() == Error::NoError && highest > m_recordedId) {
        const QString what = tr("cannot record the last delivery id");
        if (begin(what) && (!recordHighestId(highest, what) || !commit(what)))
            m_database.rollback();
    }
    m_deadLetters.stopWatching();
    // Every statement on the connection must be gone before it closes.
    m_reader.reset();
    m_statements.reset();
    m_lanes.reset();
    m_database.close();
    m_pendingMessages = 0;
    m_pendingBytes = 0;
    m_pendingDeliveries = 0;
    m_full = false;
    m_nextIds = {};
}

bool Outbox::isDurable() const
{
    return isOpen() && m_database.isDurable();
}

bool Outbox::fail(const QueueError &error)
{
    m_error = error;
    qCWarning(lcQueue).noquote() << error.message();
    emit errorOccurred(error.code());
    return false;
}

bool Outbox::failStatement(const QString &what, const SqliteStatement &statement)
{
    return fail(m_database.errorOf(what, statement));
}

bool Outbox::begin(const QString &what)
{
    return m_database.begin(what) || fail(m_database.lastError());
}

bool Outbox::commit(const QString &what)
{
    return m_database.commit(what) || fail(m_database.lastError());
}

bool Outbox::prepareStatements()
{
    auto lanes = std::make_unique<QueueLanes>();
    if (!lanes->prepare(m_database))
        return fail(m_database.lastError());
    auto reader = std::make_unique<PendingReader>(m_database, *lanes);
    if (!reader->prepare())
        return fail(reader->lastError());
    const QString what = tr("cannot prepare the queue statements");
    auto statements = std::make_unique<Statements>();
    const QList<QPair<SqliteStatement *, const char *>> sql = {
        {&statements->insertMessage,
         "INSERT INTO messages (message_id, client_id, topic, payload, payload_size, qos, retain,"
         " received_at, content_type, user_properties, seq, first_delivery, delivery_count)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"},
        {&statements->insertDelivery,
         "INSERT INTO deliveries (message_seq, lane, state, run, attempts, not_before, last_error,"
         " id) VALUES (?1, ?2, 0, 1, 0, ?3, '', ?4)"},
        {&statements->pendingMessageOf,
         "SELECT message_seq, attempts FROM deliveries WHERE id = ?1 AND state = 0"},
        {&statements->deleteAttempts,
         "DELETE FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?1))"},
        // ?1, ?2: a range of ids (see idRanges()). Returns per deleted row its
        // message and whether it has attempts on record (retried, or a dead
        // letter retried).
        {&statements->deleteDeliveries,
         "DELETE FROM deliveries WHERE id BETWEEN ?1 AND ?2 AND state = 0"
         " RETURNING id, message_seq, attempts > 0 OR run > 1"},
        // ?1, ?2: a range of message seqs whose deliveries just left the
        // pending state. Those with no delivery left go, their sizes coming back.
        {&statements->deleteMessages,
         "DELETE FROM messages WHERE seq BETWEEN ?1 AND ?2"
         " AND NOT EXISTS (SELECT 1 FROM deliveries WHERE id >= first_delivery"
         " AND id < first_delivery + delivery_count)"
         " RETURNING payload_size"},
        // The ones left (a delivery of theirs is pending or dead) with none
        // pending: they leave the counters too.
        {&statements->finishedMessages,
         "SELECT COUNT(*), TOTAL(payload_size) FROM messages"
         " WHERE seq BETWEEN ?1 AND ?2"
         " AND NOT EXISTS (SELECT 1 FROM deliveries WHERE id >= first_delivery"
         " AND id < first_delivery + delivery_count AND state = 0)"},
        {&statements->scheduleRetry,
         "UPDATE deliveries SET attempts = MAX(attempts, ?1), not_before = ?2, last_error = ?3"
         " WHERE id = ?4 AND state = 0"},
        {&statements->insertAttempt,
         "INSERT OR REPLACE INTO attempts (delivery_id, run, attempt, started_at, finished_at,"
         " http_status, error) SELECT id, run, ?1, ?2, ?3, ?4, ?5 FROM deliveries WHERE id = ?6"},
        {&statements->markDead,
         "UPDATE deliveries SET state = 1, attempts = MAX(attempts, ?1), last_error = ?2,"
         " dead_at = ?3 WHERE id = ?4"},
        // The highest delivery id handed out: ?1 the id.
        {&statements->recordHighWater,
         "INSERT INTO high_water (name, id) VALUES ('deliveries', ?1)"
         " ON CONFLICT (name) DO UPDATE SET id = MAX(id, excluded.id)"},
        {&statements->synchronousFull, "PRAGMA synchronous = FULL"},
        {&statements->synchronousNormal, "PRAGMA synchronous = NORMAL"},
    };
    for (const auto &[statement, text] : sql) {
        if (!m_database.prepare(*statement, text, what))
            return fail(m_database.lastError());
    }
    m_lanes = std::move(lanes);
    m_reader = std::move(reader);
    m_statements = std::move(statements);
    return true;
}

bool Outbox::countPending()
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT COUNT(*), TOTAL(payload_size) FROM messages WHERE seq IN"
                                   " (SELECT message_seq FROM deliveries WHERE state = 0)")) ||
        !query.next()) {
        return fail(m_database.errorOf(tr("cannot count the pending messages"), query.lastError()));
    }
    m_pendingMessages = query.value(0).toLongLong();
    m_pendingBytes = static_cast<qint64>(query.value(1).toDouble());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE state = 0")) ||
        !query.next()) {
        return fail(
            m_database.errorOf(tr("cannot count the pending deliveries"), query.lastError()));
    }
    m_pendingDeliveries = query.value(0).toLongLong();
    return true;
}

// Once, at open: from then on the ids in memory are ahead of what the file
// holds (delivered messages are gone, some were never stored).
bool Outbox::readIds()
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    // Above every id in use, and for deliveries above every id ever used.
    if (!query.exec(QStringLiteral(
            "SELECT (SELECT IFNULL(MAX(seq), 0) FROM messages),"
            " MAX((SELECT IFNULL(MAX(id), 0) FROM deliveries),"
            " (SELECT IFNULL(MAX(id), 0) FROM high_water WHERE name = 'deliveries'))")) ||
        !query.next()) {
        return fail(m_database.errorOf(tr("cannot read the last ids"), query.lastError()));
    }
    m_nextIds = {query.value(0).toLongLong() + 1, query.value(1).toLongLong() + 1};
    m_recordedId = m_nextIds.deliveryId - 1;
    return true;
}

void Outbox::setFull(bool full)
{
    if (m_full == full)
        return;
    m_full = full;
    qCInfo(lcQueue) << (full ? "Outbox full:" : "Outbox has room again:") << m_pendingMessages
                    << "messages," << m_pendingBytes << "bytes pending";
    emit fullChanged(full);
}

void Outbox::updateFull()
{
    const qint64 maxMessages = m_config.maxMessages;
    const qint64 maxBytes = m_config.maxBytes;
    if (!m_full && (atLimit(m_pendingMessages, maxMessages) || atLimit(m_pendingBytes, maxBytes)))
        setFull(true);
    else if (m_full && belowResumeLevel(m_pendingMessages, maxMessages) &&
             belowResumeLevel(m_pendingBytes, maxBytes))
        setFull(false);
}

bool Outbox::store(const QList<Intake> &items, const QDateTime &notBefore,
                   const std::vector<bool> &delivered)
{
    if (!isOpen())
        return fail({Error::Other, tr("The outbox is not open")});
    if (m_error.code() != Error::NoError && m_error.code() != Error::Busy)
        return false;

    qsizetype deliveryCount = 0;
    for (const Intake &item : items)
        deliveryCount += item.targets.size();
    const auto isDelivered = [&](qsizetype index) {
        return index < qsizetype(delivered.size()) && delivered[std::size_t(index)];
    };
    qsizetype toStore = deliveryCount;
    for (qsizetype index = 0; index < deliveryCount; ++index)
        toStore -= isDelivered(index) ? 1 : 0;
    if (toStore == 0)
        return true;

    const QString what = tr("cannot store %n message(s)", nullptr, int(items.size()));
    const FullSyncScope fullSync(m_statements->synchronousFull, m_statements->synchronousNormal,
                                 isDurable());
    if (!begin(what))
        return false;
    // A lane added in the transaction is gone with it.
    const auto abort = [&] {
        m_database.rollback();
        m_lanes->forget();
        return false;
    };
    const auto failed = [&](const SqliteStatement &statement) {
        failStatement(what, statement);
        return abort();
    };
    SqliteStatement &insertMessage = m_statements->insertMessage;
    SqliteStatement &insertDelivery = m_statements->insertDelivery;
    qint64 seq = m_nextIds.messageSeq;
    qint64 id = m_nextIds.deliveryId;
    qint64 addedMessages = 0;
    qint64 addedBytes = 0;
    qint64 addedDeliveries = 0;
    Utf8Column clientId;
    Utf8Column topic;
    qsizetype index = 0; // of the delivery, in the group
    for (const Intake &item : items) {
        if (item.targets.isEmpty())
            continue;
        const qsizetype firstIndex = index;
        index += item.targets.size();
        bool allDelivered = true;
        for (qsizetype i = firstIndex; i < index && allDelivered; ++i)
            allDelivered = isDelivered(i);
        if (allDelivered) {
            id += item.targets.size();
            ++seq;
            continue;
        }
        const Message &message = item.message;
        const QByteArray properties = userPropertiesText(message.userProperties);
        insertMessage.bind(1, message.id);
        insertMessage.bindText(2, clientId.of(message.clientId));
        insertMessage.bindText(3, topic.of(message.topic));
        insertMessage.bindBlob(4, message.payload);
        insertMessage.bind(5, message.payload.size());
        insertMessage.bind(6, message.qos);
        insertMessage.bind(7, message.retain ? 1 : 0);
        bindTime(insertMessage, 8, message.receivedAt);
        insertMessage.bind(9, message.contentType);
        if (properties.isEmpty())
            insertMessage.bindNull(10);
        else
            insertMessage.bindText(10, properties);
        insertMessage.bind(11, seq);
        insertMessage.bind(12, id); // its first delivery's
        insertMessage.bind(13, item.targets.size());
        if (!insertMessage.run())
            return failed(insertMessage);
        ++addedMessages;
        addedBytes += message.payload.size();
        for (qsizetype i = firstIndex; i < index; ++i, ++id) {
            if (isDelivered(i))
                continue;
            const DeliveryTarget &target = item.targets.at(i - firstIndex);
            const qint64 lane = m_lanes->laneOf(target.route, target.target, true);
            if (lane <= 0)
                return failed(m_lanes->failedStatement());
            insertDelivery.bind(1, seq);
            insertDelivery.bind(2, lane);
            bindTime(insertDelivery, 3, notBefore);
            insertDelivery.bind(4, id);
            if (!insertDelivery.run())
                return failed(insertDelivery);
            ++addedDeliveries;
        }
        ++seq;
    }
    // The highest id handed out, also of deliveries that were delivered
    // without being stored: never handed out again.
    if (!recordHighestId(id - 1, what))
        return abort();
    if (!commit(what)) {
        m_lanes->forget();
        return false;
    }
    m_recordedId = id - 1;
    if (m_error.code() == Error::Busy)
        clearError();
    m_pendingMessages += addedMessages;
    m_pendingBytes += addedBytes;
    m_pendingDeliveries += addedDeliveries;
    updateFull();
    return true;
}

bool Outbox::storeAt(const QList<Intake> &items, Ids first, const QDateTime &notBefore,
                     const std::vector<bool> &delivered)
{
    if (isOpen() && first != m_nextIds) {
        return fail({Error::Other, tr("Outbox: cannot store messages: ids %1/%2 are not the "
                                      "next ones (%3/%4)")
                                       .arg(first.messageSeq)
                                       .arg(first.deliveryId)
                                       .arg(m_nextIds.messageSeq)
                                       .arg(m_nextIds.deliveryId)});
    }
    if (!store(items, notBefore, delivered))
        return false;
    m_nextIds = nextIdsAfter(items, m_nextIds);
    return true;
}

bool Outbox::recordHighestId(qint64 id, const QString &what)
{
    SqliteStatement &record = m_statements->recordHighWater;
    record.bind(1, id);
    return record.run() || failStatement(what, record);
}

Outbox::Ids Outbox::nextIdsAfter(const QList<Intake> &items, Ids ids)
{
    for (const Intake &item : items) {
        if (item.targets.isEmpty())
            continue;
        ++ids.messageSeq;
        ids.deliveryId += item.targets.size();
    }
    return ids;
}

QList<QueuedDelivery> Outbox::deliveriesOf(const QList<Intake> &items, Ids first,
                                           const QDateTime &notBefore)
{
    QList<QueuedDelivery> deliveries;
    qsizetype count = 0;
    for (const Intake &item : items)
        count += item.targets.size();
    deliveries.reserve(count);
    qint64 id = first.deliveryId;
    for (const Intake &item : items) {
        for (const DeliveryTarget &target : item.targets) {
            QueuedDelivery &delivery = deliveries.emplace_back();
            delivery.id = id++;
            delivery.message = item.message;
            delivery.route = target.route;
            delivery.target = target.target;
            delivery.notBefore = notBefore;
        }
    }
    return deliveries;
}

// After deliveries left the pending state: drops the messages with no
// delivery left and takes them, and those with only dead ones left, off the
// counters (the caller restores the counters if the transaction fails).
// Usually every message goes, a range of them per statement.
bool Outbox::finishDeliveries(const QList<qint64> &messageSeqs)
{
    const QString what = tr("cannot update the queue");
    SqliteStatement &remove = m_statements->deleteMessages;
    SqliteStatement &finished = m_statements->finishedMessages;
    for (const auto &[first, last] : idRanges(messageSeqs)) {
        remove.bind(1, first);
        remove.bind(2, last);
        qint64 removed = 0;
        SqliteStatement::Step step = remove.step();
        for (; step == SqliteStatement::Step::Row; step = remove.step()) {
            ++removed;
            m_pendingBytes -= remove.int64(0);
        }
        remove.reset();
        if (step == SqliteStatement::Step::Error)
            return failStatement(what, remove);
        m_pendingMessages -= removed;
        if (removed == last - first + 1)
            continue;
        finished.bind(1, first);
        finished.bind(2, last);
        if (finished.step() != SqliteStatement::Step::Row)
            return failStatement(what, finished);
        m_pendingMessages -= finished.int64(0);
        m_pendingBytes -= static_cast<qint64>(finished.real(1));
        finished.reset();
    }
    return true;
}

bool Outbox::markSucceeded(const QList<qint64> &ids)
{
    if (!isOpen() || ids.isEmpty())
        return isOpen();
    const QString what = tr("cannot record %n delivered message(s)", nullptr, int(ids.size()));
    if (!begin(what))
        return false;
    const qint64 messagesBefore = m_pendingMessages;
    const qint64 bytesBefore = m_pendingBytes;
    // Unknown, dead and finished ids match no pending row and are skipped.
    SqliteStatement &remove = m_statements->deleteDeliveries;
    QList<qint64> seqs;
    QList<qint64> withHistory;
    seqs.reserve(ids.size());
    qint64 removedDeliveries = 0;
    bool ok = true;
    for (const auto &[first, last] : idRanges(ids)) {
        remove.bind(1, first);
        remove.bind(2, last);
        SqliteStatement::Step step = remove.step();
        for (; step == SqliteStatement::Step::Row; step = remove.step()) {
            ++removedDeliveries;
            const qint64 seq = remove.int64(1);
            // A message's deliveries have neighbouring ids; any repeat left is harmless.
            if (seqs.isEmpty() || seqs.constLast() != seq)
                seqs.append(seq);
            if (remove.int64(2) != 0)
                withHistory.append(remove.int64(0));
        }
        ok = step == SqliteStatement::Step::Done || failStatement(what, remove);
        remove.reset();
        if (!ok)
            break;
    }
    if (ok && !withHistory.isEmpty()) {
        SqliteStatement &attempts = m_statements->deleteAttempts;
        const QByteArray historyText = idList(withHistory);
        attempts.bindText(1, historyText);
        ok = attempts.run() || failStatement(what, attempts);
    }
    if (ok)
        ok = finishDeliveries(seqs) && commit(what);
    if (!ok) {
        m_database.rollback();
        m_pendingMessages = messagesBefore;
        m_pendingBytes = bytesBefore;
        return false;
    }
    m_pendingDeliveries -= removedDeliveries;
    updateFull();
    return true;
}

bool Outbox::recordAttempts(const QList<RetryUpdate> &updates)
{
    if (!isOpen() || updates.isEmpty())
        return isOpen();
    const QString what = tr("cannot record %n failed attempt(s)", nullptr, int(updates.size()));
    if (!begin(what))
        return false;
    SqliteStatement &schedule = m_statements->scheduleRetry;
    SqliteStatement &insert = m_statements->insertAttempt;
    const auto failed = [&](const SqliteStatement &statement) {
        failStatement(what, statement);
        m_database.rollback();
        return false;
    };
    for (const RetryUpdate &update : updates) {
        schedule.bind(1, update.attempt.attempt);
        bindTime(schedule, 2, update.nextAttemptAt);
        schedule.bind(3, update.attempt.error);
        schedule.bind(4, update.id);
        if (!schedule.run())
            return failed(schedule);
        if (schedule.changes() == 0) // not pending (any more)
            continue;
        bindAttempt(insert, update.id, update.attempt);
        if (!insert.run())
            return failed(insert);
    }
    return commit(what);
}

bool Outbox::markDead(const QList<DeadUpdate> &updates)
{
    if (!isOpen() || updates.isEmpty())
        return isOpen();
    const QString what = tr("cannot record %n dead letter(s)", nullptr, int(updates.size()));
    if (!begin(what))
        return false;
    const qint64 messagesBefore = m_pendingMessages;
    const qint64 bytesBefore = m_pendingBytes;
    const QDateTime deadAt = now();
    SqliteStatement &find = m_statements->pendingMessageOf;
    SqliteStatement &insert = m_statements->insertAttempt;
    SqliteStatement &mark = m_statements->markDead;
    QList<qint64> seqs;
    QSet<qint64> seen;
    qint64 markedDead = 0;
    const auto failed = [&](const SqliteStatement &statement) {
        failStatement(what, statement);
        m_database.rollback();
        m_pendingMessages = messagesBefore;
        m_pendingBytes = bytesBefore;
        return false;
    };
    for (const DeadUpdate &update : updates) {
        find.bind(1, update.id);
        const SqliteStatement::Step found = find.step();
        if (found == SqliteStatement::Step::Error)
            return failed(find);
        if (found == SqliteStatement::Step::Done) { // not pending (any more)
            find.reset();
            continue;
        }
        const qint64 seq = find.int64(0);
        const int stored = int(find.int64(1));
        find.reset();
        // Attempts up to `stored` were recorded as retries already; the
        // history adds the last one (and any the dispatcher made meanwhile).
        int attempts = stored;
        for (const AttemptRecord &record : update.history) {
            attempts = qMax(attempts, record.attempt);
            if (record.attempt <= stored)
                continue;
            bindAttempt(insert, update.id, record);
            if (!insert.run())
                return failed(insert);
        }
        mark.bind(1, attempts);
        mark.bind(2, update.reason);
        bindTime(mark, 3, deadAt);
        mark.bind(4, update.id);
        if (!mark.run())
            return failed(mark);
        ++markedDead;
        if (!seen.contains(seq)) {
            seen.insert(seq);
            seqs.append(seq);
        }
    }
    if (!finishDeliveries(seqs) || !commit(what)) {
        m_database.rollback();
        m_pendingMessages = messagesBefore;
        m_pendingBytes = bytesBefore;
        return false;
    }
    m_pendingDeliveries -= markedDead;
    updateFull();
    return true;
}

std::optional<QList<QueuedDelivery>>
Outbox::loadPending(const QString &route, const QString &target, qint64 afterId, int limit)
{
    if (!isOpen())
        return std::nullopt;
    std::optional<QList<QueuedDelivery>> slice = m_reader->slice(route, target, afterId, limit);
    if (!slice)
        fail(m_reader->lastError());
    return slice;
}

std::optional<QList<PendingRange>> Outbox::pendingRanges()
{
    if (!isOpen())
        return std::nullopt;
    std::optional<QList<PendingRange>> ranges = m_reader->ranges();
    if (!ranges)
        fail(m_reader->lastError());
    return ranges;
}

std::optional<QList<PendingRange>> Outbox::takeRequeuedRanges()
{
    if (!isOpen())
        return std::nullopt;
    std::optional<QList<PendingRange>> ranges = m_reader->takeRequeued();
    if (!ranges) {
        fail(m_reader->lastError());
        return std::nullopt;
    }
    // Another process changed what is pending: count again (rare, so a query is fine).
    if (countPending())
        updateFull();
    return ranges;
}

} // namespace mqhook
