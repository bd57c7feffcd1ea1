#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace mqhook {

// admin.listen, taken apart: "127.0.0.1:9090", "[::1]:9090", "localhost:9090".
struct ListenAddress
{
    QString host; // without the brackets of an IPv6 address
    quint16 port = 0;

    // Only this machine can connect: "localhost" or a loopback address.
    bool isLoopback() const;

    // nullopt unless text is "host:port" with a host name or IP address and a
    // port from 1 to 65535.
    static std::optional<ListenAddress> parse(const QString &text);
};

} // namespace mqhook
