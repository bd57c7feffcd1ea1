#pragma once

#include "delivery/deadletterstore.h"
#include "delivery/queueerror.h"
#include "observe/eventring.h"
#include "requestpreview.h"

#include <QObject>
#include <QString>

namespace mqhook {

// What the live views watch: forwarding that runs in this window, or a
// service attached to through its admin endpoint. The views see only this:
// the events (one ring either way), the configuration requests are rendered
// with, and the service's dead letters. Each dead-letter call returns a
// request number that its result signal carries, or 0 when it cannot ask
// now (then nothing follows).
class WatchedService : public QObject
{
    Q_OBJECT

public:
    enum class Kind
    {
        InProcess,
        Attached,
    };
    Q_ENUM(Kind)

    using QObject::QObject;

    virtual Kind kind() const = 0;
    // What the window says it watches, e.g. "forwarding in this window" or
    // the admin URL.
    virtual QString description() const = 0;
    // The events; nullptr while there are none to read.
    virtual EventRing *events() const = 0;
    virtual RequestPreview requestPreview() const = 0;

    // A page may hold the letters in full or as listed (no payload, no
    // attempts: read those one at a time with readDeadLetter()).
    virtual quint64 readDeadLetters(qint64 afterId, int limit) = 0;
    virtual quint64 readDeadLetter(qint64 id) = 0;
    virtual quint64 retryDeadLetter(qint64 id) = 0;
    virtual quint64 retryAllDeadLetters() = 0;
    virtual quint64 removeDeadLetter(qint64 id) = 0;

signals:
    void eventsChanged(mqhook::EventRing *ring);
    void descriptionChanged(const QString &description);
    // requestPreview() changed (an attached service's configuration arrived).
    void requestPreviewChanged();
    void deadLettersRead(quint64 request,
                         const mqhook::QueueResult<mqhook::DeadLetterPage> &result);
    void deadLetterRead(quint64 request, const mqhook::QueueResult<mqhook::DeadLetter> &result);
    // How many went back to pending or were deleted.
    void deadLettersChanged(quint64 request, const mqhook::QueueResult<qint64> &result);
};

} // namespace mqhook
