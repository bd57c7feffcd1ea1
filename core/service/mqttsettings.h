#pragma once

#include "mqtt/mqttclientsettings.h"

namespace mqhook {

struct BrokerConfig;

// What the MqttClient of one mqtt_brokers entry connects with (its
// subscriptions come from the Router).
MqttClientSettings mqttClientSettings(const BrokerConfig &broker);

} // namespace mqhook
