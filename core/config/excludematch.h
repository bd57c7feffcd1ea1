#pragma once

#include <QString>

namespace mqhook {

// Whether one entry of sub_deal_config.excludeTopics excludes a message topic.
//
// An entry is an MQTT topic filter, matched as MQTT matches subscriptions
// (MQTT 3.1.1 §4.7, MQTT 5.0 §4.7: '+' one level, '#' the rest including the
// parent, filters starting with a wildcard do not match topics starting with
// '$'). One addition keeps the seed's example meaningful: an entry ending in
// '/' excludes the whole subtree, so "P/" behaves as the filter "P/#" and
// "from/v1/aaa/" excludes "from/v1/aaa", "from/v1/aaa/" and "from/v1/aaa/x/y",
// but not "from/v1/aaab".
bool excludeMatches(const QString &excludeEntry, const QString &topic);

} // namespace mqhook
