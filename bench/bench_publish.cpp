// bench_publish: publishes N JSON messages of about 200 bytes through
// mqhook's own MqttClient, as fast as possible or at a fixed rate. Each
// payload carries its sequence number and its send time (microseconds since
// the epoch), which bench_sink reads back.
//
//   bench_publish --port P [--host H] [--topic T] [--count N] [--qos 0|1]
//                 [--rate R (msg/s, 0: as fast as possible)] [--payload B]
//
// Prints one line: sent=N seconds=S rate=R first_send_us=T last_send_us=T

#include "mqtt/mqttclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <chrono>
#include <cstdio>

using namespace mqhook;

namespace {

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

QByteArray makePayload(qint64 sequence, qint64 sentUs, int bytes)
{
    QByteArray payload = R"({"seq":)";
    payload += QByteArray::number(sequence);
    payload += R"(,"t":)";
    payload += QByteArray::number(sentUs);
    payload += R"(,"device":"bench-sensor","value":21.5,"pad":")";
    const qsizetype pad = std::max<qsizetype>(0, bytes - payload.size() - 2);
    payload += QByteArray(pad, 'x');
    payload += R"("})";
    return payload;
}

struct Options
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 1883;
    QString topic = QStringLiteral("bench/e2e");
    qint64 count = 10000;
    quint8 qos = 1;
    double rate = 0;
    int payloadBytes = 200;
    int inflight = 20;
};

class Publisher : public QObject
{
public:
    explicit Publisher(const Options &options)
        : m_options(options)
    {
        MqttClientSettings settings;
        settings.hostname = options.host;
        settings.port = options.port;
        settings.clientId =
            QStringLiteral("bench-publish-%1").arg(QCoreApplication::applicationPid());
        settings.cleanSession = true;
        settings.protocolVersion = MqttProtocolVersion::V311;
        settings.maximumInflight = options.inflight;
        m_client.configure(settings);
        m_client.setAutoReconnect(false);
        connect(&m_client, &MqttClient::connected, this, &Publisher::begin);
        connect(&m_client, &MqttClient::published, this, [this](int, quint8 reasonCode) {
            if (reasonCode >= 0x80)
                ++m_refused;
            ++m_completed;
            if (m_options.rate <= 0)
                tick();
            maybeFinish();
        });
        connect(&m_client, &MqttClient::errorOccurred, this,
                [](MqttClient::Error, const QString &message) {
                    std::fprintf(stderr, "bench_publish: %s\n", qPrintable(message));
                    QCoreApplication::exit(1);
                });
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &Publisher::tick);
    }

    void start() { m_client.connectToHost(); }

private:
    void begin()
    {
        m_clock.start();
        // QoS 1 unpaced: driven by the acknowledgements (tick() after each).
        if (m_options.rate > 0 || m_options.qos == 0)
            m_timer.start(m_options.rate > 0 ? 1 : 0);
        tick();
    }

    void tick()
    {
        qint64 due = m_options.count;
        if (m_options.rate > 0)
            due = std::min(due, qint64(double(m_clock.nsecsElapsed()) * 1e-9 * m_options.rate) + 1);
        // Unpaced: a slice per event-loop pass, so the socket drains as we go.
        const qint64 slice = m_options.rate > 0 ? due : std::min(due, m_sent + 200);
        // At most `inflight` unacknowledged: MqttClient could queue the rest,
        // but a long queue of our own would measure the publisher.
        while (m_sent < slice &&
               (m_options.qos == 0 || m_sent - m_completed < m_options.inflight)) {
            const qint64 t = nowUs();
            if (m_sent == 0)
                m_firstUs = t;
            m_lastUs = t;
            const int id = m_client.publish(
                m_options.topic, makePayload(m_sent, t, m_options.payloadBytes), m_options.qos);
            if (id < 0) {
                std::fprintf(stderr, "bench_publish: publish %lld failed\n", m_sent);
                QCoreApplication::exit(1);
                return;
            }
            ++m_sent;
        }
        if (m_sent >= m_options.count && m_elapsedNs == 0) {
            m_timer.stop();
            m_elapsedNs = m_clock.nsecsElapsed();
            maybeFinish();
        }
    }

    void maybeFinish()
    {
        if (m_sent < m_options.count || m_finishing)
            return;
        if (m_options.qos > 0 && m_completed < m_sent)
            return;
        m_finishing = true;
        const double seconds = double(m_elapsedNs) * 1e-9;
        std::printf("sent=%lld refused=%lld seconds=%.3f rate=%.0f first_send_us=%lld "
                    "last_send_us=%lld\n",
                    m_sent, m_refused, seconds, seconds > 0 ? double(m_sent) / seconds : 0.0,
                    m_firstUs, m_lastUs);
        std::fflush(stdout);
        m_client.disconnectFromHost();
        // QoS 0 has no acknowledgement: give the socket a moment to drain.
        QTimer::singleShot(200, qApp, &QCoreApplication::quit);
    }

    Options m_options;
    MqttClient m_client;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_sent = 0;
    qint64 m_completed = 0;
    qint64 m_refused = 0;
    qint64 m_firstUs = 0;
    qint64 m_lastUs = 0;
    qint64 m_elapsedNs = 0;
    bool m_finishing = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Publishes numbered, time-stamped JSON messages to an MQTT broker."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("host"), QStringLiteral("Broker address."), QStringLiteral("host"),
         QStringLiteral("127.0.0.1")},
        {QStringLiteral("port"), QStringLiteral("Broker port."), QStringLiteral("port")},
        {QStringLiteral("topic"), QStringLiteral("Topic."), QStringLiteral("topic"),
         QStringLiteral("bench/e2e")},
        {QStringLiteral("count"), QStringLiteral("Messages."), QStringLiteral("n"),
         QStringLiteral("10000")},
        {QStringLiteral("qos"), QStringLiteral("0 or 1."), QStringLiteral("qos"),
         QStringLiteral("1")},
        {QStringLiteral("rate"), QStringLiteral("Messages per second; 0: as fast as possible."),
         QStringLiteral("rate"), QStringLiteral("0")},
        {QStringLiteral("payload"), QStringLiteral("Payload bytes."), QStringLiteral("bytes"),
         QStringLiteral("200")},
        {QStringLiteral("inflight"),
         QStringLiteral(
             "QoS 1 messages unacknowledged at once (the broker's max_inflight_messages)."),
         QStringLiteral("n"), QStringLiteral("20")},
    });
    parser.process(app);
    if (!parser.isSet(QStringLiteral("port"))) {
        std::fprintf(stderr, "bench_publish: --port is required\n");
        return 2;
    }
    Options options;
    options.host = parser.value(QStringLiteral("host"));
    options.port = quint16(parser.value(QStringLiteral("port")).toUInt());
    options.topic = parser.value(QStringLiteral("topic"));
    options.count = std::max(1LL, parser.value(QStringLiteral("count")).toLongLong());
    options.qos = quint8(std::clamp(parser.value(QStringLiteral("qos")).toInt(), 0, 2));
    options.rate = parser.value(QStringLiteral("rate")).toDouble();
    options.payloadBytes = parser.value(QStringLiteral("payload")).toInt();
    options.inflight = std::max(1, parser.value(QStringLiteral("inflight")).toInt());

    Publisher publisher(options);
    publisher.start();
    return app.exec();
}
