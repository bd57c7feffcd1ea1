#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace mqhook {

// One answer of the admin endpoint, turned into bytes by toBytes().
struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; // besides Content-Length and Connection
    QByteArray body;

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse text(int status, const QByteArray &contentType, const QByteArray &body);
    // {"error": code, "message": message}: what every 4xx and 5xx carries.
    static HttpResponse error(int status, const QString &message);

    void setHeader(const QByteArray &name, const QByteArray &value);

    // Status line, headers, body. keepAlive says whether the connection stays
    // open after it (Connection: keep-alive or close).
    QByteArray toBytes(bool keepAlive) const;

    // "Not Found" for 404, ...; "Unknown" for a status without a phrase here.
    static QByteArray reasonPhrase(int status);
    // The short name of a status for JSON errors: "not_found", "unauthorized", ...
    static QString errorCode(int status);
};

} // namespace mqhook
