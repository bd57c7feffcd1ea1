#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace mqhook {

// The service name of every keychain entry mqhook reads or writes.
inline constexpr const char *keychainService = "mqhook";

// What became of one SecretStore job.
struct SecretResult
{
    enum class Status
    {
        Ok,          // read: secret holds the value; write, remove: done
        NotFound,    // no entry of that name
        Unavailable, // no keychain to ask: no Secret Service, no session bus
        Denied,      // the keychain is locked or refused access
        TimedOut,    // no answer within the store's timeout
        Failed,      // anything else; message says what
    };

    Status status = Status::Failed;
    QString secret;
    QString message; // the keychain's own words, for the user; never the secret

    bool ok() const { return status == Status::Ok; }
};

// Secrets kept outside the configuration file, one entry per name, under the
// service keychainService. Core reads broker passwords through this interface;
// the OS keychain behind it lives outside core (mqhook_keychain).
class SecretStore
{
public:
    using Callback = std::function<void(const SecretResult &)>;

    virtual ~SecretStore() = default;

    // Each job calls done exactly once, from the event loop (never from within
    // the call) and on context's thread, within the store's timeout; not at
    // all when context is destroyed first.
    virtual void read(const QString &entry, QObject *context, Callback done) = 0;
    virtual void write(const QString &entry, const QString &secret, QObject *context,
                       Callback done) = 0;
    virtual void remove(const QString &entry, QObject *context, Callback done) = 0;
};

} // namespace mqhook
