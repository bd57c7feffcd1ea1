#include "serviceprobe.h"

#include "countingendpoint.h"
#include "mosquittofixture.h"
#include "mqhookprocess.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace mqhook::test {

bool waitUntilForwarding(MosquittoFixture &broker, CountingEndpoint &endpoint,
                         MqhookProcess &service, QString *error)
{
    const int before = endpoint.acceptedTotal();
    for (int probe = 1; probe <= 60; ++probe) {
        if (!service.isRunning()) {
            *error = u"mqhook ended: %1"_s.arg(service.output());
            return false;
        }
        if (!broker.publish(
                {u"-q"_s, u"1"_s, u"-t"_s, u"e2e/probe"_s, u"-m"_s, u"probe-%1"_s.arg(probe)},
                error))
            return false;
        if (QTest::qWaitFor([&] { return endpoint.acceptedTotal() > before; }, 1000))
            return true;
    }
    *error = u"no probe arrived; mqhook said:\n%1"_s.arg(service.output());
    return false;
}

} // namespace mqhook::test
