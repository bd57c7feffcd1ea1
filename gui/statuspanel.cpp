#include "statuspanel.h"

#include "delivery/outboxthread.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

QPixmap dot(const QColor &colour, int size, qreal ratio)
{
    QPixmap pixmap(int(size * ratio), int(size * ratio));
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour.darker(140), 1));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return pixmap;
}

} // namespace

StatusPanel::StatusPanel(QWidget *parent)
    : QWidget(parent)
    , m_connections(new QHBoxLayout)
    , m_rate(new QLabel(this))
    , m_queue(new QLabel(this))
    , m_idle(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    m_connections->setSpacing(16);
    layout->addWidget(m_idle);
    layout->addLayout(m_connections);
    layout->addWidget(m_rate);
    layout->addWidget(m_queue);
    m_rate->setVisible(false);
    m_queue->setVisible(false);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StatusPanel::sample);
    showIdle(tr("Not forwarding"));
}

StatusPanel::ConnectionState StatusPanel::stateOf(const Bridge::ConnectionStatus &connection)
{
    if (connection.connected)
        return ConnectionState::Connected;
    return connection.lastError.isEmpty() ? ConnectionState::Connecting : ConnectionState::Failing;
}

void StatusPanel::setBridge(Bridge *bridge)
{
    m_bridge = bridge;
    if (!bridge) {
        m_timer.stop();
        return;
    }
    m_lastReceived = bridge->counters().received;
    m_sinceSample.start();
    m_timer.start();
    sample();
}

void StatusPanel::sample()
{
    Bridge *bridge = m_bridge;
    if (!bridge || bridge->state() == Bridge::State::Stopped) {
        m_timer.stop();
        return;
    }
    const qint64 received = bridge->counters().received;
    const qint64 elapsed = std::max<qint64>(1, m_sinceSample.restart());
    const double rate = double(received - m_lastReceived) * 1000.0 / double(elapsed);
    m_lastReceived = received;
    const qint64 queued = bridge->outbox() ? bridge->outbox()->pendingMessages() : 0;
    show(bridge->connections(), rate, queued);
}

void StatusPanel::show(const QList<Bridge::ConnectionStatus> &connections, double messagesPerSecond,
                       qint64 queued)
{
    m_idle->setVisible(false);
    while (m_connections->count() > connections.size()) {
        QLayoutItem *item = m_connections->takeAt(m_connections->count() - 1);
        delete item->widget();
        delete item;
    }
    while (m_connections->count() < connections.size()) {
        auto *label = new QLabel(this);
        label->setTextFormat(Qt::PlainText);
        auto *icon = new QLabel(this);
        auto *box = new QWidget(this);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(4);
        row->addWidget(icon);
        row->addWidget(label);
        m_connections->addWidget(box);
    }
    const int size = fontMetrics().height() * 3 / 4;
    for (int i = 0; i < connections.size(); ++i) {
        const Bridge::ConnectionStatus &connection = connections.at(i);
        QWidget *box = m_connections->itemAt(i)->widget();
        const QList<QLabel *> labels = box->findChildren<QLabel *>();
        QLabel *icon = labels.at(0);
        QLabel *label = labels.at(1);
        const QString name =
            connection.clientId.isEmpty() ? connection.address : connection.clientId;
        QColor colour;
        QString state;
        switch (stateOf(connection)) {
        case ConnectionState::Connected:
            colour = QColor(0x2f, 0x9e, 0x44);
            state = tr("connected");
            break;
        case ConnectionState::Connecting:
            colour = QColor(0xf5, 0x9f, 0x00);
            state = tr("connecting");
            break;
        case ConnectionState::Failing:
            colour = QColor(0xe0, 0x31, 0x31);
            state = tr("not connected");
            break;
        }
        icon->setPixmap(dot(colour, size, devicePixelRatioF()));
        label->setText(tr("%1: %2").arg(name, state));
        QString tip = tr("%1 at %2: %3").arg(name, connection.address, state);
        if (connection.unacknowledged > 0)
            tip += u'\n' + tr("%n message(s) waiting for the queue before the broker is told",
                              nullptr, connection.unacknowledged);
        if (!connection.lastError.isEmpty())
            tip += u'\n' + tr("Last error: %1").arg(connection.lastError);
        box->setToolTip(tip);
    }
    m_rate->setVisible(true);
    m_queue->setVisible(true);
    m_rate->setText(tr("%1 msg/s").arg(messagesPerSecond, 0, 'f', messagesPerSecond < 10 ? 1 : 0));
    m_queue->setText(tr("queue: %n message(s)", nullptr, int(std::min<qint64>(queued, INT_MAX))));
}

void StatusPanel::showIdle(const QString &text)
{
    while (QLayoutItem *item = m_connections->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_rate->setVisible(false);
    m_queue->setVisible(false);
    m_idle->setText(text);
    m_idle->setVisible(true);
}

QStringList StatusPanel::texts() const
{
    QStringList result;
    if (m_idle->isVisibleTo(const_cast<StatusPanel *>(this)))
        result.append(m_idle->text());
    for (int i = 0; i < m_connections->count(); ++i) {
        const QList<QLabel *> labels = m_connections->itemAt(i)->widget()->findChildren<QLabel *>();
        result.append(labels.at(1)->text());
    }
    if (m_rate->isVisibleTo(const_cast<StatusPanel *>(this))) {
        result.append(m_rate->text());
        result.append(m_queue->text());
    }
    return result;
}

} // namespace mqhook
