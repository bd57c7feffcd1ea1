#pragma once

#include <QString>

namespace mqhook {

// Reason codes of MQTT 5.0 §2.4 that mqhook sends or acts on.
namespace MqttReasonCode {
inline constexpr quint8 Success = 0x00;
inline constexpr quint8 NoMatchingSubscribers = 0x10;
inline constexpr quint8 UnspecifiedError = 0x80;
inline constexpr quint8 MalformedPacket = 0x81;
inline constexpr quint8 ProtocolError = 0x82;
inline constexpr quint8 ImplementationSpecificError = 0x83;
inline constexpr quint8 UnsupportedProtocolVersion = 0x84;
inline constexpr quint8 ClientIdentifierNotValid = 0x85;
inline constexpr quint8 BadUserNameOrPassword = 0x86;
inline constexpr quint8 NotAuthorized = 0x87;
inline constexpr quint8 ServerUnavailable = 0x88;
inline constexpr quint8 ServerBusy = 0x89;
inline constexpr quint8 Banned = 0x8A;
inline constexpr quint8 BadAuthenticationMethod = 0x8C;
inline constexpr quint8 KeepAliveTimeout = 0x8D;
inline constexpr quint8 SessionTakenOver = 0x8E;
inline constexpr quint8 PacketIdentifierNotFound = 0x92;
inline constexpr quint8 ReceiveMaximumExceeded = 0x93;
inline constexpr quint8 TopicAliasInvalid = 0x94;
inline constexpr quint8 PacketTooLarge = 0x95;
} // namespace MqttReasonCode

// The text of a 5.0 reason code (§2.4), e.g. "bad user name or password";
// "unknown reason code 0x.." for others.
QString mqttReasonCodeText(quint8 code);

// The text and the number of a 5.0 reason code, e.g. "not authorized (0x87)".
QString describeMqttReasonCode(quint8 code);

// The text of a 3.1.1 CONNACK return code (§3.2.2.3).
QString mqttConnackReturnCodeText(quint8 code);

} // namespace mqhook
