#include "brokerspage.h"

#include "configdocument.h"
#include "configpaths.h"
#include "fieldbinder.h"
#include "ui_brokerspage.h"

using namespace Qt::StringLiterals;

namespace mqhook {

BrokersPage::BrokersPage(ConfigDocument *document, QWidget *parent)
    : ItemForm(document, parent)
    , m_ui(std::make_unique<Ui::BrokersPage>())
{
    m_ui->setupUi(this);
    setProblemsLabel(m_ui->problemsLabel);
    binder()->bindStructure(m_ui->brokersGroup, ConfigSection::Root, {}, u"mqtt_brokers"_s);
    connect(m_ui->addBrokerButton, &QPushButton::clicked, this, &BrokersPage::addBrokerRequested);
}

BrokersPage::~BrokersPage() = default;

void BrokersPage::refreshForm()
{
    const int count = int(ConfigPaths::brokerPaths(document()->root()).size());
    m_ui->summaryLabel->setText(
        count == 0 ? tr("No broker connection yet. Add one: mqhook subscribes with one MQTT "
                        "client per connection and forwards what its routes select.")
                   : tr("%n broker connection(s). Select one in the tree to edit it, drag to "
                        "reorder, or right-click for more.",
                        nullptr, count));
}

} // namespace mqhook
