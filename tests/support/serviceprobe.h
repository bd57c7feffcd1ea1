#pragma once

#include <QString>

namespace mqhook::test {

class CountingEndpoint;
class MosquittoFixture;
class MqhookProcess;

// Whether this build runs under AddressSanitizer, whose shadow memory and
// quarantine make a process's resident size several times larger: memory
// bounds of the end-to-end tests allow for it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool underAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool underAsan = true;
#else
inline constexpr bool underAsan = false;
#endif
#else
inline constexpr bool underAsan = false;
#endif

// Publishes probes to e2e/probe until one comes through: then the service's
// subscription is in place (and its session, with clean_session false,
// holds it). False with *error when the service ended or nothing arrived.
bool waitUntilForwarding(MosquittoFixture &broker, CountingEndpoint &endpoint,
                         MqhookProcess &service, QString *error);

} // namespace mqhook::test
