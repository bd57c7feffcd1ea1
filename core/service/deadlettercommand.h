#pragma once

#include "config/config.h"
#include "service/exitcode.h"

#include <QString>
#include <QStringList>

class QTextStream;

// `mqhook dead-letters ...`: list, show, retry and purge the outbox's dead letters.
namespace mqhook {

// Exit codes of runDeadLetterCommand().
enum class DeadLetterExit
{
    Ok = ExitOk,
    QueueError = ExitRuntimeError, // the queue cannot be opened or read (or queue.mode is memory)
    NotFound = ExitNotFound,       // no dead letter with the ID given
    Usage = ExitUsage,             // bad or missing arguments
};

// The usage text, for `mqhook --help` too.
QString deadLetterUsage();

// Runs one subcommand. args are the words after "dead-letters", e.g.
// {"show", "12"}. Safe while the service runs on the same queue: it picks up
// retried dead letters at once. Returns a DeadLetterExit value.
int runDeadLetterCommand(const QStringList &args, const QueueConfig &config, QTextStream &out,
                         QTextStream &err);

} // namespace mqhook
