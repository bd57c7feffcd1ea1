#pragma once

#include "config/config.h"
#include "mqtt/mqttclient.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace mqhook {

// "Test connection": connects once with a broker connection's settings (TLS
// and WebSocket included) through mqhook's own MQTT client, and reports the
// broker's CONNACK or the exact error, within a timeout. It connects as
// "<client_id>-test" with a clean session, so that a running mqhook keeps its
// session and is not thrown off.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultTimeout{10'000};

    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    void start(const BrokerConfig &broker, std::chrono::milliseconds timeout = defaultTimeout);
    void cancel();
    bool isRunning() const { return m_client != nullptr; }

    static QString testClientId(const QString &clientId);

signals:
    // message says what the broker answered, or why there was no answer.
    void finished(bool connected, const QString &message);

private:
    void finish(bool connected, const QString &message);

    QPointer<MqttClient> m_client;
    QTimer m_timeout;
    BrokerConfig m_broker;
};

} // namespace mqhook
