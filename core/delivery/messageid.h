#pragma once

#include <QString>

class QRandomGenerator;

namespace mqhook {

// A new Message::id: a random (version 4, RFC 4122 §4.4) UUID as text without
// braces. QUuid::createUuid() asks the system generator every time (about
// 1 µs here, once per message taken in); these come from `random`, by default
// QRandomGenerator::global(), which the system generator seeds.
QString newMessageId(QRandomGenerator *random = nullptr);

} // namespace mqhook
