#include "metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <type_traits>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// The exposition format's numbers: the shortest text that reads back as
// the same double, and Go's spellings of the special values.
void appendNumber(QByteArray &out, double value)
{
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
        return;
    }
    char buffer[32];
    // Whole numbers (counts, bytes) as such: 1000000, not 1e+06.
    const auto result = std::abs(value) < 0x1p53 && value == std::trunc(value)
                            ? std::to_chars(buffer, buffer + sizeof buffer, qint64(value))
                            : std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

void appendNumber(QByteArray &out, quint64 value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

// Label values escape backslash, double quote and line feed; HELP text
// backslash and line feed (exposition format 0.0.4, "Text format details").
void appendEscaped(QByteArray &out, const QString &text, bool quote)
{
    const QByteArray utf8 = text.toUtf8();
    for (char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && quote)
            out += "\\\"";
        else
            out += c;
    }
}

bool isNameStart(char c, bool colon)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
}

// [a-zA-Z_:][a-zA-Z0-9_:]* for metrics, the same without ':' for labels.
bool isValidName(const QByteArray &name, bool colon)
{
    if (name.isEmpty() || !isNameStart(name.front(), colon))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [colon](char c) { return isNameStart(c, colon) || (c >= '0' && c <= '9'); });
}

class FunctionFamily final : public MetricsRegistry::FamilyBase
{
public:
    FunctionFamily(std::mutex *mutex, QByteArray name, QString help, std::function<double()> read)
        : FamilyBase(mutex, std::move(name), std::move(help), Type::Gauge, {})
        , m_read(std::move(read))
    {}

    void write(QByteArray &out) const override
    {
        writeHeader(out);
        writeName(out, {});
        appendNumber(out, m_read());
        out += '\n';
    }

private:
    std::function<double()> m_read;
};

} // namespace

Histogram::Histogram(const std::vector<double> *bounds)
    : m_bounds(bounds)
    , m_buckets(std::make_unique<std::atomic<quint64>[]>(bounds->size() + 1))
{}

void Histogram::observe(double value)
{
    // The first bucket whose bound is at least the value ("le"); NaN goes
    // to +Inf.
    const auto bound = std::lower_bound(m_bounds->begin(), m_bounds->end(), value);
    m_buckets[std::size_t(bound - m_bounds->begin())].fetch_add(1, std::memory_order_relaxed);
    m_sum.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const
{
    Snapshot snapshot;
    snapshot.cumulative.reserve(qsizetype(m_bounds->size() + 1));
    for (std::size_t i = 0; i <= m_bounds->size(); ++i) {
        snapshot.count += m_buckets[i].load(std::memory_order_relaxed);
        snapshot.cumulative.append(snapshot.count);
    }
    snapshot.sum = m_sum.load(std::memory_order_relaxed);
    return snapshot;
}

MetricsRegistry::FamilyBase::FamilyBase(std::mutex *mutex, QByteArray name, QString help, Type type,
                                        QList<QByteArray> labelNames)
    : mutex(mutex)
    , name(std::move(name))
    , help(std::move(help))
    , type(type)
    , labelNames(std::move(labelNames))
{
    Q_ASSERT_X(isValidName(this->name, true), "MetricsRegistry", this->name.constData());
    Q_ASSERT_X(type != Type::Counter || this->name.endsWith("_total"), "MetricsRegistry",
               "a counter's name ends in _total");
    for ([[maybe_unused]] const QByteArray &label : this->labelNames) {
        Q_ASSERT_X(isValidName(label, false) && !label.startsWith("__"), "MetricsRegistry",
                   label.constData());
        Q_ASSERT_X(type != Type::Histogram || label != "le", "MetricsRegistry",
                   "le is the histogram's own label");
    }
}

void MetricsRegistry::FamilyBase::writeHeader(QByteArray &out) const
{
    static constexpr const char *typeNames[] = {"counter", "gauge", "histogram"};
    out += "# HELP " + name + ' ';
    appendEscaped(out, help, false);
    out += "\n# TYPE " + name + ' ' + typeNames[int(type)] + '\n';
}

void MetricsRegistry::FamilyBase::writeName(QByteArray &out, const QStringList &values,
                                            const char *suffix, const QByteArray &le) const
{
    out += name;
    out += suffix;
    if (!labelNames.isEmpty() || !le.isEmpty()) {
        out += '{';
        for (qsizetype i = 0; i < labelNames.size(); ++i) {
            if (i > 0)
                out += ',';
            out += labelNames.at(i) + "=\"";
            appendEscaped(out, values.value(i), true);
            out += '"';
        }
        if (!le.isEmpty())
            out += (labelNames.isEmpty() ? "le=\"" : ",le=\"") + le + '"';
        out += '}';
    }
    out += ' ';
}

template<typename Series>
Series *MetricsRegistry::Family<Series>::at(const QStringList &values)
{
    Q_ASSERT_X(values.size() == labelNames.size(), "MetricsRegistry::Family::at",
               "one value per label name");
    std::lock_guard lock(*mutex);
    Entry *&entry = m_index[values];
    if (!entry) {
        std::unique_ptr<Series> series;
        if constexpr (std::is_same_v<Series, Histogram>)
            series = std::make_unique<Histogram>(&bounds);
        else
            series = std::make_unique<Series>();
        entry = &m_series.emplace_back(values, std::move(series));
    }
    return entry->series.get();
}

template<typename Series>
void MetricsRegistry::Family<Series>::write(QByteArray &out) const
{
    writeHeader(out);
    for (const Entry &entry : m_series) {
        if constexpr (std::is_same_v<Series, Histogram>) {
            const Histogram::Snapshot snapshot = entry.series->snapshot();
            for (qsizetype i = 0; i < snapshot.cumulative.size(); ++i) {
                QByteArray le = "+Inf";
                if (std::size_t(i) < bounds.size()) {
                    le.clear();
                    appendNumber(le, bounds[std::size_t(i)]);
                }
                writeName(out, entry.values, "_bucket", le);
                appendNumber(out, snapshot.cumulative.at(i));
                out += '\n';
            }
            writeName(out, entry.values, "_sum");
            appendNumber(out, snapshot.sum);
            out += '\n';
            writeName(out, entry.values, "_count");
            appendNumber(out, snapshot.count);
            out += '\n';
        } else {
            writeName(out, entry.values);
            appendNumber(out, entry.series->value());
            out += '\n';
        }
    }
}

template class MetricsRegistry::Family<Counter>;
template class MetricsRegistry::Family<Gauge>;
template class MetricsRegistry::Family<Histogram>;

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::FamilyBase *MetricsRegistry::add(std::unique_ptr<FamilyBase> family)
{
    std::lock_guard lock(m_mutex);
    for ([[maybe_unused]] const auto &known : m_families)
        Q_ASSERT_X(known->name != family->name, "MetricsRegistry", "one family per name");
    return m_families.emplace_back(std::move(family)).get();
}

MetricsRegistry::Family<Counter> *MetricsRegistry::counters(const QByteArray &name,
                                                            const QString &help,
                                                            const QList<QByteArray> &labelNames)
{
    return static_cast<Family<Counter> *>(add(std::make_unique<Family<Counter>>(
        &m_mutex, name, help, FamilyBase::Type::Counter, labelNames)));
}

MetricsRegistry::Family<Gauge> *MetricsRegistry::gauges(const QByteArray &name, const QString &help,
                                                        const QList<QByteArray> &labelNames)
{
    return static_cast<Family<Gauge> *>(add(std::make_unique<Family<Gauge>>(
        &m_mutex, name, help, FamilyBase::Type::Gauge, labelNames)));
}

MetricsRegistry::Family<Histogram> *MetricsRegistry::histograms(const QByteArray &name,
                                                                const QString &help,
                                                                std::vector<double> bounds,
                                                                const QList<QByteArray> &labelNames)
{
    Q_ASSERT_X(std::is_sorted(bounds.begin(), bounds.end()), "MetricsRegistry", "sorted bounds");
    if (!bounds.empty() && std::isinf(bounds.back()))
        bounds.pop_back(); // +Inf is always the last bucket
    auto family = std::make_unique<Family<Histogram>>(&m_mutex, name, help,
                                                      FamilyBase::Type::Histogram, labelNames);
    family->bounds = std::move(bounds);
    return static_cast<Family<Histogram> *>(add(std::move(family)));
}

void MetricsRegistry::gaugeFunction(const QByteArray &name, const QString &help,
                                    std::function<double()> read)
{
    add(std::make_unique<FunctionFamily>(&m_mutex, name, help, std::move(read)));
}

QByteArray MetricsRegistry::render() const
{
    QByteArray out;
    out.reserve(16 * 1024);
    std::lock_guard lock(m_mutex);
    for (const auto &family : m_families)
        family->write(out);
    return out;
}

std::vector<double> MetricsRegistry::latencyBounds()
{
    return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

} // namespace mqhook
