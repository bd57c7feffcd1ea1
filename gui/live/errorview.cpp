#include "errorview.h"

#include "deadlettermodel.h"
#include "icons.h"
#include "messagemodel.h"
#include "payloadtext.h"
#include "problemmodel.h"
#include "watchedservice.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// The problems of one category (CategoryRole), or all.
class CategoryFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setCategory(int category)
    {
        m_category = category;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (m_category < 0)
            return true;
        return sourceModel()->index(row, 0, parent).data(ProblemModel::CategoryRole).toInt() ==
               m_category;
    }

private:
    int m_category = -1;
};

void setUpTable(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setStretchLastSection(true);
}

} // namespace

ErrorView::ErrorView(ProblemModel *problems, QWidget *parent)
    : QWidget(parent)
    , m_problems(problems)
    , m_problemFilter(new CategoryFilter(this))
    , m_problemView(new QTableView(this))
    , m_category(new QComboBox(this))
    , m_letters(new DeadLetterModel(this))
    , m_letterView(new QTableView(this))
    , m_letterDetail(new QPlainTextEdit(this))
    , m_refresh(new QPushButton(Icons::get(Icons::Reset), tr("&Refresh"), this))
    , m_retry(new QPushButton(Icons::get(Icons::Retry), tr("Re&try"), this))
    , m_retryAll(new QPushButton(tr("Retry &All…"), this))
    , m_delete(new QPushButton(Icons::get(Icons::Remove), tr("&Delete…"), this))
    , m_previous(new QPushButton(Icons::get(Icons::MoveUp), tr("Previous"), this))
    , m_next(new QPushButton(Icons::get(Icons::MoveDown), tr("Next"), this))
    , m_status(new QLabel(this))
{
    setObjectName(u"errorView"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    layout->addWidget(split);

    // What went wrong, from the events.
    auto *problemBox = new QGroupBox(tr("Problems"), split);
    auto *problemLayout = new QVBoxLayout(problemBox);
    auto *filterRow = new QHBoxLayout;
    m_category->addItem(tr("Everything"), -1);
    m_category->addItem(tr("Broker connections"), int(ProblemModel::Category::Connection));
    m_category->addItem(tr("HTTP deliveries"), int(ProblemModel::Category::Http));
    m_category->addItem(tr("Queue"), int(ProblemModel::Category::Queue));
    m_category->addItem(tr("Other"), int(ProblemModel::Category::Other));
    m_category->setAccessibleName(tr("Kind of problem"));
    filterRow->addWidget(new QLabel(tr("Show:"), problemBox));
    filterRow->addWidget(m_category);
    filterRow->addStretch(1);
    problemLayout->addLayout(filterRow);
    m_problemFilter->setSourceModel(problems);
    m_problemView->setModel(m_problemFilter);
    setUpTable(m_problemView);
    const int digit = fontMetrics().horizontalAdvance(u'0');
    m_problemView->setColumnWidth(ProblemModel::TimeColumn, digit * 14 + 12);
    m_problemView->setColumnWidth(ProblemModel::KindColumn, digit * 18 + 12);
    m_problemView->setColumnWidth(ProblemModel::WhereColumn, digit * 44 + 12);
    m_problemView->setColumnWidth(ProblemModel::TopicColumn, digit * 24 + 12);
    m_problemView->setAccessibleName(tr("Problems"));
    problemLayout->addWidget(m_problemView);
    connect(m_category, &QComboBox::currentIndexChanged, this, [this] {
        static_cast<CategoryFilter *>(m_problemFilter)
            ->setCategory(m_category->currentData().toInt());
    });
    connect(m_problemFilter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_problemView->verticalScrollBar()->value() ==
            m_problemView->verticalScrollBar()->maximum())
            QMetaObject::invokeMethod(m_problemView, &QTableView::scrollToBottom,
                                      Qt::QueuedConnection);
    });
    split->addWidget(problemBox);

    // The dead letters of the service watched.
    auto *letterBox = new QGroupBox(tr("Dead letters"), split);
    auto *letterLayout = new QVBoxLayout(letterBox);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_refresh, m_retry, m_retryAll, m_delete})
        buttons->addWidget(button);
    buttons->addSpacing(12);
    m_status->setTextFormat(Qt::PlainText);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_previous);
    buttons->addWidget(m_next);
    letterLayout->addLayout(buttons);
    m_retry->setToolTip(
        tr("Put the selected dead letter back in the queue: it is delivered again"));
    m_retryAll->setToolTip(tr("Put every dead letter back in the queue"));
    m_delete->setToolTip(tr("Delete the selected dead letter from the queue"));
    auto *letterSplit = new QSplitter(Qt::Horizontal, letterBox);
    m_letterView->setModel(m_letters);
    setUpTable(m_letterView);
    m_letterView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_letterView->setColumnWidth(DeadLetterModel::IdColumn, digit * 4 + 12);
    m_letterView->setColumnWidth(DeadLetterModel::DeadAtColumn, digit * 14 + 12);
    m_letterView->setColumnWidth(DeadLetterModel::TopicColumn, digit * 20 + 12);
    m_letterView->setColumnWidth(DeadLetterModel::RouteColumn, digit * 18 + 12);
    m_letterView->setColumnWidth(DeadLetterModel::TargetColumn, digit * 22 + 12);
    m_letterView->setColumnWidth(DeadLetterModel::AttemptsColumn, digit * 7 + 12);
    m_letterView->setAccessibleName(tr("Dead letters"));
    m_letterDetail->setReadOnly(true);
    m_letterDetail->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    m_letterDetail->setFont(mono);
    m_letterDetail->setPlaceholderText(
        tr("Select a dead letter to see its message and every attempt"));
    m_letterDetail->setAccessibleName(tr("Dead letter"));
    letterSplit->addWidget(m_letterView);
    letterSplit->addWidget(m_letterDetail);
    letterSplit->setStretchFactor(0, 3);
    letterSplit->setStretchFactor(1, 2);
    letterSplit->setSizes({700, 450});
    letterLayout->addWidget(letterSplit, 1);
    split->addWidget(letterBox);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    connect(m_refresh, &QPushButton::clicked, this, &ErrorView::refresh);
    connect(m_retry, &QPushButton::clicked, this, &ErrorView::retrySelected);
    connect(m_retryAll, &QPushButton::clicked, this, &ErrorView::retryAll);
    connect(m_delete, &QPushButton::clicked, this, &ErrorView::deleteSelected);
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_letters->rowCount() == 0)
            return;
        m_pageStarts.append(m_pageStart);
        readPage(m_letters->letters().constLast().id);
    });
    connect(m_previous, &QPushButton::clicked, this, [this] {
        if (!m_pageStarts.isEmpty())
            readPage(m_pageStarts.takeLast());
    });
    connect(m_letterView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ErrorView::showSelected);
    m_refreshSoon.setSingleShot(true);
    m_refreshSoon.setInterval(500);
    connect(&m_refreshSoon, &QTimer::timeout, this, &ErrorView::refresh);
    setService(nullptr);
}

void ErrorView::setService(WatchedService *service)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_readRequest = 0;
    m_changeRequest = 0;
    m_letterRequest = 0;
    m_pageStarts.clear();
    m_pageStart = 0;
    m_total = 0;
    if (service) {
        connect(service, &WatchedService::deadLettersRead, this, &ErrorView::onRead);
        connect(service, &WatchedService::deadLettersChanged, this, &ErrorView::onChanged);
        connect(service, &WatchedService::deadLetterRead, this, &ErrorView::onLetter);
        connect(service, &WatchedService::eventsChanged, this, [this] { m_refreshSoon.start(); });
    }
    m_letters->setLetters({});
    refresh();
}

void ErrorView::addEvents(const QList<Event> &events, qint64)
{
    for (const Event &event : events) {
        if (event.kind == Event::Kind::Dead) {
            if (!m_refreshSoon.isActive())
                m_refreshSoon.start();
            return;
        }
    }
}

void ErrorView::refresh()
{
    readPage(m_pageStart);
}

void ErrorView::readPage(qint64 afterId)
{
    m_pageStart = afterId;
    if (!m_service) {
        m_letters->setLetters({});
        m_total = 0;
        setStatus(tr("Dead letters are read from a running service: start forwarding or attach "
                     "to a service."));
        updateButtons();
        return;
    }
    m_reselect = selectedId();
    m_readRequest = m_service->readDeadLetters(afterId, pageSize);
    if (m_readRequest == 0) {
        m_letters->setLetters({});
        m_total = 0;
        setStatus(tr("The service is not running: its dead letters cannot be read now."));
    } else if (m_letters->rowCount() == 0) {
        setStatus(tr("Reading the dead letters…"));
    }
    updateButtons();
}

void ErrorView::onRead(quint64 request, const QueueResult<DeadLetterPage> &result)
{
    if (request != m_readRequest)
        return;
    m_readRequest = 0;
    if (!result.ok()) {
        setStatus(tr("Cannot read the dead letters: %1").arg(result.error.message()));
        updateButtons();
        return;
    }
    m_total = result.value.total;
    if (result.value.letters.isEmpty() && !m_pageStarts.isEmpty()) {
        // The page emptied (retried, deleted): show the one before.
        readPage(m_pageStarts.takeLast());
        return;
    }
    m_letters->setLetters(result.value.letters);
    const int first = int(m_pageStarts.size()) * pageSize;
    if (m_total == 0)
        setStatus(tr("No dead letters."));
    else
        setStatus(tr("%1–%2 of %n dead letter(s)", nullptr, int(std::min<qint64>(m_total, INT_MAX)))
                      .arg(first + 1)
                      .arg(first + m_letters->rowCount()));
    const int row = m_letters->rowOf(m_reselect);
    if (m_letters->rowCount() > 0)
        m_letterView->selectRow(row >= 0 ? row : 0);
    showSelected();
    updateButtons();
}

void ErrorView::onChanged(quint64 request, const QueueResult<qint64> &result)
{
    if (request != m_changeRequest)
        return;
    m_changeRequest = 0;
    if (!result.ok()) {
        setStatus(tr("The dead letters were not changed: %1").arg(result.error.message()));
        updateButtons();
        return;
    }
    emit deadLettersChanged(result.value);
    refresh();
}

void ErrorView::onLetter(quint64 request, const QueueResult<DeadLetter> &result)
{
    if (request != m_letterRequest)
        return;
    m_letterRequest = 0;
    if (!result.ok()) {
        m_letterDetail->setPlainText(
            tr("Cannot read the dead letter: %1").arg(result.error.message()));
        return;
    }
    m_letters->update(result.value);
    if (selectedId() == result.value.id)
        showSelected();
}

qint64 ErrorView::selectedId() const
{
    const QModelIndex current = m_letterView->currentIndex();
    return current.isValid() ? m_letters->letter(current.row()).id : 0;
}

bool ErrorView::confirm(const QString &title, const QString &question)
{
    return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Yes;
}

void ErrorView::retrySelected()
{
    const qint64 id = selectedId();
    if (!m_service || id == 0)
        return;
    m_changeRequest = m_service->retryDeadLetter(id);
    updateButtons();
}

void ErrorView::retryAll()
{
    if (!m_service || m_total == 0)
        return;
    if (!confirm(tr("Retry all dead letters"),
                 tr("Put all %n dead letter(s) back in the queue to be delivered again?", nullptr,
                    int(std::min<qint64>(m_total, INT_MAX)))))
        return;
    m_changeRequest = m_service->retryAllDeadLetters();
    updateButtons();
}

void ErrorView::deleteSelected()
{
    const qint64 id = selectedId();
    if (!m_service || id == 0)
        return;
    const DeadLetter &letter = m_letters->letter(m_letters->rowOf(id));
    if (!confirm(tr("Delete dead letter"),
                 tr("Delete dead letter %1 (topic %2, to %3) for good? Its message is not "
                    "delivered again.")
                     .arg(id)
                     .arg(letter.message.topic, letter.target)))
        return;
    m_changeRequest = m_service->removeDeadLetter(id);
    updateButtons();
}

void ErrorView::showSelected()
{
    const QModelIndex current = m_letterView->currentIndex();
    if (!current.isValid()) {
        m_letterDetail->clear();
        updateButtons();
        return;
    }
    const DeadLetter &letter = m_letters->letter(current.row());
    if (letter.history.isEmpty() && letter.attempts > 0 && m_service && m_readInFull != letter.id) {
        m_readInFull = letter.id;
        // Listed without its message and attempts: read it in full.
        m_letterRequest = m_service->readDeadLetter(letter.id);
        if (m_letterRequest != 0) {
            m_letterDetail->setPlainText(tr("Reading dead letter %1…").arg(letter.id));
            updateButtons();
            return;
        }
    }
    QString text;
    text += tr("Dead letter %1, given up %2")
                .arg(letter.id)
                .arg(MessageModel::fullTimeText(letter.deadAt)) +
            u'\n';
    text += tr("Reason: %1").arg(letter.reason) + u'\n';
    text += tr("Route: %1").arg(letter.route) + u'\n';
    text += tr("Target: %1").arg(letter.target) + u"\n\n"_s;
    text += tr("Message %1 from %2, topic %3, QoS %4, received %5")
                .arg(letter.message.id, letter.message.clientId, letter.message.topic)
                .arg(letter.message.qos)
                .arg(MessageModel::fullTimeText(letter.message.receivedAt)) +
            u'\n';
    const std::optional<QString> pretty = PayloadText::prettyJson(letter.message.payload);
    text += pretty ? *pretty : PayloadText::plain(letter.message.payload);
    text += u"\n\n"_s + tr("Attempts (%1):").arg(letter.attempts) + u'\n';
    for (const DeadLetterAttempt &entry : letter.history) {
        const AttemptRecord &attempt = entry.attempt;
        const qint64 ms = attempt.startedAt.msecsTo(attempt.finishedAt);
        text += tr("  run %1, attempt %2 at %3: %4 after %5 ms%6")
                    .arg(entry.run)
                    .arg(attempt.attempt)
                    .arg(MessageModel::fullTimeText(attempt.startedAt))
                    .arg(attempt.httpStatus > 0 ? tr("HTTP %1").arg(attempt.httpStatus)
                                                : tr("no answer"))
                    .arg(ms)
                    .arg(attempt.error.isEmpty() ? QString() : u" — "_s + attempt.error) +
                u'\n';
    }
    m_letterDetail->setPlainText(text);
    updateButtons();
}

void ErrorView::updateButtons()
{
    const bool available = m_service != nullptr;
    const bool busy = m_changeRequest != 0;
    const bool selected = m_letterView->currentIndex().isValid();
    m_refresh->setEnabled(available);
    m_retry->setEnabled(available && !busy && selected);
    m_delete->setEnabled(available && !busy && selected);
    m_retryAll->setEnabled(available && !busy && m_total > 0);
    m_previous->setEnabled(!m_pageStarts.isEmpty());
    m_next->setEnabled(int(m_pageStarts.size()) * pageSize + m_letters->rowCount() < m_total);
}

void ErrorView::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString ErrorView::deadLetterStatus() const
{
    return m_status->text();
}

} // namespace mqhook
