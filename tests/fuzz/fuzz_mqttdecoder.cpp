// libFuzzer target for the MQTT decoder: arbitrary bytes, fed in chunks, for
// either protocol version. Whatever decodes must encode and decode back to the
// same packet.
#include "mqtt/mqttdecoder.h"
#include "mqtt/mqttpacket.h"

#include <cstddef>
#include <cstdint>

using namespace mqhook;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const auto version = (data[0] & 1) ? MqttProtocolVersion::V5 : MqttProtocolVersion::V311;
    const size_t chunk = 1 + (data[1] % 64);
    const quint32 maximum = (data[0] & 2) ? 512 : MqttDecoder::protocolMaximumPacketSize;
    data += 2;
    size -= 2;

    MqttDecoder decoder(version, maximum);
    MqttPacket packet;
    for (size_t pos = 0; pos < size; pos += chunk) {
        const size_t n = size - pos < chunk ? size - pos : chunk;
        decoder.append(QByteArrayView(reinterpret_cast<const char *>(data + pos), qsizetype(n)));
        for (;;) {
            const MqttDecoder::Result result = decoder.next(&packet);
            if (result == MqttDecoder::Result::Error) {
                if (decoder.error().reasonCode < 0x80 || decoder.error().message.isEmpty())
                    __builtin_trap();
                return 0;
            }
            if (result == MqttDecoder::Result::NeedMoreData)
                break;
            const QByteArray again = packet.encode(version);
            if (again.isEmpty())
                __builtin_trap();
            MqttPacket back;
            MqttDecodeError error;
            if (!MqttDecoder::decode(again, version, &back, &error) || !(back == packet))
                __builtin_trap();
        }
    }
    return 0;
}
