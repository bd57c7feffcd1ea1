#pragma once

#include "mqttclientsettings.h"
#include "mqttconnection.h"
#include "mqttdecoder.h"
#include "mqttmessage.h"
#include "mqttpacket.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <deque>
#include <map>

namespace mqhook {

// An MQTT 3.1.1 / 5.0 client over TCP, TLS, ws or wss, shaped like Qt's
// QMqttClient, whose acknowledgements (PUBACK / PUBREC) can be held until the
// application says a message is safe. It keeps its subscriptions and
// unacknowledged outgoing messages across reconnects and reconnects by
// itself with exponential backoff.
class MqttClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString hostname READ hostname WRITE setHostname NOTIFY hostnameChanged)
    Q_PROPERTY(quint16 port READ port WRITE setPort NOTIFY portChanged)
    Q_PROPERTY(QString clientId READ clientId WRITE setClientId NOTIFY clientIdChanged)
    Q_PROPERTY(QString username READ username WRITE setUsername NOTIFY usernameChanged)
    Q_PROPERTY(QString password READ password WRITE setPassword NOTIFY passwordChanged)
    Q_PROPERTY(int keepAlive READ keepAlive WRITE setKeepAlive NOTIFY keepAliveChanged)
    Q_PROPERTY(bool cleanSession READ cleanSession WRITE setCleanSession NOTIFY cleanSessionChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum class State
    {
        Disconnected,
        Connecting,
        Connected,
    };
    Q_ENUM(State)

    enum class Error
    {
        NoError,
        TransportError,             // TCP, TLS or WebSocket failure
        ConnectTimeout,             // no CONNACK in time
        UnsupportedProtocolVersion, // CONNACK 1 / 0x84
        ClientIdRejected,           // CONNACK 2 / 0x85
        ServerUnavailable,          // CONNACK 3 / 0x88, 0x89
        BadUserNameOrPassword,      // CONNACK 4 / 0x86
        NotAuthorized,              // CONNACK 5 / 0x87, 0x8A, 0x8C
        ConnectionRefused,          // any other CONNACK refusal
        ServerDisconnected,         // the broker sent DISCONNECT (5.0)
        ProtocolError,              // the broker sent something invalid
        KeepAliveTimeout,           // no PINGRESP in time
    };
    Q_ENUM(Error)

    explicit MqttClient(QObject *parent = nullptr);
    ~MqttClient() override;

    // Sets every property settings has.
    void configure(const MqttClientSettings &settings);

    QString hostname() const { return m_settings.host; }
    void setHostname(const QString &hostname);
    quint16 port() const { return m_settings.port; }
    void setPort(quint16 port);
    QString clientId() const { return m_clientId; }
    void setClientId(const QString &clientId);
    QString username() const { return m_username; }
    void setUsername(const QString &username);
    QString password() const { return m_password; }
    void setPassword(const QString &password);
    // Seconds; 0 disables keepalive.
    int keepAlive() const { return m_keepAlive; }
    void setKeepAlive(int seconds);
    MqttProtocolVersion protocolVersion() const { return m_version; }
    void setProtocolVersion(MqttProtocolVersion version);
    // 3.1.1 Clean Session / 5.0 Clean Start.
    bool cleanSession() const { return m_cleanSession; }
    void setCleanSession(bool clean);
    std::chrono::seconds sessionExpiryInterval() const { return m_sessionExpiry; }
    void setSessionExpiryInterval(std::chrono::seconds interval);
    // 5.0: how many unacknowledged QoS 1/2 messages the broker may send us.
    int receiveMaximum() const { return m_receiveMaximum; }
    void setReceiveMaximum(int maximum);
    // 5.0: the largest packet we accept (also enforced for 3.1.1).
    quint32 maximumPacketSize() const { return m_maximumPacketSize; }
    void setMaximumPacketSize(quint32 bytes);
    MqttTransport transport() const { return m_settings.transport; }
    void setTransport(MqttTransport transport);
    QString webSocketPath() const { return m_settings.webSocketPath; }
    void setWebSocketPath(const QString &path);
    TlsConfig tls() const { return m_settings.tls; }
    void setTls(const TlsConfig &tls);

    void setAutoReconnect(bool enabled);
    void setConnectTimeout(std::chrono::milliseconds timeout);

    // When on, PUBACK / PUBREC go out only after acknowledge(), and always in
    // the order the PUBLISH packets arrived.
    void setManualAcknowledgement(bool manual);

    State state() const { return m_state; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    bool sessionPresent() const { return m_sessionPresent; }
    // The client identifier the broker assigned (5.0), when ours was empty.
    QString assignedClientId() const { return m_assignedClientId; }
    // The CONNACK properties of the current connection (5.0).
    MqttProperties serverProperties() const { return m_serverProperties; }

    void connectToHost();
    // Sends DISCONNECT, closes, and stops reconnecting.
    void disconnectFromHost();

    // Subscribes now, or on the next connection when not connected (then
    // returns 0). Remembered: sent again after a reconnect unless the broker
    // kept the session. Returns the packet identifier, or -1 for an invalid
    // request. subscriptionIdentifier 0 means none (5.0 only).
    int subscribe(const QString &filter, quint8 qos = 0, quint32 subscriptionIdentifier = 0);
    int unsubscribe(const QString &filter);

    // Returns 0 for QoS 0, the packet identifier for QoS 1/2 (published()
    // follows when the broker completed it), -1 when the message cannot be
    // sent (QoS 0 while disconnected, too large, no free packet identifier).
    // QoS 1/2 messages are queued while disconnected or over the broker's
    // Receive Maximum, and re-sent after a reconnect until acknowledged.
    int publish(const QString &topic, const QByteArray &payload, quint8 qos = 0,
                bool retain = false, const MqttProperties &properties = {});

    // Marks a received message as safe; returns false for a token that is
    // unknown or belongs to an earlier connection (the broker redelivers).
    bool acknowledge(const MqttMessage &message);
    bool acknowledge(quint64 ackToken);
    // QoS 1/2 messages received and not yet acknowledged to the broker.
    int pendingAcknowledgements() const { return int(m_ackQueue.size()); }

    // Stops taking packets from the socket (TCP backpressure); decoded
    // packets wait and nothing is lost.
    void pauseReading();
    void resumeReading();

signals:
    void hostnameChanged(const QString &hostname);
    void portChanged(quint16 port);
    void clientIdChanged(const QString &clientId);
    void usernameChanged(const QString &username);
    void passwordChanged(const QString &password);
    void keepAliveChanged(int seconds);
    void cleanSessionChanged(bool clean);

    void stateChanged(mqhook::MqttClient::State state);
    void connected();
    void disconnected();
    void errorOccurred(mqhook::MqttClient::Error error, const QString &message);
    // The next connection attempt starts after delay (autoReconnect).
    void reconnectScheduled(std::chrono::milliseconds delay);

    void messageReceived(const mqhook::MqttMessage &message);
    // reasonCode: the granted QoS (0..2), or a failure code >= 0x80.
    void subscribeFinished(int packetId, const QString &filter, quint8 reasonCode);
    void unsubscribeFinished(int packetId, const QString &filter, quint8 reasonCode);
    // A QoS 1/2 publish completed; reasonCode >= 0x80 means the broker refused it.
    void published(int packetId, quint8 reasonCode);

private:
    struct InboundAck
    {
        quint64 token = 0;
        quint16 packetId = 0;
        quint8 qos = 0;
        bool acknowledged = false;
        bool duplicate = false; // a QoS 2 PUBLISH we already answered with PUBREC
    };
    struct Outbound
    {
        quint64 sequence = 0;
        MqttPacket publish;
        enum class Stage
        {
            Queued,       // not sent on this connection yet
            AwaitAck,     // PUBLISH sent, waiting for PUBACK / PUBREC
            AwaitComplete // PUBREL sent, waiting for PUBCOMP
        } stage = Stage::Queued;
        bool sent = false; // sent on some connection before
    };
    struct Subscription
    {
        QString filter;
        quint8 qos = 0;
        quint32 identifier = 0;
        bool confirmed = false; // the broker's session holds it
    };

    void setState(State state);
    void setError(Error error, const QString &message);
    void openConnection();
    void onTransportConnected();
    void onTransportFailed(const QString &message);
    void readSocket();
    void processPackets();
    void handlePacket(MqttPacket &packet);
    void handleConnack(const MqttPacket &packet);
    void handlePublish(MqttPacket &packet);
    void handlePuback(const MqttPacket &packet);
    void handlePubrec(const MqttPacket &packet);
    void handlePubrel(const MqttPacket &packet);
    void handlePubcomp(const MqttPacket &packet);
    void handleSuback(const MqttPacket &packet);
    void handleUnsuback(const MqttPacket &packet);
    void handleDisconnect(const MqttPacket &packet);
    void protocolViolation(quint8 reasonCode, const QString &message);
    void dropConnection(Error error, const QString &message, int disconnectReason = -1);
    void scheduleReconnect();
    void send(const MqttPacket &packet);
    void sendAck(MqttPacketType type, quint16 packetId, quint8 reasonCode = 0);
    int sendSubscribe(const Subscription &subscription);
    int sendUnsubscribe(const QString &filter);
    void flushAcks();
    void sendQueuedPublishes();
    int inboundInFlight() const;
    int allocatePacketId();
    void startKeepAlive();
    void onPingTimer();
    void completeOutbound(quint16 packetId, quint8 reasonCode);
    bool isConnectionAlive() const;

    MqttConnection *m_connection = nullptr;
    MqttConnectionSettings m_settings;
    MqttDecoder m_decoder;

    QString m_clientId;
    QString m_assignedClientId;
    QString m_username;
    QString m_password;
    int m_keepAlive = 60;
    MqttProtocolVersion m_version = MqttProtocolVersion::V5;
    bool m_cleanSession = false;
    std::chrono::seconds m_sessionExpiry{0};
    int m_receiveMaximum = 65535;
    quint32 m_maximumPacketSize = 16 * 1024 * 1024;
    quint16 m_topicAliasMaximum = 64;
    int m_maximumInflight = 20;
    bool m_autoReconnect = true;
    std::chrono::milliseconds m_backoffInitial{1000};
    std::chrono::milliseconds m_backoffMax{30000};
    std::chrono::milliseconds m_connectTimeout{30000};
    bool m_manualAck = false;

    State m_state = State::Disconnected;
    Error m_error = Error::NoError;
    QString m_errorString;
    bool m_wantConnected = false;
    bool m_awaitingConnack = false;
    bool m_sessionPresent = false;
    bool m_sentCleanStart = false;
    bool m_receiveMaximumExceeded = false; // warned once on this connection
    bool m_readPaused = false;
    bool m_processing = false;
    int m_reconnectAttempt = 0;
    MqttProperties m_serverProperties;
    int m_effectiveKeepAlive = 0;
    quint16 m_serverReceiveMaximum = 65535;
    quint32 m_serverMaximumPacketSize = MqttDecoder::protocolMaximumPacketSize;
    quint8 m_serverMaximumQos = 2;

    QTimer m_connectTimer;
    QTimer m_reconnectTimer;
    QTimer m_pingTimer;
    QTimer m_pingResponseTimer;

    // Inbound: QoS 1/2 messages of this connection in arrival order until
    // their PUBACK / PUBREC is sent, and QoS 2 packet identifiers answered
    // with PUBREC and waiting for PUBREL (kept with the session).
    std::deque<InboundAck> m_ackQueue;
    int m_ackQueueCounted = 0; // entries of m_ackQueue that are not duplicates
    QSet<quint16> m_awaitingRelease;
    quint64 m_nextToken = 1;
    QHash<quint16, QString> m_topicAliases;

    // Outbound
    std::map<quint16, Outbound> m_outbound;
    quint64 m_nextSequence = 1;
    int m_outboundInFlight = 0;
    quint16 m_lastPacketId = 0;
    QList<Subscription> m_subscriptions;
    QHash<quint16, QStringList> m_pendingSubscribes;
    QHash<quint16, QStringList> m_pendingUnsubscribes;
    QStringList m_unconfirmedUnsubscribes; // sent again after a reconnect to a kept session
};

} // namespace mqhook
