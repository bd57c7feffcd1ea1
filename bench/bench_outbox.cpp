// Outbox throughput: messages per second committed by storeAt(), as the
// outbox thread stores groups (and removed by markSucceeded()), in groups of
// 1, 10, 100 and 1000, on disk and in memory.
//
// usage: bench_outbox [--dir FOLDER] [--messages N] [--payload BYTES]
//                     [--mode disk|memory] [--backlog N]
// The disk runs use a fresh queue below FOLDER (default: a temporary folder),
// so put FOLDER on the file system the service will use.

#include "delivery/outbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace mqhook;

namespace {

// A group stored as the outbox thread stores it: its deliveries handed out
// from nextIds(), then stored in one transaction.
std::optional<QList<QueuedDelivery>> enqueue(Outbox &outbox, const QList<Intake> &group)
{
    const Outbox::Ids first = outbox.nextIds();
    const QDateTime notBefore =
        QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    QList<QueuedDelivery> deliveries = Outbox::deliveriesOf(group, first, notBefore);
    if (!outbox.storeAt(group, first, notBefore))
        return std::nullopt;
    return deliveries;
}

struct Rates
{
    double enqueued = 0; // messages/s
    double succeeded = 0;
};

std::optional<Rates> measure(const QueueConfig &config, int groupSize, int messages,
                             int payloadSize, QString *error)
{
    Outbox outbox;
    if (!outbox.open(config)) {
        *error = outbox.errorString();
        return std::nullopt;
    }

    const QByteArray payload(payloadSize, 'b');
    QList<QList<Intake>> groups;
    int made = 0;
    while (made < messages) {
        QList<Intake> group;
        for (int i = 0; i < groupSize && made < messages; ++i, ++made) {
            Intake item;
            item.message.id = QStringLiteral("bench-%1").arg(made);
            item.message.clientId = QStringLiteral("bench");
            item.message.topic = QStringLiteral("bench/topic/%1").arg(made % 100);
            item.message.payload = payload;
            item.message.qos = 1;
            item.message.receivedAt = QDateTime::currentDateTimeUtc();
            item.targets.append(
                {QStringLiteral("bench/app"), QStringLiteral("http://127.0.0.1:8080/hook")});
            group.append(item);
        }
        groups.append(group);
    }

    QList<QList<qint64>> ids;
    QElapsedTimer timer;
    timer.start();
    for (const QList<Intake> &group : std::as_const(groups)) {
        const std::optional<QList<QueuedDelivery>> deliveries = enqueue(outbox, group);
        if (!deliveries) {
            *error = outbox.errorString();
            return std::nullopt;
        }
        QList<qint64> groupIds;
        for (const QueuedDelivery &delivery : *deliveries)
            groupIds.append(delivery.id);
        ids.append(groupIds);
    }
    Rates rates;
    rates.enqueued = messages / (timer.nsecsElapsed() / 1e9);

    timer.restart();
    for (const QList<qint64> &groupIds : std::as_const(ids)) {
        if (!outbox.markSucceeded(groupIds)) {
            *error = outbox.errorString();
            return std::nullopt;
        }
    }
    rates.succeeded = messages / (timer.nsecsElapsed() / 1e9);
    return rates;
}

// A backlog of `messages` (an endpoint was down), reloaded as at start-up,
// then delivered in groups of 100: half in arrival order, half at random.
bool measureBacklog(const QueueConfig &config, int messages, int payloadSize, QTextStream &out,
                    QString *error)
{
    Outbox outbox;
    if (!outbox.open(config)) {
        *error = outbox.errorString();
        return false;
    }
    const QByteArray payload(payloadSize, 'b');
    QElapsedTimer timer;
    timer.start();
    for (int made = 0; made < messages;) {
        QList<Intake> group;
        for (int i = 0; i < 1000 && made < messages; ++i, ++made) {
            Intake item;
            item.message.id = QStringLiteral("backlog-%1").arg(made);
            item.message.topic = QStringLiteral("bench/backlog");
            item.message.payload = payload;
            item.targets.append(
                {QStringLiteral("bench/app"), QStringLiteral("http://127.0.0.1:8080/hook")});
            group.append(item);
        }
        if (!enqueue(outbox, group)) {
            *error = outbox.errorString();
            return false;
        }
    }
    const double filled = messages / (timer.nsecsElapsed() / 1e9);

    // As a dispatcher's window reads it: slices of 1,000 in id order.
    timer.restart();
    QList<qint64> ids;
    for (qint64 after = 0;;) {
        const std::optional<QList<QueuedDelivery>> slice = outbox.loadPending(
            QStringLiteral("bench/app"), QStringLiteral("http://127.0.0.1:8080/hook"), after, 1000);
        if (!slice) {
            *error = outbox.errorString();
            return false;
        }
        if (slice->isEmpty())
            break;
        for (const QueuedDelivery &delivery : *slice)
            ids.append(delivery.id);
        after = slice->last().id;
    }
    const qint64 windowMs = timer.elapsed();
    if (ids.size() != messages) {
        *error =
            QStringLiteral("the windows read %1 deliveries of %2").arg(ids.size()).arg(messages);
        return false;
    }

    // The first half in arrival order (an endpoint back up), the rest shuffled.
    auto drain = [&](const QList<qint64> &order, double *rate) {
        timer.restart();
        for (qsizetype i = 0; i < order.size(); i += 100) {
            if (!outbox.markSucceeded(order.mid(i, 100))) {
                *error = outbox.errorString();
                return false;
            }
        }
        *rate = order.size() / (timer.nsecsElapsed() / 1e9);
        return true;
    };
    QList<qint64> inOrder = ids.mid(0, ids.size() / 2);
    QList<qint64> shuffled = ids.mid(ids.size() / 2);
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(42));
    double inOrderRate = 0;
    double shuffledRate = 0;
    if (!drain(inOrder, &inOrderRate) || !drain(shuffled, &shuffledRate))
        return false;
    out << "backlog " << messages << " (" << (config.mode == QueueMode::Disk ? "disk" : "memory")
        << "): filled at " << qRound(filled) << " msg/s, read in windows of 1,000 in " << windowMs
        << " ms, delivered (groups of 100) in arrival order at " << qRound(inOrderRate)
        << " msg/s, in random order at " << qRound(shuffledRate) << " msg/s" << Qt::endl;
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Outbox group-commit throughput"));
    parser.addHelpOption();
    const QCommandLineOption dirOption(QStringLiteral("dir"),
                                       QStringLiteral("Folder for the disk queues."),
                                       QStringLiteral("folder"));
    const QCommandLineOption messagesOption(
        QStringLiteral("messages"), QStringLiteral("Messages per run (groups of 1 use a tenth)."),
        QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption payloadOption(QStringLiteral("payload"),
                                           QStringLiteral("Payload size in bytes."),
                                           QStringLiteral("bytes"), QStringLiteral("200"));
    const QCommandLineOption modeOption(QStringLiteral("mode"),
                                        QStringLiteral("Only this queue.mode: disk or memory."),
                                        QStringLiteral("mode"));
    const QCommandLineOption backlogOption(
        QStringLiteral("backlog"),
        QStringLiteral("Also fill a backlog of n messages, reload it and drain it."),
        QStringLiteral("n"));
    parser.addOptions({dirOption, messagesOption, payloadOption, modeOption, backlogOption});
    parser.process(app);

    QTemporaryDir temporary(parser.isSet(dirOption)
                                ? parser.value(dirOption) + QStringLiteral("/bench_outbox-XXXXXX")
                                : QString());
    if (!temporary.isValid()) {
        std::fprintf(stderr, "cannot create a folder: %s\n", qPrintable(temporary.errorString()));
        return 1;
    }
    const int messages = parser.value(messagesOption).toInt();
    const int payloadSize = parser.value(payloadOption).toInt();

    QTextStream out(stdout);
    out << "payload " << payloadSize << " bytes, one target per message, queue below "
        << temporary.path() << "\n\n";
    out << qSetFieldWidth(8) << Qt::left << "mode"
        << "group" << qSetFieldWidth(12) << "messages" << qSetFieldWidth(16) << "enqueue msg/s"
        << "commits/s"
        << "succeeded msg/s" << qSetFieldWidth(0) << "\n";
    int run = 0;
    for (const QueueMode mode : {QueueMode::Disk, QueueMode::Memory}) {
        const QString modeName =
            mode == QueueMode::Disk ? QStringLiteral("disk") : QStringLiteral("memory");
        if (parser.isSet(modeOption) && parser.value(modeOption) != modeName)
            continue;
        for (const int groupSize : {1, 10, 100, 1000}) {
            QueueConfig config;
            config.mode = mode;
            config.dir = temporary.filePath(QStringLiteral("run%1").arg(++run));
            const int count = groupSize == 1 ? qMax(1, messages / 10) : messages;
            QString error;
            const std::optional<Rates> rates =
                measure(config, groupSize, count, payloadSize, &error);
            if (!rates) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 1;
            }
            out << qSetFieldWidth(8) << modeName << groupSize << qSetFieldWidth(12) << count
                << qSetFieldWidth(16) << qRound(rates->enqueued)
                << qRound(rates->enqueued / groupSize) << qRound(rates->succeeded)
                << qSetFieldWidth(0) << Qt::endl;
        }
        if (parser.isSet(backlogOption)) {
            QueueConfig config;
            config.mode = mode;
            config.dir = temporary.filePath(QStringLiteral("run%1").arg(++run));
            QString error;
            if (!measureBacklog(config, parser.value(backlogOption).toInt(), payloadSize, out,
                                &error)) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 1;
            }
        }
    }
    return 0;
}
