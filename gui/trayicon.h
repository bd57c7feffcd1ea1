#pragma once

#include <QPointer>
#include <QSystemTrayIcon>

class QAction;
class QMenu;

namespace mqhook {

// The system tray's mqhook (where the desktop has a tray): its icon and
// tooltip say whether it forwards, watches a service elsewhere or has a
// problem; its menu shows or hides the window, starts and stops forwarding,
// and quits. Activating it shows or hides the window.
class TrayIcon : public QSystemTrayIcon
{
    Q_OBJECT

public:
    enum class State
    {
        Idle,
        Forwarding,
        Attached,
        Failing,
    };
    Q_ENUM(State)

    TrayIcon(QWidget *window, const QList<QAction *> &actions, QAction *quit,
             QObject *parent = nullptr);
    ~TrayIcon() override;

    State state() const { return m_state; }
    // The state, and the words for the tooltip.
    void setState(State state, const QString &text);

    QAction *showHideAction() const { return m_showHide; }
    QMenu *menu() const { return m_menu.get(); }

    // The window was shown or hidden: the menu follows.
    void updateShowHide();

private:
    QPointer<QWidget> m_window;
    std::unique_ptr<QMenu> m_menu; // QSystemTrayIcon does not own its menu
    QAction *m_showHide;
    State m_state = State::Idle;
};

} // namespace mqhook
