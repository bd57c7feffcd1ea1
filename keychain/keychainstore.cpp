#include "keychainstore.h"

#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// QtKeychain reports most Secret Service failures as OtherError; its text
// tells them apart (see the failure table in the desktop documentation).
SecretResult::Status classifyOther(const QString &message)
{
    const bool noBus = message.contains(u"D-Bus"_s, Qt::CaseInsensitive) ||
                       message.contains(u"DBus"_s, Qt::CaseInsensitive) ||
                       message.contains(u"org.freedesktop.secrets"_s) ||
                       message.contains(u"not provided by any .service"_s);
    if (noBus)
        return SecretResult::Status::Unavailable;
    // A keyring never unlocked has no login collection; a locked one refuses writes.
    if (message.contains(u"/collection/"_s) || message.contains(u"locked"_s, Qt::CaseInsensitive))
        return SecretResult::Status::Denied;
    return SecretResult::Status::Failed;
}

SecretResult resultOf(QKeychain::Job *job, bool reading)
{
    SecretResult result;
    result.message = job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = SecretResult::Status::Ok;
        result.message.clear();
        if (reading)
            result.secret = static_cast<QKeychain::ReadPasswordJob *>(job)->textData();
        break;
    case QKeychain::EntryNotFound:
        result.status = SecretResult::Status::NotFound;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.status = SecretResult::Status::Denied;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        result.status = SecretResult::Status::Unavailable;
        break;
    case QKeychain::CouldNotDeleteEntry:
        result.status = SecretResult::Status::Failed;
        break;
    case QKeychain::OtherError:
        result.status = classifyOther(result.message);
        break;
    }
    return result;
}

} // namespace

KeychainStore::KeychainStore(std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_timeout(timeout)
{}

KeychainStore::~KeychainStore() = default;

void KeychainStore::read(const QString &entry, QObject *context, Callback done)
{
    run(new QKeychain::ReadPasswordJob(QLatin1StringView(keychainService), this), entry, context,
        std::move(done), true);
}

void KeychainStore::write(const QString &entry, const QString &secret, QObject *context,
                          Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(QLatin1StringView(keychainService), this);
    job->setTextData(secret);
    run(job, entry, context, std::move(done), false);
}

void KeychainStore::remove(const QString &entry, QObject *context, Callback done)
{
    run(new QKeychain::DeletePasswordJob(QLatin1StringView(keychainService), this), entry, context,
        std::move(done), false);
}

void KeychainStore::run(QKeychain::Job *job, const QString &entry, QObject *context, Callback done,
                        bool reading)
{
    job->setAutoDelete(false);
    job->setKey(entry);
    // The first of the job's answer and the timeout is delivered, later and
    // only while context lives.
    auto answered = std::make_shared<bool>(false);
    QPointer<QObject> guard(context);
    auto deliver = [answered, guard, done = std::move(done)](const SecretResult &result) {
        if (*answered)
            return;
        *answered = true;
        if (guard)
            QMetaObject::invokeMethod(
                guard.data(), [done, result] { done(result); }, Qt::QueuedConnection);
    };
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [deliver, timeout = m_timeout] {
        deliver({SecretResult::Status::TimedOut,
                 {},
                 u"no answer within %1 s"_s.arg(double(timeout.count()) / 1000.0)});
    });
    connect(job, &QKeychain::Job::finished, this, [deliver, timer, reading](QKeychain::Job *job) {
        timer->stop();
        deliver(resultOf(job, reading));
        job->deleteLater();
    });
    timer->start(m_timeout);
    job->start();
}

} // namespace mqhook
