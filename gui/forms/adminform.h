#pragma once

#include "itemform.h"

#include <memory>

namespace Ui {
class AdminForm;
}

namespace mqhook {

// admin
class AdminForm : public ItemForm
{
    Q_OBJECT

public:
    explicit AdminForm(ConfigDocument *document, QWidget *parent = nullptr);
    ~AdminForm() override;

private:
    std::unique_ptr<Ui::AdminForm> m_ui;
};

} // namespace mqhook
