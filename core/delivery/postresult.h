#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>

#include <chrono>

namespace mqhook {

// What became of one PostRequest: a response (any status) or a transport failure.
struct PostResult
{
    quint64 id = 0;     // PostRequest::id
    int httpStatus = 0; // 0 when no complete response arrived
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError; // when httpStatus is 0
    bool timedOut = false;  // no complete response within PostRequest::timeout
    QString errorString;    // empty when a response arrived
    QByteArray retryAfter;  // the Retry-After header, raw
    QByteArray location;    // the Location header, raw
    QByteArray bodyExcerpt; // the start of the response body, for error reports
    // Every response header, in order; only from a sender told to keep them.
    QList<QPair<QByteArray, QByteArray>> headers;
    std::chrono::milliseconds elapsed{0};
    bool http2 = false; // the answer came over HTTP/2 (ALPN on https)

    bool hasResponse() const { return httpStatus > 0; }
};

} // namespace mqhook
