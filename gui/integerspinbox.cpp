#include "integerspinbox.h"

#include <algorithm>

namespace mqhook {

IntegerSpinBox::IntegerSpinBox(QWidget *parent)
    : QDoubleSpinBox(parent)
{
    setDecimals(0);
    setRange(-maxExactInteger, maxExactInteger);
    setValidRange(0, maxExactInteger);
    setAccelerated(true);
    setGroupSeparatorShown(false);
    // Wide enough for 2^53 and a unit, not the whole form.
    setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0000000000000000 bytes")) +
                    fontMetrics().height() * 2);
}

void IntegerSpinBox::setValidRange(double minimum, double maximum)
{
    m_validMin = minimum;
    m_validMax = maximum;
    if (maximum >= maxExactInteger)
        setToolTip(tr("A whole number of at least %1").arg(minimum, 0, 'f', 0));
    else
        setToolTip(
            tr("A whole number from %1 to %2").arg(minimum, 0, 'f', 0).arg(maximum, 0, 'f', 0));
}

void IntegerSpinBox::stepBy(int steps)
{
    const double next = std::clamp(value() + steps * singleStep(), m_validMin, m_validMax);
    setValue(next);
    selectAll();
}

QAbstractSpinBox::StepEnabled IntegerSpinBox::stepEnabled() const
{
    StepEnabled enabled = StepNone;
    if (value() < m_validMax)
        enabled |= StepUpEnabled;
    if (value() > m_validMin)
        enabled |= StepDownEnabled;
    return enabled;
}

} // namespace mqhook
