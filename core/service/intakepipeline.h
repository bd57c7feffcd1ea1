#pragma once

#include "delivery/outboxthread.h"
#include "delivery/outboxtypes.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <deque>
#include <functional>

namespace mqhook {

// The path of a message from the broker to the outbox and back: messages
// read in one pass over the sockets are stored as one group, their deliveries
// go out at once, and each message is acknowledged to its broker connection
// once the outbox says its group is committed. See docs/design/forwarding.md.
class IntakePipeline : public QObject
{
    Q_OBJECT

public:
    struct Handlers
    {
        // Gives a group to the outbox (OutboxThread::enqueue()).
        std::function<OutboxThread::Accepted(const QList<Intake> &group)> store;
        // The group's deliveries, to dispatch while its commit is on its way.
        std::function<void(const QList<QueuedDelivery> &deliveries)> dispatch;
        // A message given to the outbox, with the routes it goes to.
        std::function<void(const Message &message, const QStringList &routes)> taken;
        // Acknowledges a message to the connection it came from.
        std::function<void(quint32 source, quint64 ackToken)> acknowledge;
        // What waits for a commit has changed (see OutboxThread::uncommittedMessages()).
        std::function<void()> changed;
    };

    explicit IntakePipeline(Handlers handlers, QObject *parent = nullptr);

    // A message read from connection `source`; ackToken 0 means nothing to
    // acknowledge (QoS 0). It is stored with the others of this pass over
    // the sockets.
    void add(Intake intake, QStringList routes, quint32 source, quint64 ackToken);
    // Stores everything added so far as one group, now.
    void commit();
    // The outbox committed every group up to `ticket`: their messages are
    // acknowledged, in the order they were read. Returns how many messages
    // that committed.
    qint64 committed(quint64 ticket);

    // While storing fails nothing is given to the outbox; once it works
    // again, what was read meanwhile is.
    void setStoreFailing(bool failing);
    bool isStoreFailing() const { return m_storeFailing; }

    // Forgets what connection `source` read and was not given to the outbox
    // yet: it is never acknowledged, so the broker sends it again.
    void drop(quint32 source);
    // Forgets everything not committed (on stop): the brokers keep it.
    void clear();

private:
    struct Pending
    {
        Intake intake;
        QStringList routes;
        quint32 source = 0;
        quint64 ackToken = 0;
    };
    // A group given to the outbox, with what to acknowledge once it is committed.
    struct Uncommitted
    {
        quint64 ticket = 0;
        qint64 messages = 0;
        QList<std::pair<quint32, quint64>> acks; // source, token
    };

    void schedule();

    Handlers m_handlers;
    QList<Pending> m_pending;
    std::deque<Uncommitted> m_uncommitted;
    bool m_scheduled = false;
    bool m_storeFailing = false;
};

} // namespace mqhook
