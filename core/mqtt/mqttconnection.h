#pragma once

#include "base/mqttversion.h"
#include "base/tlsconfig.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

class QSslConfiguration;
class QTcpSocket;
class QWebSocket;

namespace mqhook {

// Where and how to reach a broker: TCP, TLS, ws or wss.
struct MqttConnectionSettings
{
    QString host;
    quint16 port = 1883;
    MqttTransport transport = MqttTransport::Tcp;
    QString webSocketPath = QStringLiteral("/mqtt");
    TlsConfig tls;
};

// One byte stream to a broker over QTcpSocket, QSslSocket or QWebSocket
// (subprotocol "mqtt"). Reading can be paused: a paused TCP or TLS socket
// stops taking bytes from the kernel once its small read buffer is full, so
// the broker sees TCP backpressure. QWebSocket has no such switch; paused
// WebSocket frames stay in this object's buffer.
class MqttConnection : public QObject
{
    Q_OBJECT

public:
    explicit MqttConnection(QObject *parent = nullptr);
    ~MqttConnection() override;

    // Starts connecting; emits connected() or failed().
    void open(const MqttConnectionSettings &settings);
    // Closes at once, without further signals.
    void close();
    bool isOpen() const { return m_open; }

    void write(const QByteArray &data);
    // Takes up to `max` buffered bytes.
    QByteArray read(qint64 max);
    void setReadPaused(bool paused);

    // Bytes handed to write() that the socket has not sent yet.
    qint64 bytesToWrite() const;

signals:
    void connected();
    void readyRead();
    // The connection could not be made, or broke; `message` says why.
    void failed(const QString &message);

private:
    void openTcp(const MqttConnectionSettings &settings);
    void openWebSocket(const MqttConnectionSettings &settings);
    bool loadTls(const TlsConfig &tls, QSslConfiguration *config, QString *error);
    template<typename Socket>
    bool setUpTls(Socket *socket, const TlsConfig &tls);
    void fail(const QString &message);

    QPointer<QTcpSocket> m_tcp;
    QPointer<QWebSocket> m_ws;
    QByteArray m_wsBuffer;
    QString m_sslErrors;
    bool m_open = false;
    bool m_paused = false;
};

} // namespace mqhook
