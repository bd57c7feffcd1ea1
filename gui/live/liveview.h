#pragma once

#include "requestpreview.h"

#include <QSet>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QToolBar;

namespace mqhook {

class MessageDetail;
class MessageFilter;
class MessageModel;

// The live message view: the messages as they arrive (MessageModel), a
// filter bar (topic, route, callback address, outcome), pause and resume,
// auto-scroll, clear, copy and export, and the detail pane of the selected
// message.
class LiveView : public QWidget
{
    Q_OBJECT

public:
    enum class ExportFormat
    {
        Csv,
        JsonLines,
    };
    Q_ENUM(ExportFormat)

    explicit LiveView(MessageModel *model, QWidget *parent = nullptr);

    MessageModel *model() const { return m_model; }
    MessageFilter *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    MessageDetail *detail() const { return m_detail; }
    QSplitter *splitter() const { return m_splitter; }

    QLineEdit *topicEdit() const { return m_topic; }
    QComboBox *routeBox() const { return m_route; }
    QLineEdit *targetEdit() const { return m_target; }
    QComboBox *outcomeBox() const { return m_outcome; }
    QAction *pauseAction() const { return m_pause; }
    QAction *autoScrollAction() const { return m_autoScroll; }
    QAction *clearAction() const { return m_clear; }
    QAction *copyRowAction() const { return m_copyRow; }
    QAction *copyPayloadAction() const { return m_copyPayload; }
    QAction *exportAction() const { return m_export; }
    QAction *showTopicAction() const { return m_showTopic; }
    // "N of M messages", what arrived while paused, what was missed.
    QString summary() const;

    // Routes the filter offers besides those seen (from the configuration).
    void setRequestPreview(const RequestPreview &preview);

    // Writes the rows the filters let through, oldest first; false with
    // *error when the file cannot be written.
    bool exportRows(const QString &fileName, ExportFormat format, QString *error) const;

    // Selects a row of the table (a row of the filter), shows its detail.
    void selectRow(int row);

signals:
    // Show in Topics: the topic of the message selected.
    void topicRequested(const QString &topic);

private:
    void createToolBar();
    void createFilterBar(QWidget *bar);
    void addRoutes(const QStringList &routes);
    void onRowsInserted(int first, int last);
    void showCurrent();
    void updateSummary();
    void updatePauseText();
    void copyRows();
    void copyPayload();
    void chooseExport();

    MessageModel *m_model;
    MessageFilter *m_filter;
    QToolBar *m_toolBar = nullptr;
    QLineEdit *m_topic = nullptr;
    QComboBox *m_route = nullptr;
    QSet<QString> m_routes; // offered by m_route
    QLineEdit *m_target = nullptr;
    QComboBox *m_outcome = nullptr;
    QLabel *m_topicProblem = nullptr;
    QTableView *m_table;
    MessageDetail *m_detail;
    QSplitter *m_splitter;
    QLabel *m_summary;
    QAction *m_pause = nullptr;
    QAction *m_autoScroll = nullptr;
    QAction *m_clear = nullptr;
    QAction *m_copyRow = nullptr;
    QAction *m_copyPayload = nullptr;
    QAction *m_export = nullptr;
    QAction *m_showTopic = nullptr;
};

} // namespace mqhook
