#include "adminform.h"

#include "config/defaults.h"
#include "fieldbinder.h"
#include "integerspinbox.h"
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
    b->bindText(m_ui->tokenEdit, S::Admin, JsonPath::of("token"), true);
    b->bindInteger(m_ui->eventBufferSpin, S::Admin, JsonPath::of("event_buffer"),
                   defaults::adminEventBufferMin, defaults::adminEventBufferMax,
                   defaults::adminEventBuffer);
    b->bindInteger(m_ui->payloadPreviewSpin, S::Admin, JsonPath::of("payload_preview"), 0,
                   defaults::adminPayloadPreviewMax, defaults::adminPayloadPreview);
    b->bindInteger(m_ui->maxConnectionsSpin, S::Admin, JsonPath::of("max_connections"), 1,
                   defaults::adminMaxConnectionsMax, defaults::adminMaxConnections);
    connect(m_ui->showTokenButton, &QToolButton::toggled, this, [this](bool shown) {
        m_ui->tokenEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showTokenButton->setText(shown ? tr("Hide") : tr("Show"));
        m_ui->showTokenButton->setToolTip(shown ? tr("Hide the token") : tr("Show the token"));
    });
    m_ui->adminNote->setText(
        tr("An HTTP endpoint for health checks, Prometheus metrics, the live event stream "
           "(mqhook tail) and dead letters. Listening on an address other than loopback "
           "needs a token. Changes apply on reload, without restarting forwarding."));
    finishTabOrder({m_ui->showTokenButton});
}

AdminForm::~AdminForm() = default;

} // namespace mqhook
