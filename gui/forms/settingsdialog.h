#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace mqhook {

// The window's own settings (not the configuration's): how many messages
// the live view keeps, and whether closing the window keeps mqhook in the
// system tray.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget *parent = nullptr);
    ~SettingsDialog() override;

    static bool closeToTraySetting();
    static void setCloseToTraySetting(bool on);

    // Writes the settings chosen.
    void save() const;

    int maxRows() const;
    void setMaxRows(int rows);
    bool closeToTray() const;
    void setCloseToTray(bool on);

private:
    std::unique_ptr<Ui::SettingsDialog> m_ui;
};

} // namespace mqhook
