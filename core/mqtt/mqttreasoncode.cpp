#include "mqttreasoncode.h"

namespace mqhook {

QString mqttReasonCodeText(quint8 code)
{
    const char *text = nullptr;
    switch (code) {
    case 0x00:
        text = "success";
        break;
    case 0x01:
        text = "granted QoS 1";
        break;
    case 0x02:
        text = "granted QoS 2";
        break;
    case 0x04:
        text = "disconnect with will message";
        break;
    case 0x10:
        text = "no matching subscribers";
        break;
    case 0x11:
        text = "no subscription existed";
        break;
    case 0x18:
        text = "continue authentication";
        break;
    case 0x19:
        text = "re-authenticate";
        break;
    case 0x80:
        text = "unspecified error";
        break;
    case 0x81:
        text = "malformed packet";
        break;
    case 0x82:
        text = "protocol error";
        break;
    case 0x83:
        text = "implementation specific error";
        break;
    case 0x84:
        text = "unsupported protocol version";
        break;
    case 0x85:
        text = "client identifier not valid";
        break;
    case 0x86:
        text = "bad user name or password";
        break;
    case 0x87:
        text = "not authorized";
        break;
    case 0x88:
        text = "server unavailable";
        break;
    case 0x89:
        text = "server busy";
        break;
    case 0x8A:
        text = "banned";
        break;
    case 0x8B:
        text = "server shutting down";
        break;
    case 0x8C:
        text = "bad authentication method";
        break;
    case 0x8D:
        text = "keep alive timeout";
        break;
    case 0x8E:
        text = "session taken over";
        break;
    case 0x8F:
        text = "topic filter invalid";
        break;
    case 0x90:
        text = "topic name invalid";
        break;
    case 0x91:
        text = "packet identifier in use";
        break;
    case 0x92:
        text = "packet identifier not found";
        break;
    case 0x93:
        text = "receive maximum exceeded";
        break;
    case 0x94:
        text = "topic alias invalid";
        break;
    case 0x95:
        text = "packet too large";
        break;
    case 0x96:
        text = "message rate too high";
        break;
    case 0x97:
        text = "quota exceeded";
        break;
    case 0x98:
        text = "administrative action";
        break;
    case 0x99:
        text = "payload format invalid";
        break;
    case 0x9A:
        text = "retain not supported";
        break;
    case 0x9B:
        text = "QoS not supported";
        break;
    case 0x9C:
        text = "use another server";
        break;
    case 0x9D:
        text = "server moved";
        break;
    case 0x9E:
        text = "shared subscriptions not supported";
        break;
    case 0x9F:
        text = "connection rate exceeded";
        break;
    case 0xA0:
        text = "maximum connect time";
        break;
    case 0xA1:
        text = "subscription identifiers not supported";
        break;
    case 0xA2:
        text = "wildcard subscriptions not supported";
        break;
    default:
        return QStringLiteral("unknown reason code 0x%1").arg(code, 2, 16, QLatin1Char('0'));
    }
    return QString::fromLatin1(text);
}

QString describeMqttReasonCode(quint8 code)
{
    return QStringLiteral("%1 (0x%2)")
        .arg(mqttReasonCodeText(code))
        .arg(code, 2, 16, QLatin1Char('0'));
}

QString mqttConnackReturnCodeText(quint8 code)
{
    switch (code) {
    case 0:
        return QStringLiteral("connection accepted");
    case 1:
        return QStringLiteral("unacceptable protocol version");
    case 2:
        return QStringLiteral("client identifier rejected");
    case 3:
        return QStringLiteral("server unavailable");
    case 4:
        return QStringLiteral("bad user name or password");
    case 5:
        return QStringLiteral("not authorized");
    }
    return QStringLiteral("unknown return code %1").arg(code);
}

} // namespace mqhook
