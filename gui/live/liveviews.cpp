#include "liveviews.h"

#include "errorview.h"
#include "eventfeed.h"
#include "liveview.h"
#include "messagemodel.h"
#include "problemmodel.h"
#include "rateschart.h"
#include "rateseries.h"
#include "topicmodel.h"
#include "topicview.h"
#include "watchedservice.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

const QString settingMaxRows = u"live/maxRows"_s;

} // namespace

LiveViews::LiveViews(QObject *parent)
    : QObject(parent)
    , m_feed(new EventFeed(std::make_shared<SystemClock>(), this))
    , m_messages(new MessageModel(this))
    , m_topics(new TopicModel(std::make_shared<SystemClock>(), this))
    , m_rates(new RateSeries(std::make_shared<SystemClock>(), RateSeries::defaultSeconds, this))
    , m_problems(new ProblemModel(this))
{
    connect(m_feed, &EventFeed::eventsRead, m_messages, &MessageModel::addEvents);
    connect(m_feed, &EventFeed::eventsRead, m_topics, &TopicModel::addEvents);
    connect(m_feed, &EventFeed::eventsRead, m_rates, &RateSeries::addEvents);
    connect(m_feed, &EventFeed::eventsRead, m_problems, &ProblemModel::addEvents);
    applySettings();
}

LiveViews::~LiveViews()
{
    m_feed->setRing(nullptr);
    if (m_errorView)
        m_errorView->setService(nullptr);
}

int LiveViews::maxRowsSetting()
{
    return std::max(100, QSettings().value(settingMaxRows, MessageModel::defaultBound).toInt());
}

void LiveViews::setMaxRowsSetting(int rows)
{
    QSettings().setValue(settingMaxRows, rows);
}

void LiveViews::applySettings()
{
    m_messages->setBound(maxRowsSetting());
}

LiveView *LiveViews::liveView() const
{
    return m_liveView;
}

TopicView *LiveViews::topicView() const
{
    return m_topicView;
}

ErrorView *LiveViews::errorView() const
{
    return m_errorView;
}

RatesChart *LiveViews::ratesChart() const
{
    return m_ratesChart;
}

void LiveViews::createWidgets(QWidget *parent)
{
    if (m_liveView)
        return;
    m_liveView = new LiveView(m_messages, parent);
    m_topicView = new TopicView(m_topics, parent);
    m_errorView = new ErrorView(m_problems, parent);
    m_ratesChart = new RatesChart(m_rates, parent);
    connect(m_feed, &EventFeed::eventsRead, m_errorView, &ErrorView::addEvents);
    if (m_watched) {
        m_errorView->setService(m_watched.get());
        m_liveView->setRequestPreview(m_watched->requestPreview());
    }
}

void LiveViews::watch(std::unique_ptr<WatchedService> service)
{
    if (m_errorView)
        m_errorView->setService(nullptr);
    m_feed->setRing(nullptr);
    m_watched = std::move(service);
    if (m_watched) {
        connect(m_watched.get(), &WatchedService::eventsChanged, this, &LiveViews::followEvents);
        connect(m_watched.get(), &WatchedService::requestPreviewChanged, this, [this] {
            if (m_liveView)
                m_liveView->setRequestPreview(m_watched->requestPreview());
        });
        followEvents(m_watched->events());
        if (m_errorView)
            m_errorView->setService(m_watched.get());
        if (m_liveView)
            m_liveView->setRequestPreview(m_watched->requestPreview());
    }
    emit watchedChanged(m_watched.get());
}

void LiveViews::followEvents(EventRing *ring)
{
    // A service that stops keeps its rows in the views; its ring goes.
    if (ring != m_feed->ring())
        m_feed->setRing(ring);
}

} // namespace mqhook
