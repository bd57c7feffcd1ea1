#include "deliverywindows.h"

#include "config/config.h"

#include <algorithm>

namespace mqhook {

int DeliveryWindows::sizeFor(const SubscriptionConfig &config)
{
    // Each callback address has its own window, so a dead one never takes the
    // room of another. Twice what an address can have in flight keeps its
    // requests full while the next slice is read at the half-way mark.
    const qint64 perRequest = config.batch.enabled() ? config.batch.maxMessages : 1;
    const qint64 inFlight = qint64(std::max(1, config.maxInflight)) * perRequest;
    return int(std::clamp<qint64>(2 * inFlight, minSize, maxSize));
}

DeliveryWindows::DeliveryWindows(int size, Read read, HandOver handOver)
    : m_size(size)
    , m_read(std::move(read))
    , m_handOver(std::move(handOver))
{}

DeliveryWindows::Window &DeliveryWindows::windowOf(const QString &target)
{
    auto it = m_windows.find(target);
    if (it == m_windows.end()) {
        it = m_windows.emplace(target, Window()).first;
        it->second.target = target;
    }
    return it->second;
}

void DeliveryWindows::add(const QString &target)
{
    windowOf(target);
}

void DeliveryWindows::adopt(const QString &target, qint64 firstId)
{
    if (m_windows.find(target) == m_windows.end())
        windowOf(target).position = firstId - 1;
}

void DeliveryWindows::stepBack(const QString &target, qint64 firstId)
{
    // Requeued ids may lie below the position: read again from there (the
    // slice skips what the dispatcher still holds).
    Window &window = windowOf(target);
    window.position = std::min(window.position, firstId - 1);
    window.behind = true;
    window.steppedBack = true;
    window.reading = 0; // a slice read from the old position is not wanted
}

void DeliveryWindows::take(const QueuedDelivery &delivery)
{
    Window &window = windowOf(delivery.target);
    if (window.behind) {
        // Stored after the slice being read, if any: the next one has them.
        window.passedOver = window.passedOver || window.reading != 0;
        return;
    }
    if (window.held >= m_size) {
        window.behind = true;
        return;
    }
    if (window.taken.isEmpty())
        m_taken.append(&window);
    window.taken.append(delivery);
    ++window.held; // counted here so the room check above sees it
    window.position = delivery.id;
}

void DeliveryWindows::handOverTaken()
{
    for (Window *window : std::exchange(m_taken, {})) {
        const QList<QueuedDelivery> slice = std::exchange(window->taken, {});
        window->held -= int(slice.size());
        handOver(*window, slice);
    }
}

void DeliveryWindows::handOver(Window &window, const QList<QueuedDelivery> &deliveries)
{
    if (deliveries.isEmpty())
        return;
    for (const QueuedDelivery &delivery : deliveries)
        m_held.insert(delivery.id, &window);
    window.held += int(deliveries.size());
    m_peak = std::max(m_peak, window.held);
    m_handOver(deliveries);
}

bool DeliveryWindows::finish(qint64 id)
{
    Window *window = m_held.take(id);
    if (!window)
        return false;
    --window->held;
    return window->behind && window->held < refillBelow();
}

void DeliveryWindows::refill()
{
    for (auto &[target, window] : m_windows) {
        if (window.held < refillBelow())
            fill(window);
    }
}

void DeliveryWindows::fill(Window &window)
{
    if (!window.behind || window.reading != 0 || window.held >= m_size)
        return;
    window.readLimit = m_size - window.held;
    window.passedOver = false;
    window.steppedBack = false;
    window.reading = m_read(window.target, window.position, window.readLimit);
}

bool DeliveryWindows::readsBelowPosition() const
{
    return std::any_of(m_windows.begin(), m_windows.end(),
                       [](const auto &entry) { return entry.second.steppedBack; });
}

DeliveryWindows::Window *DeliveryWindows::windowReading(quint64 request)
{
    if (request == 0)
        return nullptr;
    for (auto &[target, window] : m_windows) {
        if (window.reading == request)
            return &window;
    }
    return nullptr;
}

bool DeliveryWindows::isReading(quint64 request) const
{
    return request != 0 &&
           std::any_of(m_windows.begin(), m_windows.end(),
                       [request](const auto &entry) { return entry.second.reading == request; });
}

void DeliveryWindows::readFailed(quint64 request)
{
    if (Window *window = windowReading(request))
        window->reading = 0;
}

void DeliveryWindows::readDone(quint64 request, const QList<QueuedDelivery> &slice)
{
    Window *window = windowReading(request);
    if (!window) // the window stepped back and reads again
        return;
    window->reading = 0;
    QList<QueuedDelivery> fresh;
    fresh.reserve(slice.size());
    for (const QueuedDelivery &delivery : slice) {
        window->position = std::max(window->position, delivery.id);
        // Read again after a step back for requeued dead letters.
        if (!m_held.contains(delivery.id))
            fresh.append(delivery);
    }
    // All caught up, unless deliveries came in while the slice was read.
    if (slice.size() < window->readLimit && !window->passedOver)
        window->behind = false;
    handOver(*window, fresh);
    fill(*window); // until the window is full
}

} // namespace mqhook
