#pragma once

#include "base/clock.h"
#include "delivery/deadletterstore.h"
#include "delivery/queueerror.h"
#include "observe/event.h"
#include "observe/metrics.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>

namespace mqhook {

class Bridge;
class EventRing;
class OutboxThread;
struct AttemptRecord;
struct DeliveryJob;
struct Message;

// Turns what the bridge reports into events in a ring (observe/eventring.h)
// and into the metrics docs/observability.md lists. It runs on the bridge's
// thread, in the bridge's signals: per message it stores one Event and
// bumps counters through pointers looked up once per label set; it builds
// no JSON and no text (readers do). Payload and response previews are the
// first payloadPreview() bytes; a password or an Authorization value never
// reaches an event (the bridge's signals carry none).
class EventRecorder : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultPayloadPreview = 256;

    // ring and metrics must outlive the recorder; version is the one
    // mqhook_build_info tells.
    EventRecorder(Bridge *bridge, EventRing *ring, MetricsRegistry *metrics,
                  std::shared_ptr<const Clock> clock, const QString &version,
                  QObject *parent = nullptr);
    ~EventRecorder() override;

    // Bytes of payload (Taken, Unrouted) and of the endpoint's answer
    // (Delivered, Retrying, Dead) an event keeps; 0 keeps none.
    void setPayloadPreview(int bytes);
    int payloadPreview() const { return m_previewBytes; }

    // The first bytes of data, cut where a UTF-8 sequence starts so text
    // stays text.
    static QByteArray preview(const QByteArray &data, int bytes);

private:
    struct DeliverySeries
    {
        Counter *success = nullptr;
        Counter *retry = nullptr;
        Counter *dead = nullptr;
        Histogram *duration = nullptr;
    };
    struct ConnectionSeries
    {
        Counter *received = nullptr;
        Counter *unrouted = nullptr;
        Counter *reconnects = nullptr;
        Gauge *connected = nullptr;
    };

    void onTaken(const Message &message, const QStringList &routes);
    void onUnrouted(const Message &message, const QString &why);
    void onSucceeded(const DeliveryJob &job, const QString &route, const AttemptRecord &attempt,
                     const QByteArray &response);
    void onRetrying(const DeliveryJob &job, const QString &route, const AttemptRecord &attempt,
                    const QDateTime &nextAt, const QByteArray &response);
    void onDead(const DeliveryJob &job, const QString &route, const QString &reason,
                const QByteArray &response);
    void onConnectionEvent(Event::Kind kind, const QString &clientId, const QString &reason,
                           const QDateTime &nextAt = {});
    void onIntakePaused(bool paused);
    void record(Event::Kind kind, const QString &reason, const QString &route = {});
    void readGauges();
    void onDeadLettersRead(quint64 request, const QueueResult<DeadLetterPage> &result);
    void onDeadLettersChanged();

    ConnectionSeries &connection(const QString &clientId);
    DeliverySeries &delivery(const QString &route, const QString &target);
    Event messageEvent(Event::Kind kind, const Message &message) const;
    Event deliveryEvent(Event::Kind kind, const DeliveryJob &job, const QString &route,
                        const AttemptRecord &attempt, const QByteArray &response) const;

    Bridge *m_bridge;
    EventRing *m_ring;
    MetricsRegistry *m_metrics;
    std::shared_ptr<const Clock> m_clock;
    int m_previewBytes = defaultPayloadPreview;

    template<typename Series>
    using Family = MetricsRegistry::Family<Series>;
    Family<Counter> *m_received;
    Family<Counter> *m_unrouted;
    Family<Counter> *m_deliveriesTotal;
    Family<Histogram> *m_durations;
    Family<Gauge> *m_connected;
    Family<Counter> *m_reconnects;
    QHash<QString, ConnectionSeries> m_connections;              // by client_id
    QHash<QPair<QString, QString>, DeliverySeries> m_deliveries; // by (route, target)
    Gauge *m_pendingDeliveries = nullptr;
    Gauge *m_pendingMessages = nullptr;
    Gauge *m_queueBytes = nullptr;
    Gauge *m_deadLetters = nullptr;
    Gauge *m_intakePaused = nullptr;
    Gauge *m_windowHeld = nullptr;
    QTimer m_gaugeTimer;
    QPointer<OutboxThread> m_countedOutbox;
    quint64 m_deadLetterRequest = 0; // the count asked of the outbox, 0: none
    int m_deadLetterCounts = 0;      // how many ticks still count the dead letters
};

} // namespace mqhook
