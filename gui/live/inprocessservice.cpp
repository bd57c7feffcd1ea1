#include "inprocessservice.h"

#include "delivery/outboxthread.h"
#include "service/bridge.h"
#include "service/headlessservice.h"

#include <QDir>

namespace mqhook {

InProcessService::InProcessService(HeadlessService *service, const QString &configFile,
                                   QObject *parent)
    : WatchedService(parent)
    , m_service(service)
    , m_configFile(configFile)
{
    connect(service, &HeadlessService::stateChanged, this,
            [this] { emit eventsChanged(events()); });
    connect(service, &QObject::destroyed, this, [this] { emit eventsChanged(nullptr); });
}

QString InProcessService::description() const
{
    return tr("forwarding in this window (%1)").arg(QDir::toNativeSeparators(m_configFile));
}

EventRing *InProcessService::events() const
{
    return m_service ? m_service->eventRing() : nullptr;
}

RequestPreview InProcessService::requestPreview() const
{
    return RequestPreview::fromFile(m_configFile);
}

OutboxThread *InProcessService::outbox()
{
    Bridge *bridge = m_service ? m_service->bridge() : nullptr;
    OutboxThread *outbox = bridge ? bridge->outbox() : nullptr;
    if (!outbox || !outbox->isOpen())
        return nullptr;
    if (outbox != m_outbox) {
        m_outbox = outbox;
        // The admin endpoint may ask the same outbox: pass on only our answers.
        connect(outbox, &OutboxThread::deadLettersRead, this,
                [this](quint64 request, const QueueResult<DeadLetterPage> &result) {
                    if (m_requests.remove(request))
                        emit deadLettersRead(request, result);
                });
        connect(outbox, &OutboxThread::deadLetterRead, this,
                [this](quint64 request, const QueueResult<DeadLetter> &result) {
                    if (m_requests.remove(request))
                        emit deadLetterRead(request, result);
                });
        connect(outbox, &OutboxThread::deadLettersChanged, this,
                [this](quint64 request, const QueueResult<qint64> &result) {
                    if (m_requests.remove(request))
                        emit deadLettersChanged(request, result);
                });
    }
    return outbox;
}

quint64 InProcessService::track(quint64 request)
{
    if (request != 0)
        m_requests.insert(request);
    return request;
}

quint64 InProcessService::readDeadLetters(qint64 afterId, int limit)
{
    OutboxThread *queue = outbox();
    return queue ? track(queue->readDeadLetters(afterId, limit)) : 0;
}

quint64 InProcessService::readDeadLetter(qint64 id)
{
    OutboxThread *queue = outbox();
    return queue ? track(queue->readDeadLetter(id)) : 0;
}

quint64 InProcessService::retryDeadLetter(qint64 id)
{
    OutboxThread *queue = outbox();
    return queue ? track(queue->retryDeadLetter(id)) : 0;
}

quint64 InProcessService::retryAllDeadLetters()
{
    OutboxThread *queue = outbox();
    return queue ? track(queue->retryAllDeadLetters()) : 0;
}

quint64 InProcessService::removeDeadLetter(qint64 id)
{
    OutboxThread *queue = outbox();
    return queue ? track(queue->removeDeadLetter(id)) : 0;
}

} // namespace mqhook
