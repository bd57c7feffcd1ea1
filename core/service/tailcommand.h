#pragma once

#include <QString>
#include <QStringList>

class QTextStream;

namespace mqhook {

// `mqhook tail`: prints a running service's events as they happen, one line
// each (or one JSON object each, --json), until interrupted; reconnects by
// itself when the service restarts, resuming where it left off.
QString tailUsage();
// args are the words after "tail"; configFile is --config (or the default).
// Returns the exit code.
int runTailCommand(const QStringList &args, const QString &configFile, QTextStream &out,
                   QTextStream &err);

} // namespace mqhook
