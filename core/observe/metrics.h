#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace mqhook {

// One series of a counter family: a total that only goes up.
class Counter
{
public:
    void add(quint64 amount = 1) { m_value.fetch_add(amount, std::memory_order_relaxed); }
    quint64 value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<quint64> m_value = 0;
};

// One series of a gauge family: a value that goes up and down.
class Gauge
{
public:
    void set(double value) { m_value.store(value, std::memory_order_relaxed); }
    void add(double amount) { m_value.fetch_add(amount, std::memory_order_relaxed); }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value = 0;
};

// One series of a histogram family: how many observations fell at or below
// each of the family's bounds, their count and their sum.
class Histogram
{
public:
    explicit Histogram(const std::vector<double> *bounds);

    void observe(double value);
    // Durations in seconds, the Prometheus base unit.
    void observe(std::chrono::microseconds duration) { observe(double(duration.count()) / 1e6); }

    struct Snapshot
    {
        QList<quint64> cumulative; // per bound, then +Inf (= count)
        double sum = 0;
        quint64 count = 0;
    };
    Snapshot snapshot() const;

private:
    const std::vector<double> *m_bounds;               // the family's, sorted
    std::unique_ptr<std::atomic<quint64>[]> m_buckets; // not cumulative; +Inf last
    std::atomic<double> m_sum = 0;
};

// Metrics named and labelled the Prometheus way, and their text exposition
// (format 0.0.4). Families are declared once; a series is looked up once
// and kept as a pointer, so an update is one relaxed atomic operation, with
// no lock and no allocation. render() may run on another thread while
// series are updated. Series and families live as long as the registry.
class MetricsRegistry
{
public:
    // What /metrics answers with.
    static constexpr char contentType[] = "text/plain; version=0.0.4; charset=utf-8";

    template<typename Series>
    class Family;

    MetricsRegistry();
    ~MetricsRegistry();
    MetricsRegistry(const MetricsRegistry &) = delete;
    MetricsRegistry &operator=(const MetricsRegistry &) = delete;

    // Names must be valid Prometheus names (checked in debug builds): a
    // counter's ends in _total; "le" is not a label name of a histogram.
    Family<Counter> *counters(const QByteArray &name, const QString &help,
                              const QList<QByteArray> &labelNames = {});
    Family<Gauge> *gauges(const QByteArray &name, const QString &help,
                          const QList<QByteArray> &labelNames = {});
    // bounds: the buckets' upper bounds, increasing; +Inf is added.
    Family<Histogram> *histograms(const QByteArray &name, const QString &help,
                                  std::vector<double> bounds,
                                  const QList<QByteArray> &labelNames = {});
    // A gauge read when rendering, on the rendering thread (read must be
    // safe there), e.g. the uptime.
    void gaugeFunction(const QByteArray &name, const QString &help, std::function<double()> read);

    QByteArray render() const;

    // Seconds, for request and delivery durations: 1 ms to 30 s.
    static std::vector<double> latencyBounds();

    struct FamilyBase;

private:
    FamilyBase *add(std::unique_ptr<FamilyBase> family);

    mutable std::mutex m_mutex; // the families and their series, not the values
    std::vector<std::unique_ptr<FamilyBase>> m_families;
};

struct MetricsRegistry::FamilyBase
{
    enum class Type
    {
        Counter,
        Gauge,
        Histogram,
    };

    FamilyBase(std::mutex *mutex, QByteArray name, QString help, Type type,
               QList<QByteArray> labelNames);
    virtual ~FamilyBase() = default;
    // With the registry's mutex held.
    virtual void write(QByteArray &out) const = 0;
    void writeHeader(QByteArray &out) const;
    void writeName(QByteArray &out, const QStringList &values, const char *suffix = "",
                   const QByteArray &le = {}) const;

    std::mutex *mutex;
    const QByteArray name;
    const QString help;
    const Type type;
    const QList<QByteArray> labelNames;
};

template<typename Series>
class MetricsRegistry::Family final : public MetricsRegistry::FamilyBase
{
public:
    using FamilyBase::FamilyBase;

    // The series with these label values (in the order of the label
    // names), made on first use. Takes the registry's lock: look it up once.
    Series *at(const QStringList &values = {});

    void write(QByteArray &out) const override;

    std::vector<double> bounds; // Histogram only

private:
    struct Entry
    {
        Entry(QStringList values, std::unique_ptr<Series> series)
            : values(std::move(values))
            , series(std::move(series))
        {}
        QStringList values;
        std::unique_ptr<Series> series;
    };

    std::deque<Entry> m_series; // in the order made: the order rendered
    QHash<QStringList, Entry *> m_index;
};

extern template class MetricsRegistry::Family<Counter>;
extern template class MetricsRegistry::Family<Gauge>;
extern template class MetricsRegistry::Family<Histogram>;

} // namespace mqhook
