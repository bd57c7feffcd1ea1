#include "keychaintesthelpers.h"

#include "testpaths.h"

#include <QTest>

#include <csignal>

namespace mqhook::test {

QByteArray oneBrokerConfig(quint16 port, const QString &user, const QString &extra)
{
    QByteArray json = R"({
  "mqtt_brokers": [
    {
      "client_id": "edge-1",
      "username": "USER",
      "password": "",
      "alive": 30,
      "broker_ip": "127.0.0.1",
      "broker_port": PORT,EXTRA
      "sub_deal_config": {
        "app_name": "edge",
        "app_id": "1",
        "enabled": true,
        "callbackMethod": "HTTP",
        "callbackAddress": ["http://127.0.0.1:9/edge"],
        "subTopic": {"topic": "edge/#", "qos": 1},
        "excludeTopics": [],
        "retry": 1
      }
    }
  ],
  "log_config": {"level": "info", "filename": "", "maxsize": 1, "max_age": 1, "max_backups": 1},
  "queue": {"mode": "memory"}
}
)";
    json.replace("USER", user.toUtf8());
    json.replace("PORT", QByteArray::number(port));
    json.replace("EXTRA", extra.isEmpty() ? QByteArray() : "\n      " + extra.toUtf8() + ',');
    return json;
}

HeadlessRun::HeadlessRun(const QString &configFile, const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                     [this] { m_output += m_process.readAllStandardOutput(); });
    m_process.start(mqhookBinary(),
                    {QStringLiteral("--no-gui"), QStringLiteral("--config"), configFile,
                     QStringLiteral("--log-level"), QStringLiteral("info")});
    m_process.waitForStarted(30000);
}

HeadlessRun::~HeadlessRun()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

QString HeadlessRun::output()
{
    m_output += m_process.readAllStandardOutput();
    return QString::fromUtf8(m_output);
}

bool HeadlessRun::waitForOutput(const QString &text, int ms)
{
    return QTest::qWaitFor([this, &text] { return output().contains(text) || !isRunning(); }, ms) &&
           output().contains(text);
}

bool HeadlessRun::waitForExit(int ms)
{
    return QTest::qWaitFor([this] { return !isRunning(); }, ms);
}

void HeadlessRun::terminate()
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), SIGTERM);
}

} // namespace mqhook::test
