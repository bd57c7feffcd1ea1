#pragma once

#include "countingendpoint.h"
#include "forwardconfig.h"
#include "mosquittofixture.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTemporaryDir>

namespace mqhook::test {

// What an end-to-end test forwards between: a real mosquitto, a counting
// HTTP endpoint and a folder for the configuration file and the queue.
class ForwardingRig
{
public:
    ForwardingRig();
    explicit ForwardingRig(const MosquittoFixture::Options &options);

    ForwardingRig(const ForwardingRig &) = delete;
    ForwardingRig &operator=(const ForwardingRig &) = delete;

    bool start(QString *error);

    MosquittoFixture &broker() { return m_broker; }
    CountingEndpoint &endpoint() { return m_endpoint; }
    QString dir() const { return m_dir.path(); }

    // One route from e2e/# (QoS 1) to `path` on the endpoint.
    ForwardConfig config(const QString &clientId, const QString &path) const;
    // Writes <dir>/mqhook.json and returns its name; empty when it cannot.
    QString writeConfigFile(const ForwardConfig &config) const;

    // mosquitto_pub -q 1 -l: one message per payload, waits until it is done.
    bool publishLines(const QString &topic, const QList<QByteArray> &payloads, QString *error);

private:
    MosquittoFixture m_broker;
    CountingEndpoint m_endpoint;
    QTemporaryDir m_dir;
};

} // namespace mqhook::test
