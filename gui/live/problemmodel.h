#pragma once

#include "observe/event.h"

#include <QAbstractTableModel>

#include <deque>

namespace mqhook {

// What went wrong, as the events told it, newest last: broker connections
// lost (with their reasons) and back, failed HTTP attempts, dead letters,
// the queue failing to commit and recovering, intake paused, and every other
// problem the service reports. Bounded like the live view: the oldest rows
// go first, one removal and one insertion per batch.
class ProblemModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        KindColumn,
        WhereColumn,
        TopicColumn,
        WhatColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    enum class Category
    {
        Connection,
        Http,
        Queue,
        Other,
    };
    Q_ENUM(Category)

    enum Role
    {
        CategoryRole = Qt::UserRole + 1,
        KindRole, // Event::Kind as int
    };

    static constexpr int defaultBound = 5000;

    explicit ProblemModel(QObject *parent = nullptr);

    void setBound(int bound);
    int bound() const { return m_bound; }
    void clear();

    const Event &event(int row) const { return m_rows.at(std::size_t(row)); }
    // Whether an event is one this model keeps, and under which heading.
    static bool isProblem(const Event &event);
    static Category categoryOf(Event::Kind kind);
    static QString kindName(Event::Kind kind);
    // The What column's words for an event.
    static QString describe(const Event &event);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public slots:
    void addEvents(const QList<mqhook::Event> &events, qint64 dropped);

private:
    void trimTo(int rows);

    std::deque<Event> m_rows;
    int m_bound = defaultBound;
};

} // namespace mqhook
