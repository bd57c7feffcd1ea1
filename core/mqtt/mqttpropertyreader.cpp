#include "mqttreader.h"

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

} // namespace

// Property length, then identifier/value pairs.
bool readMqttProperties(MqttReader &r, MqttPacketType type, bool forWill, MqttProperties *out)
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
                          QStringLiteral("unknown property identifier %1").arg(mqttHex(id)));
        const QString name = QLatin1String(rule->name);
        if (!(rule->allowedIn & context)) {
            return r.fail(MalformedPacket,
                          QStringLiteral("property %1 (%2) is not allowed in %3")
                              .arg(name, mqttHex(id),
                                   forWill ? QStringLiteral("a Will") : mqttPacketTypeName(type)));
        }
        const bool repeatable =
            rule->id == MqttPropertyId::UserProperty ||
            (rule->id == MqttPropertyId::SubscriptionIdentifier && type == MqttPacketType::Publish);
        if (!repeatable && (seen & (quint64(1) << id))) {
            return r.fail(
                ProtocolError,
                QStringLiteral("property %1 (%2) appears more than once").arg(name, mqttHex(id)));
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

} // namespace mqhook
