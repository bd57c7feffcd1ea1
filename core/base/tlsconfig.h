#pragma once

#include <QString>

namespace mqhook {

// TLS settings by file name, for a broker connection or for HTTPS callback
// addresses: what the configuration says and what the MQTT and HTTP clients
// load.
struct TlsConfig
{
    bool enabled = false; // brokers only; for callbacks the URL scheme decides
    QString caFile;
    QString certFile;
    QString keyFile;
    bool insecureSkipVerify = false;

    friend bool operator==(const TlsConfig &, const TlsConfig &) = default;
};

} // namespace mqhook
