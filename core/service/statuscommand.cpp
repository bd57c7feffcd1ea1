#include "statuscommand.h"

#include "admintarget.h"
#include "exitcode.h"
#include "observe/adminclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QLocale>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

struct StatusCommand
{
    Q_DECLARE_TR_FUNCTIONS(StatusCommand)
};

QString durationText(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    if (days > 0)
        return StatusCommand::tr("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return StatusCommand::tr("%1 h %2 min").arg(hours).arg(minutes);
    if (minutes > 0)
        return StatusCommand::tr("%1 min %2 s").arg(minutes).arg(seconds % 60);
    return StatusCommand::tr("%1 s").arg(seconds);
}

qint64 number(const QJsonObject &object, const QString &key)
{
    return object.value(key).toInteger();
}

} // namespace

QString statusUsage()
{
    return StatusCommand::tr(
        "Usage: mqhook status [--url URL] [--token TOKEN]\n"
        "A short summary of a running service: readiness, connections, queue, routes; --url and "
        "--token as for tail.\n");
}

QString statusSummary(const QJsonObject &status, const QJsonObject &readiness)
{
    const QLocale locale;
    QString text;
    QTextStream out(&text);
    out << StatusCommand::tr("mqhook %1, %2, up %3")
               .arg(status.value(u"version"_s).toString(), status.value(u"state"_s).toString(),
                    durationText(number(status, u"uptime_seconds"_s)))
        << '\n';
    if (readiness.value(u"ready"_s).toBool()) {
        out << StatusCommand::tr("Ready: every connection is subscribed and the queue commits")
            << '\n';
    } else {
        out << StatusCommand::tr("Not ready:") << '\n';
        for (const QJsonValue &value : readiness.value(u"problems"_s).toArray()) {
            const QJsonObject problem = value.toObject();
            const QString who = problem.value(u"client_id"_s).toString();
            out << "  " << (who.isEmpty() ? problem.value(u"component"_s).toString() : who) << ": "
                << problem.value(u"reason"_s).toString() << '\n';
        }
    }

    const QJsonArray brokers = status.value(u"brokers"_s).toArray();
    out << StatusCommand::tr("Broker connections (%1):").arg(brokers.size()) << '\n';
    for (const QJsonValue &value : brokers) {
        const QJsonObject broker = value.toObject();
        const QJsonObject connection = broker.value(u"connection"_s).toObject();
        QString state = connection.value(u"subscribed"_s).toBool() ? StatusCommand::tr("subscribed")
                        : connection.value(u"connected"_s).toBool()
                            ? StatusCommand::tr("connected, subscribing")
                            : StatusCommand::tr("not connected");
        const QString lastError = connection.value(u"last_error"_s).toString();
        if (!connection.value(u"connected"_s).toBool() && !lastError.isEmpty())
            state += u": "_s + lastError;
        const QString id = broker.value(u"client_id"_s).toString();
        out << "  " << (id.isEmpty() ? StatusCommand::tr("(no client_id)") : id) << " ("
            << broker.value(u"broker_ip"_s).toString() << ':'
            << broker.value(u"broker_port"_s).toInteger() << "): " << state << '\n';
    }

    const QJsonObject queue = status.value(u"queue"_s).toObject();
    out << StatusCommand::tr("Queue (%1): %2 pending message(s), %3")
               .arg(queue.value(u"mode"_s).toString())
               .arg(locale.toString(number(queue, u"pending_messages"_s)))
               .arg(locale.formattedDataSize(number(queue, u"pending_bytes"_s)));
    if (queue.value(u"full"_s).toBool())
        out << StatusCommand::tr(", full (intake paused)");
    if (queue.value(u"store_failing"_s).toBool())
        out << StatusCommand::tr(", cannot commit: %1").arg(queue.value(u"error"_s).toString());
    out << '\n';

    const QJsonArray routes = status.value(u"routes"_s).toArray();
    out << StatusCommand::tr("Routes (%1):").arg(routes.size()) << '\n';
    for (const QJsonValue &value : routes) {
        const QJsonObject route = value.toObject();
        out << "  " << route.value(u"route"_s).toString() << " -> "
            << route.value(u"target"_s).toString() << ": "
            << StatusCommand::tr("%1 delivered, %2 retried, %3 dead, %4 in flight, %5 queued")
                   .arg(locale.toString(number(route, u"succeeded"_s)),
                        locale.toString(number(route, u"retried"_s)),
                        locale.toString(number(route, u"dead"_s)),
                        locale.toString(number(route, u"in_flight"_s)),
                        locale.toString(number(route, u"queued"_s)))
            << '\n';
    }
    const QJsonObject counters = status.value(u"counters"_s).toObject();
    out << StatusCommand::tr("Messages: %1 received, %2 unrouted, %3 committed")
               .arg(locale.toString(number(counters, u"received"_s)),
                    locale.toString(number(counters, u"unrouted"_s)),
                    locale.toString(number(counters, u"enqueued"_s)))
        << '\n';
    out.flush();
    return text;
}

int runStatusCommand(const QStringList &args, const QString &configFile, QTextStream &out,
                     QTextStream &err)
{
    AdminCommandLine commandLine(u"status"_s, {});
    if (const std::optional<int> done = commandLine.parse(args, statusUsage(), out, err))
        return *done;
    int exitCode = ExitOk;
    const std::optional<AdminTarget> target = commandLine.target(configFile, err, &exitCode);
    if (!target)
        return exitCode;

    AdminClient client;
    client.setUrl(target->url);
    client.setToken(target->token);
    QEventLoop loop;
    std::optional<AdminClient::Reply> status;
    std::optional<AdminClient::Reply> readiness;
    QObject::connect(&client, &AdminClient::finished, &loop, [&](const AdminClient::Reply &reply) {
        (reply.call == AdminClient::Call::Status ? status : readiness) = reply;
        if (status && readiness)
            loop.quit();
    });
    client.fetchStatus();
    client.fetchReadiness();
    loop.exec();
    // Not ready is an answer too (503 with the reasons); anything else is not.
    const bool readinessAnswered =
        readiness->ok() || (readiness->httpStatus == 503 && readiness->body.contains(u"ready"_s));
    if (!status->ok() || !readinessAnswered) {
        err << StatusCommand::tr("%1: %2").arg(target->url.toDisplayString(),
                                               status->ok() ? readiness->error : status->error)
            << '\n';
        return ExitRuntimeError;
    }
    out << statusSummary(status->body, readiness->body);
    return ExitOk;
}

} // namespace mqhook
