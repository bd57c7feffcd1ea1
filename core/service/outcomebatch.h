#pragma once

#include "delivery/outboxtypes.h"

#include <QList>

#include <chrono>
#include <functional>

class QObject;

namespace mqhook {

// Delivery outcomes gathered to share one outbox transaction: flush() is
// called once, `delay` after the first outcome since the last take().
// Outcomes wait, never intake, so nothing is acknowledged earlier; a crash
// in between means those deliveries are sent again, as for any outcome not
// yet written.
class OutcomeBatch
{
public:
    struct Outcomes
    {
        QList<qint64> succeeded;
        QList<RetryUpdate> retries;
        QList<DeadUpdate> dead;
    };

    // The timer runs on context's thread, and not after it is gone.
    OutcomeBatch(std::chrono::milliseconds delay, QObject *context, std::function<void()> flush);

    // Later: flush() follows after the delay. ByCaller: the caller takes the
    // outcomes itself, now.
    enum class Flush
    {
        Later,
        ByCaller,
    };

    void addSucceeded(qint64 id);
    void addRetry(const RetryUpdate &update);
    void addDead(const DeadUpdate &update, Flush flush = Flush::Later);

    bool isEmpty() const;
    // Everything gathered so far; the next outcome schedules a flush again.
    Outcomes take();

private:
    void schedule();

    std::chrono::milliseconds m_delay;
    QObject *m_context;
    std::function<void()> m_flush;
    Outcomes m_outcomes;
    bool m_scheduled = false;
};

} // namespace mqhook
