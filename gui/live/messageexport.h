#pragma once

#include "messagerecord.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

class QIODevice;

// The live view's rows written out for other tools: CSV (one line per
// message, the table's columns plus the message id and payload) or JSON
// Lines (one object per message with every delivery and attempt). Names and
// outcomes are stable English words, whatever the window's language.
namespace mqhook::MessageExport {

QString outcomeKey(MessageRecord::Outcome outcome);
QJsonObject toJson(const MessageRecord &record);

QByteArray csvHeader();
QByteArray csvLine(const MessageRecord &record);
QByteArray jsonLine(const MessageRecord &record);

} // namespace mqhook::MessageExport
