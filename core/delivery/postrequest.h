#pragma once

#include "config/defaults.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

#include <chrono>

namespace mqhook {

// One HTTP request for HttpSender to make.
struct PostRequest
{
    quint64 id = 0; // chosen by the caller; PostResult::id echoes it
    QUrl url;
    QByteArray method = QByteArrayLiteral("POST");
    QList<QPair<QByteArray, QByteArray>> headers; // sent as given, in order
    QByteArray body;
    std::chrono::milliseconds timeout = defaults::httpTimeout; // for the whole exchange
};

} // namespace mqhook
