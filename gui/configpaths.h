#pragma once

#include "config/jsonnode.h"
#include "jsonpath.h"

#include <QList>

// Where the parts of a configuration are in its JSON tree, whatever shape
// the file gives them (sub_deal_config an object or a list, the seed's
// misspelled callbaccallbackAddress).
namespace mqhook::ConfigPaths {

JsonPath brokers();
// mqtt_brokers[i] for every element.
QList<JsonPath> brokerPaths(const JsonNode &root);
// sub_deal_config itself when it is an object, else each of its elements.
QList<JsonPath> routePaths(const JsonNode &root, const JsonPath &broker);
// The broker a route (or anything below it) belongs to.
JsonPath brokerOf(const JsonPath &path);
// callbackAddress, or callbaccallbackAddress when only that one is given.
JsonPath callbackList(const JsonNode &root, const JsonPath &route);
QList<JsonPath> callbackPaths(const JsonNode &root, const JsonPath &route);
// The key of sub_deal_config's list (for moving routes), or an empty path
// when sub_deal_config is one object.
JsonPath routeList(const JsonNode &root, const JsonPath &broker);

} // namespace mqhook::ConfigPaths
