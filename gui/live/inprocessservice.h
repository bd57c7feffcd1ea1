#pragma once

#include "watchedservice.h"

#include <QPointer>
#include <QSet>

namespace mqhook {

class HeadlessService;
class OutboxThread;

// Forwarding that runs in this window (Start): the HeadlessService's events
// and its outbox's dead letters, while it runs.
class InProcessService : public WatchedService
{
    Q_OBJECT

public:
    // configFile: the file the service runs, for rendering requests.
    InProcessService(HeadlessService *service, const QString &configFile,
                     QObject *parent = nullptr);

    Kind kind() const override { return Kind::InProcess; }
    QString description() const override;
    EventRing *events() const override;
    RequestPreview requestPreview() const override;

    quint64 readDeadLetters(qint64 afterId, int limit) override;
    quint64 readDeadLetter(qint64 id) override;
    quint64 retryDeadLetter(qint64 id) override;
    quint64 retryAllDeadLetters() override;
    quint64 removeDeadLetter(qint64 id) override;

private:
    OutboxThread *outbox();
    quint64 track(quint64 request);

    QPointer<HeadlessService> m_service;
    QString m_configFile;
    QPointer<OutboxThread> m_outbox; // the one whose signals are connected
    QSet<quint64> m_requests;        // asked by this object, not yet answered
};

} // namespace mqhook
