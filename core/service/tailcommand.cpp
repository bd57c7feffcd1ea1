#include "tailcommand.h"

#include "admintarget.h"
#include "exitcode.h"
#include "observe/eventline.h"
#include "observe/eventstreamclient.h"
#include "unixsignalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileDevice>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

struct TailCommand
{
    Q_DECLARE_TR_FUNCTIONS(TailCommand)
};

// Colours only for a terminal, and not when NO_COLOR (no-color.org) is set.
bool colourWanted()
{
    return isatty(STDOUT_FILENO) == 1 && qEnvironmentVariableIsEmpty("NO_COLOR") &&
           qEnvironmentVariable("TERM") != u"dumb";
}

} // namespace

QString tailUsage()
{
    return TailCommand::tr(
        "Usage: mqhook tail [--url URL] [--token TOKEN] [--topic FILTER] [--route ROUTE] "
        "[--kind KINDS] [--json]\n"
        "  --url URL       the service's admin endpoint (default: admin.listen of --config)\n"
        "  --token TOKEN   its admin.token (default: from --config, else $MQHOOK_ADMIN_TOKEN)\n"
        "  --topic FILTER  only messages whose topic matches this MQTT filter\n"
        "  --route ROUTE   only messages of this route\n"
        "  --kind KINDS    only these kinds of event, e.g. delivered,dead\n"
        "  --json          one JSON object per line, for jq\n"
        "Prints a running service's events as they happen, until interrupted, and reconnects by "
        "itself when the service restarts.\n");
}

int runTailCommand(const QStringList &args, const QString &configFile, QTextStream &out,
                   QTextStream &err)
{
    const QCommandLineOption topicOption(u"topic"_s, QString(), u"filter"_s);
    const QCommandLineOption routeOption(u"route"_s, QString(), u"route"_s);
    const QCommandLineOption kindOption(u"kind"_s, QString(), u"kinds"_s);
    const QCommandLineOption jsonOption(u"json"_s, QString());
    AdminCommandLine commandLine(u"tail"_s, {topicOption, routeOption, kindOption, jsonOption});
    if (const std::optional<int> done = commandLine.parse(args, tailUsage(), out, err))
        return *done;
    const QCommandLineParser &parser = commandLine.parser();

    EventFilter filter;
    QString why;
    if (!filter.setTopic(parser.value(topicOption), &why)) {
        err << TailCommand::tr("--topic: \"%1\" is not an MQTT topic filter: %2")
                   .arg(parser.value(topicOption), why)
            << '\n';
        return ExitUsage;
    }
    filter.route = parser.value(routeOption);
    if (parser.isSet(kindOption)) {
        for (const QString &name : parser.value(kindOption).split(u',', Qt::SkipEmptyParts)) {
            const std::optional<Event::Kind> kind = eventKindFromName(name.trimmed());
            if (!kind) {
                err << TailCommand::tr("--kind: unknown event kind \"%1\"").arg(name.trimmed())
                    << '\n';
                return ExitUsage;
            }
            filter.kinds.append(*kind);
        }
    }

    int exitCode = ExitOk;
    const std::optional<AdminTarget> target = commandLine.target(configFile, err, &exitCode);
    if (!target)
        return exitCode;

    const bool json = parser.isSet(jsonOption);
    const bool colour = !json && colourWanted();
    EventStreamClient client;
    client.setUrl(target->url);
    client.setToken(target->token);
    client.setFilter(filter);

    QEventLoop loop;
    UnixSignalWatcher signalWatcher;
    for (int signum : {SIGINT, SIGTERM, SIGPIPE})
        signalWatcher.watch(signum);
    QObject::connect(&signalWatcher, &UnixSignalWatcher::unixSignal, &loop,
                     [&loop](int) { loop.exit(ExitOk); });
    // Flushed once per turn of the event loop, after every event that came in
    // it: the lines show at once, without a write per line. --json passes on
    // the service's own JSON of each event, as it came.
    QByteArray jsonLines;
    bool flushPending = false;
    const auto flush = [&] {
        flushPending = false;
        if (!jsonLines.isEmpty()) {
            if (QIODevice *device = out.device()) {
                out.flush();
                auto *file = qobject_cast<QFileDevice *>(device);
                if (device->write(jsonLines) != jsonLines.size() || (file && !file->flush()))
                    loop.exit(ExitOk);
            } else {
                out << QString::fromUtf8(jsonLines);
            }
            // Kept for the next turn's lines, unless a burst made it large.
            if (jsonLines.capacity() > 4 * 1024 * 1024)
                jsonLines.clear();
            else
                jsonLines.resize(0);
        }
        out.flush();
        if (out.status() != QTextStream::Ok || std::ferror(stdout))
            loop.exit(ExitOk); // the reader went away (a pipe to head)
    };
    const auto flushSoon = [&] {
        if (!flushPending) {
            flushPending = true;
            QTimer::singleShot(0, &loop, flush);
        }
    };
    if (json) {
        QObject::connect(&client, &EventStreamClient::eventTextReceived, &loop,
                         [&](Event::Kind, const QByteArray &data) {
                             // One line per event, whatever lines the data came
                             // in: outside its strings, JSON's line ends are
                             // white space.
                             const qsizetype from = jsonLines.size();
                             jsonLines.append(data);
                             if (data.contains('\n'))
                                 std::replace(jsonLines.begin() + from, jsonLines.end(), '\n', ' ');
                             jsonLines.append('\n');
                             flushSoon();
                         });
    } else {
        QObject::connect(&client, &EventStreamClient::eventReceived, &loop,
                         [&](const Event &event) {
                             out << EventLine::format(event, colour) << '\n';
                             flushSoon();
                         });
    }
    // An event that could not be read; what ends a connection is told with
    // the state below.
    QObject::connect(&client, &EventStreamClient::errorOccurred, &loop, [&](const QString &error) {
        if (client.state() == EventStreamClient::State::Connected)
            err << error << Qt::endl;
    });
    QObject::connect(
        &client, &EventStreamClient::stateChanged, &loop, [&](EventStreamClient::State state) {
            switch (state) {
            case EventStreamClient::State::Connected:
                err << TailCommand::tr("Connected to %1").arg(target->url.toDisplayString())
                    << Qt::endl;
                break;
            case EventStreamClient::State::Waiting:
                err << TailCommand::tr("%1; connecting again in %2 s")
                           .arg(client.errorString())
                           .arg(double(client.reconnectIn().count()) / 1000.0, 0, 'f', 1)
                    << Qt::endl;
                break;
            case EventStreamClient::State::Failed:
                err << client.errorString() << Qt::endl;
                loop.exit(ExitRuntimeError);
                break;
            case EventStreamClient::State::Disconnected:
            case EventStreamClient::State::Connecting:
                break;
            }
        });
    client.start();
    return loop.exec();
}

} // namespace mqhook
