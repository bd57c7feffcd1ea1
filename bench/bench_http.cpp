// bench_http: how many messages per second mqhook delivers to one HTTP
// endpoint, through the Dispatcher (as in production) or the bare HttpSender.
// Keeps the queue full for a warm-up and then a measured period, and prints one
// line of key=value pairs.

#include "delivery/dispatcher.h"
#include "delivery/httpsender.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

using namespace mqhook;

namespace {

struct Options
{
    QUrl url;
    QString mode;
    int maxInflight = 6;
    int batch = 1;
    int batchWaitMs = 5;
    int managers = 0;
    int payloadBytes = 100;
    double warmupSeconds = 1.0;
    double durationSeconds = 5.0;
};

QByteArray makePayload(int bytes)
{
    QByteArray payload = R"({"device":"bench","value":)";
    payload += QByteArray::number(21.5);
    payload += R"(,"pad":")";
    const qsizetype pad = std::max<qsizetype>(0, bytes - payload.size() - 2);
    payload += QByteArray(pad, 'x');
    payload += R"("})";
    return payload;
}

// Counts completions in the measured window and quits when it ends.
class Meter
{
public:
    explicit Meter(const Options &options)
        : m_options(options)
    {}

    void start()
    {
        QTimer::singleShot(qint64(m_options.warmupSeconds * 1000), qApp, [this] {
            m_measuring = true;
            m_window.start();
        });
        QTimer::singleShot(qint64((m_options.warmupSeconds + m_options.durationSeconds) * 1000),
                           qApp, [this] {
                               m_elapsedMs = m_window.elapsed();
                               m_measuring = false;
                               QCoreApplication::quit();
                           });
    }
    void count(int messages, int requests)
    {
        if (!m_measuring)
            return;
        m_messages += messages;
        m_requests += requests;
    }
    void countFailure()
    {
        if (m_measuring)
            ++m_failures;
    }
    void print(const QString &extra) const
    {
        const double seconds = double(m_elapsedMs) / 1000.0;
        QTextStream(stdout) << "mode=" << m_options.mode
                            << " max_inflight=" << m_options.maxInflight
                            << " batch=" << m_options.batch << extra
                            << " messages_per_s=" << qRound64(double(m_messages) / seconds)
                            << " requests_per_s=" << qRound64(double(m_requests) / seconds)
                            << " failures=" << m_failures << Qt::endl;
    }

private:
    const Options &m_options;
    QElapsedTimer m_window;
    bool m_measuring = false;
    qint64 m_elapsedMs = 1;
    qint64 m_messages = 0;
    qint64 m_requests = 0;
    qint64 m_failures = 0;
};

int runDispatcher(const Options &options)
{
    SubscriptionConfig config;
    config.appId = QStringLiteral("bench");
    config.callbackAddresses = {options.url.toString()};
    config.maxInflight = options.maxInflight;
    config.batch.maxMessages = options.batch;
    config.batch.maxWait = std::chrono::milliseconds(options.batchWaitMs);
    config.retry = 0;
    Dispatcher dispatcher(config);
    if (!dispatcher.isValid()) {
        QTextStream(stderr) << "bench_http: " << dispatcher.errorString() << Qt::endl;
        return 1;
    }
    Meter meter(options);
    const QByteArray payload = makePayload(options.payloadBytes);
    qint64 next = 0;
    const auto feed = [&] {
        Message message;
        message.id = QString::number(++next);
        message.topic = QStringLiteral("bench/topic");
        message.payload = payload;
        message.receivedAt = QDateTime::currentDateTimeUtc();
        DeliveryJob job;
        job.id = next;
        job.message = message;
        job.target = config.callbackAddresses.first();
        dispatcher.enqueue(job);
    };
    // Enough queued that the dispatcher never waits for work.
    const int backlog = std::max(2000, 4 * options.maxInflight * options.batch);
    for (int i = 0; i < backlog; ++i)
        feed();
    quint64 requestsSeen = 0;
    QObject::connect(&dispatcher, &Dispatcher::succeeded, &dispatcher, [&] {
        const quint64 requests = dispatcher.counters(config.callbackAddresses.first()).requests;
        meter.count(1, int(requests - requestsSeen));
        requestsSeen = requests;
        feed();
    });
    QObject::connect(&dispatcher, &Dispatcher::deadLettered, &dispatcher, [&] {
        meter.countFailure();
        feed();
    });
    meter.start();
    QCoreApplication::exec();
    meter.print(QString());
    return 0;
}

int runSender(const Options &options)
{
    const int managers =
        options.managers > 0 ? options.managers : HttpSender::managersFor(options.maxInflight);
    auto *sender =
        new HttpSender(options.maxInflight, managers, std::make_shared<SystemClock>(), qApp);
    Meter meter(options);
    PostRequest request;
    request.url = options.url;
    request.body = makePayload(options.payloadBytes);
    request.headers = {{"Content-Type", "application/json"}};
    quint64 next = 0;
    QObject::connect(sender, &HttpSender::finished, sender, [&](const PostResult &result) {
        if (result.httpStatus == 200)
            meter.count(1, 1);
        else
            meter.countFailure();
        request.id = ++next;
        sender->post(request);
    });
    for (int i = 0; i < options.maxInflight; ++i) {
        request.id = ++next;
        sender->post(request);
    }
    meter.start();
    QCoreApplication::exec();
    meter.print(QStringLiteral(" managers=%1").arg(managers));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Per-request debug lines would measure the terminal, not the delivery.
    QLoggingCategory::setFilterRules(QStringLiteral("mqhook.*.debug=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures HTTP delivery throughput."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("url"), QStringLiteral("Endpoint to POST to."), QStringLiteral("url")},
        {QStringLiteral("mode"), QStringLiteral("dispatcher (default) or sender."),
         QStringLiteral("mode"), QStringLiteral("dispatcher")},
        {QStringLiteral("max-inflight"), QStringLiteral("Requests in flight."), QStringLiteral("n"),
         QStringLiteral("6")},
        {QStringLiteral("batch"), QStringLiteral("Messages per request (dispatcher)."),
         QStringLiteral("n"), QStringLiteral("1")},
        {QStringLiteral("batch-wait-ms"), QStringLiteral("batch.max_wait (dispatcher)."),
         QStringLiteral("ms"), QStringLiteral("5")},
        {QStringLiteral("managers"),
         QStringLiteral("QNetworkAccessManagers (sender; 0: ceil(max-inflight / 6))."),
         QStringLiteral("n"), QStringLiteral("0")},
        {QStringLiteral("payload-bytes"), QStringLiteral("Payload size."), QStringLiteral("n"),
         QStringLiteral("100")},
        {QStringLiteral("warmup"), QStringLiteral("Seconds before measuring."), QStringLiteral("s"),
         QStringLiteral("1")},
        {QStringLiteral("duration"), QStringLiteral("Seconds measured."), QStringLiteral("s"),
         QStringLiteral("5")},
    });
    parser.process(app);
    Options options;
    options.url = QUrl(parser.value(QStringLiteral("url")));
    options.mode = parser.value(QStringLiteral("mode"));
    options.maxInflight = std::max(1, parser.value(QStringLiteral("max-inflight")).toInt());
    options.batch = std::max(1, parser.value(QStringLiteral("batch")).toInt());
    options.batchWaitMs = parser.value(QStringLiteral("batch-wait-ms")).toInt();
    options.managers = parser.value(QStringLiteral("managers")).toInt();
    options.payloadBytes = parser.value(QStringLiteral("payload-bytes")).toInt();
    options.warmupSeconds = parser.value(QStringLiteral("warmup")).toDouble();
    options.durationSeconds = parser.value(QStringLiteral("duration")).toDouble();
    if (!options.url.isValid() || options.url.scheme().isEmpty()) {
        QTextStream(stderr) << "bench_http: --url http://host:port/path is required" << Qt::endl;
        return 2;
    }
    if (options.mode == u"sender")
        return runSender(options);
    if (options.mode == u"dispatcher")
        return runDispatcher(options);
    QTextStream(stderr) << "bench_http: --mode is dispatcher or sender" << Qt::endl;
    return 2;
}
