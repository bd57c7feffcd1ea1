#pragma once

#include "itemform.h"

#include <memory>

namespace Ui {
class BrokersPage;
}

namespace mqhook {

// mqtt_brokers: what the list holds, and a button to add a connection.
class BrokersPage : public ItemForm
{
    Q_OBJECT

public:
    explicit BrokersPage(ConfigDocument *document, QWidget *parent = nullptr);
    ~BrokersPage() override;

signals:
    void addBrokerRequested();

protected:
    void refreshForm() override;

private:
    std::unique_ptr<Ui::BrokersPage> m_ui;
};

} // namespace mqhook
