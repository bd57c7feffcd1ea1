#pragma once

#include <QObject>
#include <QPointer>

#include <memory>

class QDockWidget;

namespace mqhook {

class ErrorView;
class EventFeed;
class EventRing;
class LiveView;
class MessageModel;
class ProblemModel;
class RateSeries;
class RatesChart;
class TopicModel;
class TopicView;
class WatchedService;

// The live views of the window and what feeds them: one EventFeed reads the
// watched service's events and hands each batch to the message list, the
// topic overview, the rates and the problems; the error view asks the same
// service for its dead letters. Watching another service (Start, Attach)
// keeps what the views show until its events arrive.
class LiveViews : public QObject
{
    Q_OBJECT

public:
    explicit LiveViews(QObject *parent = nullptr);
    ~LiveViews() override;

    // Creates the widgets (once), parented to parent.
    void createWidgets(QWidget *parent);

    // Watches service (taking it over) or nothing.
    void watch(std::unique_ptr<WatchedService> service);
    WatchedService *watched() const { return m_watched.get(); }

    // The most rows the live view keeps (settings: live/maxRows).
    static int maxRowsSetting();
    static void setMaxRowsSetting(int rows);
    void applySettings();

    EventFeed *feed() const { return m_feed; }
    MessageModel *messages() const { return m_messages; }
    TopicModel *topics() const { return m_topics; }
    RateSeries *rates() const { return m_rates; }
    ProblemModel *problems() const { return m_problems; }

    LiveView *liveView() const;
    TopicView *topicView() const;
    ErrorView *errorView() const;
    RatesChart *ratesChart() const;

signals:
    void watchedChanged(mqhook::WatchedService *service);

private:
    void followEvents(EventRing *ring);

    EventFeed *m_feed;
    MessageModel *m_messages;
    TopicModel *m_topics;
    RateSeries *m_rates;
    ProblemModel *m_problems;
    std::unique_ptr<WatchedService> m_watched;
    QPointer<LiveView> m_liveView;
    QPointer<TopicView> m_topicView;
    QPointer<ErrorView> m_errorView;
    QPointer<RatesChart> m_ratesChart;
};

} // namespace mqhook
