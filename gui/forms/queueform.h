#pragma once

#include "itemform.h"

#include <memory>

namespace Ui {
class QueueForm;
}

namespace mqhook {

// queue
class QueueForm : public ItemForm
{
    Q_OBJECT

public:
    explicit QueueForm(ConfigDocument *document, QWidget *parent = nullptr);
    ~QueueForm() override;

protected:
    void refreshForm() override;

private:
    std::unique_ptr<Ui::QueueForm> m_ui;
};

} // namespace mqhook
