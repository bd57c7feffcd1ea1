#include "problemmodel.h"

#include "issuecolors.h"

#include <QGuiApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace mqhook {

ProblemModel::ProblemModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ProblemModel::setBound(int bound)
{
    m_bound = std::max(bound, 1);
    trimTo(m_bound);
}

void ProblemModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

bool ProblemModel::isProblem(const Event &event)
{
    switch (event.kind) {
    case Event::Kind::Retrying:
    case Event::Kind::Dead:
    case Event::Kind::Connected:
    case Event::Kind::ConnectionLost:
    case Event::Kind::ReconnectScheduled:
    case Event::Kind::IntakePaused:
    case Event::Kind::IntakeResumed:
    case Event::Kind::CommitFailed:
    case Event::Kind::CommitRecovered:
    case Event::Kind::Problem:
    case Event::Kind::Dropped:
        return true;
    case Event::Kind::Taken:
    case Event::Kind::Unrouted:
    case Event::Kind::Delivered:
        return false;
    }
    return false;
}

ProblemModel::Category ProblemModel::categoryOf(Event::Kind kind)
{
    switch (kind) {
    case Event::Kind::Connected:
    case Event::Kind::ConnectionLost:
    case Event::Kind::ReconnectScheduled:
        return Category::Connection;
    case Event::Kind::Retrying:
    case Event::Kind::Dead:
        return Category::Http;
    case Event::Kind::IntakePaused:
    case Event::Kind::IntakeResumed:
    case Event::Kind::CommitFailed:
    case Event::Kind::CommitRecovered:
        return Category::Queue;
    default:
        return Category::Other;
    }
}

QString ProblemModel::kindName(Event::Kind kind)
{
    switch (kind) {
    case Event::Kind::Taken:
        return tr("taken");
    case Event::Kind::Unrouted:
        return tr("not routed");
    case Event::Kind::Delivered:
        return tr("delivered");
    case Event::Kind::Retrying:
        return tr("attempt failed");
    case Event::Kind::Dead:
        return tr("dead letter");
    case Event::Kind::Connected:
        return tr("connected");
    case Event::Kind::ConnectionLost:
        return tr("connection lost");
    case Event::Kind::ReconnectScheduled:
        return tr("reconnecting");
    case Event::Kind::IntakePaused:
        return tr("intake paused");
    case Event::Kind::IntakeResumed:
        return tr("intake resumed");
    case Event::Kind::CommitFailed:
        return tr("commit failed");
    case Event::Kind::CommitRecovered:
        return tr("commits again");
    case Event::Kind::Problem:
        return tr("problem");
    case Event::Kind::Dropped:
        return tr("events missed");
    }
    return {};
}

QString ProblemModel::describe(const Event &event)
{
    switch (event.kind) {
    case Event::Kind::Retrying: {
        // The error names the status when there was one.
        const QString what = !event.error.isEmpty() ? event.error
                             : event.httpStatus > 0 ? tr("HTTP %1").arg(event.httpStatus)
                                                    : tr("no answer");
        QString text = tr("attempt %1: %2").arg(event.attempt).arg(what);
        if (event.nextAt.isValid())
            text +=
                tr("; next attempt at %1").arg(event.nextAt.toLocalTime().toString(u"HH:mm:ss"_s));
        return text;
    }
    case Event::Kind::Dead:
        // The reason says how many attempts were made and how the last ended.
        return event.reason.isEmpty()
                   ? tr("given up after %n attempt(s): %1", nullptr, event.attempt).arg(event.error)
                   : event.reason;
    case Event::Kind::ReconnectScheduled:
        return event.nextAt.isValid()
                   ? tr("next try at %1").arg(event.nextAt.toLocalTime().toString(u"HH:mm:ss"_s))
                   : event.reason;
    case Event::Kind::CommitFailed:
        return event.error.isEmpty() ? event.reason : event.error;
    case Event::Kind::Dropped:
        return tr("%n event(s) came faster than they could be read", nullptr,
                  int(std::min<qint64>(event.count, INT_MAX)));
    case Event::Kind::Problem:
        return event.route.isEmpty() ? event.reason : tr("%1: %2").arg(event.route, event.reason);
    default:
        return event.reason.isEmpty() ? event.error : event.reason;
    }
}

void ProblemModel::addEvents(const QList<Event> &events, qint64)
{
    std::vector<Event> incoming;
    for (const Event &event : events) {
        if (isProblem(event))
            incoming.push_back(event);
    }
    if (incoming.empty())
        return;
    if (qsizetype(incoming.size()) > m_bound)
        incoming.erase(incoming.begin(), incoming.end() - m_bound);
    trimTo(m_bound - int(incoming.size()));
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(incoming.size()) - 1);
    for (Event &event : incoming)
        m_rows.push_back(std::move(event));
    endInsertRows();
}

void ProblemModel::trimTo(int rows)
{
    const int remove = int(m_rows.size()) - std::max(rows, 0);
    if (remove <= 0)
        return;
    beginRemoveRows({}, 0, remove - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + remove);
    endRemoveRows();
}

int ProblemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProblemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Event &event = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return role == Qt::ToolTipRole
                       ? QLocale().toString(event.time.toLocalTime(), QLocale::LongFormat)
                       : event.time.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
        case KindColumn:
            return kindName(event.kind);
        case WhereColumn:
            if (!event.target.isEmpty())
                return tr("%1 → %2").arg(event.route, event.target);
            if (!event.route.isEmpty())
                return event.route;
            return event.clientId;
        case TopicColumn:
            return event.topic;
        case WhatColumn:
            return describe(event);
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() != KindColumn)
            return {};
        switch (event.kind) {
        case Event::Kind::Connected:
        case Event::Kind::CommitRecovered:
        case Event::Kind::IntakeResumed:
            return IssueColors::isDark(QGuiApplication::palette()) ? QColor(0x8c, 0xe9, 0x9a)
                                                                   : QColor(0x2b, 0x8a, 0x3e);
        case Event::Kind::Retrying:
        case Event::Kind::ReconnectScheduled:
        case Event::Kind::IntakePaused:
            return IssueColors::text(QGuiApplication::palette(), false);
        default:
            return IssueColors::text(QGuiApplication::palette(), true);
        }
    case CategoryRole:
        return int(categoryOf(event.kind));
    case KindRole:
        return int(event.kind);
    }
    return {};
}

QVariant ProblemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("What happened");
    case WhereColumn:
        return tr("Where");
    case TopicColumn:
        return tr("Topic");
    case WhatColumn:
        return tr("Details");
    }
    return {};
}

} // namespace mqhook
