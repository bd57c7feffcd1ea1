#include "dispatcher.h"

#include "base/logcategories.h"
#include "delivery/httpsender.h"

#include <QTimer>

#include <algorithm>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

bool tlsConfigured(const TlsConfig &tls)
{
    return !tls.caFile.isEmpty() || !tls.certFile.isEmpty() || !tls.keyFile.isEmpty() ||
           tls.insecureSkipVerify;
}

} // namespace

Dispatcher::Dispatcher(const SubscriptionConfig &config, std::shared_ptr<const Clock> clock,
                       Random random, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_clock(std::move(clock))
    , m_builder(config)
    , m_classifier(config)
    , m_backoff(config.retryBackoff, std::move(random))
    , m_error(m_builder.errorString())
{
    if (m_error.isEmpty() && config.callbackAddresses.isEmpty())
        m_error = QStringLiteral("callbackAddress: no callback address configured");

    for (const QString &address : config.callbackAddresses) {
        if (m_byAddress.contains(address))
            continue;
        auto target = std::make_unique<Target>();
        Target *raw = target.get();
        raw->address = address;
        raw->index = static_cast<int>(m_targets.size());
        raw->counters.address = address;
        raw->sender = new HttpSender(std::max(1, config.maxInflight), m_clock, this);
        if (tlsConfigured(config.callbackTls)) {
            QString error;
            if (!raw->sender->setTlsConfig(config.callbackTls, &error) && m_error.isEmpty())
                m_error = QStringLiteral("callbackTls: %1").arg(error);
        }
        connect(raw->sender, &HttpSender::finished, this,
                [this, raw](const PostResult &result) { onFinished(*raw, result); });
        raw->retryTimer = new QTimer(this);
        raw->retryTimer->setSingleShot(true);
        connect(raw->retryTimer, &QTimer::timeout, this, [this, raw] { onRetryTimer(*raw); });
        raw->batchTimer = new QTimer(this);
        raw->batchTimer->setSingleShot(true);
        connect(raw->batchTimer, &QTimer::timeout, this, [this, raw] {
            raw->batchDue = true;
            pump(*raw);
        });
        m_byAddress.insert(address, raw);
        m_targets.push_back(std::move(target));
    }
    if (!m_error.isEmpty())
        qCWarning(lcHttp) << "subscription" << config.appId << "cannot deliver:" << m_error;
}

Dispatcher::~Dispatcher()
{
    clear();
}

QDateTime Dispatcher::now() const
{
    return m_clock->now();
}

QStringList Dispatcher::targetsFor(const Message &message)
{
    Q_UNUSED(message);
    if (m_targets.empty())
        return {};
    if (m_config.dispatch == DispatchMode::Broadcast) {
        QStringList all;
        for (const auto &target : m_targets)
            all.append(target->address);
        return all;
    }
    const int index = m_rotation;
    m_rotation = (m_rotation + 1) % static_cast<int>(m_targets.size());
    return {m_targets[index]->address};
}

Dispatcher::Target *Dispatcher::targetFor(const QString &address)
{
    return m_byAddress.value(address, nullptr);
}

void Dispatcher::enqueue(const QList<DeliveryJob> &jobs)
{
    for (const DeliveryJob &job : jobs)
        enqueue(job);
}

void Dispatcher::enqueue(const DeliveryJob &job)
{
    QString refusal = m_error;
    Target *target = nullptr;
    if (refusal.isEmpty()) {
        target = targetFor(job.target);
        if (!target && m_config.dispatch == DispatchMode::RoundRobin)
            target = targetFor(targetsFor(job.message).first());
        if (!target)
            refusal = QStringLiteral("callback address '%1' is not configured (any more)")
                          .arg(job.target);
    }
    if (!refusal.isEmpty()) {
        // Reported from the event loop: no signal comes from within enqueue().
        const Report report = deadReport(job, refusal);
        QMetaObject::invokeMethod(
            this, [this, report] { emitReports({report}); }, Qt::QueuedConnection);
        return;
    }
    DeliveryJob accepted = job;
    accepted.target = target->address;
    addJob(*target, std::move(accepted));
    schedulePump(*target);
}

void Dispatcher::addJob(Target &target, DeliveryJob job)
{
    const bool perTopic = m_config.ordering == Ordering::PerTopic;
    LaneId key = 0;
    if (perTopic) {
        auto known = target.laneOfTopic.constFind(job.message.topic);
        if (known == target.laneOfTopic.constEnd())
            known = target.laneOfTopic.insert(job.message.topic, m_nextLane++);
        key = *known;
    } else {
        key = m_nextLane++;
    }
    Lane &lane = target.lanes[key];
    if (perTopic && lane.entries.isEmpty())
        lane.topic = job.message.topic;
    lane.entries.append(Entry{std::move(job), std::nullopt});
    ++target.counters.queued;
    if (lane.entries.size() == 1)
        placeLane(target, key);
}

void Dispatcher::placeLane(Target &target, LaneId key)
{
    const auto it = target.lanes.find(key);
    if (it == target.lanes.end())
        return;
    if (it->entries.empty()) {
        if (m_config.ordering == Ordering::PerTopic)
            target.laneOfTopic.remove(it->topic);
        target.lanes.erase(it);
        return;
    }
    const QDateTime notBefore = it->entries.front().job.notBefore;
    if (!notBefore.isValid() || notBefore <= now()) {
        it->state = Lane::State::Ready;
        target.ready.push_back(key);
    } else {
        it->state = Lane::State::Delayed;
        target.delayed.emplace(notBefore, key);
        armRetryTimer(target);
    }
}

void Dispatcher::schedulePump(Target &target)
{
    if (target.pumpScheduled)
        return;
    target.pumpScheduled = true;
    Target *raw = &target;
    QMetaObject::invokeMethod(
        this,
        [this, raw] {
            raw->pumpScheduled = false;
            pump(*raw);
        },
        Qt::QueuedConnection);
}

void Dispatcher::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused) {
        for (const auto &target : m_targets)
            schedulePump(*target);
    }
}

void Dispatcher::pump(Target &target)
{
    if (m_paused)
        return;
    QList<Report> reports;
    const qsizetype limit = std::max(1, m_config.maxInflight);
    const bool batching = m_config.batch.enabled();
    const qsizetype batchMax = batching ? m_config.batch.maxMessages : 1;

    while (target.inFlight.size() < limit && !target.ready.empty()) {
        if (batching && !target.batchDue && qsizetype(target.ready.size()) < batchMax) {
            if (!target.batchTimer->isActive())
                target.batchTimer->start(m_config.batch.maxWait);
            break;
        }
        QList<LaneId> members;
        std::deque<LaneId> setAside;
        const RequestBuilder::Prepared *first = nullptr; // the head of a lane that stays put
        while (members.size() < batchMax && !target.ready.empty()) {
            const LaneId key = target.ready.front();
            target.ready.pop_front();
            Lane &lane = target.lanes[key];
            Entry &entry = lane.entries.first();
            if (!entry.prepared || entry.prepared->target != target.address) {
                QString error;
                entry.prepared = m_builder.prepare(entry.job.message, target.address, &error);
                if (!entry.prepared) {
                    reports.append(deadReport(
                        entry.job, QStringLiteral("cannot build the request: %1").arg(error)));
                    --target.counters.queued;
                    ++target.counters.failedPermanently;
                    lane.entries.removeFirst();
                    placeLane(target, key);
                    continue;
                }
            }
            if (first && !first->sameRequestAs(*entry.prepared)) {
                setAside.push_back(key);
                continue;
            }
            if (!first)
                first = &*entry.prepared;
            lane.state = Lane::State::Busy;
            members.append(key);
        }
        target.ready.insert(target.ready.begin(), setAside.begin(), setAside.end());
        if (!members.isEmpty())
            sendRequest(target, members);
    }
    if (target.ready.empty()) {
        target.batchDue = false;
        target.batchTimer->stop();
    }
    emitReports(reports);
}

void Dispatcher::sendRequest(Target &target, QList<LaneId> lanes)
{
    QList<const RequestBuilder::Prepared *> prepared;
    QList<const Message *> messages;
    prepared.reserve(lanes.size());
    messages.reserve(lanes.size());
    int attempt = 1;
    for (const LaneId key : lanes) {
        const Entry &entry = target.lanes[key].entries.first();
        prepared.append(&*entry.prepared);
        messages.append(&entry.job.message);
        attempt = std::max(attempt, entry.job.attemptsMade + 1);
    }
    PostRequest request = m_config.batch.enabled()
                              ? m_builder.batch(prepared, messages, attempt)
                              : m_builder.single(*prepared.first(), *messages.first(), attempt);
    request.id = m_nextRequestId++;
    const int count = static_cast<int>(lanes.size());
    target.inFlight.insert(request.id, InFlight{std::move(lanes), now()});
    target.counters.queued -= count;
    target.counters.inFlight += count;
    ++target.counters.requests;
    target.sender->post(request);
}

void Dispatcher::onFinished(Target &target, const PostResult &result)
{
    const auto it = target.inFlight.find(result.id);
    if (it == target.inFlight.end())
        return;
    const InFlight inFlight = std::move(*it);
    target.inFlight.erase(it);
    const QDateTime finishedAt = now();
    const OutcomeClassifier::Outcome outcome = m_classifier.classify(result);
    const int count = static_cast<int>(inFlight.lanes.size());
    target.counters.inFlight -= count;
    target.counters.recordLatency(result.elapsed);

    const int addresses = static_cast<int>(m_targets.size());
    const bool failOver = m_config.dispatch == DispatchMode::RoundRobin && addresses > 1;
    const int maxAttempts = std::max(0, m_config.retry) + 1;

    // Members of one batch with the same history wait the same time: one draw each.
    const std::optional<std::chrono::milliseconds> wish =
        OutcomeClassifier::parseRetryAfter(result.retryAfter, finishedAt);
    std::map<int, std::chrono::milliseconds> backoffByRound;
    const auto backoff = [&](int round) {
        const auto known = backoffByRound.find(round);
        if (known != backoffByRound.end())
            return known->second;
        const std::chrono::milliseconds delay =
            wish ? std::min(*wish, m_backoff.max()) : m_backoff.delay(round);
        backoffByRound.emplace(round, delay);
        return delay;
    };

    QList<Report> reports;
    QList<Target *> touched;
    for (const LaneId key : inFlight.lanes) {
        const auto lane = target.lanes.find(key);
        if (lane == target.lanes.end() || lane->entries.empty())
            continue;
        Entry entry = std::move(lane->entries.first());
        lane->entries.removeFirst();
        DeliveryJob &job = entry.job;
        ++job.attemptsMade;
        const AttemptRecord record{job.attemptsMade, inFlight.startedAt, finishedAt,
                                   result.httpStatus, outcome.reason};
        job.history.append(record);

        if (outcome.verdict == OutcomeClassifier::Verdict::Success) {
            ++target.counters.succeeded;
            reports.append(
                {Report::Kind::Succeeded, std::move(job), record, {}, result.bodyExcerpt});
        } else if (outcome.verdict == OutcomeClassifier::Verdict::Drop) {
            ++target.counters.failedPermanently;
            reports.append(deadReport(job, outcome.reason, result.bodyExcerpt));
        } else if (job.attemptsMade >= maxAttempts) {
            ++target.counters.failedPermanently;
            reports.append(deadReport(job,
                                      QStringLiteral("gave up after %1 attempts; last: %2")
                                          .arg(job.attemptsMade)
                                          .arg(outcome.reason),
                                      result.bodyExcerpt));
        } else {
            std::chrono::milliseconds delay = 0ms;
            Target *next = &target;
            if (failOver)
                next = m_targets[(target.index + 1) % addresses].get();
            // Round robin moves on at once until every address has had its turn.
            if (!failOver || job.attemptsMade % addresses == 0) {
                delay = backoff(failOver ? job.attemptsMade / addresses : job.attemptsMade);
            }
            job.notBefore = finishedAt.addMSecs(delay.count());
            job.target = next->address;
            ++target.counters.retried;
            reports.append({Report::Kind::Retry, job, record, {}, result.bodyExcerpt});
            if (next == &target) {
                lane->entries.prepend(std::move(entry));
                ++target.counters.queued;
            } else {
                addJob(*next, job);
                touched.append(next);
            }
        }
        placeLane(target, key);
    }
    emitReports(reports);
    // A receiver of the reports may have moved the clock; time the retries anew.
    armRetryTimer(target);
    for (Target *other : touched)
        schedulePump(*other);
    pump(target);
}

void Dispatcher::onRetryTimer(Target &target)
{
    const QDateTime current = now();
    while (!target.delayed.empty() && target.delayed.begin()->first <= current) {
        const LaneId key = target.delayed.begin()->second;
        target.delayed.erase(target.delayed.begin());
        const auto lane = target.lanes.find(key);
        if (lane != target.lanes.end() && lane->state == Lane::State::Delayed) {
            lane->state = Lane::State::Ready;
            target.ready.push_back(key);
        }
    }
    armRetryTimer(target);
    pump(target);
}

void Dispatcher::armRetryTimer(Target &target)
{
    if (target.delayed.empty()) {
        target.retryTimer->stop();
        return;
    }
    // One timer per target, for the earliest due lane. Re-checked against the
    // clock when it fires, so a clock that moves differently only re-arms it.
    const qint64 wait = std::clamp<qint64>(now().msecsTo(target.delayed.begin()->first), 0,
                                           std::chrono::milliseconds(24h).count());
    target.retryTimer->start(std::chrono::milliseconds(wait));
}

Dispatcher::Report Dispatcher::deadReport(const DeliveryJob &job, const QString &reason,
                                          const QByteArray &response) const
{
    return Report{Report::Kind::Dead, job, {}, reason, response};
}

void Dispatcher::emitReports(const QList<Report> &reports)
{
    for (const Report &report : reports) {
        switch (report.kind) {
        case Report::Kind::Succeeded:
            emit succeeded(report.job, report.attempt, report.response);
            break;
        case Report::Kind::Retry:
            qCDebug(lcHttp) << "message" << report.job.message.id << "to" << report.job.target
                            << "failed:" << report.attempt.error << "- next attempt at"
                            << report.job.notBefore;
            emit retryScheduled(report.job, report.attempt, report.job.notBefore, report.response);
            break;
        case Report::Kind::Dead:
            qCWarning(lcHttp) << "message" << report.job.message.id << "to" << report.job.target
                              << "dead-lettered:" << report.reason;
            emit deadLettered(report.job, report.job.history, report.reason, report.response);
            break;
        }
    }
}

TargetCounters Dispatcher::counters(const QString &address) const
{
    const Target *target = m_byAddress.value(address, nullptr);
    return target ? target->counters : TargetCounters{};
}

QList<TargetCounters> Dispatcher::allCounters() const
{
    QList<TargetCounters> all;
    for (const auto &target : m_targets)
        all.append(target->counters);
    return all;
}

void Dispatcher::clear()
{
    for (const auto &target : m_targets) {
        target->sender->abortAll();
        target->retryTimer->stop();
        target->batchTimer->stop();
        target->lanes.clear();
        target->laneOfTopic.clear();
        target->ready.clear();
        target->delayed.clear();
        target->inFlight.clear();
        target->batchDue = false;
        target->counters.queued = 0;
        target->counters.inFlight = 0;
    }
}

} // namespace mqhook
