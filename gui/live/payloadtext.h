#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// A payload as the detail pane shows it: pretty JSON, plain text or hex.
namespace mqhook::PayloadText {

// The JSON text indented, members in their order and numbers as written;
// nullopt when the payload is not one JSON text.
std::optional<QString> prettyJson(const QByteArray &payload);

// UTF-8 as text; bytes that are not UTF-8 and control characters other than
// tab and line breaks show as \xNN.
QString plain(const QByteArray &payload);

// 16 bytes a line: offset, the bytes in hex, and the printable ASCII.
QString hexDump(const QByteArray &payload);

// One line for a table cell: plain() with line breaks as spaces, cut at
// `chars` with an ellipsis.
QString oneLine(const QByteArray &payload, int chars = 120);

} // namespace mqhook::PayloadText
