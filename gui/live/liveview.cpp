#include "liveview.h"

#include "icons.h"
#include "messagedetail.h"
#include "messageexport.h"
#include "messagefilter.h"
#include "messagemodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace mqhook {

LiveView::LiveView(MessageModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new MessageFilter(this))
    , m_table(new QTableView(this))
    , m_detail(new MessageDetail(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_summary(new QLabel(this))
{
    setObjectName(u"liveView"_s);
    m_filter->setSourceModel(model);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    createToolBar();
    auto *bar = new QWidget(this);
    createFilterBar(bar);
    auto *top = new QHBoxLayout;
    top->addWidget(m_toolBar);
    top->addWidget(bar, 1);
    layout->addLayout(top);

    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->setAccessibleName(tr("Messages"));
    // Fixed row heights and column widths: nothing is measured per row, so
    // a batch of rows costs no more than one repaint.
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setHighlightSections(false);
    const int digit = fontMetrics().horizontalAdvance(u'0');
    const std::pair<int, int> widths[] = {
        {MessageModel::TimeColumn, 13},    {MessageModel::BrokerColumn, 16},
        {MessageModel::TopicColumn, 30},   {MessageModel::QosColumn, 4},
        {MessageModel::RoutesColumn, 20},  {MessageModel::TargetColumn, 25},
        {MessageModel::OutcomeColumn, 11}, {MessageModel::StatusColumn, 5},
        {MessageModel::LatencyColumn, 8},  {MessageModel::AttemptsColumn, 8}};
    for (const auto &[column, chars] : widths)
        m_table->setColumnWidth(column, digit * chars + 12);
    header->setSectionResizeMode(MessageModel::TopicColumn, QHeaderView::Stretch);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_copyRow, m_copyPayload, m_showTopic});

    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({600, 400}); // in proportion, whatever the height
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter, 1);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LiveView::showCurrent);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int, int) {
                if (m_autoScroll->isChecked() && !m_model->isPaused())
                    m_table->scrollToBottom();
                updateSummary();
            });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &LiveView::updateSummary);
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        showCurrent();
        updateSummary();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
                if (current.isValid() && current.row() >= topLeft.row() &&
                    current.row() <= bottomRight.row())
                    showCurrent();
            });
    connect(m_model, &MessageModel::pausedCountChanged, this, &LiveView::updatePauseText);
    connect(m_model, &MessageModel::pausedChanged, this, &LiveView::updatePauseText);
    connect(m_model, &MessageModel::missedEventsChanged, this, &LiveView::updateSummary);
    updatePauseText();
    updateSummary();
}

void LiveView::createToolBar()
{
    m_toolBar = new QToolBar(this);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(16, 16));

    m_pause = m_toolBar->addAction(Icons::get(Icons::Pause), tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(u"Ctrl+P"_s));
    m_pause->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pause->setToolTip(tr("Stop adding messages to the table; what arrives is kept and counted"));
    connect(m_pause, &QAction::toggled, m_model, &MessageModel::setPaused);

    m_autoScroll = m_toolBar->addAction(Icons::get(Icons::AutoScroll), tr("Auto-scroll"));
    m_autoScroll->setCheckable(true);
    m_autoScroll->setChecked(true);
    m_autoScroll->setToolTip(tr("Keep the newest message in sight"));
    connect(m_autoScroll, &QAction::toggled, this, [this](bool on) {
        if (on)
            m_table->scrollToBottom();
    });

    m_clear = m_toolBar->addAction(Icons::get(Icons::Clear), tr("Clear"));
    m_clear->setToolTip(tr("Remove every message from the table"));
    connect(m_clear, &QAction::triggered, m_model, &MessageModel::clear);

    m_export = m_toolBar->addAction(Icons::get(Icons::Export), tr("Export…"));
    m_export->setToolTip(tr("Write the messages shown to a CSV or JSON Lines file"));
    connect(m_export, &QAction::triggered, this, &LiveView::chooseExport);

    m_copyRow = new QAction(Icons::get(Icons::Duplicate), tr("Copy Row"), this);
    m_copyRow->setShortcut(QKeySequence::Copy);
    m_copyRow->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyRow, &QAction::triggered, this, &LiveView::copyRows);
    m_copyPayload = new QAction(tr("Copy Payload"), this);
    m_copyPayload->setShortcut(QKeySequence(u"Ctrl+Shift+C"_s));
    m_copyPayload->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyPayload, &QAction::triggered, this, &LiveView::copyPayload);
    m_showTopic = new QAction(Icons::get(Icons::Topics), tr("Show in Topics"), this);
    connect(m_showTopic, &QAction::triggered, this, [this] {
        const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
        if (current.isValid())
            emit topicRequested(m_model->record(current.row()).topic);
    });
    addActions({m_pause, m_copyRow, m_copyPayload});
}

void LiveView::createFilterBar(QWidget *bar)
{
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_topic = new QLineEdit(bar);
    m_topic->setPlaceholderText(tr("Topic: text or a filter such as from/+/status"));
    m_topic->setClearButtonEnabled(true);
    m_topic->setAccessibleName(tr("Topic filter"));
    m_topicProblem = new QLabel(bar);
    m_topicProblem->setPixmap(Icons::get(Icons::Error).pixmap(16));
    m_topicProblem->setVisible(false);
    m_route = new QComboBox(bar);
    m_route->addItem(tr("All routes"), QString());
    m_route->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_route->setAccessibleName(tr("Route filter"));
    m_target = new QLineEdit(bar);
    m_target->setPlaceholderText(tr("Callback address"));
    m_target->setClearButtonEnabled(true);
    m_target->setAccessibleName(tr("Callback address filter"));
    m_outcome = new QComboBox(bar);
    m_outcome->setAccessibleName(tr("Outcome filter"));
    m_outcome->addItem(tr("All outcomes"), -1);
    for (const MessageRecord::Outcome outcome :
         {MessageRecord::Outcome::Delivered, MessageRecord::Outcome::Pending,
          MessageRecord::Outcome::Retrying, MessageRecord::Outcome::Dead,
          MessageRecord::Outcome::Unrouted})
        m_outcome->addItem(MessageModel::outcomeName(outcome), int(outcome));
    row->addWidget(m_topic, 3);
    row->addWidget(m_topicProblem);
    row->addWidget(m_route, 2);
    row->addWidget(m_target, 2);
    row->addWidget(m_outcome, 1);

    connect(m_topic, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setTopic(text);
        m_topicProblem->setVisible(!m_filter->topicError().isEmpty());
        m_topicProblem->setToolTip(m_filter->topicError());
        updateSummary();
    });
    connect(m_route, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setRoute(m_route->currentData().toString());
        updateSummary();
    });
    connect(m_target, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setTarget(text);
        updateSummary();
    });
    connect(m_outcome, &QComboBox::currentIndexChanged, this, [this] {
        const int outcome = m_outcome->currentData().toInt();
        m_filter->setOutcome(outcome < 0 ? std::nullopt
                                         : std::optional(MessageRecord::Outcome(outcome)));
        updateSummary();
    });
}

void LiveView::setRequestPreview(const RequestPreview &preview)
{
    m_detail->setRequestPreview(preview);
    addRoutes(preview.routes());
}

void LiveView::addRoutes(const QStringList &routes)
{
    for (const QString &route : routes) {
        if (route.isEmpty() || m_routes.contains(route))
            continue;
        m_routes.insert(route);
        m_route->addItem(route, route);
    }
}

void LiveView::onRowsInserted(int first, int last)
{
    for (int row = first; row <= last; ++row)
        addRoutes(m_model->record(row).routes);
}

void LiveView::showCurrent()
{
    const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_detail->setRecord(std::nullopt);
        return;
    }
    m_detail->setRecord(m_model->record(current.row()));
}

void LiveView::selectRow(int row)
{
    const QModelIndex index = m_filter->index(row, 0);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

QString LiveView::summary() const
{
    return m_summary->text();
}

void LiveView::updateSummary()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    QString text = shown == total
                       ? tr("%n message(s)", nullptr, total)
                       : tr("%1 of %2").arg(shown).arg(tr("%n message(s)", nullptr, total));
    if (m_model->missedEvents() > 0)
        text += tr("; %n event(s) missed (they came faster than the window could read them)",
                   nullptr, int(std::min<qint64>(m_model->missedEvents(), INT_MAX)));
    m_summary->setText(text);
}

void LiveView::updatePauseText()
{
    const bool paused = m_model->isPaused();
    if (m_pause->isChecked() != paused) {
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(paused);
    }
    if (!paused) {
        m_pause->setText(tr("Pause"));
        m_pause->setIcon(Icons::get(Icons::Pause));
    } else {
        m_pause->setText(
            tr("Resume (%n new)", nullptr, int(std::min<qint64>(m_model->pausedCount(), INT_MAX))));
        m_pause->setIcon(Icons::get(Icons::Start));
    }
}

void LiveView::copyRows()
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &index : std::as_const(rows)) {
        const MessageRecord &record = m_model->record(m_filter->mapToSource(index).row());
        QStringList cells;
        for (int column = 0; column < MessageModel::ColumnCount; ++column)
            cells.append(MessageModel::text(record, column));
        lines.append(cells.join(u'\t'));
    }
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(u'\n') + u'\n');
}

void LiveView::copyPayload()
{
    const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
    if (!current.isValid())
        return;
    QApplication::clipboard()->setText(QString::fromUtf8(m_model->record(current.row()).preview));
}

bool LiveView::exportRows(const QString &fileName, ExportFormat format, QString *error) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    if (format == ExportFormat::Csv)
        file.write(MessageExport::csvHeader());
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const MessageRecord &record =
            m_model->record(m_filter->mapToSource(m_filter->index(row, 0)).row());
        file.write(format == ExportFormat::Csv ? MessageExport::csvLine(record)
                                               : MessageExport::jsonLine(record));
    }
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    return true;
}

void LiveView::chooseExport()
{
    const QString csv = tr("CSV (*.csv)");
    const QString jsonLines = tr("JSON Lines (*.jsonl)");
    QString chosen;
    const QString fileName = QFileDialog::getSaveFileName(
        this, tr("Export messages"), u"messages.csv"_s, csv + u";;"_s + jsonLines, &chosen);
    if (fileName.isEmpty())
        return;
    const ExportFormat format = chosen == jsonLines || fileName.endsWith(u".jsonl"_s)
                                    ? ExportFormat::JsonLines
                                    : ExportFormat::Csv;
    QString error;
    if (!exportRows(fileName, format, &error))
        QMessageBox::warning(this, tr("Export messages"), error);
}

} // namespace mqhook
