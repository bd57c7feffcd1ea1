#pragma once

#include "mqttpacket.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace mqhook {

// Why a packet could not be decoded: a message naming the packet and the
// field, and the MQTT 5.0 reason code to DISCONNECT with (0x81 Malformed
// Packet, 0x82 Protocol Error, 0x95 Packet too large, ...).
struct MqttDecodeError
{
    quint8 reasonCode = 0; // 0: no error
    QString message;

    bool isError() const { return reasonCode != 0; }
};

// Incremental decoder of MQTT control packets (3.1.1 or 5.0) from a byte
// stream: append() what the socket delivered, then call next() until it
// stops returning Packet. It validates strictly and never holds more than the
// bytes appended so far: a packet announced larger than the maximum packet
// size is refused as soon as its fixed header arrives.
class MqttDecoder
{
public:
    enum class Result
    {
        NeedMoreData,
        Packet,
        Error,
    };

    // The largest packet MQTT can express: four length bytes (§2.2.3).
    static constexpr quint32 protocolMaximumPacketSize = 268'435'455 + 5;

    explicit MqttDecoder(MqttProtocolVersion version = MqttProtocolVersion::V5,
                         quint32 maximumPacketSize = protocolMaximumPacketSize);

    MqttProtocolVersion protocolVersion() const { return m_version; }
    void setProtocolVersion(MqttProtocolVersion version) { m_version = version; }

    // The whole packet, fixed header included (5.0 §3.1.2.11.4).
    quint32 maximumPacketSize() const { return m_maximumPacketSize; }
    void setMaximumPacketSize(quint32 size) { m_maximumPacketSize = size; }

    void append(QByteArrayView data);

    // Takes the next complete packet out of the buffer. After an Error the
    // stream cannot be resynchronised: every later call returns Error until
    // reset().
    Result next(MqttPacket *packet);

    const MqttDecodeError &error() const { return m_error; }

    void reset();

    // Decodes exactly one packet (fixed header included) that must fill `data`.
    static bool decode(QByteArrayView data, MqttProtocolVersion version, MqttPacket *packet,
                       MqttDecodeError *error,
                       quint32 maximumPacketSize = protocolMaximumPacketSize);

private:
    MqttProtocolVersion m_version;
    quint32 m_maximumPacketSize;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    MqttDecodeError m_error;
};

} // namespace mqhook
