#include "configvalidator.h"
#include "secretstore.h"
#include "validation.h"

#include <QUrl>

using namespace Qt::StringLiterals;

// The rules of mqtt_brokers entries: the connection, its TLS files and its
// client identifier.
namespace mqhook {

using namespace validation;

void ConfigValidator::readBroker(const JsonNode &node, const QString &path, size_t index,
                                 BrokerConfig *broker)
{
    if (!checkObject(node, path, ConfigSection::Broker))
        return;
    if (auto v = stringKey(node, path, "client_id"))
        broker->clientId = *v;
    if (auto v = stringKey(node, path, "username"))
        broker->username = *v;
    if (auto v = stringKey(node, path, "password"))
        broker->password = *v;
    if (const JsonNode *entry = node.member(u"password_keychain"_s)) {
        const QString entryPath = joinKey(path, u"password_keychain"_s);
        if (auto v = toText(*entry, entryPath)) {
            if (v->trimmed().isEmpty())
                addError(entry->position, entryPath,
                         u"expected the name of an entry of the OS keychain (service "
                         u"\"%1\"), got \"\""_s.arg(QLatin1StringView(keychainService)));
            else if (!broker->password.isEmpty())
                addError(entry->position, entryPath,
                         u"'password' and 'password_keychain' are both given: the password is "
                         u"either in the file or in the OS keychain; leave 'password' empty"_s);
            else
                broker->passwordKeychain = *v;
        }
    }
    if (auto v = integerKey(node, path, "alive", 0, 65535))
        broker->alive = int(*v);

    bool addressKnown = false;
    if (const JsonNode *ip = node.member(u"broker_ip"_s)) {
        const QString ipPath = joinKey(path, u"broker_ip"_s);
        if (auto v = toText(*ip, ipPath)) {
            if (isValidHostName(*v)) {
                broker->brokerIp = *v;
                addressKnown = true;
            } else {
                addError(ip->position, ipPath,
                         u"expected a host name or IP address (no scheme, no port), got %1"_s.arg(
                             quoted(*v)));
            }
        }
    }
    bool portKnown = false;
    if (auto v = integerKey(node, path, "broker_port", 1, 65535)) {
        broker->brokerPort = int(*v);
        portKnown = true;
    }

    if (const JsonNode *subs = node.member(u"sub_deal_config"_s)) {
        const QString subsPath = joinKey(path, u"sub_deal_config"_s);
        if (subs->isArray()) {
            if (subs->children.empty())
                addWarning(subs->position, subsPath,
                           u"the list is empty: this broker forwards nothing"_s);
            for (size_t i = 0; i < subs->children.size(); ++i) {
                SubscriptionConfig sub;
                readSubscription(subs->children[i], joinIndex(subsPath, i), &sub);
                broker->subscriptions.append(sub);
            }
        } else if (subs->isObject()) {
            SubscriptionConfig sub;
            readSubscription(*subs, subsPath, &sub);
            broker->subscriptions.append(sub);
        } else {
            addError(subs->position, subsPath,
                     u"expected an object or a list of objects, got %1"_s.arg(describe(*subs)));
        }
    }

    // Extensions
    if (auto v = boolKey(node, path, "enabled"))
        broker->enabled = *v;
    if (const JsonNode *version = node.member(u"protocol_version"_s)) {
        const QString versionPath = joinKey(path, u"protocol_version"_s);
        if (version->isNumber() && version->number == 5) {
            broker->protocolVersion = MqttProtocolVersion::V5;
        } else if (version->isString()) {
            if (auto v = toText(*version, versionPath)) {
                if (*v == u"3.1.1")
                    broker->protocolVersion = MqttProtocolVersion::V311;
                else if (*v == u"5" || *v == u"5.0")
                    broker->protocolVersion = MqttProtocolVersion::V5;
                else
                    addError(version->position, versionPath,
                             u"expected \"3.1.1\" or \"5\", got %1"_s.arg(quoted(*v)));
            }
        } else {
            addError(version->position, versionPath,
                     u"expected \"3.1.1\" or \"5\", got %1"_s.arg(describe(*version)));
        }
    }
    if (auto v = boolKey(node, path, "clean_session"))
        broker->cleanSession = *v;
    // MQTT 5.0 §3.1.2.11.2: a four byte integer.
    if (auto v = integerKey(node, path, "session_expiry", 0, 4294967295LL))
        broker->sessionExpiry = std::chrono::seconds(*v);
    // MQTT 5.0 §3.1.2.11.3: a two byte integer, 0 is a protocol error.
    if (auto v = integerKey(node, path, "receive_maximum", 1, 65535))
        broker->receiveMaximum = int(*v);
    if (broker->protocolVersion == MqttProtocolVersion::V311) {
        // Only a value other than the default would be lost, so only that is worth a word.
        const bool changed[] = {broker->sessionExpiry != defaults::sessionExpiry,
                                broker->receiveMaximum != defaults::receiveMaximum};
        int i = 0;
        for (const char *key : {"session_expiry", "receive_maximum"}) {
            const QString name = QString::fromLatin1(key);
            const qsizetype at = node.keys.lastIndexOf(name);
            const bool differs = changed[i++];
            if (at >= 0 && differs)
                addWarning(node.keyPositions[size_t(at)], joinKey(path, name),
                           u"'%1' applies to MQTT 5 only and has no effect with "
                           u"protocol_version \"3.1.1\""_s.arg(name));
        }
    }
    if (auto v = choiceKey(node, path, "transport", {u"tcp"_s, u"ws"_s}))
        broker->transport = *v == u"ws" ? MqttTransport::WebSocket : MqttTransport::Tcp;
    if (const JsonNode *wsPath = node.member(u"ws_path"_s)) {
        const QString wsPathPath = joinKey(path, u"ws_path"_s);
        if (auto v = toText(*wsPath, wsPathPath)) {
            if (v->startsWith(u'/'))
                broker->webSocketPath = *v;
            else
                addError(wsPath->position, wsPathPath,
                         u"expected a path starting with '/', got %1"_s.arg(quoted(*v)));
        }
        if (broker->transport != MqttTransport::WebSocket &&
            broker->webSocketPath != QLatin1StringView(defaults::webSocketPath))
            addWarning(wsPath->position, wsPathPath,
                       u"'ws_path' has no effect unless transport is \"ws\""_s);
    }
    if (const JsonNode *tls = node.member(u"tls"_s))
        readTls(*tls, joinKey(path, u"tls"_s), ConfigSection::BrokerTls, &broker->tls);

    // A disabled connection does not connect, so it cannot kick another one off.
    if (addressKnown && portKnown && !broker->clientId.isEmpty() && broker->enabled) {
        const JsonNode *id = node.member(u"client_id"_s);
        m_clientIds.append({broker->address().toLower(), broker->clientId,
                            joinKey(path, u"client_id"_s), id->position, index});
    }
}

void ConfigValidator::readTls(const JsonNode &node, const QString &path, ConfigSection section,
                              TlsConfig *tls)
{
    if (!checkObject(node, path, section))
        return;
    if (section == ConfigSection::BrokerTls) {
        if (auto v = boolKey(node, path, "enabled"))
            tls->enabled = *v;
    }
    if (auto v = stringKey(node, path, "ca_file"))
        tls->caFile = resolvePath(*v);
    if (auto v = stringKey(node, path, "cert_file"))
        tls->certFile = resolvePath(*v);
    if (auto v = stringKey(node, path, "key_file"))
        tls->keyFile = resolvePath(*v);
    if (auto v = boolKey(node, path, "insecure_skip_verify")) {
        tls->insecureSkipVerify = *v;
        if (*v)
            addWarning(node.member(u"insecure_skip_verify"_s)->position,
                       joinKey(path, u"insecure_skip_verify"_s),
                       u"certificates are not verified: anyone on the network path can read "
                       u"and change this traffic"_s);
    }
    const bool configured = !tls->caFile.isEmpty() || !tls->certFile.isEmpty() ||
                            !tls->keyFile.isEmpty() || tls->insecureSkipVerify;
    if (section == ConfigSection::BrokerTls && !tls->enabled && configured)
        addWarning(node.position, path,
                   u"TLS files or options are set but \"enabled\" is not true: the connection "
                   u"is not encrypted"_s);
}

void ConfigValidator::checkClientIds()
{
    // Two clients with one client_id on one broker take turns kicking each other off.
    for (qsizetype i = 0; i < m_clientIds.size(); ++i) {
        const ClientIdUse &use = m_clientIds.at(i);
        for (qsizetype j = 0; j < i; ++j) {
            const ClientIdUse &earlier = m_clientIds.at(j);
            if (earlier.address == use.address && earlier.clientId == use.clientId) {
                addError(use.position, use.path,
                         u"expected a client_id unique on %1, got %2, which mqtt_brokers[%3] "
                         u"uses already"_s.arg(use.address, quoted(use.clientId))
                             .arg(earlier.broker));
                break;
            }
        }
    }
}

} // namespace mqhook
