#include "httprequest.h"

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// Whether a comma-separated header value lists option (case ignored).
bool listsOption(const QByteArray &value, QByteArrayView option)
{
    for (const QByteArray &part : value.split(',')) {
        if (part.trimmed().compare(option, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

bool HttpRequest::keepAlive() const
{
    const QByteArray connection = header("connection");
    if (listsOption(connection, "close"))
        return false;
    return minorVersion >= 1 || listsOption(connection, "keep-alive");
}

} // namespace mqhook
