#include "listenaddress.h"

#include "validation.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace mqhook {

bool ListenAddress::isLoopback() const
{
    return host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0 ||
           QHostAddress(host).isLoopback();
}

std::optional<ListenAddress> ListenAddress::parse(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    const bool bracketed = host.startsWith(u'[') && host.endsWith(u']');
    if (bracketed)
        host = host.mid(1, host.size() - 2);
    // An IPv6 address needs its brackets, or its last group would read as the port.
    if (host.contains(u':') && !bracketed)
        return std::nullopt;
    if (bracketed && QHostAddress(host).protocol() != QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    bool ok = false;
    const QString portText = text.mid(colon + 1);
    const int port = portText.toInt(&ok);
    if (host.isEmpty() || !validation::isValidHostName(host) || !ok || port < 1 || port > 65535 ||
        portText.startsWith(u'+'))
        return std::nullopt;
    return ListenAddress{host, quint16(port)};
}

} // namespace mqhook
