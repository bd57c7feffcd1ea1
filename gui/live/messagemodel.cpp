#include "messagemodel.h"

#include "issuecolors.h"

#include <QGuiApplication>
#include <QLocale>

#include <algorithm>
#include <climits>
#include <vector>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

bool startsRow(Event::Kind kind)
{
    return kind == Event::Kind::Taken || kind == Event::Kind::Unrouted;
}

bool isAboutMessage(Event::Kind kind)
{
    switch (kind) {
    case Event::Kind::Taken:
    case Event::Kind::Unrouted:
    case Event::Kind::Delivered:
    case Event::Kind::Retrying:
    case Event::Kind::Dead:
        return true;
    default:
        return false;
    }
}

QColor outcomeColour(MessageRecord::Outcome outcome)
{
    const QPalette palette = QGuiApplication::palette();
    switch (outcome) {
    case MessageRecord::Outcome::Delivered:
        return IssueColors::isDark(palette) ? QColor(0x8c, 0xe9, 0x9a) : QColor(0x2b, 0x8a, 0x3e);
    case MessageRecord::Outcome::Retrying:
        return IssueColors::text(palette, false);
    case MessageRecord::Outcome::Dead:
        return IssueColors::text(palette, true);
    case MessageRecord::Outcome::Pending:
    case MessageRecord::Outcome::Unrouted:
        break;
    }
    return palette.color(QPalette::PlaceholderText);
}

} // namespace

MessageModel::MessageModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void MessageModel::setBound(int bound)
{
    bound = std::max(bound, 1);
    if (bound == m_bound)
        return;
    m_bound = bound;
    trimTo(bound);
    emit boundChanged(bound);
}

void MessageModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused) {
        const QList<Event> held = std::exchange(m_held, {});
        m_pausedCount = 0;
        apply(held);
    }
    emit pausedChanged(paused);
    emit pausedCountChanged(m_pausedCount);
}

void MessageModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    m_firstSerial = 0;
    m_held.clear();
    endResetModel();
    if (m_pausedCount != 0) {
        m_pausedCount = 0;
        emit pausedCountChanged(0);
    }
    if (m_missed != 0) {
        m_missed = 0;
        emit missedEventsChanged(0);
    }
}

void MessageModel::addEvents(const QList<Event> &events, qint64 dropped)
{
    if (dropped > 0) {
        m_missed += dropped;
        emit missedEventsChanged(m_missed);
    }
    if (!m_paused) {
        apply(events);
        return;
    }
    const qint64 before = m_pausedCount;
    for (const Event &event : events) {
        if (startsRow(event.kind) && !m_index.contains(event.messageId))
            ++m_pausedCount;
    }
    m_held.append(events);
    // What is held is bounded too: the oldest events go first, as the rows would.
    const qsizetype maxHeld = std::max<qsizetype>(qsizetype(m_bound) * 4, 20000);
    if (m_held.size() > maxHeld) {
        const qsizetype excess = m_held.size() - maxHeld;
        m_held.remove(0, excess);
        m_missed += excess;
        emit missedEventsChanged(m_missed);
    }
    if (m_pausedCount != before)
        emit pausedCountChanged(m_pausedCount);
}

void MessageModel::apply(const QList<Event> &events)
{
    const qint64 existingEnd = m_firstSerial + qint64(m_rows.size());
    std::vector<MessageRecord> incoming;
    qint64 changedLow = LLONG_MAX;
    qint64 changedHigh = -1;
    for (const Event &event : events) {
        if (!isAboutMessage(event.kind))
            continue;
        if (!event.messageId.isEmpty()) {
            const auto it = m_index.constFind(event.messageId);
            if (it != m_index.constEnd()) {
                const qint64 serial = *it;
                if (serial < existingEnd) {
                    m_rows[std::size_t(serial - m_firstSerial)].apply(event);
                    changedLow = std::min(changedLow, serial);
                    changedHigh = std::max(changedHigh, serial);
                } else {
                    incoming[std::size_t(serial - existingEnd)].apply(event);
                }
                continue;
            }
        } else if (!startsRow(event.kind)) {
            continue; // a delivery of no message
        }
        incoming.push_back(MessageRecord::fromEvent(event));
        if (!event.messageId.isEmpty())
            m_index.insert(event.messageId, existingEnd + qint64(incoming.size()) - 1);
    }

    // The oldest rows go first, in one removal, then the new ones come in
    // one insertion: a view never sees more rows than the bound.
    const qint64 excess = qint64(m_rows.size()) + qint64(incoming.size()) - m_bound;
    if (excess > 0) {
        const qint64 fromRows = std::min<qint64>(excess, qint64(m_rows.size()));
        trimTo(int(qint64(m_rows.size()) - fromRows));
        const qint64 fromIncoming = excess - fromRows;
        if (fromIncoming > 0) {
            for (qint64 i = 0; i < fromIncoming; ++i) {
                const QString &id = incoming[std::size_t(i)].messageId;
                const auto it = m_index.constFind(id);
                if (it != m_index.constEnd() && *it == existingEnd + i)
                    m_index.erase(it);
            }
            incoming.erase(incoming.begin(), incoming.begin() + fromIncoming);
            m_firstSerial = existingEnd + fromIncoming;
        }
    }
    changedLow = std::max(changedLow, m_firstSerial);
    if (changedLow <= changedHigh) {
        emit dataChanged(index(int(changedLow - m_firstSerial), 0),
                         index(int(changedHigh - m_firstSerial), ColumnCount - 1));
    }
    if (!incoming.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(incoming.size()) - 1);
        for (MessageRecord &record : incoming)
            m_rows.push_back(std::move(record));
        endInsertRows();
    }
}

void MessageModel::trimTo(int rows)
{
    const int remove = int(m_rows.size()) - std::max(rows, 0);
    if (remove <= 0)
        return;
    beginRemoveRows({}, 0, remove - 1);
    for (int i = 0; i < remove; ++i) {
        const auto it = m_index.constFind(m_rows.front().messageId);
        if (it != m_index.constEnd() && *it == m_firstSerial)
            m_index.erase(it);
        m_rows.pop_front();
        ++m_firstSerial;
    }
    endRemoveRows();
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MessageModel::columnName(int column)
{
    switch (column) {
    case TimeColumn:
        return tr("Time");
    case BrokerColumn:
        return tr("Broker");
    case TopicColumn:
        return tr("Topic");
    case QosColumn:
        return tr("QoS");
    case RoutesColumn:
        return tr("Routes");
    case TargetColumn:
        return tr("Target");
    case OutcomeColumn:
        return tr("Outcome");
    case StatusColumn:
        return tr("HTTP");
    case LatencyColumn:
        return tr("Latency");
    case AttemptsColumn:
        return tr("Attempts");
    }
    return {};
}

QString MessageModel::outcomeName(MessageRecord::Outcome outcome)
{
    switch (outcome) {
    case MessageRecord::Outcome::Pending:
        return tr("pending");
    case MessageRecord::Outcome::Delivered:
        return tr("delivered");
    case MessageRecord::Outcome::Retrying:
        return tr("retrying");
    case MessageRecord::Outcome::Dead:
        return tr("dead letter");
    case MessageRecord::Outcome::Unrouted:
        return tr("not routed");
    }
    return {};
}

QString MessageModel::text(const MessageRecord &record, int column)
{
    switch (column) {
    case TimeColumn:
        return record.time.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
    case BrokerColumn:
        return record.clientId;
    case TopicColumn:
        return record.topic;
    case QosColumn:
        return QString::number(record.qos);
    case RoutesColumn:
        return record.unrouted ? record.reason : record.routes.join(u", "_s);
    case TargetColumn: {
        const QStringList targets = record.targets();
        if (targets.size() <= 1)
            return targets.value(0);
        return tr("%n target(s)", nullptr, int(targets.size()));
    }
    case OutcomeColumn:
        return outcomeName(record.outcome());
    case StatusColumn: {
        const AttemptEvent *last = record.lastAttempt();
        return last && last->httpStatus > 0 ? QString::number(last->httpStatus) : QString();
    }
    case LatencyColumn: {
        const AttemptEvent *last = record.lastAttempt();
        return last ? latencyText(last->latencyUs) : QString();
    }
    case AttemptsColumn: {
        const int attempts = record.attempts();
        return attempts > 0 ? QString::number(attempts) : QString();
    }
    }
    return {};
}

QString MessageModel::latencyText(qint64 latencyUs)
{
    if (latencyUs <= 0)
        return tr("< 1 ms"); // attempts are timed to the millisecond
    return tr("%1 ms").arg(double(latencyUs) / 1000.0, 0, 'f', latencyUs < 10'000 ? 1 : 0);
}

QString MessageModel::fullTimeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) : QString();
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const MessageRecord &record = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return text(record, index.column());
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(record.time.toLocalTime(), QLocale::LongFormat);
        case TargetColumn:
            return record.targets().join(u'\n');
        case StatusColumn:
        case OutcomeColumn: {
            const AttemptEvent *last = record.lastAttempt();
            if (record.unrouted)
                return record.reason;
            return last && !last->error.isEmpty() ? last->error : QVariant();
        }
        case TopicColumn:
        case RoutesColumn:
            return text(record, index.column());
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == OutcomeColumn || index.column() == StatusColumn)
            return outcomeColour(record.outcome());
        if (record.unrouted)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case QosColumn:
        case StatusColumn:
        case LatencyColumn:
        case AttemptsColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case OutcomeRole:
        return int(record.outcome());
    case TopicRole:
        return record.topic;
    case RoutesRole:
        return record.routes;
    case TargetsRole:
        return record.targets();
    case MessageIdRole:
        return record.messageId;
    }
    return {};
}

QVariant MessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return columnName(section);
}

} // namespace mqhook
