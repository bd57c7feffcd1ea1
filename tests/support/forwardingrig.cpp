#include "forwardingrig.h"

#include "payloads.h"

#include <QFile>

namespace mqhook::test {

ForwardingRig::ForwardingRig() = default;

ForwardingRig::ForwardingRig(const MosquittoFixture::Options &options)
    : m_broker(options)
{}

bool ForwardingRig::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder: %1").arg(m_dir.errorString());
        return false;
    }
    return m_broker.start(error) && m_endpoint.start(error);
}

ForwardConfig ForwardingRig::config(const QString &clientId, const QString &path) const
{
    ForwardConfig config;
    config.brokerPort = m_broker.port();
    config.clientId = clientId;
    config.callbacks = {m_endpoint.url(path).toString()};
    return config;
}

QString ForwardingRig::writeConfigFile(const ForwardConfig &config) const
{
    const QString fileName = m_dir.filePath(QStringLiteral("mqhook.json"));
    QFile file(fileName);
    const QByteArray json = config.toJson();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json) != json.size())
        return {};
    return fileName;
}

bool ForwardingRig::publishLines(const QString &topic, const QList<QByteArray> &payloads,
                                 QString *error)
{
    return m_broker.publish({QStringLiteral("-q"), QStringLiteral("1"), QStringLiteral("-t"), topic,
                             QStringLiteral("-l")},
                            error, asLines(payloads));
}

} // namespace mqhook::test
