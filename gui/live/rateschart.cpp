#include "rateschart.h"

#include "issuecolors.h"
#include "rateseries.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// A round upper end for an axis: 1, 2 or 5 times a power of ten.
double niceCeiling(double value)
{
    if (value <= 1)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * power)
            return step * power;
    }
    return 10 * power;
}

QLineSeries *line(QChart *chart, const QString &name, const QColor &colour, Qt::PenStyle style)
{
    auto *series = new QLineSeries(chart);
    series->setName(name);
    QPen pen(colour, 2);
    pen.setStyle(style);
    series->setPen(pen);
    chart->addSeries(series);
    return series;
}

} // namespace

RatesChart::RatesChart(RateSeries *series, QWidget *parent)
    : QWidget(parent)
    , m_series(series)
    , m_view(new QChartView(this))
    , m_chart(new QChart)
    , m_time(new QDateTimeAxis(m_chart))
    , m_rate(new QValueAxis(m_chart))
    , m_latency(new QValueAxis(m_chart))
    , m_summary(new QLabel(this))
{
    setObjectName(u"ratesChart"_s);
    const bool dark = IssueColors::isDark(palette());
    m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    // Compact: the legend beside the plot, the units in the legend.
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_received = line(m_chart, tr("received msg/s"), QColor(0x1c, 0x7e, 0xd6), Qt::SolidLine);
    m_delivered = line(m_chart, tr("delivered msg/s"), QColor(0x2f, 0x9e, 0x44), Qt::SolidLine);
    m_p50 = line(m_chart, tr("p50 latency (ms)"), QColor(0xf0, 0x8c, 0x00), Qt::DashLine);
    m_p99 = line(m_chart, tr("p99 latency (ms)"), QColor(0xe0, 0x31, 0x31), Qt::DashLine);

    m_time->setFormat(u"HH:mm"_s);
    m_time->setTickCount(6);
    m_rate->setLabelFormat(u"%g"_s);
    m_latency->setLabelFormat(u"%g"_s);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_time), static_cast<QAbstractAxis *>(m_rate),
          static_cast<QAbstractAxis *>(m_latency)})
        axis->setLabelsFont(small);
    m_chart->legend()->setFont(small);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_rate, Qt::AlignLeft);
    m_chart->addAxis(m_latency, Qt::AlignRight);
    for (QLineSeries *s : {m_received, m_delivered}) {
        s->attachAxis(m_time);
        s->attachAxis(m_rate);
    }
    for (QLineSeries *s : {m_p50, m_p99}) {
        s->attachAxis(m_time);
        s->attachAxis(m_latency);
    }
    // The view starts with a chart of its own, which setChart() lets go of
    // without deleting.
    QChart *first = m_view->chart();
    m_view->setChart(m_chart);
    delete first;
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(fontMetrics().height() * 6);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setContentsMargins(6, 0, 6, 4);
    layout->addWidget(m_summary);

    connect(series, &RateSeries::updated, this, &RatesChart::refresh);
    refresh();
}

void RatesChart::refresh()
{
    const QList<RateSeries::Point> points = m_series->points();
    QList<QPointF> received, delivered, p50, p99;
    received.reserve(points.size());
    delivered.reserve(points.size());
    double maxRate = 0;
    double maxLatency = 0;
    for (const RateSeries::Point &point : points) {
        const double x = double(point.second) * 1000.0;
        received.append({x, double(point.received)});
        delivered.append({x, double(point.delivered)});
        maxRate = std::max({maxRate, double(point.received), double(point.delivered)});
        if (point.delivered > 0) {
            p50.append({x, point.p50Ms});
            p99.append({x, point.p99Ms});
            maxLatency = std::max(maxLatency, point.p99Ms);
        }
    }
    m_received->replace(received);
    m_delivered->replace(delivered);
    m_p50->replace(p50);
    m_p99->replace(p99);
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime start = now.addSecs(-m_series->seconds());
    m_time->setRange(start, now);
    m_rate->setRange(0, niceCeiling(maxRate * 1.1));
    m_rate->applyNiceNumbers(); // round ticks
    m_latency->setRange(0, niceCeiling(maxLatency * 1.1));
    m_latency->applyNiceNumbers();

    const bool quiet = std::none_of(points.begin(), points.end(), [](const RateSeries::Point &p) {
        return p.received > 0 || p.delivered > 0 || p.failed > 0;
    });
    if (quiet) {
        m_summary->setText(
            tr("No messages in the last %n minute(s).", nullptr, m_series->seconds() / 60));
        return;
    }
    const RateSeries::Point &last = points.constLast();
    m_summary->setText(tr("Last second: %1 received, %2 delivered, %3 failed attempts; latency "
                          "p50 %4 ms, p99 %5 ms")
                           .arg(last.received)
                           .arg(last.delivered)
                           .arg(last.failed)
                           .arg(last.p50Ms, 0, 'f', 1)
                           .arg(last.p99Ms, 0, 'f', 1));
}

QString RatesChart::summary() const
{
    return m_summary->text();
}

} // namespace mqhook
