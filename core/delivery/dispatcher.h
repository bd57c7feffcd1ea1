#pragma once

#include "base/clock.h"
#include "config/config.h"
#include "delivery/backoffpolicy.h"
#include "delivery/deliveryjob.h"
#include "delivery/outcomeclassifier.h"
#include "delivery/requestbuilder.h"
#include "delivery/targetcounters.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

class QTimer;

namespace mqhook {

class HttpSender;
struct PostResult;

// Delivers the messages of one subscription to its callback addresses, with
// retries, backoff, dead letters, batching and per-topic order. It keeps no
// storage of its own: it works on jobs it is given and reports every outcome
// by a signal, so that the caller makes them durable. How it schedules
// (targets, round robin, Retry-After, ordering, batches):
// docs/design/delivery.md.
//
// Contract with the caller (the bridge, which owns the outbox):
// - For a new message, enqueue one DeliveryJob per address targetsFor()
//   returns (broadcast: every callback address; round_robin: the next one),
//   with `id` the outbox's key. After a restart, enqueue the stored jobs with
//   their attemptsMade, notBefore and history, oldest message first (per-topic
//   order follows enqueue order).
// - Exactly one of succeeded() and deadLettered() ends every job enqueued;
//   retryScheduled() may come any number of times before. Each carries the job
//   as updated (attemptsMade, history, notBefore, and with round_robin the
//   target of the next attempt), ready to store. No signal is emitted from
//   within enqueue().
// - A job whose message cannot be rendered (a template placeholder missing
//   from its payload) or whose answer is permanent (see OutcomeClassifier)
//   is dead-lettered at once; a retryable failure is retried `retry` times
//   (so retry + 1 attempts in all) and then dead-lettered with the full history.
class Dispatcher : public QObject
{
    Q_OBJECT

public:
    using Random = BackoffPolicy::Random;

    // Attempts and retries are timed by clock (and its senders' requests);
    // random defaults to QRandomGenerator.
    explicit Dispatcher(const SubscriptionConfig &config,
                        std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                        Random random = {}, QObject *parent = nullptr);
    ~Dispatcher() override;

    // A configuration the dispatcher cannot work with (a template that does
    // not compile, a callback address that is not a URL, an unreadable TLS
    // file); every job enqueued is then dead-lettered with this reason.
    bool isValid() const { return m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }

    const SubscriptionConfig &config() const { return m_config; }

    // The targets of the jobs to enqueue for a new message.
    QStringList targetsFor(const Message &message);

    void enqueue(const DeliveryJob &job);
    void enqueue(const QList<DeliveryJob> &jobs);

    TargetCounters counters(const QString &address) const;
    QList<TargetCounters> allCounters() const;

    // While paused, no new request starts; requests in flight finish and
    // report as usual. For a drain on shutdown.
    void setPaused(bool paused);

    // Abandons every job without a signal (in flight or not): for shutdown,
    // when the outbox keeps them for the next start.
    void clear();

signals:
    // response: the first bytes of the endpoint's answer (up to 512), for
    // display only: it is no part of the job and is not stored.
    void succeeded(const DeliveryJob &job, const AttemptRecord &attempt,
                   const QByteArray &response);
    void retryScheduled(const DeliveryJob &job, const AttemptRecord &attempt,
                        const QDateTime &nextAt, const QByteArray &response);
    void deadLettered(const DeliveryJob &job, const QList<AttemptRecord> &history,
                      const QString &reason, const QByteArray &response);

private:
    struct Entry
    {
        DeliveryJob job;
        std::optional<RequestBuilder::Prepared> prepared;
    };

    // Jobs that must go out one after another: a topic's (per_topic), or a
    // single job (ordering none). Lanes are known by a number, unique per
    // dispatcher, so the per-message bookkeeping hashes no strings.
    using LaneId = quint64;
    struct Lane
    {
        enum class State
        {
            Ready,
            Delayed,
            Busy,
        };
        QList<Entry> entries; // unlike std::deque, allocates nothing while empty
        State state = State::Ready;
        QString topic; // per_topic: the topic the lane is for
    };

    struct InFlight
    {
        QList<LaneId> lanes; // each lane's head is a member of the request
        QDateTime startedAt;
    };

    struct Target
    {
        QString address;
        int index = 0;
        HttpSender *sender = nullptr;
        QTimer *retryTimer = nullptr;
        QTimer *batchTimer = nullptr;
        bool batchDue = false; // the first due message has waited batch.max_wait
        bool pumpScheduled = false;
        QHash<LaneId, Lane> lanes;
        QHash<QString, LaneId> laneOfTopic; // per_topic: the lanes that exist
        std::deque<LaneId> ready;           // lanes whose head is due
        std::multimap<QDateTime, LaneId> delayed;
        QHash<quint64, InFlight> inFlight;
        TargetCounters counters;
    };

    // An outcome to report once the state is consistent again.
    struct Report
    {
        enum class Kind
        {
            Succeeded,
            Retry,
            Dead,
        };
        Kind kind;
        DeliveryJob job;
        AttemptRecord attempt;
        QString reason;
        QByteArray response;
    };

    QDateTime now() const;
    Target *targetFor(const QString &address);
    void addJob(Target &target, DeliveryJob job);
    void placeLane(Target &target, LaneId key);
    void schedulePump(Target &target);
    void pump(Target &target);
    void sendRequest(Target &target, QList<LaneId> lanes);
    void onFinished(Target &target, const PostResult &result);
    void onRetryTimer(Target &target);
    void armRetryTimer(Target &target);
    void emitReports(const QList<Report> &reports);
    Report deadReport(const DeliveryJob &job, const QString &reason,
                      const QByteArray &response = {}) const;

    SubscriptionConfig m_config;
    std::shared_ptr<const Clock> m_clock;
    RequestBuilder m_builder;
    OutcomeClassifier m_classifier;
    BackoffPolicy m_backoff;
    QString m_error;
    std::vector<std::unique_ptr<Target>> m_targets;
    QHash<QString, Target *> m_byAddress;
    int m_rotation = 0;
    bool m_paused = false;
    quint64 m_nextRequestId = 1;
    quint64 m_nextLane = 1;
};

} // namespace mqhook
