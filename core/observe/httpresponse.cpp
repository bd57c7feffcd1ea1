#include "httpresponse.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

struct StatusName
{
    int status;
    const char *phrase;
    const char *code;
};

// The statuses the admin endpoint answers with (RFC 9110 §15).
constexpr StatusName statusNames[] = {
    {200, "OK", "ok"},
    {400, "Bad Request", "bad_request"},
    {401, "Unauthorized", "unauthorized"},
    {403, "Forbidden", "forbidden"},
    {404, "Not Found", "not_found"},
    {405, "Method Not Allowed", "method_not_allowed"},
    {408, "Request Timeout", "request_timeout"},
    {413, "Content Too Large", "content_too_large"},
    {414, "URI Too Long", "uri_too_long"},
    {431, "Request Header Fields Too Large", "request_header_fields_too_large"},
    {500, "Internal Server Error", "internal_error"},
    {501, "Not Implemented", "not_implemented"},
    {503, "Service Unavailable", "service_unavailable"},
    {505, "HTTP Version Not Supported", "http_version_not_supported"},
};

const StatusName *find(int status)
{
    for (const StatusName &name : statusNames) {
        if (name.status == status)
            return &name;
    }
    return nullptr;
}

} // namespace

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    QByteArray body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    body.append('\n');
    return text(status, "application/json", body);
}

HttpResponse HttpResponse::text(int status, const QByteArray &contentType, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.headers.append({"Content-Type", contentType});
    response.body = body;
    return response;
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return json(status, {{u"error"_s, errorCode(status)}, {u"message"_s, message}});
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &[key, existing] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            existing = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray HttpResponse::toBytes(bool keepAlive) const
{
    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out += "\r\n";
    out += body;
    return out;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    const StatusName *name = find(status);
    return name ? QByteArray(name->phrase) : QByteArray("Unknown");
}

QString HttpResponse::errorCode(int status)
{
    const StatusName *name = find(status);
    return name ? QString::fromLatin1(name->code) : u"error_%1"_s.arg(status);
}

} // namespace mqhook
