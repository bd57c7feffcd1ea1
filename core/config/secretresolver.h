#pragma once

#include "config.h"
#include "secretstore.h"

#include <QObject>
#include <QStringList>

#include <functional>

namespace mqhook {

// Fills in the passwords of the broker connections whose password_keychain
// names an entry of a SecretStore, and names every connection whose password
// cannot be read, with the reason and what to do about it.
class SecretResolver
{
public:
    struct Outcome
    {
        Config config;      // with the passwords filled in, when errors is empty
        QStringList errors; // one per connection that failed, naming it
    };
    using Callback = std::function<void(const Outcome &)>;

    // True when an enabled broker connection names a keychain entry.
    static bool needsSecrets(const Config &config);

    // Reads every entry named by an enabled connection; calls done once,
    // from the event loop, on context's thread (not at all once context is
    // gone). Without a store every reference is an error.
    static void resolve(const Config &config, SecretStore *store, QObject *context, Callback done);

    // mqtt_brokers[0] (client_id "orders", 127.0.0.1:1883)
    static QString describeBroker(const BrokerConfig &broker, qsizetype index);

    // Why a job failed, in plain words, with what the user can do instead.
    static QString explain(const SecretResult &result);
};

} // namespace mqhook
