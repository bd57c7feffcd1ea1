#include "outcomebatch.h"

#include <QTimer>

namespace mqhook {

OutcomeBatch::OutcomeBatch(std::chrono::milliseconds delay, QObject *context,
                           std::function<void()> flush)
    : m_delay(delay)
    , m_context(context)
    , m_flush(std::move(flush))
{}

void OutcomeBatch::addSucceeded(qint64 id)
{
    m_outcomes.succeeded.append(id);
    schedule();
}

void OutcomeBatch::addRetry(const RetryUpdate &update)
{
    m_outcomes.retries.append(update);
    schedule();
}

void OutcomeBatch::addDead(const DeadUpdate &update, Flush flush)
{
    m_outcomes.dead.append(update);
    if (flush == Flush::Later)
        schedule();
}

bool OutcomeBatch::isEmpty() const
{
    return m_outcomes.succeeded.isEmpty() && m_outcomes.retries.isEmpty() &&
           m_outcomes.dead.isEmpty();
}

OutcomeBatch::Outcomes OutcomeBatch::take()
{
    m_scheduled = false;
    return std::exchange(m_outcomes, {});
}

void OutcomeBatch::schedule()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(m_delay, m_context, [this] {
        m_scheduled = false;
        m_flush();
    });
}

} // namespace mqhook
