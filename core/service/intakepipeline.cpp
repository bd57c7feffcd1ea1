#include "intakepipeline.h"

#include <QTimer>

namespace mqhook {

IntakePipeline::IntakePipeline(Handlers handlers, QObject *parent)
    : QObject(parent)
    , m_handlers(std::move(handlers))
{}

void IntakePipeline::add(Intake intake, QStringList routes, quint32 source, quint64 ackToken)
{
    m_pending.append({std::move(intake), std::move(routes), source, ackToken});
    schedule();
}

void IntakePipeline::schedule()
{
    // One commit for everything read in this pass over the sockets: the
    // zero-timer fires once the event loop has handled every pending read.
    if (m_scheduled || m_storeFailing)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, &IntakePipeline::commit);
}

void IntakePipeline::commit()
{
    m_scheduled = false;
    if (m_pending.isEmpty() || m_storeFailing)
        return;

    QList<Intake> group;
    group.reserve(m_pending.size());
    for (const Pending &pending : std::as_const(m_pending))
        group.append(pending.intake);

    // The deliveries go out now; the acknowledgements once the group is
    // committed (committed()).
    const OutboxThread::Accepted accepted = m_handlers.store(group);
    const QList<Pending> taken = std::exchange(m_pending, {});
    Uncommitted &uncommitted = m_uncommitted.emplace_back();
    uncommitted.ticket = accepted.ticket;
    uncommitted.messages = taken.size();
    for (const Pending &pending : taken) {
        if (pending.ackToken != 0)
            uncommitted.acks.append({pending.source, pending.ackToken});
        m_handlers.taken(pending.intake.message, pending.routes);
    }
    m_handlers.dispatch(accepted.deliveries);
    m_handlers.changed();
}

qint64 IntakePipeline::committed(quint64 ticket)
{
    qint64 messages = 0;
    while (!m_uncommitted.empty() && m_uncommitted.front().ticket <= ticket) {
        const Uncommitted uncommitted = std::move(m_uncommitted.front());
        m_uncommitted.pop_front();
        messages += uncommitted.messages;
        for (const auto &[source, token] : uncommitted.acks)
            m_handlers.acknowledge(source, token);
    }
    m_handlers.changed();
    return messages;
}

void IntakePipeline::setStoreFailing(bool failing)
{
    m_storeFailing = failing;
    if (!failing)
        schedule();
}

void IntakePipeline::drop(quint32 source)
{
    m_pending.removeIf([source](const Pending &pending) { return pending.source == source; });
}

void IntakePipeline::clear()
{
    m_pending.clear();
    m_uncommitted.clear();
}

} // namespace mqhook
