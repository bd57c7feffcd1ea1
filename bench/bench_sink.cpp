// bench_sink: an HTTP/1.1 sink on loopback for the end-to-end benchmark. It
// answers 200 to every request, finds each message's "seq" and "t" (send time,
// microseconds since the epoch, put there by bench_publish) in the body, a
// single message or a batch array, and records when it arrived.
//
//   bench_sink --expect N [--warmup N] [--port P] [--port-file F] [--idle S] [--linger MS] [--dump
//   FILE]
//
// Quits when all N sequence numbers arrived (after --linger, to count late
// duplicates) or when nothing arrived for --idle seconds, and prints one line:
// delivered, duplicates, lost, requests, throughput (messages over the time from
// the first send to the last arrival), latency p50/p99/max in ms and the CPU
// seconds the sink itself used.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

namespace {

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// The CPU time (user and system) this process used so far.
double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) {
        return double(t.tv_sec) + double(t.tv_usec) * 1e-6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Reads the integer after `key` at or after `from`; returns the index after it, or -1.
qsizetype readNumber(const QByteArray &body, qsizetype from, const char *key, qint64 *value)
{
    const qsizetype at = body.indexOf(key, from);
    if (at < 0)
        return -1;
    qsizetype i = at + qsizetype(qstrlen(key));
    qint64 v = 0;
    bool any = false;
    while (i < body.size() && body.at(i) >= '0' && body.at(i) <= '9') {
        v = v * 10 + (body.at(i) - '0');
        any = true;
        ++i;
    }
    if (!any)
        return -1;
    *value = v;
    return i;
}

class Sink : public QObject
{
public:
    Sink(qint64 expect, qint64 warmup, int idleSeconds, int lingerMs)
        : m_expect(expect)
        , m_warmup(warmup)
        , m_arrivals(size_t(expect), -1)
        , m_sent(size_t(expect), 0)
        , m_lingerMs(lingerMs)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &Sink::accept);
        m_idle.setInterval(idleSeconds * 1000);
        m_idle.setSingleShot(true);
        connect(&m_idle, &QTimer::timeout, this, &Sink::report);
    }

    bool listen(quint16 port)
    {
        if (!m_server.listen(QHostAddress::LocalHost, port)) {
            std::fprintf(stderr, "bench_sink: %s\n", qPrintable(m_server.errorString()));
            return false;
        }
        m_idle.start();
        return true;
    }
    quint16 port() const { return m_server.serverPort(); }
    void setDumpPath(const QString &path) { m_dumpPath = path; }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    }

    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        QByteArray answers;
        qsizetype start = 0;
        while (true) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n", start);
            if (headerEnd < 0)
                break;
            const QByteArrayView head(buffer.constData() + start, headerEnd - start);
            qint64 length = 0;
            const QByteArray headBytes = QByteArray::fromRawData(head.data(), head.size());
            qsizetype cl = headBytes.indexOf("Content-Length:");
            if (cl < 0)
                cl = headBytes.toLower().indexOf("content-length:");
            if (cl >= 0) {
                qsizetype i = cl + 15;
                while (i < head.size() && head.at(i) == ' ')
                    ++i;
                while (i < head.size() && head.at(i) >= '0' && head.at(i) <= '9')
                    length = length * 10 + (head.at(i++) - '0');
            }
            const qsizetype bodyStart = headerEnd + 4;
            if (buffer.size() - bodyStart < length)
                break;
            consume(QByteArray::fromRawData(buffer.constData() + bodyStart, length));
            answers += "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
            start = bodyStart + length;
        }
        buffer.remove(0, start);
        if (!answers.isEmpty())
            socket->write(answers);
    }

    void consume(const QByteArray &body)
    {
        ++m_requests;
        const qint64 arrival = nowUs();
        qsizetype at = 0;
        while (true) {
            qint64 sequence = 0;
            qint64 sent = 0;
            at = readNumber(body, at, "\"seq\":", &sequence);
            if (at < 0)
                break;
            at = readNumber(body, at, "\"t\":", &sent);
            if (at < 0)
                break;
            if (sequence >= m_expect) {
                ++m_unexpected;
                continue;
            }
            if (m_arrivals[size_t(sequence)] >= 0) {
                ++m_duplicates;
                continue;
            }
            m_arrivals[size_t(sequence)] = arrival;
            m_sent[size_t(sequence)] = sent;
            ++m_delivered;
        }
        if (m_delivered == m_expect && !m_lingering) {
            m_lingering = true;
            QTimer::singleShot(m_lingerMs, this, &Sink::report);
        }
        m_idle.start();
    }

    void report()
    {
        if (m_reported)
            return;
        m_reported = true;
        std::vector<double> latencies;
        latencies.reserve(size_t(m_delivered));
        qint64 firstSend = std::numeric_limits<qint64>::max();
        qint64 lastArrival = 0;
        for (size_t i = 0; i < m_arrivals.size(); ++i) {
            if (m_arrivals[i] < 0)
                continue;
            if (qint64(i) >= m_warmup)
                latencies.push_back(double(m_arrivals[i] - m_sent[i]) / 1000.0);
            firstSend = std::min(firstSend, m_sent[i]);
            lastArrival = std::max(lastArrival, m_arrivals[i]);
        }
        std::sort(latencies.begin(), latencies.end());
        const auto at = [&](double q) {
            if (latencies.empty())
                return 0.0;
            return latencies[std::min(latencies.size() - 1, size_t(q * double(latencies.size())))];
        };
        const double seconds = m_delivered > 0 ? double(lastArrival - firstSend) * 1e-6 : 0;
        std::printf("delivered=%lld expected=%lld lost=%lld duplicates=%lld unexpected=%lld "
                    "requests=%lld seconds=%.3f throughput=%.0f p50_ms=%.2f p99_ms=%.2f "
                    "max_ms=%.2f sink_cpu_s=%.2f\n",
                    m_delivered, m_expect, m_expect - m_delivered, m_duplicates, m_unexpected,
                    m_requests, seconds, seconds > 0 ? double(m_delivered) / seconds : 0.0,
                    at(0.50), at(0.99), latencies.empty() ? 0.0 : latencies.back(), cpuSeconds());
        std::fflush(stdout);
        if (!m_dumpPath.isEmpty())
            dump();
        QCoreApplication::quit();
    }

    // One line per message that arrived: sequence, send and arrival time in µs.
    void dump() const
    {
        QFile file(m_dumpPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
            std::fprintf(stderr, "bench_sink: cannot write %s\n", qPrintable(m_dumpPath));
            return;
        }
        QByteArray lines;
        for (size_t i = 0; i < m_arrivals.size(); ++i) {
            if (m_arrivals[i] < 0)
                continue;
            lines += QByteArray::number(qint64(i)) + ' ' + QByteArray::number(m_sent[i]) + ' ' +
                     QByteArray::number(m_arrivals[i]) + '\n';
        }
        file.write(lines);
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    qint64 m_expect;
    qint64 m_warmup;                // sequence numbers below it are left out of the latencies
    std::vector<qint64> m_arrivals; // by sequence number; -1: not yet
    std::vector<qint64> m_sent;
    qint64 m_delivered = 0;
    qint64 m_duplicates = 0;
    qint64 m_unexpected = 0;
    qint64 m_requests = 0;
    QTimer m_idle;
    int m_lingerMs;
    bool m_lingering = false;
    bool m_reported = false;
    QString m_dumpPath;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("HTTP sink that counts and times messages."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("expect"), QStringLiteral("Sequence numbers 0..N-1 expected."),
         QStringLiteral("n")},
        {QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1; 0: any free one."),
         QStringLiteral("port"), QStringLiteral("0")},
        {QStringLiteral("port-file"), QStringLiteral("Writes the port there once listening."),
         QStringLiteral("file")},
        {QStringLiteral("idle"),
         QStringLiteral("Seconds without a message after which it reports."), QStringLiteral("s"),
         QStringLiteral("15")},
        {QStringLiteral("warmup"),
         QStringLiteral("Leaves sequence numbers below N out of the latencies (start-up: "
                        "connections being opened)."),
         QStringLiteral("n"), QStringLiteral("0")},
        {QStringLiteral("linger"), QStringLiteral("Ms to wait for duplicates after the last one."),
         QStringLiteral("ms"), QStringLiteral("300")},
        {QStringLiteral("dump"),
         QStringLiteral("Writes each message's sequence, send and arrival time (µs) there."),
         QStringLiteral("file")},
    });
    parser.process(app);
    const qint64 expect = parser.value(QStringLiteral("expect")).toLongLong();
    if (expect <= 0) {
        std::fprintf(stderr, "bench_sink: --expect N is required\n");
        return 2;
    }
    Sink sink(expect, parser.value(QStringLiteral("warmup")).toLongLong(),
              std::max(1, parser.value(QStringLiteral("idle")).toInt()),
              parser.value(QStringLiteral("linger")).toInt());
    sink.setDumpPath(parser.value(QStringLiteral("dump")));
    if (!sink.listen(quint16(parser.value(QStringLiteral("port")).toUInt())))
        return 1;
    if (parser.isSet(QStringLiteral("port-file"))) {
        QFile file(parser.value(QStringLiteral("port-file")));
        if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(sink.port())) < 0) {
            std::fprintf(stderr, "bench_sink: cannot write the port file\n");
            return 1;
        }
    }
    return app.exec();
}
