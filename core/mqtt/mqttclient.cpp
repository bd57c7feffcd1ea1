#include "mqttclient.h"

#include "base/logcategories.h"
#include "mqttreasoncode.h"

#include <QRandomGenerator>

#include <algorithm>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

constexpr qint64 readChunkSize = 64 * 1024;

} // namespace

MqttClient::MqttClient(QObject *parent)
    : QObject(parent)
    , m_connection(new MqttConnection(this))
{
    m_decoder.setMaximumPacketSize(m_maximumPacketSize);
    connect(m_connection, &MqttConnection::connected, this, &MqttClient::onTransportConnected);
    connect(m_connection, &MqttConnection::failed, this, &MqttClient::onTransportFailed);
    connect(m_connection, &MqttConnection::readyRead, this, &MqttClient::readSocket);

    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        dropConnection(Error::ConnectTimeout, QStringLiteral("no CONNACK from %1:%2 within %3 ms")
                                                  .arg(m_settings.host)
                                                  .arg(m_settings.port)
                                                  .arg(m_connectTimeout.count()));
    });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &MqttClient::openConnection);
    connect(&m_pingTimer, &QTimer::timeout, this, &MqttClient::onPingTimer);
    m_pingResponseTimer.setSingleShot(true);
    connect(&m_pingResponseTimer, &QTimer::timeout, this, [this] {
        // A paused socket cannot deliver the PINGRESP: wait until reading resumes.
        if (m_readPaused)
            return;
        dropConnection(Error::KeepAliveTimeout,
                       QStringLiteral("no PINGRESP from the broker within %1 ms")
                           .arg(m_pingResponseTimer.interval()),
                       MqttReasonCode::KeepAliveTimeout);
    });
}

MqttClient::~MqttClient() = default;

void MqttClient::configure(const MqttClientSettings &settings)
{
    setHostname(settings.hostname);
    setPort(settings.port);
    setClientId(settings.clientId);
    setUsername(settings.username);
    setPassword(settings.password);
    setKeepAlive(settings.keepAlive);
    setProtocolVersion(settings.protocolVersion);
    setCleanSession(settings.cleanSession);
    setSessionExpiryInterval(settings.sessionExpiryInterval);
    setReceiveMaximum(settings.receiveMaximum);
    setTransport(settings.transport);
    setWebSocketPath(settings.webSocketPath);
    setTls(settings.tls);
    m_topicAliasMaximum = settings.topicAliasMaximum;
    m_maximumInflight = std::clamp(settings.maximumInflight, 1, 65535);
    m_backoffInitial = std::max(settings.reconnectDelay, 1ms);
    m_backoffMax = std::max(settings.maximumReconnectDelay, m_backoffInitial);
}

void MqttClient::setHostname(const QString &hostname)
{
    if (m_settings.host == hostname)
        return;
    m_settings.host = hostname;
    emit hostnameChanged(hostname);
}

void MqttClient::setPort(quint16 port)
{
    if (m_settings.port == port)
        return;
    m_settings.port = port;
    emit portChanged(port);
}

void MqttClient::setClientId(const QString &clientId)
{
    if (m_clientId == clientId)
        return;
    m_clientId = clientId;
    m_assignedClientId.clear();
    emit clientIdChanged(clientId);
}

void MqttClient::setUsername(const QString &username)
{
    if (m_username == username)
        return;
    m_username = username;
    emit usernameChanged(username);
}

void MqttClient::setPassword(const QString &password)
{
    if (m_password == password)
        return;
    m_password = password;
    emit passwordChanged(password);
}

void MqttClient::setKeepAlive(int seconds)
{
    seconds = std::clamp(seconds, 0, 65535);
    if (m_keepAlive == seconds)
        return;
    m_keepAlive = seconds;
    emit keepAliveChanged(seconds);
}

void MqttClient::setProtocolVersion(MqttProtocolVersion version)
{
    m_version = version;
}

void MqttClient::setCleanSession(bool clean)
{
    if (m_cleanSession == clean)
        return;
    m_cleanSession = clean;
    emit cleanSessionChanged(clean);
}

void MqttClient::setSessionExpiryInterval(std::chrono::seconds interval)
{
    m_sessionExpiry = interval;
}

void MqttClient::setReceiveMaximum(int maximum)
{
    m_receiveMaximum = std::clamp(maximum, 1, 65535);
}

void MqttClient::setMaximumPacketSize(quint32 bytes)
{
    m_maximumPacketSize = std::clamp<quint32>(bytes, 128, MqttDecoder::protocolMaximumPacketSize);
    m_decoder.setMaximumPacketSize(m_maximumPacketSize);
}

void MqttClient::setTransport(MqttTransport transport)
{
    m_settings.transport = transport;
}

void MqttClient::setWebSocketPath(const QString &path)
{
    m_settings.webSocketPath = path;
}

void MqttClient::setTls(const TlsConfig &tls)
{
    m_settings.tls = tls;
}

void MqttClient::setAutoReconnect(bool enabled)
{
    m_autoReconnect = enabled;
    if (!enabled)
        m_reconnectTimer.stop();
}

void MqttClient::setConnectTimeout(std::chrono::milliseconds timeout)
{
    m_connectTimeout = std::max(timeout, 1ms);
}

void MqttClient::setManualAcknowledgement(bool manual)
{
    if (m_manualAck == manual)
        return;
    m_manualAck = manual;
    if (!manual) {
        for (InboundAck &entry : m_ackQueue)
            entry.acknowledged = true;
        flushAcks();
    }
}

void MqttClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
    if (state == State::Connected)
        emit connected();
    else if (state == State::Disconnected)
        emit disconnected();
}

void MqttClient::setError(Error error, const QString &message)
{
    m_error = error;
    m_errorString = message;
    qCWarning(lcMqtt).noquote() << m_settings.host << m_settings.port << message;
    emit errorOccurred(error, message);
}

void MqttClient::connectToHost()
{
    m_wantConnected = true;
    m_reconnectAttempt = 0;
    if (m_state != State::Disconnected)
        return;
    m_reconnectTimer.stop();
    openConnection();
}

void MqttClient::disconnectFromHost()
{
    m_wantConnected = false;
    m_reconnectTimer.stop();
    if (m_state == State::Disconnected)
        return;
    if (m_state == State::Connected) {
        MqttPacket disconnect;
        disconnect.type = MqttPacketType::Disconnect;
        send(disconnect);
    }
    dropConnection(Error::NoError, QString());
}

void MqttClient::openConnection()
{
    if (!m_wantConnected || m_state != State::Disconnected)
        return;
    m_decoder.reset();
    m_decoder.setProtocolVersion(m_version);
    m_decoder.setMaximumPacketSize(m_maximumPacketSize);
    m_awaitingConnack = false;
    setState(State::Connecting);
    m_connectTimer.start(m_connectTimeout);
    m_connection->open(m_settings);
    if (m_readPaused)
        m_connection->setReadPaused(true);
}

void MqttClient::onTransportConnected()
{
    MqttPacket connect;
    connect.type = MqttPacketType::Connect;
    connect.protocolVersion = m_version;
    const QString clientId = m_clientId.isEmpty() ? m_assignedClientId : m_clientId;
    connect.clientId = clientId;
    // 3.1.1 §3.1.3.1: a zero-length identifier needs a clean session.
    connect.cleanStart =
        m_cleanSession || (m_version == MqttProtocolVersion::V311 && clientId.isEmpty());
    connect.keepAlive = quint16(m_keepAlive);
    if (!m_username.isEmpty())
        connect.username = m_username;
    if (!m_password.isEmpty())
        connect.password = m_password.toUtf8();
    if (m_version == MqttProtocolVersion::V5) {
        if (m_sessionExpiry.count() > 0)
            connect.properties.sessionExpiryInterval =
                quint32(std::min<qint64>(m_sessionExpiry.count(), 0xFFFFFFFF));
        if (m_receiveMaximum != 65535)
            connect.properties.receiveMaximum = quint16(m_receiveMaximum);
        if (m_maximumPacketSize < MqttDecoder::protocolMaximumPacketSize)
            connect.properties.maximumPacketSize = m_maximumPacketSize;
        if (m_topicAliasMaximum > 0)
            connect.properties.topicAliasMaximum = m_topicAliasMaximum;
    }
    m_awaitingConnack = true;
    m_sentCleanStart = connect.cleanStart;
    send(connect);
}

void MqttClient::onTransportFailed(const QString &message)
{
    dropConnection(Error::TransportError, QStringLiteral("connection to %1:%2 failed: %3")
                                              .arg(m_settings.host)
                                              .arg(m_settings.port)
                                              .arg(message));
}

bool MqttClient::isConnectionAlive() const
{
    return m_state != State::Disconnected && m_connection->isOpen();
}

void MqttClient::dropConnection(Error error, const QString &message, int disconnectReason)
{
    if (m_state == State::Disconnected)
        return;
    if (disconnectReason >= 0 && m_version == MqttProtocolVersion::V5 && !m_awaitingConnack &&
        m_connection->isOpen()) {
        // 5.0 §4.13: tell the broker why before closing.
        MqttPacket disconnect;
        disconnect.type = MqttPacketType::Disconnect;
        disconnect.reasonCode = quint8(disconnectReason);
        send(disconnect);
    }
    m_connection->close();
    m_connectTimer.stop();
    m_pingTimer.stop();
    m_pingResponseTimer.stop();
    m_awaitingConnack = false;
    m_decoder.reset();
    m_topicAliases.clear();
    // Acknowledgements not yet sent die with the connection: the broker
    // redelivers those messages (with DUP) on the next one.
    m_ackQueue.clear();
    m_ackQueueCounted = 0;
    m_receiveMaximumExceeded = false;
    m_pendingSubscribes.clear();
    m_pendingUnsubscribes.clear();
    m_outboundInFlight = 0;
    for (auto &[id, entry] : m_outbound) {
        if (entry.stage == Outbound::Stage::AwaitAck)
            entry.stage = Outbound::Stage::Queued;
    }
    if (error != Error::NoError)
        setError(error, message);
    setState(State::Disconnected);
    scheduleReconnect();
}

void MqttClient::scheduleReconnect()
{
    if (!m_wantConnected || !m_autoReconnect || m_state != State::Disconnected)
        return;
    const int shift = std::min(m_reconnectAttempt, 20);
    const qint64 full = std::min<qint64>(m_backoffMax.count(), m_backoffInitial.count() << shift);
    const qint64 delay =
        full / 2 + qint64(QRandomGenerator::global()->bounded(double(full / 2 + 1)));
    ++m_reconnectAttempt;
    qCInfo(lcMqtt) << "reconnecting to" << m_settings.host << m_settings.port << "in" << delay
                   << "ms";
    m_reconnectTimer.start(std::chrono::milliseconds(delay));
    emit reconnectScheduled(std::chrono::milliseconds(delay));
}

void MqttClient::send(const MqttPacket &packet)
{
    const QByteArray bytes = packet.encode(m_version);
    if (bytes.isEmpty()) {
        qCWarning(lcMqtt) << "cannot encode" << mqttPacketTypeName(packet.type);
        return;
    }
    m_connection->write(bytes);
}

void MqttClient::sendAck(MqttPacketType type, quint16 packetId, quint8 reasonCode)
{
    MqttPacket ack;
    ack.type = type;
    ack.packetId = packetId;
    ack.reasonCode = reasonCode;
    send(ack);
}

void MqttClient::readSocket()
{
    if (m_processing)
        return;
    while (!m_readPaused && isConnectionAlive()) {
        processPackets();
        if (m_readPaused || !isConnectionAlive())
            return;
        const QByteArray data = m_connection->read(readChunkSize);
        if (data.isEmpty())
            return;
        m_decoder.append(data);
    }
}

void MqttClient::processPackets()
{
    m_processing = true;
    MqttPacket packet;
    while (!m_readPaused && isConnectionAlive()) {
        const MqttDecoder::Result result = m_decoder.next(&packet);
        if (result == MqttDecoder::Result::NeedMoreData)
            break;
        if (result == MqttDecoder::Result::Error) {
            const MqttDecodeError error = m_decoder.error();
            protocolViolation(error.reasonCode, error.message);
            break;
        }
        handlePacket(packet);
    }
    m_processing = false;
}

void MqttClient::pauseReading()
{
    m_readPaused = true;
    m_connection->setReadPaused(true);
}

void MqttClient::resumeReading()
{
    if (!m_readPaused)
        return;
    m_readPaused = false;
    m_connection->setReadPaused(false);
    // Packets already decoded or buffered produce no new readyRead.
    QMetaObject::invokeMethod(this, &MqttClient::readSocket, Qt::QueuedConnection);
    if (m_pingResponseTimer.isActive() == false && m_pingTimer.isActive())
        m_pingTimer.start();
}

void MqttClient::protocolViolation(quint8 reasonCode, const QString &message)
{
    dropConnection(Error::ProtocolError,
                   QStringLiteral("invalid data from the broker: %1").arg(message), reasonCode);
}

void MqttClient::handlePacket(MqttPacket &packet)
{
    if (m_awaitingConnack && packet.type != MqttPacketType::Connack) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("%1 before CONNACK").arg(mqttPacketTypeName(packet.type)));
        return;
    }
    switch (packet.type) {
    case MqttPacketType::Connack:
        handleConnack(packet);
        return;
    case MqttPacketType::Publish:
        handlePublish(packet);
        return;
    case MqttPacketType::Puback:
        handlePuback(packet);
        return;
    case MqttPacketType::Pubrec:
        handlePubrec(packet);
        return;
    case MqttPacketType::Pubrel:
        handlePubrel(packet);
        return;
    case MqttPacketType::Pubcomp:
        handlePubcomp(packet);
        return;
    case MqttPacketType::Suback:
        handleSuback(packet);
        return;
    case MqttPacketType::Unsuback:
        handleUnsuback(packet);
        return;
    case MqttPacketType::Pingresp:
        m_pingResponseTimer.stop();
        return;
    case MqttPacketType::Disconnect:
        handleDisconnect(packet);
        return;
    case MqttPacketType::Auth:
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("AUTH without enhanced authentication"));
        return;
    case MqttPacketType::Connect:
    case MqttPacketType::Subscribe:
    case MqttPacketType::Unsubscribe:
    case MqttPacketType::Pingreq:
    case MqttPacketType::Reserved:
        break;
    }
    protocolViolation(
        MqttReasonCode::ProtocolError,
        QStringLiteral("%1, which only clients send").arg(mqttPacketTypeName(packet.type)));
}

void MqttClient::handleConnack(const MqttPacket &packet)
{
    if (!m_awaitingConnack) {
        protocolViolation(MqttReasonCode::ProtocolError, QStringLiteral("a second CONNACK"));
        return;
    }
    m_awaitingConnack = false;
    m_connectTimer.stop();
    const bool v5 = m_version == MqttProtocolVersion::V5;
    if (packet.reasonCode != 0) {
        Error error = Error::ConnectionRefused;
        QString text;
        if (v5) {
            switch (packet.reasonCode) {
            case 0x84:
                error = Error::UnsupportedProtocolVersion;
                break;
            case 0x85:
                error = Error::ClientIdRejected;
                break;
            case 0x86:
                error = Error::BadUserNameOrPassword;
                break;
            case 0x87:
            case 0x8A:
            case 0x8C:
                error = Error::NotAuthorized;
                break;
            case 0x88:
            case 0x89:
                error = Error::ServerUnavailable;
                break;
            default:
                break;
            }
            text = describeMqttReasonCode(packet.reasonCode);
            if (packet.properties.reasonString)
                text += QStringLiteral(": ") + *packet.properties.reasonString;
        } else {
            static constexpr Error errors[] = {Error::NoError,
                                               Error::UnsupportedProtocolVersion,
                                               Error::ClientIdRejected,
                                               Error::ServerUnavailable,
                                               Error::BadUserNameOrPassword,
                                               Error::NotAuthorized};
            error = errors[packet.reasonCode]; // the decoder admits 1..5 only
            text = QStringLiteral("%1 (return code %2)")
                       .arg(mqttConnackReturnCodeText(packet.reasonCode))
                       .arg(packet.reasonCode);
        }
        dropConnection(error, QStringLiteral("the broker refused the connection: %1").arg(text));
        return;
    }

    if (packet.sessionPresent && m_sentCleanStart) {
        // 3.1.1 §3.2.2.2, 5.0 §3.2.2.1.1
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("CONNACK: session present after a clean start"));
        return;
    }
    m_sessionPresent = packet.sessionPresent;
    m_serverProperties = packet.properties;
    m_effectiveKeepAlive = m_keepAlive;
    m_serverReceiveMaximum = quint16(m_maximumInflight);
    m_serverMaximumPacketSize = MqttDecoder::protocolMaximumPacketSize;
    m_serverMaximumQos = 2;
    if (v5) {
        const MqttProperties &p = packet.properties;
        if (p.assignedClientIdentifier)
            m_assignedClientId = *p.assignedClientIdentifier;
        if (p.serverKeepAlive)
            m_effectiveKeepAlive = *p.serverKeepAlive;             // 5.0 §3.2.2.3.14
        m_serverReceiveMaximum = p.receiveMaximum.value_or(65535); // 5.0 §3.2.2.3.3
        if (p.maximumPacketSize)
            m_serverMaximumPacketSize = *p.maximumPacketSize;
        if (p.maximumQos)
            m_serverMaximumQos = *p.maximumQos;
    }
    m_reconnectAttempt = 0;
    m_error = Error::NoError;
    m_errorString.clear();

    if (!m_sessionPresent) {
        // The broker has no session: nothing of ours awaits PUBREL there, and
        // our subscriptions must be made again (3.1.1 §3.2.2.2, 5.0 §3.2.2.1.1).
        m_awaitingRelease.clear();
        m_unconfirmedUnsubscribes.clear();
        for (Subscription &s : m_subscriptions)
            s.confirmed = false;
    }

    startKeepAlive();
    setState(State::Connected);
    if (m_state != State::Connected)
        return;

    // Re-send unacknowledged outgoing messages in their original order.
    std::vector<std::pair<quint64, quint16>> order;
    for (const auto &[id, entry] : m_outbound)
        order.emplace_back(entry.sequence, id);
    std::sort(order.begin(), order.end());
    for (const auto &[sequence, id] : order) {
        Outbound &entry = m_outbound.at(id);
        if (entry.stage == Outbound::Stage::AwaitComplete) {
            if (m_sessionPresent) {
                sendAck(MqttPacketType::Pubrel, id);
                ++m_outboundInFlight;
            } else {
                // The broker had received it (PUBREC) before losing the session.
                completeOutbound(id, 0);
            }
        } else {
            // DUP only for a message this broker session has seen (3.1.1 §3.3.1.1).
            entry.publish.dup = m_sessionPresent && entry.sent;
        }
    }
    sendQueuedPublishes();

    for (const Subscription &s : m_subscriptions) {
        if (!s.confirmed)
            sendSubscribe(s);
    }
    for (const QString &filter : std::as_const(m_unconfirmedUnsubscribes))
        sendUnsubscribe(filter);
}

void MqttClient::startKeepAlive()
{
    m_pingResponseTimer.stop();
    if (m_effectiveKeepAlive <= 0) {
        m_pingTimer.stop();
        return;
    }
    // A PINGREQ every keepalive and half a keepalive for its answer: a dead
    // broker is noticed within 1.5 keepalives.
    m_pingTimer.start(std::chrono::seconds(m_effectiveKeepAlive));
    m_pingResponseTimer.setInterval(std::chrono::milliseconds(m_effectiveKeepAlive * 500));
}

void MqttClient::onPingTimer()
{
    if (m_state != State::Connected)
        return;
    MqttPacket ping;
    ping.type = MqttPacketType::Pingreq;
    send(ping);
    if (!m_pingResponseTimer.isActive())
        m_pingResponseTimer.start();
}

void MqttClient::handleDisconnect(const MqttPacket &packet)
{
    if (m_version != MqttProtocolVersion::V5) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("DISCONNECT from the broker, which MQTT 3.1.1 does not "
                                         "allow"));
        return;
    }
    QString message = QStringLiteral("the broker disconnected: %1")
                          .arg(describeMqttReasonCode(packet.reasonCode));
    if (packet.properties.reasonString)
        message += QStringLiteral(": ") + *packet.properties.reasonString;
    if (packet.properties.serverReference)
        message += QStringLiteral(" (use %1)").arg(*packet.properties.serverReference);
    dropConnection(Error::ServerDisconnected, message);
}

} // namespace mqhook
