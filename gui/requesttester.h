#pragma once

#include "config/config.h"
#include "delivery/httpsender.h"
#include "delivery/message.h"
#include "delivery/postrequest.h"
#include "delivery/postresult.h"

#include <QObject>
#include <QPointer>

namespace mqhook {

// "Send test request": renders a sample message for one callback address
// with the route's template, headers and method through the request builder
// forwarding uses, sends it with the route's TLS settings and timeout, and
// reports the endpoint's answer (status, latency, headers, body).
class RequestTester : public QObject
{
    Q_OBJECT

public:
    explicit RequestTester(QObject *parent = nullptr);
    ~RequestTester() override;

    // Returns false with *error when the route cannot render the message
    // (a template placeholder the sample does not fill, TLS files unreadable).
    bool start(const SubscriptionConfig &route, const QString &target, const Message &sample,
               QString *error);
    void cancel();
    bool isRunning() const { return m_sender != nullptr; }

    // A sample message for a route: its topic filter with the wildcards
    // filled in, and a small JSON payload.
    static Message sampleMessage(const SubscriptionConfig &route, const QString &clientId);

signals:
    void finished(const mqhook::PostRequest &request, const mqhook::PostResult &result);

private:
    QPointer<HttpSender> m_sender;
    PostRequest m_request;
};

} // namespace mqhook
