#pragma once

#include <QList>
#include <QPair>
#include <QString>

// What tests read back from the engine, computed from what the engine shows
// anyway (its counters, its subscriptions) rather than from hooks of its own.
namespace mqhook {
class Bridge;
class Router;
class TopicFilter;
} // namespace mqhook

namespace mqhook::test {

// Deliveries the bridge's dispatchers hold (queued or in flight), by their
// counters: what its delivery windows bound.
qint64 heldDeliveries(const Bridge &bridge);

// The ShareName of a "$share/<group>/<filter>" subscription; empty for any
// other kind.
QString shareGroup(const TopicFilter &filter);

// True when some topic name matches both filters (prefixes stripped, MQTT
// 5.0 §4.7); false when either is invalid.
bool filtersOverlap(const TopicFilter &a, const TopicFilter &b);

// Pairs of routes (sub_deal_config indexes, each pair ascending, in
// configuration order) on distinct subscriptions whose filters can match the
// same topic: under MQTT 3.1.1 a message on such a topic may reach each of
// them more than once (docs/design/routing.md).
QList<QPair<int, int>> overlappingRoutes(const Router &router);

} // namespace mqhook::test
