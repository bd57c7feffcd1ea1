#include "logform.h"

#include "fieldbinder.h"
#include "integerspinbox.h"
#include "ui_logform.h"

using namespace Qt::StringLiterals;

namespace mqhook {

LogForm::LogForm(ConfigDocument *document, QWidget *parent)
    : ItemForm(document, parent)
    , m_ui(std::make_unique<Ui::LogForm>())
{
    m_ui->setupUi(this);
    setProblemsLabel(m_ui->problemsLabel);
    using S = ConfigSection;
    FieldBinder *b = binder();
    b->bindStructure(m_ui->logGroup, S::Root, {}, u"log_config"_s);
    b->bindChoice(m_ui->levelCombo, S::Log, JsonPath::of("level"),
                  {{tr("Trace"), u"trace"_s},
                   {tr("Debug"), u"debug"_s},
                   {tr("Info"), u"info"_s},
                   {tr("Warning"), u"warn"_s},
                   {tr("Error"), u"error"_s}},
                  std::nullopt);
    b->bindText(m_ui->filenameEdit, S::Log, JsonPath::of("filename"), false);
    b->bindInteger(m_ui->maxSizeSpin, S::Log, JsonPath::of("maxsize"), 1, 1024 * 1024,
                   std::nullopt);
    b->bindInteger(m_ui->maxAgeSpin, S::Log, JsonPath::of("max_age"), 0, 100000, std::nullopt);
    b->bindInteger(m_ui->maxBackupsSpin, S::Log, JsonPath::of("max_backups"), 0, 100000,
                   std::nullopt);
    finishTabOrder();
}

LogForm::~LogForm() = default;

} // namespace mqhook
