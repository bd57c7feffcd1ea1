#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace mqhook {

// Appends `utf8` as a JSON string (RFC 8259 §7): in quotes, with the quote,
// the backslash and the control characters escaped and every other byte as
// it is. `utf8` must be valid UTF-8.
void appendJsonString(QByteArray *out, QByteArrayView utf8);

// Whether `text` is one JSON text (RFC 8259, UTF-8), a scalar at the top
// level included, checked without allocating. Stricter than QJsonDocument,
// which also takes ".5", unknown escapes and raw control characters: text
// pasted into JSON as it is must pass this.
bool isJsonText(QByteArrayView text);

} // namespace mqhook
