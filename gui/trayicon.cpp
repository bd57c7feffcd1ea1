#include "trayicon.h"

#include "icons.h"

#include <QAction>
#include <QMenu>
#include <QPainter>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// The application icon with a dot in the state's colour at its corner.
QIcon stateIcon(TrayIcon::State state)
{
    const QIcon app = Icons::get(Icons::App);
    QColor colour;
    switch (state) {
    case TrayIcon::State::Idle:
        return app;
    case TrayIcon::State::Forwarding:
        colour = QColor(0x2f, 0x9e, 0x44);
        break;
    case TrayIcon::State::Attached:
        colour = QColor(0x1c, 0x7e, 0xd6);
        break;
    case TrayIcon::State::Failing:
        colour = QColor(0xe0, 0x31, 0x31);
        break;
    }
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap = app.pixmap(size);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const qreal dot = size * 0.45;
        painter.setPen(QPen(Qt::white, std::max(1.0, size / 16.0)));
        painter.setBrush(colour);
        painter.drawEllipse(QRectF(size - dot - 0.5, size - dot - 0.5, dot, dot));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

TrayIcon::TrayIcon(QWidget *window, const QList<QAction *> &actions, QAction *quit, QObject *parent)
    : QSystemTrayIcon(parent)
    , m_window(window)
    , m_menu(std::make_unique<QMenu>())
    , m_showHide(new QAction(this))
{
    connect(m_showHide, &QAction::triggered, this, [this] {
        if (!m_window)
            return;
        if (m_window->isVisible() && !m_window->isMinimized()) {
            m_window->hide();
        } else {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        }
        updateShowHide();
    });
    m_menu->addAction(m_showHide);
    m_menu->addSeparator();
    m_menu->addActions(actions);
    m_menu->addSeparator();
    m_menu->addAction(quit);
    setContextMenu(m_menu.get());
    connect(this, &QSystemTrayIcon::activated, this, [this](ActivationReason reason) {
        if (reason == Trigger || reason == DoubleClick)
            m_showHide->trigger();
    });
    connect(m_menu.get(), &QMenu::aboutToShow, this, &TrayIcon::updateShowHide);
    setState(State::Idle, tr("Not forwarding"));
    updateShowHide();
}

TrayIcon::~TrayIcon()
{
    setContextMenu(nullptr);
}

void TrayIcon::setState(State state, const QString &text)
{
    m_state = state;
    setIcon(stateIcon(state));
    setToolTip(tr("mqhook — %1").arg(text));
}

void TrayIcon::updateShowHide()
{
    const bool shown = m_window && m_window->isVisible() && !m_window->isMinimized();
    m_showHide->setText(shown ? tr("&Hide Window") : tr("&Show Window"));
}

} // namespace mqhook
