#include "deliveryroutes.h"

#include "base/logcategories.h"
#include "delivery/dispatcher.h"
#include "delivery/outboxthread.h"

#include <algorithm>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

// How often a backlog read that failed is tried again.
constexpr auto readRetryInterval = 5s;

// Delivery outcomes wait this long to share one outbox transaction.
// Unbatched, replies come back one per event-loop pass.
constexpr auto outcomeFlushDelay = 20ms;

QString goneRouteReason(const QString &route)
{
    return QStringLiteral("route '%1' is no longer in the configuration; retry the dead letter "
                          "once it is back")
        .arg(route);
}

} // namespace

DeliveryRoutes::DeliveryRoutes(std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_outcomes(outcomeFlushDelay, this, [this] { flushOutcomes(); })
{
    m_refillRetryTimer.setSingleShot(true);
    m_refillRetryTimer.setInterval(readRetryInterval);
    connect(&m_refillRetryTimer, &QTimer::timeout, this, &DeliveryRoutes::scheduleRefill);
}

DeliveryRoutes::~DeliveryRoutes() = default;

void DeliveryRoutes::open(OutboxThread *outbox)
{
    m_outbox = outbox;
    m_running = true;
    connect(outbox, &OutboxThread::pendingRead, this, &DeliveryRoutes::onPendingRead);
    connect(outbox, &OutboxThread::requeued, this, &DeliveryRoutes::onRequeued);
}

void DeliveryRoutes::stop()
{
    m_running = false;
    for (const auto &[key, route] : m_routes)
        route->dispatcher->setPaused(true);
}

void DeliveryRoutes::close()
{
    for (const auto &[key, route] : m_routes)
        route->dispatcher->clear();
    flushOutcomes();
    for (const auto &[key, route] : m_routes) {
        disconnect(route->dispatcher, nullptr, this, nullptr);
        route->dispatcher->deleteLater();
    }
    m_routes.clear();
    m_refillRetryTimer.stop();
    if (m_outbox)
        disconnect(m_outbox, nullptr, this, nullptr);
    m_outbox = nullptr;
    m_running = false;
}

DeliveryRoutes::Route *DeliveryRoutes::find(const QString &key) const
{
    const auto it = m_routes.find(key);
    return it == m_routes.end() ? nullptr : it->second.get();
}

DeliveryRoutes::Route *DeliveryRoutes::add(const QString &key, const SubscriptionConfig &config)
{
    auto owned = std::make_unique<Route>();
    Route *route = owned.get();
    route->key = key;
    route->config = config;
    route->dispatcher = new Dispatcher(config, m_clock, {}, this);
    route->windows.emplace(
        m_window > 0 ? m_window : DeliveryWindows::sizeFor(config),
        [this, key](const QString &target, qint64 afterId, int limit) {
            return m_outbox->readPending(key, target, afterId, limit);
        },
        [this, route](const QList<QueuedDelivery> &deliveries) { handOver(*route, deliveries); });
    // A new route reads what the outbox holds for it before taking intake.
    for (const QString &address : config.callbackAddresses)
        route->windows->add(address);
    if (!route->dispatcher->isValid())
        emit problem(QStringLiteral("http"),
                     key + QStringLiteral(": ") + route->dispatcher->errorString());
    m_routes[key] = std::move(owned);
    scheduleRefill();

    // The connections go when the route goes (see remove()), before the
    // route: `route` stays valid in them.
    connect(
        route->dispatcher, &Dispatcher::succeeded, this,
        [this, route](const DeliveryJob &job, const AttemptRecord &attempt,
                      const QByteArray &response) { onSucceeded(*route, job, attempt, response); });
    connect(route->dispatcher, &Dispatcher::retryScheduled, this,
            [this, route](const DeliveryJob &job, const AttemptRecord &attempt,
                          const QDateTime &nextAt, const QByteArray &response) {
                onRetryScheduled(*route, job, attempt, nextAt, response);
            });
    connect(route->dispatcher, &Dispatcher::deadLettered, this,
            [this, route](const DeliveryJob &job, const QList<AttemptRecord> &history,
                          const QString &reason, const QByteArray &response) {
                onDeadLettered(*route, job, history, reason, response);
            });
    return route;
}

void DeliveryRoutes::remove(const QString &key)
{
    const auto it = m_routes.find(key);
    if (it == m_routes.end())
        return;
    disconnect(it->second->dispatcher, nullptr, this, nullptr);
    it->second->dispatcher->clear();
    it->second->dispatcher->deleteLater();
    m_routes.erase(it);
}

void DeliveryRoutes::onSucceeded(Route &route, const DeliveryJob &job, const AttemptRecord &attempt,
                                 const QByteArray &response)
{
    ++m_counters.succeeded;
    // Still waiting to be stored, it never will be.
    if (!m_outbox || !m_outbox->finishUnstored(job.id))
        m_outcomes.addSucceeded(job.id);
    finished(route, job.id);
    emit succeeded(job, route.key, attempt, response);
}

void DeliveryRoutes::onRetryScheduled(Route &route, const DeliveryJob &job,
                                      const AttemptRecord &attempt, const QDateTime &nextAt,
                                      const QByteArray &response)
{
    ++m_counters.retried;
    m_outcomes.addRetry({job.id, attempt, nextAt});
    qCInfo(lcHttp, "%s → %s: attempt %d failed (%s); next at %s", qUtf8Printable(route.key),
           qUtf8Printable(job.target), attempt.attempt, qUtf8Printable(attempt.error),
           qUtf8Printable(nextAt.toString(Qt::ISODateWithMs)));
    emit retrying(job, route.key, attempt, nextAt, response);
}

void DeliveryRoutes::onDeadLettered(Route &route, const DeliveryJob &job,
                                    const QList<AttemptRecord> &history, const QString &reason,
                                    const QByteArray &response)
{
    ++m_counters.deadLettered;
    m_outcomes.addDead({job.id, reason, history});
    finished(route, job.id);
    qCWarning(lcHttp, "%s → %s: message %s is a dead letter: %s", qUtf8Printable(route.key),
              qUtf8Printable(job.target), qUtf8Printable(job.message.id), qUtf8Printable(reason));
    emit deadLettered(job, route.key, reason, response);
}

void DeliveryRoutes::dispatch(const QList<QueuedDelivery> &deliveries)
{
    // Each window takes what fits while nothing older waits in the outbox;
    // the rest is read back later.
    QList<Route *> taking;
    for (const QueuedDelivery &delivery : deliveries) {
        Route *route = find(delivery.route);
        if (!route) {
            m_outcomes.addDead({delivery.id, goneRouteReason(delivery.route), delivery.history});
            ++m_counters.deadLettered;
            continue;
        }
        if (!taking.contains(route))
            taking.append(route);
        route->windows->take(delivery);
    }
    for (Route *route : std::as_const(taking))
        route->windows->handOverTaken();
}

void DeliveryRoutes::handOver(Route &route, const QList<QueuedDelivery> &deliveries)
{
    QList<DeliveryJob> jobs;
    jobs.reserve(deliveries.size());
    for (const QueuedDelivery &delivery : deliveries) {
        jobs.append({delivery.id, delivery.message, delivery.target, delivery.attemptsMade,
                     delivery.notBefore, delivery.history});
    }
    m_counters.windowPeak = std::max<qint64>(m_counters.windowPeak, route.windows->peak());
    route.dispatcher->enqueue(jobs);
}

void DeliveryRoutes::finished(Route &route, qint64 id)
{
    if (route.windows->finish(id))
        scheduleRefill();
}

void DeliveryRoutes::scheduleRefill()
{
    // Once per event-loop pass, never from within a dispatcher's signal.
    if (m_refillScheduled)
        return;
    m_refillScheduled = true;
    QTimer::singleShot(0, this, &DeliveryRoutes::refill);
}

void DeliveryRoutes::refill()
{
    m_refillScheduled = false;
    if (!m_running || !m_outbox)
        return;
    // A window that went back below its position (requeued dead letters)
    // must not read deliveries that finished but are still pending in the
    // file: their outcomes go first, and the read after them. Other reads
    // start above them: the outcomes wait for their batch (a write per
    // refill cost a transaction per few deliveries in a backlog).
    const bool below = std::any_of(m_routes.begin(), m_routes.end(), [](const auto &entry) {
        return entry.second->windows->readsBelowPosition();
    });
    if (below)
        flushOutcomes();
    for (const auto &[key, route] : m_routes)
        route->windows->refill();
}

void DeliveryRoutes::onPendingRead(quint64 request, const QList<QueuedDelivery> &slice,
                                   const QString &error)
{
    Route *route = nullptr;
    for (const auto &[key, candidate] : m_routes) {
        if (candidate->windows->isReading(request)) {
            route = candidate.get();
            break;
        }
    }
    if (!route) // the window went, or stepped back and reads again
        return;
    if (!m_running || !error.isEmpty()) {
        route->windows->readFailed(request);
        if (!m_running)
            return;
        qCCritical(lcQueue, "Cannot read the backlog of %s (trying again in %lld s): %s",
                   qUtf8Printable(route->key),
                   qint64(std::chrono::seconds(readRetryInterval).count()), qUtf8Printable(error));
        emit problem(QStringLiteral("queue"), error);
        m_refillRetryTimer.start();
        return;
    }
    route->windows->readDone(request, slice);
}

void DeliveryRoutes::onRequeued()
{
    const QList<PendingRange> ranges =
        m_outbox->takeRequeuedRanges().value_or(QList<PendingRange>());
    qint64 count = 0;
    for (const PendingRange &range : ranges)
        count += range.count;
    if (count > 0)
        qCInfo(lcQueue, "%lld dead letter(s) queued again", count);
    for (const PendingRange &range : ranges) {
        if (Route *route = find(range.route))
            route->windows->stepBack(range.target, range.firstId);
        else
            deadLetterRange(range);
    }
    scheduleRefill();
}

QList<PendingRange> DeliveryRoutes::pendingRanges()
{
    const std::optional<QList<PendingRange>> ranges = m_outbox->pendingRanges();
    if (!ranges)
        emit problem(QStringLiteral("queue"), m_outbox->errorString());
    return ranges.value_or(QList<PendingRange>());
}

void DeliveryRoutes::adopt(const QList<PendingRange> &ranges)
{
    for (const PendingRange &range : ranges) {
        // An address no longer configured gets a window too: the dispatcher
        // dead-letters or (round robin) redirects its deliveries.
        if (Route *route = find(range.route))
            route->windows->adopt(range.target, range.firstId);
        else
            deadLetterRange(range);
    }
    scheduleRefill();
}

void DeliveryRoutes::deadLetterRange(const PendingRange &range)
{
    const QString reason = goneRouteReason(range.route);
    qint64 after = range.firstId - 1;
    for (;;) {
        const std::optional<QList<QueuedDelivery>> read =
            m_outbox->loadPending(range.route, range.target, after, DeliveryWindows::minSize);
        const QList<QueuedDelivery> slice = read.value_or(QList<QueuedDelivery>());
        for (const QueuedDelivery &delivery : slice) {
            m_outcomes.addDead({delivery.id, reason, delivery.history},
                               OutcomeBatch::Flush::ByCaller);
            ++m_counters.deadLettered;
            after = delivery.id;
        }
        flushOutcomes();
        if (!read || slice.size() < DeliveryWindows::minSize)
            break;
    }
}

void DeliveryRoutes::flushOutcomes()
{
    if (!m_outbox)
        return;
    const OutcomeBatch::Outcomes outcomes = m_outcomes.take();
    m_outbox->markSucceeded(outcomes.succeeded);
    m_outbox->recordAttempts(outcomes.retries);
    m_outbox->markDead(outcomes.dead);
    emit outcomesWritten();
}

QList<TargetCounters> DeliveryRoutes::targetCounters() const
{
    QList<TargetCounters> result;
    for (const auto &[key, route] : m_routes) {
        for (TargetCounters counters : route->dispatcher->allCounters()) {
            counters.route = key;
            result.append(counters);
        }
    }
    return result;
}

int DeliveryRoutes::inFlight() const
{
    int total = 0;
    for (const auto &[key, route] : m_routes) {
        for (const TargetCounters &counters : route->dispatcher->allCounters())
            total += counters.inFlight;
    }
    return total;
}

} // namespace mqhook
