#pragma once

#include "delivery/outboxtypes.h"

#include <QAbstractTableModel>

namespace mqhook {

// One page of dead letters, as the error view lists them.
class DeadLetterModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        DeadAtColumn,
        TopicColumn,
        RouteColumn,
        TargetColumn,
        AttemptsColumn,
        ReasonColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    explicit DeadLetterModel(QObject *parent = nullptr);

    void setLetters(const QList<DeadLetter> &letters);
    // Replaces the letter with the same id (read in full later).
    void update(const DeadLetter &letter);
    const DeadLetter &letter(int row) const { return m_letters.at(row); }
    const QList<DeadLetter> &letters() const { return m_letters; }
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<DeadLetter> m_letters;
};

} // namespace mqhook
