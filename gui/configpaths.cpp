#include "configpaths.h"

using namespace Qt::StringLiterals;

namespace mqhook::ConfigPaths {

namespace {

QList<JsonPath> elements(const JsonNode &root, const JsonPath &array)
{
    QList<JsonPath> paths;
    const JsonNode *node = array.find(root);
    if (node && node->isArray()) {
        for (size_t i = 0; i < node->children.size(); ++i)
            paths.append(array.index(qsizetype(i)));
    }
    return paths;
}

} // namespace

JsonPath brokers()
{
    return JsonPath().key(u"mqtt_brokers"_s);
}

QList<JsonPath> brokerPaths(const JsonNode &root)
{
    return elements(root, brokers());
}

QList<JsonPath> routePaths(const JsonNode &root, const JsonPath &broker)
{
    const JsonPath routes = broker.key(u"sub_deal_config"_s);
    const JsonNode *node = routes.find(root);
    if (node && node->isObject())
        return {routes};
    return elements(root, routes);
}

JsonPath brokerOf(const JsonPath &path)
{
    JsonPath broker;
    if (path.size() >= 2 && !path.at(0).isIndex() && path.at(0).key == u"mqtt_brokers" &&
        path.at(1).isIndex())
        broker = broker.key(path.at(0).key).index(path.at(1).index);
    return broker;
}

JsonPath callbackList(const JsonNode &root, const JsonPath &route)
{
    const JsonNode *node = route.find(root);
    if (node && !node->member(u"callbackAddress"_s) && node->member(u"callbaccallbackAddress"_s))
        return route.key(u"callbaccallbackAddress"_s);
    return route.key(u"callbackAddress"_s);
}

QList<JsonPath> callbackPaths(const JsonNode &root, const JsonPath &route)
{
    return elements(root, callbackList(root, route));
}

JsonPath routeList(const JsonNode &root, const JsonPath &broker)
{
    const JsonPath routes = broker.key(u"sub_deal_config"_s);
    const JsonNode *node = routes.find(root);
    return node && node->isArray() ? routes : JsonPath();
}

} // namespace mqhook::ConfigPaths
