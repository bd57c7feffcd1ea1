#pragma once

#include <QColor>
#include <QPalette>

// Colours that mark problems, readable on light and dark palettes alike.
namespace mqhook::IssueColors {

bool isDark(const QPalette &palette);
// For the text of a message.
QColor text(const QPalette &palette, bool error);
// For the background of a field or a row: its base colour, tinted.
QColor tint(const QPalette &palette, bool error);

} // namespace mqhook::IssueColors
