// Test program for tst_outbox: enqueues groups of messages into the outbox
// in the folder given and prints every committed delivery id, one a line,
// flushed after each commit, until it is killed or reaches the count given.
//
// usage: outbox_writer DIR GROUP_SIZE [GROUPS]

#include "delivery/outbox.h"
#include "outboxhelpers.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: outbox_writer DIR GROUP_SIZE [GROUPS]\n");
        return 2;
    }
    mqhook::QueueConfig config;
    config.dir = args.at(1);
    const int groupSize = args.at(2).toInt();
    const qint64 groups = args.size() > 3 ? args.at(3).toLongLong() : -1;

    mqhook::Outbox outbox;
    if (!outbox.open(config)) {
        std::fprintf(stderr, "%s\n", qPrintable(outbox.errorString()));
        return 1;
    }
    qint64 sequence = 0;
    for (qint64 group = 0; groups < 0 || group < groups; ++group) {
        QList<mqhook::Intake> items;
        for (int i = 0; i < groupSize; ++i) {
            mqhook::Intake item;
            item.message.id = QStringLiteral("writer-%1").arg(++sequence);
            item.message.topic = QStringLiteral("kill/test");
            item.message.payload = QByteArray(200, 'k');
            item.message.receivedAt = QDateTime::currentDateTimeUtc();
            item.targets.append({QStringLiteral("route"), QStringLiteral("http://127.0.0.1:9/")});
            items.append(item);
        }
        const mqhook::test::EnqueueResult result = mqhook::test::enqueue(outbox, items);
        if (!result.ok) {
            std::fprintf(stderr, "%s\n", qPrintable(result.error));
            return 1;
        }
        for (const mqhook::QueuedDelivery &delivery : result.deliveries)
            std::printf("%lld %s\n", delivery.id, qPrintable(delivery.message.id));
        std::fflush(stdout);
    }
    return 0;
}
