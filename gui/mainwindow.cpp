#include "mainwindow.h"

#include "config/configloader.h"

#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTreeView>

namespace mqhook {

namespace {

QString protocolName(MqttProtocolVersion version)
{
    return version == MqttProtocolVersion::V5 ? QStringLiteral("MQTT 5")
                                              : QStringLiteral("MQTT 3.1.1");
}

QList<QStandardItem *> row(const QString &name, const QString &value)
{
    auto *nameItem = new QStandardItem(name);
    auto *valueItem = new QStandardItem(value);
    nameItem->setEditable(false);
    valueItem->setEditable(false);
    return {nameItem, valueItem};
}

} // namespace

MainWindow::MainWindow(const QString &configFile, QWidget *parent)
    : QMainWindow(parent)
    , m_configModel(new QStandardItemModel(this))
    , m_issueModel(new QStandardItemModel(this))
    , m_configView(new QTreeView(this))
    , m_issueView(new QTreeView(this))
    , m_statusLabel(new QLabel(this))
{
    resize(1000, 700);

    m_configModel->setHorizontalHeaderLabels({tr("Item"), tr("Value")});
    m_configView->setModel(m_configModel);
    m_configView->setUniformRowHeights(true);
    m_configView->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    m_issueModel->setHorizontalHeaderLabels(
        {tr("Severity"), tr("Line"), tr("Column"), tr("Path"), tr("Problem")});
    m_issueView->setModel(m_issueModel);
    m_issueView->setRootIsDecorated(false);
    m_issueView->setUniformRowHeights(true);
    m_issueView->header()->setStretchLastSection(true);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_configView);
    splitter->addWidget(m_issueView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    statusBar()->addWidget(m_statusLabel, 1);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseConfig);
    fileMenu->addAction(tr("&Reload"), QKeySequence::Refresh, this, &MainWindow::reload);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    openConfig(configFile);
}

MainWindow::~MainWindow() = default;

void MainWindow::openConfig(const QString &fileName)
{
    m_configFile = fileName;
    setWindowTitle(tr("%1 — mqhook").arg(QDir::toNativeSeparators(fileName)));
    reload();
}

void MainWindow::reload()
{
    showResult(ConfigLoader().loadFile(m_configFile));
}

void MainWindow::chooseConfig()
{
    const QString fileName = QFileDialog::getOpenFileName(
        this, tr("Open configuration"), QFileInfo(m_configFile).absolutePath(),
        tr("JSON configuration (*.json);;All files (*)"));
    if (!fileName.isEmpty())
        openConfig(fileName);
}

void MainWindow::showResult(const LoadResult &result)
{
    m_configModel->removeRows(0, m_configModel->rowCount());
    m_issueModel->removeRows(0, m_issueModel->rowCount());

    const auto addIssues = [this](const QList<ConfigIssue> &issues, const QString &severity) {
        for (const ConfigIssue &issue : issues) {
            QList<QStandardItem *> items = {
                new QStandardItem(severity),
                new QStandardItem(issue.line > 0 ? QString::number(issue.line) : QString()),
                new QStandardItem(issue.column > 0 ? QString::number(issue.column) : QString()),
                new QStandardItem(issue.path),
                new QStandardItem(issue.message),
            };
            for (QStandardItem *item : items)
                item->setEditable(false);
            m_issueModel->appendRow(items);
        }
    };
    addIssues(result.errors, tr("Error"));
    addIssues(result.warnings, tr("Warning"));

    if (!result.ok()) {
        m_statusLabel->setText(
            tr("%n error(s) in the configuration", nullptr, int(result.errors.size())));
        return;
    }

    const Config &config = *result.config;
    for (const BrokerConfig &broker : config.brokers) {
        QList<QStandardItem *> brokerRow = row(
            broker.clientId.isEmpty() ? tr("(client id assigned by the broker)") : broker.clientId,
            tr("%1, %2").arg(broker.address(), protocolName(broker.protocolVersion)));
        for (const SubscriptionConfig &subscription : broker.subscriptions) {
            QList<QStandardItem *> subscriptionRow =
                row(subscription.appName,
                    tr("%1 (QoS %2)%3")
                        .arg(subscription.subTopic.topic)
                        .arg(subscription.subTopic.qos)
                        .arg(subscription.enabled ? QString() : tr(", disabled")));
            for (const QString &address : subscription.callbackAddresses)
                subscriptionRow.constFirst()->appendRow(row(tr("callback"), address));
            for (const QString &exclude : subscription.excludeTopics)
                subscriptionRow.constFirst()->appendRow(row(tr("excluded"), exclude));
            brokerRow.constFirst()->appendRow(subscriptionRow);
        }
        m_configModel->appendRow(brokerRow);
    }
    m_configView->expandAll();
    m_statusLabel->setText(
        tr("%n broker connection(s), %1 warning(s)", nullptr, int(config.brokers.size()))
            .arg(result.warnings.size()));
}

} // namespace mqhook
