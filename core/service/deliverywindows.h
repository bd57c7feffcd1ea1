#pragma once

#include "delivery/outboxtypes.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <map>

namespace mqhook {

struct SubscriptionConfig;

// The deliveries of one route that its dispatcher holds: a window of at most
// size() per callback address, taken from the outbox in id order. A window
// takes new deliveries while it has room and nothing older waits in the
// outbox; otherwise they stay there, and refill() reads the next slice once
// the window is below half. See docs/design/forwarding.md.
class DeliveryWindows
{
public:
    // Starts reading at most `limit` pending deliveries of `target` with ids
    // above `afterId`; returns the read's number for readDone() (0: none).
    using Read = std::function<quint64(const QString &target, qint64 afterId, int limit)>;
    // Gives the dispatcher deliveries of one window, in id order.
    using HandOver = std::function<void(const QList<QueuedDelivery> &deliveries)>;

    // The window of each callback address of a route: twice what one address
    // can have in flight (max_inflight requests of batch.max_messages each),
    // from minSize to maxSize.
    static int sizeFor(const SubscriptionConfig &config);
    static constexpr int minSize = 1000;
    static constexpr int maxSize = 100000;

    DeliveryWindows(int size, Read read, HandOver handOver);

    int size() const { return m_size; }
    // Deliveries handed over and not finished, over every window.
    int held() const { return int(m_held.size()); }
    // The most one window held at once.
    int peak() const { return m_peak; }

    // A window for target unless there is one: it starts behind, at the
    // beginning, so its first slice is whatever the outbox holds for it.
    void add(const QString &target);
    // A window for target unless there is one, starting just below firstId.
    void adopt(const QString &target, qint64 firstId);
    // Deliveries of target from firstId on are pending again (dead letters
    // retried): the window reads again from there, and a read under way is
    // dropped.
    void stepBack(const QString &target, qint64 firstId);

    // A new delivery, while its commit is on its way (ids ascending): its
    // window takes it if it can. handOverTaken() gives what was taken to the
    // dispatcher.
    void take(const QueuedDelivery &delivery);
    void handOverTaken();

    // A delivery handed over has finished; true when its window should now
    // be refilled.
    bool finish(qint64 id);

    // Starts a read for every window below half that has more in the outbox.
    void refill();
    // Whether a window stepped back and its read is still to start: it may
    // read deliveries that finished with their outcomes not yet written, so
    // those must be written first. Other reads start above every delivery
    // handed over, finished or not.
    bool readsBelowPosition() const;

    // Whether read `request` is one of these windows' and still wanted.
    bool isReading(quint64 request) const;
    // Read `request` brought nothing (it failed, or the service stops): the
    // next refill() tries again.
    void readFailed(quint64 request);
    // The slice of read `request`: what the dispatcher does not hold yet is
    // handed over, and reading goes on until the window is full or has
    // caught up with the outbox.
    void readDone(quint64 request, const QList<QueuedDelivery> &slice);

private:
    // Every pending delivery of the window's target with an id up to
    // `position` is held by the dispatcher, or finished with its outcome not
    // yet written; above it, only what `behind` says may wait in the outbox.
    struct Window
    {
        QString target;
        qint64 position = 0;
        int held = 0;
        bool behind = true;          // the outbox may hold deliveries above position
        quint64 reading = 0;         // the read under way, if any
        int readLimit = 0;           // its size at most
        bool passedOver = false;     // deliveries were left in the outbox while it was read
        bool steppedBack = false;    // since its last read started
        QList<QueuedDelivery> taken; // by take(), until handOverTaken()
    };

    Window &windowOf(const QString &target);
    Window *windowReading(quint64 request);
    int refillBelow() const { return std::max(1, m_size / 2); }
    void handOver(Window &window, const QList<QueuedDelivery> &deliveries);
    void fill(Window &window);

    int m_size;
    Read m_read;
    HandOver m_handOver;
    std::map<QString, Window> m_windows; // by callback address as stored
    QHash<qint64, Window *> m_held;      // delivery id → the window it came from
    QList<Window *> m_taken;             // windows with taken deliveries, in order
    int m_peak = 0;
};

} // namespace mqhook
