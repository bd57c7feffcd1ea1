#include "demo.h"

#include "config/configloader.h"
#include "config/jsonreader.h"
#include "config/jsonwriter.h"
#include "demoendpoint.h"
#include "mqtt/mqttclient.h"
#include "service/bridge.h"
#include "service/exitcode.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <unistd.h>

namespace mqhook {

using namespace std::chrono_literals;

namespace {

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

// The member of an object node named key, or nullptr.
JsonNode *memberOf(JsonNode &object, const QString &key)
{
    const qsizetype at = object.keys.lastIndexOf(key);
    return at < 0 ? nullptr : &object.children[std::size_t(at)];
}

// The seed's message format, {"header": time, "body": time}, with a few
// readings beside it for the window to show.
QByteArray sampleMessage(int n)
{
    const QString now = QDateTime::currentDateTime().toString(Qt::ISODateWithMs);
    QJsonObject object;
    object.insert(QStringLiteral("header"), now);
    object.insert(QStringLiteral("body"), now);
    if (n >= 0) {
        object.insert(QStringLiteral("seq"), n);
        object.insert(QStringLiteral("speed_kmh"), 30 + (n * 7) % 60);
        object.insert(QStringLiteral("battery"), 100 - n % 100);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

Demo::Demo(QTextStream &out, QObject *parent)
    : QObject(parent)
    , m_out(out)
    , m_endpoint(new DemoEndpoint(this))
{
    m_probeTimer.setInterval(50ms);
    connect(&m_probeTimer, &QTimer::timeout, this, &Demo::waitForBroker);
    m_publishTimer.setInterval(400ms);
    connect(&m_publishTimer, &QTimer::timeout, this, &Demo::publishOne);
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(60s);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(tr("timed out: %1 of %2 requests arrived")
                 .arg(m_endpoint->requestCount())
                 .arg(m_expectedRequests));
    });
}

Demo::~Demo()
{
    m_finished = true; // mosquitto stopping now is no failure
    disconnect(&m_broker, nullptr, this, nullptr);
    m_bridge.reset();
    if (m_broker.state() != QProcess::NotRunning) {
        m_broker.terminate();
        if (!m_broker.waitForFinished(3000))
            m_broker.kill();
        m_broker.waitForFinished();
    }
}

void Demo::startForWindow()
{
    m_forWindow = true;
    m_endpoint->setFailures(true);
    start();
}

void Demo::start()
{
    m_deadline.start();
    QString error;
    if (!m_dir.isValid())
        return fail(tr("cannot create a temporary folder: %1").arg(m_dir.errorString()));
    if (!startBroker(&error))
        return fail(error);
    if (!m_endpoint->listen(&error))
        return fail(error);
    connect(
        m_endpoint, &DemoEndpoint::received, this, [this](const DemoEndpoint::Request &request) {
            QByteArray topic;
            for (const auto &[name, value] : request.headers) {
                if (name.compare("X-Mqhook-Topic", Qt::CaseInsensitive) == 0)
                    topic = value;
            }
            if (m_forWindow)
                return; // the window shows them
            if (topic.startsWith("from/v1/aaa"))
                ++m_excludedArrived;
            m_out << tr("endpoint  %1 %2  topic %3  body %4")
                         .arg(QString::fromLatin1(request.method), QString::fromUtf8(request.path),
                              QString::fromUtf8(topic), QString::fromUtf8(request.body))
                  << Qt::endl;
            checkDone();
        });
    m_out << tr("demo: mosquitto on 127.0.0.1:%1, HTTP endpoint on 127.0.0.1:%2")
                 .arg(m_brokerPort)
                 .arg(m_endpoint->port())
          << Qt::endl;
}

bool Demo::startBroker(QString *error)
{
    QString mosquitto = QStandardPaths::findExecutable(QStringLiteral("mosquitto"));
    if (mosquitto.isEmpty())
        mosquitto = QStandardPaths::findExecutable(QStringLiteral("mosquitto"),
                                                   {QStringLiteral("/usr/sbin")});
    if (mosquitto.isEmpty()) {
        *error = tr("the demo needs mosquitto: apt-get install mosquitto");
        return false;
    }
    m_brokerPort = freeLoopbackPort();
    if (m_brokerPort == 0) {
        *error = tr("no free port on 127.0.0.1");
        return false;
    }
    const QString configFile = m_dir.filePath(QStringLiteral("mosquitto.conf"));
    QFile file(configFile);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("cannot write %1: %2").arg(configFile, file.errorString());
        return false;
    }
    QByteArray config;
    if (::geteuid() == 0)
        config += "user root\n"; // else mosquitto drops to a user that cannot read the folder
    config += "listener " + QByteArray::number(m_brokerPort) +
              " 127.0.0.1\n"
              "allow_anonymous true\n"
              "persistence false\n"
              "max_queued_messages 0\n";
    file.write(config);
    file.close();

    m_broker.setProgram(mosquitto);
    m_broker.setArguments({QStringLiteral("-c"), configFile});
    m_broker.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_broker, &QProcess::finished, this, [this](int exitCode) {
        if (!m_finished)
            fail(tr("mosquitto stopped (exit code %1): %2")
                     .arg(exitCode)
                     .arg(QString::fromLocal8Bit(m_broker.readAll()).trimmed()));
    });
    m_broker.start();
    if (!m_broker.waitForStarted(5000)) {
        *error = tr("cannot start %1: %2").arg(mosquitto, m_broker.errorString());
        return false;
    }
    m_probeTimer.start();
    return true;
}

void Demo::waitForBroker()
{
    // mosquitto listens some tens of milliseconds after it starts.
    auto *probe = new QTcpSocket(this);
    connect(probe, &QTcpSocket::connected, this, [this, probe] {
        probe->deleteLater();
        if (!m_probeTimer.isActive())
            return;
        m_probeTimer.stop();
        if (m_forWindow)
            writeWindowConfig();
        else
            startBridge();
    });
    connect(probe, &QTcpSocket::errorOccurred, probe, &QObject::deleteLater);
    probe->connectToHost(QHostAddress::LocalHost, m_brokerPort);
    if (++m_brokerProbes > 200) {
        m_probeTimer.stop();
        fail(tr("mosquitto does not listen on port %1").arg(m_brokerPort));
    }
}

void Demo::startBridge()
{
    QFile seed(QStringLiteral(":/examples/seed.json"));
    if (!seed.open(QIODevice::ReadOnly))
        return fail(tr("the bundled example configuration is missing"));
    const LoadResult loaded = ConfigLoader().loadJson(seed.readAll(), m_dir.path());
    if (!loaded.ok())
        return fail(tr("the bundled example configuration does not load"));

    // The example, pointed at this demo's broker and endpoint.
    Config config = *loaded.config;
    config.queue.dir = m_dir.filePath(QStringLiteral("queue"));
    config.log.filename.clear();
    for (BrokerConfig &broker : config.brokers) {
        broker.brokerPort = m_brokerPort;
        for (SubscriptionConfig &subscription : broker.subscriptions) {
            for (QString &address : subscription.callbackAddresses) {
                QUrl url(address);
                url.setPort(m_endpoint->port());
                address = url.toString();
            }
            m_expectedRequests += int(subscription.callbackAddresses.size()) * m_messageCount;
        }
    }

    m_bridge = std::make_unique<Bridge>();
    connect(m_bridge.get(), &Bridge::connectionReady, this, &Demo::onReady);
    connect(m_bridge.get(), &Bridge::problem, this, [this](const QString &, const QString &text) {
        m_out << tr("problem   %1").arg(text) << Qt::endl;
    });
    QString error;
    if (!m_bridge->start(config, &error))
        return fail(error);
}

void Demo::writeWindowConfig()
{
    QFile seed(QStringLiteral(":/examples/seed.json"));
    JsonNode root;
    JsonReadError readError;
    if (!seed.open(QIODevice::ReadOnly) || !JsonReader::read(seed.readAll(), &root, &readError))
        return fail(tr("the bundled example configuration is missing"));
    // The seed as it is, pointed at this demo's broker and endpoint, its queue
    // and log in the demo's folder: what the window opens is the example.
    if (JsonNode *brokers = memberOf(root, QStringLiteral("mqtt_brokers"))) {
        for (JsonNode &broker : brokers->children) {
            if (JsonNode *port = memberOf(broker, QStringLiteral("broker_port")))
                *port = JsonWriter::integer(m_brokerPort);
            JsonNode *route = memberOf(broker, QStringLiteral("sub_deal_config"));
            JsonNode *addresses =
                route ? memberOf(*route, QStringLiteral("callbackAddress")) : nullptr;
            if (!addresses)
                continue;
            for (JsonNode &address : addresses->children) {
                QUrl url(address.text);
                url.setPort(m_endpoint->port());
                address = JsonWriter::string(url.toString());
            }
        }
    }
    if (JsonNode *log = memberOf(root, QStringLiteral("log_config"))) {
        if (JsonNode *file = memberOf(*log, QStringLiteral("filename")))
            *file = JsonWriter::string(QString());
    }
    JsonNode queue = JsonWriter::object();
    JsonWriter::insert(&queue, QStringLiteral("dir"),
                       JsonWriter::string(m_dir.filePath(QStringLiteral("queue"))));
    JsonWriter::insert(&root, QStringLiteral("queue"), std::move(queue));

    const QString fileName = m_dir.filePath(QStringLiteral("demo.json"));
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(JsonWriter::write(root)) < 0)
        return fail(tr("cannot write %1: %2").arg(fileName, file.errorString()));
    file.close();
    m_deadline.stop();
    m_out << tr("demo: the window runs %1; messages are published every %2 ms until it closes")
                 .arg(fileName)
                 .arg(m_publishTimer.interval())
          << Qt::endl;
    emit configReady(fileName);

    m_publisher = new MqttClient(this);
    m_publisher->setHostname(QStringLiteral("127.0.0.1"));
    m_publisher->setPort(m_brokerPort);
    m_publisher->setClientId(QStringLiteral("mqhook-demo-publisher"));
    m_publisher->setCleanSession(true);
    connect(m_publisher, &MqttClient::connected, &m_publishTimer, qOverload<>(&QTimer::start));
    m_publisher->connectToHost();
}

void Demo::publishOne()
{
    const int n = m_publishedCount++;
    // Every eighth goes to the topic the example excludes.
    const QString topic = n % 8 == 7 ? QStringLiteral("from/v1/aaa/debug")
                                     : QStringLiteral("from/v1/vehicle-%1/status").arg(n % 5 + 1);
    m_publisher->publish(topic, sampleMessage(n), 1);
}

void Demo::onReady()
{
    if (++m_readyConnections < int(m_bridge->config().brokers.size()) || m_publisher)
        return;
    m_publisher = new MqttClient(this);
    m_publisher->setHostname(QStringLiteral("127.0.0.1"));
    m_publisher->setPort(m_brokerPort);
    m_publisher->setClientId(QStringLiteral("mqhook-demo-publisher"));
    m_publisher->setCleanSession(true);
    connect(m_publisher, &MqttClient::connected, this, &Demo::publishAll);
    m_publisher->connectToHost();
}

void Demo::publishAll()
{
    if (m_published)
        return;
    m_published = true;
    const auto sample = [] { return sampleMessage(-1); };
    // The excluded ones first: once the last forwarded message arrived, they
    // have certainly been read (one connection keeps the order) and held back.
    for (int i = 0; i < m_excludedCount; ++i)
        m_publisher->publish(QStringLiteral("from/v1/aaa/debug"), sample(), 1);
    for (int i = 0; i < m_messageCount; ++i) {
        const QString topic = QStringLiteral("from/v1/vehicle-%1/status").arg(i % 3 + 1);
        m_publisher->publish(topic, sample(), 1);
    }
    m_out << tr("published %1 messages to the excluded from/v1/aaa/debug, then %2 to "
                "from/v1/vehicle-N/status")
                 .arg(m_excludedCount)
                 .arg(m_messageCount)
          << Qt::endl;
}

void Demo::checkDone()
{
    if (m_excludedArrived > 0)
        return fail(tr("an excluded message was forwarded"));
    if (m_endpoint->requestCount() < m_expectedRequests)
        return;
    m_out << tr("demo: all %1 requests arrived (%2 messages to 2 endpoints); the excluded "
                "topic was not forwarded")
                 .arg(m_expectedRequests)
                 .arg(m_messageCount)
          << Qt::endl;
    finish(ExitOk);
}

void Demo::fail(const QString &message)
{
    m_out << tr("demo failed: %1").arg(message) << Qt::endl;
    finish(ExitRuntimeError);
}

void Demo::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    m_publishTimer.stop();
    if (m_publisher)
        m_publisher->disconnectFromHost();
    if (m_bridge && m_bridge->state() == Bridge::State::Running) {
        connect(m_bridge.get(), &Bridge::stopped, this,
                [this, exitCode] { emit finished(exitCode); });
        m_bridge->stop(2s);
        return;
    }
    QTimer::singleShot(0, this, [this, exitCode] { emit finished(exitCode); });
}

} // namespace mqhook
