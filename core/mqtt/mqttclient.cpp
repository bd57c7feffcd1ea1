#include "mqttclient.h"

#include "base/logcategories.h"
#include "mqttreasoncode.h"

#include <QRandomGenerator>

#include <algorithm>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

constexpr qint64 readChunkSize = 64 * 1024;

QString describeCode(quint8 code)
{
    return QStringLiteral("%1 (0x%2)")
        .arg(mqttReasonCodeText(code))
        .arg(code, 2, 16, QLatin1Char('0'));
}

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

void MqttClient::setTopicAliasMaximum(quint16 maximum)
{
    m_topicAliasMaximum = maximum;
}

void MqttClient::setMaximumInflight(int maximum)
{
    m_maximumInflight = std::clamp(maximum, 1, 65535);
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

void MqttClient::setReconnectBackoff(std::chrono::milliseconds initial,
                                     std::chrono::milliseconds max)
{
    m_backoffInitial = std::max(initial, 1ms);
    m_backoffMax = std::max(max, m_backoffInitial);
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
            text = describeCode(packet.reasonCode);
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

void MqttClient::handlePublish(MqttPacket &packet)
{
    const bool v5 = m_version == MqttProtocolVersion::V5;
    if (v5 && packet.properties.topicAlias) {
        // 5.0 §3.3.2.3.4
        const quint16 alias = *packet.properties.topicAlias;
        if (alias > m_topicAliasMaximum) {
            protocolViolation(MqttReasonCode::TopicAliasInvalid,
                              QStringLiteral("PUBLISH: Topic Alias %1 exceeds our maximum %2")
                                  .arg(alias)
                                  .arg(m_topicAliasMaximum));
            return;
        }
        if (packet.topic.isEmpty()) {
            const auto it = m_topicAliases.constFind(alias);
            if (it == m_topicAliases.constEnd()) {
                protocolViolation(MqttReasonCode::ProtocolError,
                                  QStringLiteral("PUBLISH: unknown Topic Alias %1").arg(alias));
                return;
            }
            packet.topic = *it;
        } else {
            m_topicAliases.insert(alias, packet.topic);
        }
    }

    MqttMessage message;
    message.qos = packet.qos;
    message.retain = packet.retain;
    message.dup = packet.dup;
    message.packetId = packet.packetId;

    if (packet.qos > 0) {
        InboundAck entry;
        entry.packetId = packet.packetId;
        entry.qos = packet.qos;
        if (packet.qos == 2 && m_awaitingRelease.contains(packet.packetId)) {
            // Delivered before and answered with PUBREC; the PUBREC was lost.
            // Answer again, in order, without a second delivery (4.3.3).
            entry.duplicate = true;
            entry.acknowledged = true;
            m_ackQueue.push_back(entry);
            flushAcks();
            return;
        }
        if (v5 && inboundInFlight() >= m_receiveMaximum && !m_receiveMaximumExceeded) {
            // 5.0 §3.3.4 lets us disconnect with 0x93 here, but mosquitto 2.0
            // overruns our Receive Maximum whenever it resumes a session with
            // messages in flight: a disconnect would make it resend them all
            // again on the next session, forever. Take the message and say so
            // once per connection; pausing the read still holds the broker back.
            m_receiveMaximumExceeded = true;
            qCWarning(lcMqtt,
                      "%s:%u sends more than %d unacknowledged QoS 1/2 messages (our Receive "
                      "Maximum, MQTT 5.0 §3.3.4); taking them anyway",
                      qUtf8Printable(m_settings.host), unsigned(m_settings.port), m_receiveMaximum);
        }
        entry.token = m_nextToken++;
        entry.acknowledged = !m_manualAck;
        m_ackQueue.push_back(entry);
        ++m_ackQueueCounted;
        message.ackToken = entry.token;
    }
    message.topic = std::move(packet.topic);
    message.payload = std::move(packet.payload);
    message.properties = std::move(packet.properties);
    message.properties.topicAlias.reset();
    emit messageReceived(message);
    if (message.qos > 0 && !m_manualAck)
        flushAcks();
}

int MqttClient::inboundInFlight() const
{
    // Counted as the queue changes: a scan per PUBLISH cost O(backlog).
    return int(m_awaitingRelease.size()) + m_ackQueueCounted;
}

bool MqttClient::acknowledge(const MqttMessage &message)
{
    return acknowledge(message.ackToken);
}

bool MqttClient::acknowledge(quint64 ackToken)
{
    if (ackToken == 0)
        return false;
    for (InboundAck &entry : m_ackQueue) {
        if (entry.token == ackToken) {
            if (entry.acknowledged)
                return true;
            entry.acknowledged = true;
            flushAcks();
            return true;
        }
    }
    return false;
}

void MqttClient::flushAcks()
{
    // 3.1.1 §4.6 / 5.0 §4.6: acknowledgements in the order the PUBLISH
    // packets arrived; a later one waits for the earlier ones.
    while (!m_ackQueue.empty() && m_ackQueue.front().acknowledged && isConnectionAlive()) {
        const InboundAck entry = m_ackQueue.front();
        m_ackQueue.pop_front();
        if (!entry.duplicate)
            --m_ackQueueCounted;
        if (entry.qos == 1) {
            sendAck(MqttPacketType::Puback, entry.packetId);
        } else {
            m_awaitingRelease.insert(entry.packetId);
            sendAck(MqttPacketType::Pubrec, entry.packetId);
        }
    }
}

void MqttClient::handlePubrel(const MqttPacket &packet)
{
    // 5.0 §4.3.3: an unknown identifier is answered with 0x92, not an error.
    const bool known = m_awaitingRelease.remove(packet.packetId);
    const quint8 reason = (known || m_version == MqttProtocolVersion::V311)
                              ? MqttReasonCode::Success
                              : MqttReasonCode::PacketIdentifierNotFound;
    sendAck(MqttPacketType::Pubcomp, packet.packetId, reason);
}

int MqttClient::allocatePacketId()
{
    for (int i = 0; i < 65535; ++i) {
        m_lastPacketId = quint16(m_lastPacketId % 65535 + 1);
        if (!m_outbound.count(m_lastPacketId) && !m_pendingSubscribes.contains(m_lastPacketId) &&
            !m_pendingUnsubscribes.contains(m_lastPacketId)) {
            return m_lastPacketId;
        }
    }
    return -1;
}

int MqttClient::publish(const QString &topic, const QByteArray &payload, quint8 qos, bool retain,
                        const MqttProperties &properties)
{
    if (qos > 2 || topic.isEmpty() || topic.contains(QLatin1Char('+')) ||
        topic.contains(QLatin1Char('#'))) {
        qCWarning(lcMqtt) << "publish: invalid topic or QoS" << topic << qos;
        return -1;
    }
    if (qos == 0 && m_state != State::Connected)
        return -1;
    if (m_state == State::Connected && qos > m_serverMaximumQos) {
        qCWarning(lcMqtt) << "publish: the broker accepts QoS" << m_serverMaximumQos << "at most";
        return -1;
    }
    MqttPacket packet;
    packet.type = MqttPacketType::Publish;
    packet.topic = topic;
    packet.payload = payload;
    packet.qos = qos;
    packet.retain = retain;
    if (m_version == MqttProtocolVersion::V5)
        packet.properties = properties;
    packet.properties.topicAlias.reset();
    packet.properties.subscriptionIdentifiers.clear();
    if (qos > 0) {
        const int id = allocatePacketId();
        if (id < 0)
            return -1;
        packet.packetId = quint16(id);
    }
    const qsizetype size = packet.encode(m_version).size();
    if (size == 0 || quint64(size) > m_serverMaximumPacketSize) {
        qCWarning(lcMqtt) << "publish: message of" << payload.size()
                          << "bytes is too large for the broker";
        return -1;
    }
    if (qos == 0) {
        send(packet);
        return 0;
    }
    Outbound entry;
    entry.sequence = m_nextSequence++;
    entry.publish = packet;
    m_outbound.emplace(packet.packetId, entry);
    sendQueuedPublishes();
    return packet.packetId;
}

void MqttClient::sendQueuedPublishes()
{
    if (m_state != State::Connected)
        return;
    // 5.0 §4.9: no more unacknowledged QoS 1/2 messages than the broker's
    // Receive Maximum; the rest wait, in order.
    std::vector<std::pair<quint64, quint16>> queued;
    for (const auto &[id, entry] : m_outbound) {
        if (entry.stage == Outbound::Stage::Queued)
            queued.emplace_back(entry.sequence, id);
    }
    std::sort(queued.begin(), queued.end());
    for (const auto &[sequence, id] : queued) {
        if (m_outboundInFlight >= m_serverReceiveMaximum)
            break;
        Outbound &entry = m_outbound.at(id);
        entry.stage = Outbound::Stage::AwaitAck;
        entry.sent = true;
        ++m_outboundInFlight;
        send(entry.publish);
    }
}

void MqttClient::completeOutbound(quint16 packetId, quint8 reasonCode)
{
    m_outbound.erase(packetId);
    emit published(packetId, reasonCode);
}

void MqttClient::handlePuback(const MqttPacket &packet)
{
    const auto it = m_outbound.find(packet.packetId);
    if (it == m_outbound.end() || it->second.stage != Outbound::Stage::AwaitAck ||
        it->second.publish.qos != 1) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("PUBACK for packet identifier %1, which awaits none")
                              .arg(packet.packetId));
        return;
    }
    --m_outboundInFlight;
    completeOutbound(packet.packetId, packet.reasonCode);
    sendQueuedPublishes();
}

void MqttClient::handlePubrec(const MqttPacket &packet)
{
    const auto it = m_outbound.find(packet.packetId);
    if (it == m_outbound.end() || it->second.publish.qos != 2 ||
        it->second.stage == Outbound::Stage::Queued) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("PUBREC for packet identifier %1, which awaits none")
                              .arg(packet.packetId));
        return;
    }
    if (packet.reasonCode >= 0x80) {
        // 5.0 §4.3.3: a refused QoS 2 message ends here.
        --m_outboundInFlight;
        completeOutbound(packet.packetId, packet.reasonCode);
        sendQueuedPublishes();
        return;
    }
    it->second.stage = Outbound::Stage::AwaitComplete;
    it->second.publish.payload.clear();
    sendAck(MqttPacketType::Pubrel, packet.packetId);
}

void MqttClient::handlePubcomp(const MqttPacket &packet)
{
    const auto it = m_outbound.find(packet.packetId);
    if (it == m_outbound.end() || it->second.stage != Outbound::Stage::AwaitComplete) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("PUBCOMP for packet identifier %1, which awaits none")
                              .arg(packet.packetId));
        return;
    }
    --m_outboundInFlight;
    completeOutbound(packet.packetId, packet.reasonCode);
    sendQueuedPublishes();
}

int MqttClient::subscribe(const QString &filter, quint8 qos, quint32 subscriptionIdentifier)
{
    if (filter.isEmpty() || qos > 2 || subscriptionIdentifier > 268'435'455)
        return -1;
    auto it = std::find_if(m_subscriptions.begin(), m_subscriptions.end(),
                           [&](const Subscription &s) { return s.filter == filter; });
    m_unconfirmedUnsubscribes.removeAll(filter);
    if (it == m_subscriptions.end()) {
        m_subscriptions.append(Subscription{filter, qos, subscriptionIdentifier, false});
        it = m_subscriptions.end() - 1;
    } else {
        it->qos = qos;
        it->identifier = subscriptionIdentifier;
        it->confirmed = false;
    }
    if (m_state != State::Connected)
        return 0;
    return sendSubscribe(*it);
}

int MqttClient::sendSubscribe(const Subscription &subscription)
{
    const int id = allocatePacketId();
    if (id < 0)
        return -1;
    MqttPacket packet;
    packet.type = MqttPacketType::Subscribe;
    packet.packetId = quint16(id);
    packet.subscriptions.append(MqttSubscription{subscription.filter, subscription.qos});
    if (m_version == MqttProtocolVersion::V5 && subscription.identifier > 0)
        packet.properties.subscriptionIdentifiers = {subscription.identifier};
    m_pendingSubscribes.insert(quint16(id), {subscription.filter});
    send(packet);
    return id;
}

void MqttClient::handleSuback(const MqttPacket &packet)
{
    const auto it = m_pendingSubscribes.find(packet.packetId);
    if (it == m_pendingSubscribes.end() || it->size() != packet.reasonCodes.size()) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("SUBACK for packet identifier %1 does not answer a "
                                         "SUBSCRIBE")
                              .arg(packet.packetId));
        return;
    }
    const QStringList filters = *it;
    m_pendingSubscribes.erase(it);
    for (qsizetype i = 0; i < filters.size(); ++i) {
        const quint8 code = packet.reasonCodes.at(i);
        for (qsizetype k = 0; k < m_subscriptions.size(); ++k) {
            if (m_subscriptions[k].filter != filters[i])
                continue;
            if (code >= 0x80) {
                // Not re-sent on reconnect: the broker would refuse it again.
                m_subscriptions.removeAt(k);
            } else {
                m_subscriptions[k].confirmed = true;
            }
            break;
        }
        if (code >= 0x80)
            qCWarning(lcMqtt).noquote()
                << "subscription to" << filters[i] << "refused:" << describeCode(code);
        emit subscribeFinished(packet.packetId, filters[i], code);
    }
}

int MqttClient::unsubscribe(const QString &filter)
{
    m_subscriptions.removeIf([&](const Subscription &s) { return s.filter == filter; });
    // Until the broker confirms, a kept session may still hold it.
    if (!m_unconfirmedUnsubscribes.contains(filter))
        m_unconfirmedUnsubscribes.append(filter);
    if (m_state != State::Connected)
        return 0;
    return sendUnsubscribe(filter);
}

int MqttClient::sendUnsubscribe(const QString &filter)
{
    const int id = allocatePacketId();
    if (id < 0)
        return -1;
    MqttPacket packet;
    packet.type = MqttPacketType::Unsubscribe;
    packet.packetId = quint16(id);
    packet.subscriptions.append(MqttSubscription{filter});
    m_pendingUnsubscribes.insert(quint16(id), {filter});
    send(packet);
    return id;
}

void MqttClient::handleUnsuback(const MqttPacket &packet)
{
    const auto it = m_pendingUnsubscribes.find(packet.packetId);
    const bool v5 = m_version == MqttProtocolVersion::V5;
    if (it == m_pendingUnsubscribes.end() || (v5 && it->size() != packet.reasonCodes.size())) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("UNSUBACK for packet identifier %1 does not answer an "
                                         "UNSUBSCRIBE")
                              .arg(packet.packetId));
        return;
    }
    const QStringList filters = *it;
    m_pendingUnsubscribes.erase(it);
    for (const QString &filter : filters)
        m_unconfirmedUnsubscribes.removeAll(filter);
    for (qsizetype i = 0; i < filters.size(); ++i)
        emit unsubscribeFinished(packet.packetId, filters[i], v5 ? packet.reasonCodes.at(i) : 0);
}

void MqttClient::handleDisconnect(const MqttPacket &packet)
{
    if (m_version != MqttProtocolVersion::V5) {
        protocolViolation(MqttReasonCode::ProtocolError,
                          QStringLiteral("DISCONNECT from the broker, which MQTT 3.1.1 does not "
                                         "allow"));
        return;
    }
    QString message =
        QStringLiteral("the broker disconnected: %1").arg(describeCode(packet.reasonCode));
    if (packet.properties.reasonString)
        message += QStringLiteral(": ") + *packet.properties.reasonString;
    if (packet.properties.serverReference)
        message += QStringLiteral(" (use %1)").arg(*packet.properties.serverReference);
    dropConnection(Error::ServerDisconnected, message);
}

} // namespace mqhook
