#pragma once

#include "delivery/deadletterstore.h"
#include "delivery/queueerror.h"
#include "observe/event.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace mqhook {

class DeadLetterModel;
class ProblemModel;
class WatchedService;

// The error view: what went wrong (connections, HTTP attempts, the queue,
// other problems, from the events) above, and the watched service's dead
// letters below, a page at a time, each with its message and every attempt;
// Retry, Retry all and Delete act on the running service.
class ErrorView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int pageSize = 50;

    explicit ErrorView(ProblemModel *problems, QWidget *parent = nullptr);

    // Where dead letters come from; nullptr: nowhere (nothing watched).
    void setService(WatchedService *service);

    QTableView *problemView() const { return m_problemView; }
    QComboBox *categoryBox() const { return m_category; }
    QTableView *deadLetterView() const { return m_letterView; }
    DeadLetterModel *deadLetters() const { return m_letters; }
    QPlainTextEdit *deadLetterDetail() const { return m_letterDetail; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *retryAllButton() const { return m_retryAll; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *nextButton() const { return m_next; }
    QPushButton *previousButton() const { return m_previous; }
    // "1–50 of 230 dead letters", or why there are none to show.
    QString deadLetterStatus() const;
    qint64 deadLetterTotal() const { return m_total; }

public slots:
    void refresh();
    void retrySelected();
    void retryAll();
    void deleteSelected();
    // Dead events make the list read again, a moment later.
    void addEvents(const QList<mqhook::Event> &events, qint64 dropped);

signals:
    // A retry or delete went through: how many letters it concerned.
    void deadLettersChanged(qint64 count);

private:
    void readPage(qint64 afterId);
    void onRead(quint64 request, const QueueResult<DeadLetterPage> &result);
    void onChanged(quint64 request, const QueueResult<qint64> &result);
    void onLetter(quint64 request, const QueueResult<DeadLetter> &result);
    void showSelected();
    void updateButtons();
    void setStatus(const QString &text);
    qint64 selectedId() const;
    bool confirm(const QString &title, const QString &question);

    ProblemModel *m_problems;
    QPointer<WatchedService> m_service;
    QSortFilterProxyModel *m_problemFilter;
    QTableView *m_problemView;
    QComboBox *m_category;
    DeadLetterModel *m_letters;
    QTableView *m_letterView;
    QPlainTextEdit *m_letterDetail;
    QPushButton *m_refresh;
    QPushButton *m_retry;
    QPushButton *m_retryAll;
    QPushButton *m_delete;
    QPushButton *m_previous;
    QPushButton *m_next;
    QLabel *m_status;
    QList<qint64> m_pageStarts; // afterId of each page before the one shown
    qint64 m_pageStart = 0;     // afterId of the page shown
    qint64 m_total = 0;
    quint64 m_readRequest = 0;
    quint64 m_changeRequest = 0;
    quint64 m_letterRequest = 0;
    qint64 m_readInFull = 0; // the letter last asked for in full
    qint64 m_reselect = 0;
    QTimer m_refreshSoon;
};

} // namespace mqhook
