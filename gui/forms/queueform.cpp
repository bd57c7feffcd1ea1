#include "queueform.h"

#include "config/defaults.h"
#include "configdocument.h"
#include "fieldbinder.h"
#include "integerspinbox.h"
#include "ui_queueform.h"

using namespace Qt::StringLiterals;

namespace mqhook {

QueueForm::QueueForm(ConfigDocument *document, QWidget *parent)
    : ItemForm(document, parent)
    , m_ui(std::make_unique<Ui::QueueForm>())
{
    m_ui->setupUi(this);
    setProblemsLabel(m_ui->problemsLabel);
    using S = ConfigSection;
    FieldBinder *b = binder();
    b->bindStructure(m_ui->queueGroup, S::Root, {}, u"queue"_s);
    b->bindText(m_ui->dirEdit, S::Queue, JsonPath::of("dir"), true,
                QString::fromLatin1(defaults::queueDir));
    b->bindChoice(m_ui->modeCombo, S::Queue, JsonPath::of("mode"),
                  {{tr("On disk (SQLite)"), u"disk"_s}, {tr("In memory"), u"memory"_s}}, u"disk"_s);
    b->bindInteger(m_ui->maxMessagesSpin, S::Queue, JsonPath::of("max_messages"), 1,
                   IntegerSpinBox::maxExactInteger, double(defaults::queueMaxMessages));
    b->bindInteger(m_ui->maxBytesSpin, S::Queue, JsonPath::of("max_bytes"), 1,
                   IntegerSpinBox::maxExactInteger, double(defaults::queueMaxBytes));
    finishTabOrder();
}

QueueForm::~QueueForm() = default;

void QueueForm::refreshForm()
{
    const JsonNode *queue = document()->node(item());
    const JsonNode *mode = queue ? queue->member(u"mode"_s) : nullptr;
    const bool memory =
        mode && mode->isString() && mode->text.compare(u"memory"_s, Qt::CaseInsensitive) == 0;
    m_ui->modeNote->setText(
        memory ? tr("In memory, every message mqhook has acknowledged and not yet delivered is "
                    "lost when it stops or crashes.")
               : tr("Queue settings take effect when forwarding starts, not on reload."));
}

} // namespace mqhook
