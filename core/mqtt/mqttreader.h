#pragma once

#include "mqttdecoder.h"
#include "mqttpacket.h"
#include "mqttreasoncode.h"

#include <QByteArray>
#include <QString>

// Within the packet decoder (mqttdecoder.cpp, mqttpropertyreader.cpp): the
// MQTT data types of §1.5 as read from one packet's bytes.
namespace mqhook {

// Strict UTF-8 (RFC 3629: no overlong forms, surrogates or code points above
// U+10FFFF) without U+0000, as MQTT 3.1.1 §1.5.3 and 5.0 §1.5.4 require.
// Returns an empty string when valid, else what is wrong.
inline QString checkMqttUtf8(const uchar *s, qsizetype n)
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
class MqttReader
{
public:
    MqttReader(const uchar *data, qsizetype size, MqttPacketType type, MqttDecodeError *error)
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
        return fail(MqttReasonCode::MalformedPacket,
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
                        MqttReasonCode::MalformedPacket,
                        QStringLiteral("%1 is not minimally encoded").arg(QLatin1String(what)));
                }
                *v = value;
                return true;
            }
        }
        return fail(MqttReasonCode::MalformedPacket,
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
            return fail(MqttReasonCode::MalformedPacket,
                        QLatin1String(what) + QLatin1Char(' ') + problem);
        *v = QString::fromUtf8(reinterpret_cast<const char *>(m_p), len);
        m_p += len;
        return true;
    }
    bool expectEnd()
    {
        if (atEnd())
            return true;
        return fail(
            MqttReasonCode::MalformedPacket,
            QStringLiteral("%1 unexpected bytes at the end of the packet").arg(remaining()));
    }

private:
    const uchar *m_p;
    const uchar *m_end;
    MqttPacketType m_type;
    MqttDecodeError *m_error;
};

// A number as the decoder's messages write it: "0x1f".
inline QString mqttHex(quint32 v)
{
    return QStringLiteral("0x%1").arg(v, 2, 16, QLatin1Char('0'));
}

// MQTT 5.0 §2.2.2: the properties of a packet of `type` (or of its Will),
// checked against table 2-4, into *out.
bool readMqttProperties(MqttReader &r, MqttPacketType type, bool forWill, MqttProperties *out);

} // namespace mqhook
