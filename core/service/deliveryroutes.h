#pragma once

#include "base/clock.h"
#include "config/config.h"
#include "delivery/deliveryjob.h"
#include "delivery/outboxtypes.h"
#include "delivery/targetcounters.h"
#include "service/deliverywindows.h"
#include "service/outcomebatch.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>
#include <optional>

namespace mqhook {

class Dispatcher;
class OutboxThread;

// The delivery side of the bridge: one route per enabled sub_deal_config
// entry, each a Dispatcher fed by its DeliveryWindows from the outbox, and
// the outcomes written back to the outbox in batches. Deliveries of routes
// that are gone become dead letters. See docs/design/forwarding.md.
class DeliveryRoutes : public QObject
{
    Q_OBJECT

public:
    struct Route
    {
        QString key;
        SubscriptionConfig config;
        Dispatcher *dispatcher = nullptr; // child of the routes
        std::optional<DeliveryWindows> windows;
    };

    // Totals since resetCounters().
    struct Counters
    {
        qint64 succeeded = 0;
        qint64 retried = 0;
        qint64 deadLettered = 0;
        qint64 windowPeak = 0; // the most one window held at once
    };

    explicit DeliveryRoutes(std::shared_ptr<const Clock> clock, QObject *parent = nullptr);
    ~DeliveryRoutes() override;

    // The deliveries a window holds at most; 0: DeliveryWindows::sizeFor().
    void setWindow(int deliveries) { m_window = deliveries; }

    // Starts delivering from outbox, which stays open until close().
    void open(OutboxThread *outbox);
    // No more reads or new requests (on stop): requests in flight finish.
    void stop();
    // Abandons every job (the outbox keeps them), writes the outcomes so far
    // and removes every route.
    void close();

    Route *find(const QString &key) const;
    // A route whose windows read what the outbox holds for it first.
    Route *add(const QString &key, const SubscriptionConfig &config);
    // Its jobs are abandoned without an outcome: the outbox keeps them.
    void remove(const QString &key);

    // Deliveries given out by the outbox, in id order.
    void dispatch(const QList<QueuedDelivery> &deliveries);
    // What the outbox holds, by (route, callback address); a problem() when
    // it cannot say.
    QList<PendingRange> pendingRanges();
    // Windows for what the outbox holds; dead letters for routes that are gone.
    void adopt(const QList<PendingRange> &ranges);
    // Writes the outcomes gathered so far.
    void flushOutcomes();

    Counters counters() const { return m_counters; }
    void resetCounters() { m_counters = {}; }
    QList<TargetCounters> targetCounters() const;
    int inFlight() const;

signals:
    // response: the first bytes of the endpoint's answer (Dispatcher).
    void succeeded(const mqhook::DeliveryJob &job, const QString &route,
                   const mqhook::AttemptRecord &attempt, const QByteArray &response);
    void retrying(const mqhook::DeliveryJob &job, const QString &route,
                  const mqhook::AttemptRecord &attempt, const QDateTime &nextAt,
                  const QByteArray &response);
    void deadLettered(const mqhook::DeliveryJob &job, const QString &route, const QString &reason,
                      const QByteArray &response);
    void problem(const QString &component, const QString &text);
    // Outcomes were given to the outbox (flushOutcomes()).
    void outcomesWritten();

private:
    void onSucceeded(Route &route, const DeliveryJob &job, const AttemptRecord &attempt,
                     const QByteArray &response);
    void onRetryScheduled(Route &route, const DeliveryJob &job, const AttemptRecord &attempt,
                          const QDateTime &nextAt, const QByteArray &response);
    void onDeadLettered(Route &route, const DeliveryJob &job, const QList<AttemptRecord> &history,
                        const QString &reason, const QByteArray &response);
    void onPendingRead(quint64 request, const QList<QueuedDelivery> &slice, const QString &error);
    void onRequeued();
    void handOver(Route &route, const QList<QueuedDelivery> &deliveries);
    void finished(Route &route, qint64 id);
    void scheduleRefill();
    void refill();
    void deadLetterRange(const PendingRange &range);

    std::shared_ptr<const Clock> m_clock;
    OutboxThread *m_outbox = nullptr; // while open
    bool m_running = false;           // reads and refills go on
    int m_window = 0;
    std::map<QString, std::unique_ptr<Route>> m_routes; // by route key
    OutcomeBatch m_outcomes;
    bool m_refillScheduled = false;
    QTimer m_refillRetryTimer;
    Counters m_counters;
};

} // namespace mqhook
