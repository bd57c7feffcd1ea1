#include "issuecolors.h"

namespace mqhook::IssueColors {

namespace {

QColor mix(const QColor &a, const QColor &b, double share)
{
    return QColor::fromRgbF(float(a.redF() * (1 - share) + b.redF() * share),
                            float(a.greenF() * (1 - share) + b.greenF() * share),
                            float(a.blueF() * (1 - share) + b.blueF() * share));
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor text(const QPalette &palette, bool error)
{
    if (isDark(palette))
        return error ? QColor(0xff, 0x8a, 0x80) : QColor(0xff, 0xd1, 0x66);
    return error ? QColor(0xc6, 0x28, 0x28) : QColor(0x9a, 0x5b, 0x00);
}

QColor tint(const QPalette &palette, bool error)
{
    const QColor base = palette.color(QPalette::Base);
    return mix(base, error ? QColor(0xe5, 0x39, 0x35) : QColor(0xf5, 0x9f, 0x00),
               isDark(palette) ? 0.35 : 0.18);
}

} // namespace mqhook::IssueColors
