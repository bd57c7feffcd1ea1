#include "adminform.h"

#include "fieldbinder.h"
#include "ui_adminform.h"

using namespace Qt::StringLiterals;

namespace mqhook {

AdminForm::AdminForm(ConfigDocument *document, QWidget *parent)
    : ItemForm(document, parent)
    , m_ui(std::make_unique<Ui::AdminForm>())
{
    m_ui->setupUi(this);
    setProblemsLabel(m_ui->problemsLabel);
    using S = ConfigSection;
    FieldBinder *b = binder();
    b->bindStructure(m_ui->adminGroup, S::Root, {}, u"admin"_s);
    b->bindText(m_ui->listenEdit, S::Admin, JsonPath::of("listen"), true);
    m_ui->adminNote->setText(tr("A local HTTP endpoint for health and metrics. Leave it empty "
                                "unless this build of mqhook supports it: the check says so."));
    finishTabOrder();
}

AdminForm::~AdminForm() = default;

} // namespace mqhook
