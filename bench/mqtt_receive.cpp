// bench_mqtt_receive: receives messages with mqhook's MqttClient and reports
// the rate and the CPU time per message. Driven by bench/mqtt-receive.sh.
//
// It subscribes to <topic-prefix>/#, prints "ready" once subscribed and
// "probe" for every message on <topic-prefix>/probe; it counts the messages
// on <topic-prefix>/data from the first to the --count-th, then prints one
// line: received=N seconds=S rate=R cpu_us_per_msg=C.
#include "mqtt/mqttclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <sys/resource.h>

using namespace mqhook;

namespace {

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Broker host."),
                                        QStringLiteral("host"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Broker port."),
                                        QStringLiteral("port"), QStringLiteral("1883"));
    const QCommandLineOption topicOption(QStringLiteral("topic-prefix"),
                                         QStringLiteral("Topic prefix."), QStringLiteral("prefix"),
                                         QStringLiteral("bench"));
    const QCommandLineOption countOption(QStringLiteral("count"),
                                         QStringLiteral("Data messages to wait for."),
                                         QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption qosOption(QStringLiteral("qos"), QStringLiteral("Subscription QoS."),
                                       QStringLiteral("qos"), QStringLiteral("0"));
    const QCommandLineOption v311Option(QStringLiteral("v311"), QStringLiteral("Use MQTT 3.1.1."));
    const QCommandLineOption manualOption(
        QStringLiteral("manual-ack"),
        QStringLiteral("Acknowledge each message through acknowledge()."));
    const QCommandLineOption idleOption(QStringLiteral("idle-timeout"),
                                        QStringLiteral("Give up after this many seconds without "
                                                       "a message."),
                                        QStringLiteral("s"), QStringLiteral("30"));
    parser.addOptions({hostOption, portOption, topicOption, countOption, qosOption, v311Option,
                       manualOption, idleOption});
    parser.process(app);

    const QString prefix = parser.value(topicOption);
    const QString dataTopic = prefix + QStringLiteral("/data");
    const QString probeTopic = prefix + QStringLiteral("/probe");
    const qint64 count = parser.value(countOption).toLongLong();
    const bool manual = parser.isSet(manualOption);

    MqttClient client;
    client.setHostname(parser.value(hostOption));
    client.setPort(quint16(parser.value(portOption).toUInt()));
    client.setProtocolVersion(parser.isSet(v311Option) ? MqttProtocolVersion::V311
                                                       : MqttProtocolVersion::V5);
    client.setCleanSession(true);
    client.setManualAcknowledgement(manual);

    qint64 received = 0;
    QElapsedTimer wall;
    qint64 lastNs = 0;
    double cpuAtFirst = 0;
    double cpuAtLast = 0;
    QTimer idle;
    idle.setSingleShot(true);
    idle.setInterval(parser.value(idleOption).toInt() * 1000);

    auto finish = [&](int code) {
        // From the first to the last message: an idle timeout does not count.
        const double seconds = received > 1 ? double(lastNs) / 1e9 : 0.0;
        const double cpu = cpuAtLast - cpuAtFirst;
        std::printf("received=%lld seconds=%.3f rate=%.0f cpu_us_per_msg=%.2f\n",
                    static_cast<long long>(received), seconds,
                    seconds > 0 ? double(received - 1) / seconds : 0.0,
                    received > 0 ? cpu * 1e6 / double(received) : 0.0);
        std::fflush(stdout);
        client.disconnectFromHost();
        QCoreApplication::exit(code);
    };

    QObject::connect(&idle, &QTimer::timeout, &app, [&] { finish(1); });
    QObject::connect(&client, &MqttClient::subscribeFinished, &app, [&] {
        std::printf("ready\n");
        std::fflush(stdout);
    });
    QObject::connect(&client, &MqttClient::errorOccurred, &app,
                     [](MqttClient::Error, const QString &message) {
                         std::fprintf(stderr, "error: %s\n", qPrintable(message));
                     });
    QObject::connect(&client, &MqttClient::messageReceived, &app, [&](const MqttMessage &m) {
        if (manual && m.qos > 0)
            client.acknowledge(m);
        if (m.topic == probeTopic) {
            std::printf("probe\n");
            std::fflush(stdout);
            return;
        }
        if (m.topic != dataTopic)
            return;
        if (received == 0) {
            wall.start();
            cpuAtFirst = cpuSeconds();
        }
        idle.start();
        lastNs = wall.nsecsElapsed();
        ++received;
        if (received == count || received % 1000 == 0)
            cpuAtLast = cpuSeconds();
        if (received == count)
            finish(0);
    });

    client.subscribe(prefix + QStringLiteral("/#"), quint8(parser.value(qosOption).toUInt()));
    client.connectToHost();
    return app.exec();
}
