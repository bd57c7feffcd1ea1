#pragma once

#include "messagerecord.h"
#include "observe/event.h"

#include <QAbstractTableModel>
#include <QHash>

#include <deque>

namespace mqhook {

// The live view's rows: one per message, newest last, from the events an
// EventFeed reads (a Taken or Unrouted event adds the row, delivery events
// update it). Bounded: once there are more rows than the bound, the oldest
// go, in one removal before the batch's rows are inserted in one insertion,
// so a batch costs the view one layout whatever it holds. While paused the
// rows stay as they are; what arrives is kept and counted, and shown on
// resume.
class MessageModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(int bound READ bound WRITE setBound NOTIFY boundChanged)
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)

public:
    enum Column
    {
        TimeColumn,
        BrokerColumn,
        TopicColumn,
        QosColumn,
        RoutesColumn,
        TargetColumn,
        OutcomeColumn,
        StatusColumn,
        LatencyColumn,
        AttemptsColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    enum Role
    {
        OutcomeRole = Qt::UserRole + 1, // MessageRecord::Outcome as int
        TopicRole,                      // the topic
        RoutesRole,                     // QStringList: routes it took or was delivered on
        TargetsRole,                    // QStringList: callback addresses
        MessageIdRole,
    };

    static constexpr int defaultBound = 10000;

    explicit MessageModel(QObject *parent = nullptr);

    int bound() const { return m_bound; }
    void setBound(int bound);

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    // Messages that arrived since pausing.
    qint64 pausedCount() const { return m_pausedCount; }
    // Events the feed could not read in time (the ring had moved on).
    qint64 missedEvents() const { return m_missed; }

    void clear();

    const MessageRecord &record(int row) const { return m_rows.at(std::size_t(row)); }

    // Names of the columns and outcomes, as the view and the export show them.
    static QString columnName(int column);
    static QString outcomeName(MessageRecord::Outcome outcome);
    // A column's text for one record, as shown (time in local time).
    static QString text(const MessageRecord &record, int column);
    // The latency of an attempt, "12.5 ms" or "< 1 ms".
    static QString latencyText(qint64 latencyUs);
    // Date and time to the millisecond, local time; empty when not valid.
    static QString fullTimeText(const QDateTime &time);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public slots:
    // One batch from the feed (EventFeed::eventsRead).
    void addEvents(const QList<mqhook::Event> &events, qint64 dropped);

signals:
    void boundChanged(int bound);
    void pausedChanged(bool paused);
    void pausedCountChanged(qint64 count);
    void missedEventsChanged(qint64 missed);

private:
    void apply(const QList<Event> &events);
    void trimTo(int rows);

    std::deque<MessageRecord> m_rows;
    // messageId -> serial of its record; row = serial - m_firstSerial.
    QHash<QString, qint64> m_index;
    qint64 m_firstSerial = 0;
    int m_bound = defaultBound;
    bool m_paused = false;
    QList<Event> m_held; // while paused
    qint64 m_pausedCount = 0;
    qint64 m_missed = 0;
};

} // namespace mqhook
