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
//
// It shares the machine's cores with the broker, the publisher and mqhook, so
// it costs as little as it can: one epoll loop, one read and one write per
// burst of requests on a connection, no copies beyond its buffers.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

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

// Reads the integer after `key` at or after `from`; returns the index after it, or npos.
std::size_t readNumber(std::string_view body, std::size_t from, std::string_view key, qint64 *value)
{
    const std::size_t at = body.find(key, from);
    if (at == std::string_view::npos)
        return at;
    std::size_t i = at + key.size();
    qint64 v = 0;
    bool any = false;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
        v = v * 10 + (body[i] - '0');
        any = true;
        ++i;
    }
    if (!any)
        return std::string_view::npos;
    *value = v;
    return i;
}

// The Content-Length of a request head, 0 when it has none.
qint64 contentLength(std::string_view head)
{
    static constexpr std::string_view name = "content-length:";
    for (std::size_t line = 0; line < head.size();) {
        std::size_t end = head.find("\r\n", line);
        if (end == std::string_view::npos)
            end = head.size();
        const std::string_view text = head.substr(line, end - line);
        if (text.size() > name.size() &&
            std::equal(name.begin(), name.end(), text.begin(),
                       [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? b + 32 : b); })) {
            qint64 length = 0;
            for (char c : text.substr(name.size())) {
                if (c >= '0' && c <= '9')
                    length = length * 10 + (c - '0');
            }
            return length;
        }
        line = end + 2;
    }
    return 0;
}

class Sink
{
public:
    Sink(qint64 expect, qint64 warmup, int idleSeconds, int lingerMs)
        : m_expect(expect)
        , m_warmup(warmup)
        , m_arrivals(size_t(expect), -1)
        , m_sent(size_t(expect), 0)
        , m_idle(std::chrono::seconds(idleSeconds))
        , m_linger(std::chrono::milliseconds(lingerMs))
    {}

    ~Sink()
    {
        for (const auto &[fd, connection] : m_connections)
            ::close(fd);
        if (m_listener >= 0)
            ::close(m_listener);
        if (m_epoll >= 0)
            ::close(m_epoll);
    }

    bool listen(quint16 port)
    {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (m_epoll < 0 || m_listener < 0)
            return fail("socket");
        const int on = 1;
        setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0)
            return fail("bind");
        if (::listen(m_listener, 128) < 0)
            return fail("listen");
        socklen_t length = sizeof address;
        getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
        return watch(m_listener, EPOLLIN);
    }
    quint16 port() const { return m_port; }
    void setDumpPath(const QString &path) { m_dumpPath = path; }

    // Serves until all expected messages arrived (and the linger passed) or
    // nothing arrived for the idle time; then reports.
    int run()
    {
        m_lastActivity = Clock::now();
        std::vector<epoll_event> events(64);
        while (true) {
            const auto now = Clock::now();
            const auto deadline = m_lingering ? m_lingerEnd : m_lastActivity + m_idle;
            if (now >= deadline)
                break;
            const auto wait = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
            const int ready = epoll_wait(m_epoll, events.data(), int(events.size()),
                                         int(std::min<qint64>(wait.count(), 1000)));
            if (ready < 0 && errno != EINTR) {
                fail("epoll_wait");
                return 1;
            }
            for (int i = 0; i < ready; ++i) {
                const int fd = events[size_t(i)].data.fd;
                if (fd == m_listener)
                    accept();
                else
                    serve(fd, events[size_t(i)].events);
            }
        }
        report();
        return 0;
    }

private:
    struct Connection
    {
        std::string in;
        std::string out; // what the socket did not take yet
    };

    bool fail(const char *what)
    {
        std::fprintf(stderr, "bench_sink: %s: %s\n", what, std::strerror(errno));
        return false;
    }

    bool watch(int fd, uint32_t events, int op = EPOLL_CTL_ADD)
    {
        epoll_event event{};
        event.events = events;
        event.data.fd = fd;
        return epoll_ctl(m_epoll, op, fd, &event) == 0 || fail("epoll_ctl");
    }

    void accept()
    {
        while (true) {
            const int fd = accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
                return;
            const int on = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            m_connections.emplace(fd, std::make_unique<Connection>());
            watch(fd, EPOLLIN);
        }
    }

    void drop(int fd)
    {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        m_connections.erase(fd);
    }

    void serve(int fd, uint32_t events)
    {
        const auto found = m_connections.find(fd);
        if (found == m_connections.end())
            return;
        Connection &connection = *found->second;
        if (events & EPOLLOUT) {
            if (!flush(fd, connection))
                return;
        }
        if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
            return;
        char chunk[65536];
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            drop(fd);
            return;
        }
        if (got < 0)
            return;
        connection.in.append(chunk, size_t(got));

        const std::string_view buffer = connection.in;
        std::size_t start = 0;
        std::size_t answers = 0;
        while (true) {
            const std::size_t headerEnd = buffer.find("\r\n\r\n", start);
            if (headerEnd == std::string_view::npos)
                break;
            const auto length = std::size_t(contentLength(buffer.substr(start, headerEnd - start)));
            const std::size_t bodyStart = headerEnd + 4;
            if (buffer.size() - bodyStart < length)
                break;
            consume(buffer.substr(bodyStart, length));
            ++answers;
            start = bodyStart + length;
        }
        connection.in.erase(0, start);
        if (answers == 0)
            return;
        static constexpr std::string_view answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        for (std::size_t i = 0; i < answers; ++i)
            connection.out.append(answer);
        flush(fd, connection);
    }

    // Writes what waits; watches for room while some is left. False when the
    // connection was dropped.
    bool flush(int fd, Connection &connection)
    {
        const bool waited = !connection.out.empty();
        while (!connection.out.empty()) {
            const ssize_t written = ::write(fd, connection.out.data(), connection.out.size());
            if (written < 0) {
                if (errno == EAGAIN) {
                    watch(fd, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
                    return true;
                }
                if (errno == EINTR)
                    continue;
                drop(fd);
                return false;
            }
            connection.out.erase(0, size_t(written));
        }
        if (waited)
            watch(fd, EPOLLIN, EPOLL_CTL_MOD);
        return true;
    }

    void consume(std::string_view body)
    {
        ++m_requests;
        const qint64 arrival = nowUs();
        std::size_t at = 0;
        while (true) {
            qint64 sequence = 0;
            qint64 sent = 0;
            at = readNumber(body, at, "\"seq\":", &sequence);
            if (at == std::string_view::npos)
                break;
            at = readNumber(body, at, "\"t\":", &sent);
            if (at == std::string_view::npos)
                break;
            if (sequence < 0 || sequence >= m_expect) {
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
        m_lastActivity = Clock::now();
        if (m_delivered == m_expect && !m_lingering) {
            m_lingering = true;
            m_lingerEnd = m_lastActivity + m_linger;
        }
    }

    void report()
    {
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

    int m_epoll = -1;
    int m_listener = -1;
    quint16 m_port = 0;
    std::unordered_map<int, std::unique_ptr<Connection>> m_connections;
    qint64 m_expect;
    qint64 m_warmup;                // sequence numbers below it are left out of the latencies
    std::vector<qint64> m_arrivals; // by sequence number; -1: not yet
    std::vector<qint64> m_sent;
    qint64 m_delivered = 0;
    qint64 m_duplicates = 0;
    qint64 m_unexpected = 0;
    qint64 m_requests = 0;
    Clock::duration m_idle;
    Clock::duration m_linger;
    Clock::time_point m_lastActivity;
    Clock::time_point m_lingerEnd;
    bool m_lingering = false;
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
    return sink.run();
}
