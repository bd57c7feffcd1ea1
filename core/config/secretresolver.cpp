#include "secretresolver.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace mqhook {

bool SecretResolver::needsSecrets(const Config &config)
{
    for (const BrokerConfig &broker : config.brokers) {
        if (broker.enabled && !broker.passwordKeychain.isEmpty())
            return true;
    }
    return false;
}

QString SecretResolver::describeBroker(const BrokerConfig &broker, qsizetype index)
{
    return u"mqtt_brokers[%1] (client_id \"%2\", %3)"_s.arg(index).arg(broker.clientId,
                                                                       broker.address());
}

QString SecretResolver::explain(const SecretResult &result)
{
    using Status = SecretResult::Status;
    const QString detail = result.message.isEmpty() ? QString() : u" ("_s + result.message + u')';
    switch (result.status) {
    case Status::Ok:
        return {};
    case Status::NotFound:
        return u"the keychain has no such entry; store the password from the mqhook window "
               u"(the broker's Password field, \"OS keychain\")"_s;
    case Status::Unavailable:
        return u"no keychain is available%1; where there is no desktop session, put an "
               u"environment reference such as \"${MQHOOK_PASSWORD}\" in 'password' instead"_s.arg(
                   detail);
    case Status::Denied:
        return u"the keychain is locked or refused access%1; unlock it and start again"_s.arg(
            detail);
    case Status::TimedOut:
        return u"the keychain did not answer in time%1"_s.arg(detail);
    case Status::Failed:
        return u"the keychain failed%1"_s.arg(detail);
    }
    return {};
}

void SecretResolver::resolve(const Config &config, SecretStore *store, QObject *context,
                             Callback done)
{
    struct State
    {
        Outcome outcome;
        int waiting = 0;
        Callback done;
    };
    auto state = std::make_shared<State>();
    state->outcome.config = config;
    state->done = std::move(done);

    QList<qsizetype> wanted;
    for (qsizetype i = 0; i < config.brokers.size(); ++i) {
        const BrokerConfig &broker = config.brokers.at(i);
        if (broker.enabled && !broker.passwordKeychain.isEmpty())
            wanted.append(i);
    }
    if (!store || wanted.isEmpty()) {
        for (qsizetype i : std::as_const(wanted)) {
            state->outcome.errors.append(
                u"%1: its password is in the OS keychain (entry \"%2\"), but this mqhook "
                u"has no keychain to read it from"_s.arg(describeBroker(config.brokers.at(i), i),
                                                         config.brokers.at(i).passwordKeychain));
        }
        QMetaObject::invokeMethod(
            context, [state] { state->done(state->outcome); }, Qt::QueuedConnection);
        return;
    }

    state->waiting = int(wanted.size());
    for (qsizetype i : std::as_const(wanted)) {
        const BrokerConfig &broker = config.brokers.at(i);
        store->read(broker.passwordKeychain, context, [state, i](const SecretResult &result) {
            BrokerConfig &target = state->outcome.config.brokers[i];
            if (result.ok()) {
                target.password = result.secret;
            } else {
                state->outcome.errors.append(
                    u"%1: cannot read its password from the OS keychain (service \"%2\", entry "
                    u"\"%3\"): %4"_s.arg(describeBroker(target, i),
                                         QLatin1StringView(keychainService),
                                         target.passwordKeychain, explain(result)));
            }
            if (--state->waiting == 0)
                state->done(state->outcome);
        });
    }
}

} // namespace mqhook
