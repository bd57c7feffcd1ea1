#pragma once

#include <QDoubleSpinBox>

namespace mqhook {

// A spin box for the integer keys of the configuration, up to 2^53 (JSON's
// exact integers; QSpinBox stops at 2^31). The arrows and the wheel stay
// within the key's valid range; a value typed outside it is kept, so that
// the validator can say what is wrong with it beside the field.
class IntegerSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    // 2^53: the largest integer every JSON number can hold exactly.
    static constexpr double maxExactInteger = 9007199254740992.0;

    explicit IntegerSpinBox(QWidget *parent = nullptr);

    void setValidRange(double minimum, double maximum);
    double validMinimum() const { return m_validMin; }
    double validMaximum() const { return m_validMax; }

    void stepBy(int steps) override;

protected:
    StepEnabled stepEnabled() const override;

private:
    double m_validMin = 0;
    double m_validMax = 0;
};

} // namespace mqhook
