#pragma once

#include "itemform.h"

#include <memory>

namespace Ui {
class RouteForm;
}

namespace mqhook {

// One sub_deal_config entry: what it subscribes to and filters out, where it
// sends, how the request looks, and how delivery retries and batches.
class RouteForm : public ItemForm
{
    Q_OBJECT

public:
    explicit RouteForm(ConfigDocument *document, QWidget *parent = nullptr);
    ~RouteForm() override;

    Ui::RouteForm *ui() const { return m_ui.get(); }

private:
    std::unique_ptr<Ui::RouteForm> m_ui;
};

} // namespace mqhook
