#pragma once

#include <QMainWindow>

class QLabel;
class QStandardItemModel;
class QTreeView;

namespace mqhook {

struct LoadResult;

// The desktop application's main window: the configuration file's brokers,
// subscriptions and callback addresses, and every problem found in it.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const QString &configFile, QWidget *parent = nullptr);
    ~MainWindow() override;

    QString configFile() const { return m_configFile; }

    // The models behind the two views (for tests).
    QStandardItemModel *configModel() const { return m_configModel; }
    QStandardItemModel *issueModel() const { return m_issueModel; }

public slots:
    void openConfig(const QString &fileName);
    void reload();

private:
    void chooseConfig();
    void showResult(const LoadResult &result);

    QString m_configFile;
    QStandardItemModel *m_configModel = nullptr;
    QStandardItemModel *m_issueModel = nullptr;
    QTreeView *m_configView = nullptr;
    QTreeView *m_issueView = nullptr;
    QLabel *m_statusLabel = nullptr;
};

} // namespace mqhook
