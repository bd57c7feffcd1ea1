#include "mqttdecoder.h"

#include "mqttreasoncode.h"

#include <algorithm>
#include <initializer_list>
#include <type_traits>
#include <variant>

namespace mqhook {

namespace {

using namespace MqttReasonCode;

constexpr quint32 bit(MqttPacketType t)
{
    return 1u << quint8(t);
}
constexpr quint32 willBit = 1u << 16; // properties of a Will, not of a packet

enum class PropertyType
{
    Byte,
    TwoByte,
    FourByte,
    VariableByte,
    String,
    Binary,
    StringPair,
};

// Where a decoded property value is stored; lists (Subscription Identifier,
// User Property) are handled on their own.
using PropertyField =
    std::variant<std::monostate, std::optional<quint8> MqttProperties::*,
                 std::optional<quint16> MqttProperties::*, std::optional<quint32> MqttProperties::*,
                 std::optional<QString> MqttProperties::*,
                 std::optional<QByteArray> MqttProperties::*>;

struct PropertyRule
{
    MqttPropertyId id;
    PropertyType type;
    quint32 allowedIn;
    const char *name;
    PropertyField field;
    quint8 zeroIsError = 0; // the reason code when the value 0 is forbidden
};

constexpr quint32 anyWithProperties =
    bit(MqttPacketType::Connect) | bit(MqttPacketType::Connack) | bit(MqttPacketType::Publish) |
    bit(MqttPacketType::Puback) | bit(MqttPacketType::Pubrec) | bit(MqttPacketType::Pubrel) |
    bit(MqttPacketType::Pubcomp) | bit(MqttPacketType::Subscribe) | bit(MqttPacketType::Suback) |
    bit(MqttPacketType::Unsubscribe) | bit(MqttPacketType::Unsuback) |
    bit(MqttPacketType::Disconnect) | bit(MqttPacketType::Auth) | willBit;

constexpr quint32 publishOrWill = bit(MqttPacketType::Publish) | willBit;
constexpr quint32 connack = bit(MqttPacketType::Connack);
constexpr quint32 connectOrConnack = bit(MqttPacketType::Connect) | connack;

using P = MqttProperties;

// MQTT 5.0 §2.2.2.2, table 2-4: identifier, type, the packets allowing it.
// Every Byte property allows only 0 and 1.
const PropertyRule propertyRules[] = {
    {MqttPropertyId::PayloadFormatIndicator, PropertyType::Byte, publishOrWill,
     "Payload Format Indicator", &P::payloadFormatIndicator},
    {MqttPropertyId::MessageExpiryInterval, PropertyType::FourByte, publishOrWill,
     "Message Expiry Interval", &P::messageExpiryInterval},
    {MqttPropertyId::ContentType, PropertyType::String, publishOrWill, "Content Type",
     &P::contentType},
    {MqttPropertyId::ResponseTopic, PropertyType::String, publishOrWill, "Response Topic",
     &P::responseTopic},
    {MqttPropertyId::CorrelationData, PropertyType::Binary, publishOrWill, "Correlation Data",
     &P::correlationData},
    {MqttPropertyId::SubscriptionIdentifier, PropertyType::VariableByte,
     bit(MqttPacketType::Publish) | bit(MqttPacketType::Subscribe), "Subscription Identifier",
     std::monostate{}, ProtocolError},
    {MqttPropertyId::SessionExpiryInterval, PropertyType::FourByte,
     connectOrConnack | bit(MqttPacketType::Disconnect), "Session Expiry Interval",
     &P::sessionExpiryInterval},
    {MqttPropertyId::AssignedClientIdentifier, PropertyType::String, connack,
     "Assigned Client Identifier", &P::assignedClientIdentifier},
    {MqttPropertyId::ServerKeepAlive, PropertyType::TwoByte, connack, "Server Keep Alive",
     &P::serverKeepAlive},
    {MqttPropertyId::AuthenticationMethod, PropertyType::String,
     connectOrConnack | bit(MqttPacketType::Auth), "Authentication Method",
     &P::authenticationMethod},
    {MqttPropertyId::AuthenticationData, PropertyType::Binary,
     connectOrConnack | bit(MqttPacketType::Auth), "Authentication Data", &P::authenticationData},
    {MqttPropertyId::RequestProblemInformation, PropertyType::Byte, bit(MqttPacketType::Connect),
     "Request Problem Information", &P::requestProblemInformation},
    {MqttPropertyId::WillDelayInterval, PropertyType::FourByte, willBit, "Will Delay Interval",
     &P::willDelayInterval},
    {MqttPropertyId::RequestResponseInformation, PropertyType::Byte, bit(MqttPacketType::Connect),
     "Request Response Information", &P::requestResponseInformation},
    {MqttPropertyId::ResponseInformation, PropertyType::String, connack, "Response Information",
     &P::responseInformation},
    {MqttPropertyId::ServerReference, PropertyType::String,
     connack | bit(MqttPacketType::Disconnect), "Server Reference", &P::serverReference},
    {MqttPropertyId::ReasonString, PropertyType::String,
     connack | bit(MqttPacketType::Puback) | bit(MqttPacketType::Pubrec) |
         bit(MqttPacketType::Pubrel) | bit(MqttPacketType::Pubcomp) | bit(MqttPacketType::Suback) |
         bit(MqttPacketType::Unsuback) | bit(MqttPacketType::Disconnect) |
         bit(MqttPacketType::Auth),
     "Reason String", &P::reasonString},
    {MqttPropertyId::ReceiveMaximum, PropertyType::TwoByte, connectOrConnack, "Receive Maximum",
     &P::receiveMaximum, ProtocolError},
    {MqttPropertyId::TopicAliasMaximum, PropertyType::TwoByte, connectOrConnack,
     "Topic Alias Maximum", &P::topicAliasMaximum},
    {MqttPropertyId::TopicAlias, PropertyType::TwoByte, bit(MqttPacketType::Publish), "Topic Alias",
     &P::topicAlias, TopicAliasInvalid},
    {MqttPropertyId::MaximumQos, PropertyType::Byte, connack, "Maximum QoS", &P::maximumQos},
    {MqttPropertyId::RetainAvailable, PropertyType::Byte, connack, "Retain Available",
     &P::retainAvailable},
    {MqttPropertyId::UserProperty, PropertyType::StringPair, anyWithProperties, "User Property",
     std::monostate{}},
    {MqttPropertyId::MaximumPacketSize, PropertyType::FourByte, connectOrConnack,
     "Maximum Packet Size", &P::maximumPacketSize, ProtocolError},
    {MqttPropertyId::WildcardSubscriptionAvailable, PropertyType::Byte, connack,
     "Wildcard Subscription Available", &P::wildcardSubscriptionAvailable},
    {MqttPropertyId::SubscriptionIdentifierAvailable, PropertyType::Byte, connack,
     "Subscription Identifier Available", &P::subscriptionIdentifierAvailable},
    {MqttPropertyId::SharedSubscriptionAvailable, PropertyType::Byte, connack,
     "Shared Subscription Available", &P::sharedSubscriptionAvailable},
};

const PropertyRule *findRule(quint32 id)
{
    for (const PropertyRule &rule : propertyRules) {
        if (quint32(rule.id) == id)
            return &rule;
    }
    return nullptr;
}

bool contains(std::initializer_list<quint8> codes, quint8 code)
{
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

QString hex(quint32 v)
{
    return QStringLiteral("0x%1").arg(v, 2, 16, QLatin1Char('0'));
}

// Strict UTF-8 (RFC 3629: no overlong forms, surrogates or code points above
// U+10FFFF) without U+0000, as MQTT 3.1.1 §1.5.3 and 5.0 §1.5.4 require.
// Returns an empty string when valid, else what is wrong.
QString checkMqttUtf8(const uchar *s, qsizetype n)
{
    qsizetype i = 0;
    while (i < n) {
        const uchar c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return QStringLiteral("contains U+0000 at byte %1").arg(i);
            ++i;
            continue;
        }
        int len = 0;
        quint32 cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return QStringLiteral("is not valid UTF-8 (byte %1)").arg(i);
        }
        if (i + len > n)
            return QStringLiteral("is not valid UTF-8 (truncated sequence at byte %1)").arg(i);
        for (int k = 1; k < len; ++k) {
            const uchar b = s[i + k];
            if ((b & 0xC0) != 0x80)
                return QStringLiteral("is not valid UTF-8 (byte %1)").arg(i + k);
            cp = (cp << 6) | (b & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
            return QStringLiteral("is not valid UTF-8 (overlong form or surrogate at byte %1)")
                .arg(i);
        }
        i += len;
    }
    return {};
}

// Reads the MQTT data types of §1.5 from one packet's bytes; every failure
// records a message naming the packet and the field.
class Reader
{
public:
    Reader(const uchar *data, qsizetype size, MqttPacketType type, MqttDecodeError *error)
        : m_p(data)
        , m_end(data + size)
        , m_type(type)
        , m_error(error)
    {}

    qsizetype remaining() const { return m_end - m_p; }
    bool atEnd() const { return m_p == m_end; }
    const uchar *position() const { return m_p; }
    void skip(qsizetype n) { m_p += n; }

    bool fail(quint8 code, const QString &message)
    {
        m_error->reasonCode = code;
        m_error->message = mqttPacketTypeName(m_type) + QStringLiteral(": ") + message;
        return false;
    }

    bool truncated(const char *what)
    {
        return fail(MalformedPacket,
                    QStringLiteral("packet ends inside the %1").arg(QLatin1String(what)));
    }

    bool u8(quint8 *v, const char *what)
    {
        if (remaining() < 1)
            return truncated(what);
        *v = *m_p++;
        return true;
    }
    bool u16(quint16 *v, const char *what)
    {
        if (remaining() < 2)
            return truncated(what);
        *v = quint16((m_p[0] << 8) | m_p[1]);
        m_p += 2;
        return true;
    }
    bool u32(quint32 *v, const char *what)
    {
        if (remaining() < 4)
            return truncated(what);
        *v = (quint32(m_p[0]) << 24) | (quint32(m_p[1]) << 16) | (quint32(m_p[2]) << 8) |
             quint32(m_p[3]);
        m_p += 4;
        return true;
    }
    // Variable Byte Integer, §1.5.5: at most four bytes, minimally encoded.
    bool vbi(quint32 *v, const char *what)
    {
        quint32 value = 0;
        for (int i = 0; i < 4; ++i) {
            if (atEnd())
                return truncated(what);
            const uchar b = *m_p++;
            value |= quint32(b & 0x7F) << (7 * i);
            if (!(b & 0x80)) {
                if (b == 0 && i > 0) {
                    return fail(
                        MalformedPacket,
                        QStringLiteral("%1 is not minimally encoded").arg(QLatin1String(what)));
                }
                *v = value;
                return true;
            }
        }
        return fail(MalformedPacket,
                    QStringLiteral("%1 is longer than four bytes").arg(QLatin1String(what)));
    }
    bool binary(QByteArray *v, const char *what)
    {
        quint16 len = 0;
        if (!u16(&len, what))
            return false;
        if (remaining() < len)
            return truncated(what);
        *v = QByteArray(reinterpret_cast<const char *>(m_p), len);
        m_p += len;
        return true;
    }
    bool string(QString *v, const char *what)
    {
        quint16 len = 0;
        if (!u16(&len, what))
            return false;
        if (remaining() < len)
            return truncated(what);
        const QString problem = checkMqttUtf8(m_p, len);
        if (!problem.isEmpty())
            return fail(MalformedPacket, QLatin1String(what) + QLatin1Char(' ') + problem);
        *v = QString::fromUtf8(reinterpret_cast<const char *>(m_p), len);
        m_p += len;
        return true;
    }
    bool expectEnd()
    {
        if (atEnd())
            return true;
        return fail(
            MalformedPacket,
            QStringLiteral("%1 unexpected bytes at the end of the packet").arg(remaining()));
    }

private:
    const uchar *m_p;
    const uchar *m_end;
    MqttPacketType m_type;
    MqttDecodeError *m_error;
};

// MQTT 5.0 §2.2.2: property length, then identifier/value pairs.
bool readProperties(Reader &r, MqttPacketType type, bool forWill, MqttProperties *out)
{
    quint32 length = 0;
    if (!r.vbi(&length, forWill ? "will property length" : "property length"))
        return false;
    if (length > quint64(r.remaining())) {
        return r.fail(MalformedPacket,
                      QStringLiteral("property length %1 exceeds the %2 bytes left in the packet")
                          .arg(length)
                          .arg(r.remaining()));
    }
    const uchar *end = r.position() + length;
    const quint32 context = forWill ? willBit : bit(type);
    quint64 seen = 0;
    while (r.position() < end) {
        quint32 id = 0;
        if (!r.vbi(&id, "property identifier"))
            return false;
        const PropertyRule *rule = findRule(id);
        if (!rule)
            return r.fail(MalformedPacket,
                          QStringLiteral("unknown property identifier %1").arg(hex(id)));
        const QString name = QLatin1String(rule->name);
        if (!(rule->allowedIn & context)) {
            return r.fail(MalformedPacket,
                          QStringLiteral("property %1 (%2) is not allowed in %3")
                              .arg(name, hex(id),
                                   forWill ? QStringLiteral("a Will") : mqttPacketTypeName(type)));
        }
        const bool repeatable =
            rule->id == MqttPropertyId::UserProperty ||
            (rule->id == MqttPropertyId::SubscriptionIdentifier && type == MqttPacketType::Publish);
        if (!repeatable && (seen & (quint64(1) << id))) {
            return r.fail(
                ProtocolError,
                QStringLiteral("property %1 (%2) appears more than once").arg(name, hex(id)));
        }
        seen |= quint64(1) << id;

        quint8 u8 = 0;
        quint16 u16 = 0;
        quint32 number = 0;
        QString text;
        QString value;
        QByteArray bytes;
        bool ok = true;
        switch (rule->type) {
        case PropertyType::Byte:
            ok = r.u8(&u8, rule->name);
            number = u8;
            break;
        case PropertyType::TwoByte:
            ok = r.u16(&u16, rule->name);
            number = u16;
            break;
        case PropertyType::FourByte:
            ok = r.u32(&number, rule->name);
            break;
        case PropertyType::VariableByte:
            ok = r.vbi(&number, rule->name);
            break;
        case PropertyType::String:
            ok = r.string(&text, rule->name);
            break;
        case PropertyType::Binary:
            ok = r.binary(&bytes, rule->name);
            break;
        case PropertyType::StringPair:
            ok = r.string(&text, "User Property name") && r.string(&value, "User Property value");
            break;
        }
        if (!ok)
            return false;
        if (r.position() > end) {
            return r.fail(
                MalformedPacket,
                QStringLiteral("property %1 runs past the end of the properties").arg(name));
        }
        if (rule->type == PropertyType::Byte && number > 1) {
            return r.fail(ProtocolError,
                          QStringLiteral("property %1 has the value %2; only 0 and 1 are allowed")
                              .arg(name)
                              .arg(number));
        }
        if (rule->zeroIsError && number == 0)
            return r.fail(rule->zeroIsError, QStringLiteral("%1 is 0").arg(name));
        if (rule->id == MqttPropertyId::ResponseTopic &&
            (text.isEmpty() || text.contains(QLatin1Char('+')) || text.contains(QLatin1Char('#'))))
            return r.fail(ProtocolError,
                          QStringLiteral("Response Topic is not a valid topic name"));

        if (rule->id == MqttPropertyId::SubscriptionIdentifier)
            out->subscriptionIdentifiers.append(number);
        else if (rule->id == MqttPropertyId::UserProperty)
            out->userProperties.append({text, value});
        std::visit(
            [&](auto field) {
                if constexpr (!std::is_same_v<decltype(field), std::monostate>) {
                    using T = typename std::remove_reference_t<decltype(out->*field)>::value_type;
                    if constexpr (std::is_same_v<T, QString>)
                        out->*field = text;
                    else if constexpr (std::is_same_v<T, QByteArray>)
                        out->*field = bytes;
                    else
                        out->*field = T(number);
                }
            },
            rule->field);
    }
    return true;
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
                  QStringLiteral("reason code %1 is not allowed here").arg(hex(code)));
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
    if (v5 && !readProperties(r, MqttPacketType::Connect, false, &p->properties))
        return false;
    if (!r.string(&p->clientId, "client identifier"))
        return false;
    if (willFlag) {
        MqttWill will;
        will.qos = willQos;
        will.retain = willRetain;
        if (v5 && !readProperties(r, MqttPacketType::Connect, true, &will.properties))
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
        if (!readProperties(r, MqttPacketType::Connack, false, &p->properties))
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
    if (v5 && !readProperties(r, MqttPacketType::Publish, false, &p->properties))
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
    if (!readProperties(r, type, false, &p->properties))
        return false;
    return r.expectEnd();
}

bool decodeSubscribeOrUnsubscribe(Reader &r, bool v5, MqttPacketType type, MqttPacket *p)
{
    const bool subscribe = type == MqttPacketType::Subscribe;
    if (!readPacketId(r, &p->packetId))
        return false;
    if (v5 && !readProperties(r, type, false, &p->properties))
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
    if (v5 && !readProperties(r, type, false, &p->properties))
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
    if (!readProperties(r, type, false, &p->properties))
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
                        .arg(mqttPacketTypeName(type), hex(flags), hex(expected)));
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
