#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace mqhook {

class Bridge;
class DemoEndpoint;
class MqttClient;

// `mqhook --demo`: the original system's example configuration, end to end,
// on this machine alone. It starts a private mosquitto on a free loopback
// port and an HTTP endpoint in the process, forwards with the seed's example
// configuration pointed at them, publishes sample messages in the seed's
// message format (some on an excluded topic), and prints each request as it
// arrives. finished() reports 0 when every expected request arrived and no
// excluded message was forwarded.
//
// In the window (startForWindow()) the same broker and endpoint serve the
// window's own forwarding instead: the configuration is written to a file
// for the window to open and run (configReady()), messages are published
// until the demo ends, and the endpoint refuses some requests on purpose so
// that a retry and a dead letter show in the first minute.
class Demo : public QObject
{
    Q_OBJECT

public:
    explicit Demo(QTextStream &out, QObject *parent = nullptr);
    ~Demo() override;

    void start();
    void startForWindow();

signals:
    void finished(int exitCode);
    // The window's configuration file, pointed at this demo's broker and endpoint.
    void configReady(const QString &fileName);

private:
    bool startBroker(QString *error);
    void waitForBroker();
    void startBridge();
    void writeWindowConfig();
    void publishOne();
    void onReady();
    void publishAll();
    void checkDone();
    void fail(const QString &message);
    void finish(int exitCode);

    QTextStream &m_out;
    QTemporaryDir m_dir;
    QProcess m_broker;
    quint16 m_brokerPort = 0;
    int m_brokerProbes = 0;
    QTimer m_probeTimer;
    QTimer m_deadline;
    DemoEndpoint *m_endpoint = nullptr;
    std::unique_ptr<Bridge> m_bridge;
    MqttClient *m_publisher = nullptr;
    int m_messageCount = 10; // published to forwarded topics (each reaches two endpoints)
    int m_excludedCount = 2;
    int m_readyConnections = 0;
    int m_expectedRequests = 0;
    int m_excludedArrived = 0;
    bool m_published = false;
    bool m_finished = false;
    bool m_forWindow = false;
    QTimer m_publishTimer;
    int m_publishedCount = 0;
};

} // namespace mqhook
