#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace mqhook {

// One HTTP/1.x request as the admin endpoint reads it (HttpRequestParser).
struct HttpRequest
{
    QByteArray method;    // as sent: GET, POST, ...
    QByteArray target;    // the request target, e.g. "/api/events?topic=a%2Fb"
    QString path;         // its path, percent-decoded
    QUrlQuery query;      // its query
    int minorVersion = 1; // HTTP/1.0 or HTTP/1.1
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case, in order
    QByteArray body;

    // The value of the first header named name (lower case), or a null array.
    QByteArray header(const QByteArray &name) const;
    // The connection may carry another request after the answer (RFC 9112 §9.3).
    bool keepAlive() const;
};

} // namespace mqhook
