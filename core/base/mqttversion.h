#pragma once

namespace mqhook {

// The MQTT protocol version a connection speaks (3.1.1 §3.1.2.2, 5.0 §3.1.2.2).
enum class MqttProtocolVersion
{
    V311,
    V5,
};

// How an MQTT connection reaches its broker: TCP (or TLS), or a WebSocket
// (ws or wss) carrying the "mqtt" subprotocol.
enum class MqttTransport
{
    Tcp,
    WebSocket,
};

} // namespace mqhook
