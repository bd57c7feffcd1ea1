#pragma once

#include "itemform.h"

#include <memory>

namespace Ui {
class LogForm;
}

namespace mqhook {

// log_config
class LogForm : public ItemForm
{
    Q_OBJECT

public:
    explicit LogForm(ConfigDocument *document, QWidget *parent = nullptr);
    ~LogForm() override;

private:
    std::unique_ptr<Ui::LogForm> m_ui;
};

} // namespace mqhook
