#include "deadlettermodel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace mqhook {

DeadLetterModel::DeadLetterModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void DeadLetterModel::setLetters(const QList<DeadLetter> &letters)
{
    beginResetModel();
    m_letters = letters;
    endResetModel();
}

void DeadLetterModel::update(const DeadLetter &letter)
{
    const int row = rowOf(letter.id);
    if (row < 0)
        return;
    m_letters[row] = letter;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int DeadLetterModel::rowOf(qint64 id) const
{
    for (qsizetype i = 0; i < m_letters.size(); ++i) {
        if (m_letters.at(i).id == id)
            return int(i);
    }
    return -1;
}

int DeadLetterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_letters.size());
}

int DeadLetterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeadLetterModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_letters.size())
        return {};
    const DeadLetter &letter = m_letters.at(index.row());
    if (role == Qt::TextAlignmentRole &&
        (index.column() == IdColumn || index.column() == AttemptsColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return QString::number(letter.id);
    case DeadAtColumn:
        return role == Qt::ToolTipRole
                   ? QLocale().toString(letter.deadAt.toLocalTime(), QLocale::LongFormat)
                   : letter.deadAt.toLocalTime().toString(u"MM-dd HH:mm:ss"_s);
    case TopicColumn:
        return letter.message.topic;
    case RouteColumn:
        return letter.route;
    case TargetColumn:
        return letter.target;
    case AttemptsColumn:
        return QString::number(letter.attempts);
    case ReasonColumn:
        return letter.reason;
    }
    return {};
}

QVariant DeadLetterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Id");
    case DeadAtColumn:
        return tr("Given up");
    case TopicColumn:
        return tr("Topic");
    case RouteColumn:
        return tr("Route");
    case TargetColumn:
        return tr("Target");
    case AttemptsColumn:
        return tr("Attempts");
    case ReasonColumn:
        return tr("Reason");
    }
    return {};
}

} // namespace mqhook
