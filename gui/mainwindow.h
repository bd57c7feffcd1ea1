#pragma once

#include <QMainWindow>

namespace mqhook {

// The desktop application's main window.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace mqhook
