#pragma once

#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace mqhook {

class RateSeries;

// A small chart of a RateSeries: messages per second received and
// delivered (left axis) and the delivery latency's p50 and p99 (right axis)
// over the last minutes, with the latest figures in words beneath it.
class RatesChart : public QWidget
{
    Q_OBJECT

public:
    explicit RatesChart(RateSeries *series, QWidget *parent = nullptr);

    // The latest figures as shown beneath the chart.
    QString summary() const;
    QChartView *view() const { return m_view; }

private:
    void refresh();

    RateSeries *m_series;
    QChartView *m_view;
    QChart *m_chart;
    QLineSeries *m_received;
    QLineSeries *m_delivered;
    QLineSeries *m_p50;
    QLineSeries *m_p99;
    QDateTimeAxis *m_time;
    QValueAxis *m_rate;
    QValueAxis *m_latency;
    QLabel *m_summary;
};

} // namespace mqhook
