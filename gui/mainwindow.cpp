#include "mainwindow.h"

namespace mqhook {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("mqhook"));
}

} // namespace mqhook
