#pragma once

#include "observe/event.h"

#include <QCoreApplication>
#include <QString>

namespace mqhook {

// One readable line per event, as `mqhook tail` prints it: time, kind, topic,
// route -> target, outcome, status, latency and the payload preview, with
// ANSI colours for a terminal when asked.
class EventLine
{
    Q_DECLARE_TR_FUNCTIONS(mqhook::EventLine)

public:
    static QString format(const Event &event, bool colour);
    // A payload preview on one line: control characters escaped, at most
    // maxChars characters, binary shown as hex.
    static QString preview(const QByteArray &bytes, qint64 size, int maxChars = 120);
};

} // namespace mqhook
