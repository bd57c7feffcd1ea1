#include "mqttdecoder.h"

#include "mqttreader.h"
#include "mqttreasoncode.h"

#include <algorithm>
#include <initializer_list>

namespace mqhook {

namespace {

using namespace MqttReasonCode;
using Reader = MqttReader;

bool contains(std::initializer_list<quint8> codes, quint8 code)
{
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool readPacketId(Reader &r, quint16 *id)
{
    if (!r.u16(id, "packet identifier"))
        return false;
    if (*id == 0)
        return r.fail(MalformedPacket, QStringLiteral("packet identifier is 0"));
    return true;
}

bool checkReasonCode(Reader &r, std::initializer_list<quint8> allowed, quint8 code)
{
    if (contains(allowed, code))
        return true;
    return r.fail(MalformedPacket,
                  QStringLiteral("reason code %1 is not allowed here").arg(mqttHex(code)));
}

bool decodeConnect(Reader &r, MqttPacket *p)
{
    QString name;
    if (!r.string(&name, "protocol name"))
        return false;
    quint8 level = 0;
    if (!r.u8(&level, "protocol level"))
        return false;
    if (name != QLatin1String("MQTT") || (level != 4 && level != 5)) {
        return r.fail(UnsupportedProtocolVersion,
                      QStringLiteral("unsupported protocol \"%1\" level %2").arg(name).arg(level));
    }
    const bool v5 = level == 5;
    p->protocolVersion = v5 ? MqttProtocolVersion::V5 : MqttProtocolVersion::V311;
    quint8 flags = 0;
    if (!r.u8(&flags, "connect flags"))
        return false;
    if (flags & 0x01)
        return r.fail(MalformedPacket, QStringLiteral("reserved connect flag is set"));
    p->cleanStart = flags & 0x02;
    const bool willFlag = flags & 0x04;
    const quint8 willQos = (flags >> 3) & 0x03;
    const bool willRetain = flags & 0x20;
    const bool passwordFlag = flags & 0x40;
    const bool usernameFlag = flags & 0x80;
    if (willQos == 3)
        return r.fail(MalformedPacket, QStringLiteral("Will QoS is 3"));
    if (!willFlag && (willQos != 0 || willRetain))
        return r.fail(MalformedPacket, QStringLiteral("Will QoS or Retain set without a Will"));
    if (!v5 && passwordFlag && !usernameFlag)
        return r.fail(MalformedPacket, QStringLiteral("password without a user name"));
    if (!r.u16(&p->keepAlive, "keep alive"))
        return false;
    if (v5 && !readMqttProperties(r, MqttPacketType::Connect, false, &p->properties))
        return false;
    if (!r.string(&p->clientId, "client identifier"))
        return false;
    if (willFlag) {
        MqttWill will;
        will.qos = willQos;
        will.retain = willRetain;
        if (v5 && !readMqttProperties(r, MqttPacketType::Connect, true, &will.properties))
            return false;
        if (!r.string(&will.topic, "Will topic") || !r.binary(&will.payload, "Will payload"))
            return false;
        p->will = will;
    }
    if (usernameFlag) {
        QString user;
        if (!r.string(&user, "user name"))
            return false;
        p->username = user;
    }
    if (passwordFlag) {
        QByteArray password;
        if (!r.binary(&password, "password"))
            return false;
        p->password = password;
    }
    return r.expectEnd();
}

bool decodeConnack(Reader &r, bool v5, MqttPacket *p)
{
    quint8 flags = 0;
    if (!r.u8(&flags, "acknowledge flags") || !r.u8(&p->reasonCode, "reason code"))
        return false;
    if (flags & 0xFE)
        return r.fail(MalformedPacket, QStringLiteral("reserved acknowledge flags are set"));
    p->sessionPresent = flags & 0x01;
    if (v5) {
        if (!checkReasonCode(r, {0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
                                 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F},
                             p->reasonCode))
            return false;
        if (!readMqttProperties(r, MqttPacketType::Connack, false, &p->properties))
            return false;
    } else if (p->reasonCode > 5) {
        return r.fail(MalformedPacket, QStringLiteral("unknown return code %1").arg(p->reasonCode));
    }
    if (p->sessionPresent && p->reasonCode != 0)
        return r.fail(MalformedPacket, QStringLiteral("session present with a refusal"));
    return r.expectEnd();
}

bool decodePublish(Reader &r, bool v5, quint8 flags, MqttPacket *p)
{
    p->dup = flags & 0x08;
    p->qos = (flags >> 1) & 0x03;
    p->retain = flags & 0x01;
    // The fixed header was checked before: QoS 3 and DUP with QoS 0 never get here.
    if (!r.string(&p->topic, "topic name"))
        return false;
    if (p->qos > 0 && !readPacketId(r, &p->packetId))
        return false;
    if (v5 && !readMqttProperties(r, MqttPacketType::Publish, false, &p->properties))
        return false;
    if (p->topic.isEmpty() && !(v5 && p->properties.topicAlias)) {
        return r.fail(v5 ? ProtocolError : MalformedPacket, QStringLiteral("empty topic name"));
    }
    if (p->topic.contains(QLatin1Char('+')) || p->topic.contains(QLatin1Char('#'))) {
        return r.fail(v5 ? quint8(0x90) : MalformedPacket,
                      QStringLiteral("topic name \"%1\" contains a wildcard").arg(p->topic));
    }
    const qsizetype n = r.remaining();
    p->payload = QByteArray(reinterpret_cast<const char *>(r.position()), n);
    r.skip(n);
    return true;
}

bool decodeAck(Reader &r, bool v5, MqttPacketType type, MqttPacket *p)
{
    if (!readPacketId(r, &p->packetId))
        return false;
    if (!v5)
        return r.expectEnd();
    if (r.atEnd())
        return true; // §3.4.2.1: reason code 0 and no properties may be left out
    if (!r.u8(&p->reasonCode, "reason code"))
        return false;
    const bool ok = (type == MqttPacketType::Puback || type == MqttPacketType::Pubrec)
                        ? checkReasonCode(r, {0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99},
                                          p->reasonCode)
                        : checkReasonCode(r, {0x00, 0x92}, p->reasonCode);
    if (!ok)
        return false;
    if (r.atEnd())
        return true;
    if (!readMqttProperties(r, type, false, &p->properties))
        return false;
    return r.expectEnd();
}

bool decodeSubscribeOrUnsubscribe(Reader &r, bool v5, MqttPacketType type, MqttPacket *p)
{
    const bool subscribe = type == MqttPacketType::Subscribe;
    if (!readPacketId(r, &p->packetId))
        return false;
    if (v5 && !readMqttProperties(r, type, false, &p->properties))
        return false;
    if (r.atEnd())
        return r.fail(ProtocolError, QStringLiteral("no topic filter"));
    while (!r.atEnd()) {
        MqttSubscription s;
        if (!r.string(&s.filter, "topic filter"))
            return false;
        if (s.filter.isEmpty())
            return r.fail(MalformedPacket, QStringLiteral("empty topic filter"));
        if (subscribe) {
            quint8 options = 0;
            if (!r.u8(&options, "subscription options"))
                return false;
            if (options & (v5 ? 0xC0 : 0xFC))
                return r.fail(MalformedPacket,
                              QStringLiteral("reserved subscription option bits set"));
            s.qos = options & 0x03;
            if (s.qos == 3)
                return r.fail(MalformedPacket, QStringLiteral("requested QoS 3"));
            if (v5) {
                s.noLocal = options & 0x04;
                s.retainAsPublished = options & 0x08;
                s.retainHandling = (options >> 4) & 0x03;
                if (s.retainHandling == 3)
                    return r.fail(ProtocolError, QStringLiteral("Retain Handling is 3"));
            }
        }
        p->subscriptions.append(s);
    }
    return true;
}

bool decodeSubackOrUnsuback(Reader &r, bool v5, MqttPacketType type, MqttPacket *p)
{
    if (!readPacketId(r, &p->packetId))
        return false;
    if (v5 && !readMqttProperties(r, type, false, &p->properties))
        return false;
    if (!v5 && type == MqttPacketType::Unsuback)
        return r.expectEnd();
    if (r.atEnd())
        return r.fail(ProtocolError, QStringLiteral("no reason codes"));
    while (!r.atEnd()) {
        quint8 code = 0;
        r.u8(&code, "reason code");
        bool ok = true;
        if (type == MqttPacketType::Suback) {
            ok = v5 ? checkReasonCode(
                          r,
                          {0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2},
                          code)
                    : checkReasonCode(r, {0x00, 0x01, 0x02, 0x80}, code);
        } else {
            ok = checkReasonCode(r, {0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91}, code);
        }
        if (!ok)
            return false;
        p->reasonCodes.append(code);
    }
    return true;
}

bool decodeDisconnectOrAuth(Reader &r, bool v5, MqttPacketType type, MqttPacket *p)
{
    if (!v5 || r.atEnd())
        return r.expectEnd();
    if (!r.u8(&p->reasonCode, "reason code"))
        return false;
    const bool ok =
        type == MqttPacketType::Disconnect
            ? checkReasonCode(r, {0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D,
                                  0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
                                  0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2},
                              p->reasonCode)
            : checkReasonCode(r, {0x00, 0x18, 0x19}, p->reasonCode);
    if (!ok)
        return false;
    if (r.atEnd())
        return true;
    if (!readMqttProperties(r, type, false, &p->properties))
        return false;
    return r.expectEnd();
}

// Checks the first byte of a packet (§2.2 / §2.1.2): type and reserved flags.
bool checkFixedHeader(quint8 byte0, bool v5, MqttDecodeError *error)
{
    const auto type = MqttPacketType(byte0 >> 4);
    const quint8 flags = byte0 & 0x0F;
    auto fail = [&](const QString &message) {
        error->reasonCode = MalformedPacket;
        error->message = message;
        return false;
    };
    if (type == MqttPacketType::Reserved)
        return fail(QStringLiteral("packet type 0 is reserved"));
    if (type == MqttPacketType::Auth && !v5)
        return fail(QStringLiteral("packet type 15 is reserved in MQTT 3.1.1"));
    if (type == MqttPacketType::Publish) {
        const quint8 qos = (flags >> 1) & 0x03;
        if (qos == 3)
            return fail(QStringLiteral("PUBLISH: QoS 3"));
        if (qos == 0 && (flags & 0x08))
            return fail(QStringLiteral("PUBLISH: DUP flag set on a QoS 0 message"));
        return true;
    }
    const quint8 expected = (type == MqttPacketType::Pubrel || type == MqttPacketType::Subscribe ||
                             type == MqttPacketType::Unsubscribe)
                                ? 0x02
                                : 0x00;
    if (flags != expected) {
        return fail(QStringLiteral("%1: reserved fixed header flags are %2, must be %3")
                        .arg(mqttPacketTypeName(type), mqttHex(flags), mqttHex(expected)));
    }
    return true;
}

bool decodeBody(quint8 byte0, const uchar *body, qsizetype size, bool v5, MqttPacket *p,
                MqttDecodeError *error)
{
    const auto type = MqttPacketType(byte0 >> 4);
    *p = MqttPacket{};
    p->type = type;
    Reader r(body, size, type, error);
    switch (type) {
    case MqttPacketType::Connect:
        return decodeConnect(r, p);
    case MqttPacketType::Connack:
        return decodeConnack(r, v5, p);
    case MqttPacketType::Publish:
        return decodePublish(r, v5, byte0 & 0x0F, p);
    case MqttPacketType::Puback:
    case MqttPacketType::Pubrec:
    case MqttPacketType::Pubrel:
    case MqttPacketType::Pubcomp:
        return decodeAck(r, v5, type, p);
    case MqttPacketType::Subscribe:
    case MqttPacketType::Unsubscribe:
        return decodeSubscribeOrUnsubscribe(r, v5, type, p);
    case MqttPacketType::Suback:
    case MqttPacketType::Unsuback:
        return decodeSubackOrUnsuback(r, v5, type, p);
    case MqttPacketType::Pingreq:
    case MqttPacketType::Pingresp:
        return r.expectEnd();
    case MqttPacketType::Disconnect:
    case MqttPacketType::Auth:
        return decodeDisconnectOrAuth(r, v5, type, p);
    case MqttPacketType::Reserved:
        break;
    }
    return r.fail(MalformedPacket, QStringLiteral("packet type 0 is reserved"));
}

enum class HeaderResult
{
    NeedMoreData,
    Complete,
    Error,
};

// Parses the fixed header at `data`: sets the remaining length and the
// header's size, or an error.
HeaderResult parseFixedHeader(const uchar *data, qsizetype size, bool v5, quint32 maximum,
                              quint32 *remaining, int *headerSize, MqttDecodeError *error)
{
    if (size < 1)
        return HeaderResult::NeedMoreData;
    if (!checkFixedHeader(data[0], v5, error))
        return HeaderResult::Error;
    quint32 value = 0;
    for (int i = 0; i < 4; ++i) {
        if (1 + i >= size)
            return HeaderResult::NeedMoreData;
        const uchar b = data[1 + i];
        value |= quint32(b & 0x7F) << (7 * i);
        if (!(b & 0x80)) {
            if (b == 0 && i > 0) {
                error->reasonCode = MalformedPacket;
                error->message = QStringLiteral("%1: remaining length is not minimally encoded")
                                     .arg(mqttPacketTypeName(MqttPacketType(data[0] >> 4)));
                return HeaderResult::Error;
            }
            *remaining = value;
            *headerSize = 2 + i;
            const quint64 total = quint64(*headerSize) + value;
            if (total > maximum) {
                error->reasonCode = PacketTooLarge;
                error->message =
                    QStringLiteral("%1 of %2 bytes exceeds the maximum packet size of %3 bytes")
                        .arg(mqttPacketTypeName(MqttPacketType(data[0] >> 4)))
                        .arg(total)
                        .arg(maximum);
                return HeaderResult::Error;
            }
            return HeaderResult::Complete;
        }
    }
    error->reasonCode = MalformedPacket;
    error->message = QStringLiteral("%1: remaining length is longer than four bytes")
                         .arg(mqttPacketTypeName(MqttPacketType(data[0] >> 4)));
    return HeaderResult::Error;
}

} // namespace

MqttDecoder::MqttDecoder(MqttProtocolVersion version, quint32 maximumPacketSize)
    : m_version(version)
    , m_maximumPacketSize(maximumPacketSize)
{}

void MqttDecoder::append(QByteArrayView data)
{
    if (data.isEmpty())
        return;
    if (m_pos > 0 && (m_pos == m_buffer.size() || m_pos >= 65536)) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(data.data(), data.size());
}

MqttDecoder::Result MqttDecoder::next(MqttPacket *packet)
{
    if (m_error.isError())
        return Result::Error;
    const auto *data = reinterpret_cast<const uchar *>(m_buffer.constData()) + m_pos;
    const qsizetype available = m_buffer.size() - m_pos;
    quint32 remaining = 0;
    int headerSize = 0;
    switch (parseFixedHeader(data, available, m_version == MqttProtocolVersion::V5,
                             m_maximumPacketSize, &remaining, &headerSize, &m_error)) {
    case HeaderResult::NeedMoreData:
        return Result::NeedMoreData;
    case HeaderResult::Error:
        return Result::Error;
    case HeaderResult::Complete:
        break;
    }
    if (available - headerSize < qsizetype(remaining))
        return Result::NeedMoreData;
    if (!decodeBody(data[0], data + headerSize, remaining, m_version == MqttProtocolVersion::V5,
                    packet, &m_error)) {
        return Result::Error;
    }
    m_pos += headerSize + remaining;
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    }
    return Result::Packet;
}

void MqttDecoder::reset()
{
    m_buffer.clear();
    m_pos = 0;
    m_error = {};
}

bool MqttDecoder::decode(QByteArrayView data, MqttProtocolVersion version, MqttPacket *packet,
                         MqttDecodeError *error, quint32 maximumPacketSize)
{
    *error = {};
    const auto *bytes = reinterpret_cast<const uchar *>(data.data());
    quint32 remaining = 0;
    int headerSize = 0;
    switch (parseFixedHeader(bytes, data.size(), version == MqttProtocolVersion::V5,
                             maximumPacketSize, &remaining, &headerSize, error)) {
    case HeaderResult::NeedMoreData:
        error->reasonCode = MqttReasonCode::MalformedPacket;
        error->message = data.isEmpty() ? QStringLiteral("empty packet")
                                        : QStringLiteral("packet ends inside the fixed header");
        return false;
    case HeaderResult::Error:
        return false;
    case HeaderResult::Complete:
        break;
    }
    const qsizetype body = data.size() - headerSize;
    if (body != qsizetype(remaining)) {
        error->reasonCode = MqttReasonCode::MalformedPacket;
        error->message =
            QStringLiteral("%1: remaining length is %2 but %3 bytes follow the fixed header")
                .arg(mqttPacketTypeName(MqttPacketType(bytes[0] >> 4)))
                .arg(remaining)
                .arg(body);
        return false;
    }
    return decodeBody(bytes[0], bytes + headerSize, body, version == MqttProtocolVersion::V5,
                      packet, error);
}

} // namespace mqhook
