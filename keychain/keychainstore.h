#pragma once

#include "config/secretstore.h"

#include <QObject>

#include <chrono>

namespace QKeychain {
class Job;
}

namespace mqhook {

// SecretStore on the OS keychain through QtKeychain: the Secret Service
// (GNOME Keyring, KWallet) on Linux, the Keychain on macOS, the Credential
// Store on Windows. Every job ends within the timeout: a keychain that hangs
// (an unlock prompt nobody sees) answers TimedOut.
class KeychainStore : public QObject, public SecretStore
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds defaultTimeout{10'000};

    explicit KeychainStore(std::chrono::milliseconds timeout = defaultTimeout,
                           QObject *parent = nullptr);
    ~KeychainStore() override;

    void read(const QString &entry, QObject *context, Callback done) override;
    void write(const QString &entry, const QString &secret, QObject *context,
               Callback done) override;
    void remove(const QString &entry, QObject *context, Callback done) override;

private:
    void run(QKeychain::Job *job, const QString &entry, QObject *context, Callback done,
             bool reading);

    std::chrono::milliseconds m_timeout;
};

} // namespace mqhook
