#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

class QTextStream;

namespace mqhook {

// `mqhook status`: a short summary of a running service's /api/status and
// /readyz.
QString statusUsage();
// args are the words after "status". Returns the exit code: 0 when the
// service answered, 1 when it could not be reached or refused.
int runStatusCommand(const QStringList &args, const QString &configFile, QTextStream &out,
                     QTextStream &err);
// The summary of a status (and readiness) answer.
QString statusSummary(const QJsonObject &status, const QJsonObject &readiness);

} // namespace mqhook
