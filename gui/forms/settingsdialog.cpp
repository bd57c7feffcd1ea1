#include "settingsdialog.h"

#include "live/liveviews.h"
#include "ui_settingsdialog.h"

#include <QPushButton>
#include <QSettings>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

const QString settingCloseToTray = u"window/closeToTray"_s;

} // namespace

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
{
    m_ui->setupUi(this);
    m_ui->maxRowsSpin->setGroupSeparatorShown(true);
    setMaxRows(LiveViews::maxRowsSetting());
    setCloseToTray(closeToTraySetting());
    const bool tray = QSystemTrayIcon::isSystemTrayAvailable();
    m_ui->closeToTrayCheck->setEnabled(tray);
    m_ui->trayNote->setText(tray ? tr("Quit (Ctrl+Q, or in the tray icon's menu) still ends "
                                      "mqhook, and stops forwarding first.")
                                 : tr("This desktop has no system tray."));
    m_ui->trayNote->setForegroundRole(QPalette::PlaceholderText);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

SettingsDialog::~SettingsDialog() = default;

bool SettingsDialog::closeToTraySetting()
{
    return QSettings().value(settingCloseToTray, false).toBool();
}

void SettingsDialog::setCloseToTraySetting(bool on)
{
    QSettings().setValue(settingCloseToTray, on);
}

void SettingsDialog::save() const
{
    LiveViews::setMaxRowsSetting(maxRows());
    setCloseToTraySetting(closeToTray());
}

int SettingsDialog::maxRows() const
{
    return m_ui->maxRowsSpin->value();
}

void SettingsDialog::setMaxRows(int rows)
{
    m_ui->maxRowsSpin->setValue(rows);
}

bool SettingsDialog::closeToTray() const
{
    return m_ui->closeToTrayCheck->isChecked();
}

void SettingsDialog::setCloseToTray(bool on)
{
    m_ui->closeToTrayCheck->setChecked(on);
}

} // namespace mqhook
