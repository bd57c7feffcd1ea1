#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace mqhook {

// Appends `utf8` as a JSON string (RFC 8259 §7): in quotes, with the quote,
// the backslash and the control characters escaped and every other byte as
// it is. `utf8` must be valid UTF-8.
void appendJsonString(QByteArray *out, QByteArrayView utf8);

} // namespace mqhook
