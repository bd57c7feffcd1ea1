#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace mqhook {

// Appends `utf8` as a JSON string (RFC 8259 §7): in quotes, with the quote,
// the backslash and the control characters escaped and every other byte as
// it is. `utf8` must be valid UTF-8.
void appendJsonString(QByteArray *out, QByteArrayView utf8);
// The same for UTF-16 text, written as UTF-8 (a lone surrogate as '?', as
// QString::toUtf8() does).
void appendJsonString(QByteArray *out, QStringView text);
// Appends the number in decimal, as QByteArray::number() writes it.
void appendJsonNumber(QByteArray *out, qint64 value);

// Whether `text` is one JSON text (RFC 8259, UTF-8), a scalar at the top
// level included, checked without allocating. Stricter than QJsonDocument,
// which also takes ".5", unknown escapes and raw control characters: text
// pasted into JSON as it is must pass this.
bool isJsonText(QByteArrayView text);

} // namespace mqhook
