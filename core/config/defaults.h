#pragma once

#include <QtGlobal>

#include <chrono>

// Every default of an optional configuration key, in one place. The README's
// tables quote these values; keep them in step.
namespace mqhook::defaults {

using namespace std::chrono_literals;

// mqtt_brokers[]
inline constexpr int keepAliveSeconds = 60;
inline constexpr int brokerPort = 1883;
inline constexpr bool cleanSession = false;
inline constexpr std::chrono::seconds sessionExpiry = 24h;
inline constexpr int receiveMaximum = 1000;
inline constexpr const char *webSocketPath = "/mqtt";

// sub_deal_config
inline constexpr int retry = 3;
inline constexpr std::chrono::milliseconds httpTimeout = 10s;
inline constexpr std::chrono::milliseconds backoffInitial = 1s;
inline constexpr std::chrono::milliseconds backoffMax = 60s;
inline constexpr double backoffMultiplier = 2.0;
inline constexpr bool backoffJitter = true;
inline constexpr int batchMaxMessages = 1;
inline constexpr std::chrono::milliseconds batchMaxWait = 0ms;
inline constexpr int maxInflight = 6;
inline constexpr const char *httpMethod = "POST";

// log_config
inline constexpr int logMaxSizeMb = 100;
inline constexpr int logMaxAgeDays = 0; // 0: keep regardless of age
inline constexpr int logMaxBackups = 0; // 0: keep every backup

// queue
inline constexpr const char *queueDir = "queue";
inline constexpr qint64 queueMaxMessages = 1'000'000;
inline constexpr qint64 queueMaxBytes = 1024LL * 1024 * 1024;

// admin
inline constexpr int adminEventBuffer = 10'000;
inline constexpr int adminEventBufferMin = 100;
inline constexpr int adminEventBufferMax = 1'000'000;
inline constexpr int adminPayloadPreview = 256;
inline constexpr int adminPayloadPreviewMax = 65'536;
inline constexpr int adminMaxConnections = 64;
inline constexpr int adminMaxConnectionsMax = 10'000;

} // namespace mqhook::defaults
