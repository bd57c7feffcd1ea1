#include "routeform.h"

#include "config/configschema.h"
#include "config/defaults.h"
#include "configdocument.h"
#include "configpaths.h"
#include "fieldbinder.h"
#include "icons.h"
#include "integerspinbox.h"
#include "stringlisteditor.h"
#include "tableeditor.h"
#include "ui_routeform.h"

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

using S = ConfigSection;

} // namespace

RouteForm::RouteForm(ConfigDocument *document, QWidget *parent)
    : ItemForm(document, parent)
    , m_ui(std::make_unique<Ui::RouteForm>())
{
    m_ui->setupUi(this);
    setProblemsLabel(m_ui->problemsLabel);
    for (QToolButton *browse :
         {m_ui->callbackCaEditBrowse, m_ui->callbackCertEditBrowse, m_ui->callbackKeyEditBrowse})
        browse->setIcon(Icons::get(Icons::Browse));
    m_ui->callbackAddressList->setNewItemText(u"http://127.0.0.1:8080/mqtt"_s);
    m_ui->excludeTopicsList->setNewItemText(u"devices/test/"_s);
    m_ui->excludeRegexList->setNewItemText(u"^tmp/"_s);
    m_ui->bodyTemplateEdit->setMaximumHeight(m_ui->bodyTemplateEdit->fontMetrics().height() * 6);

    FieldBinder *b = binder();
    const QString pemFilter = tr("PEM files (*.pem *.crt *.key);;All files (*)");
    b->bindText(m_ui->appNameEdit, S::Subscription, JsonPath::of("app_name"), false);
    b->bindText(m_ui->appIdEdit, S::Subscription, JsonPath::of("app_id"), false);
    b->bindBool(m_ui->enabledCheck, S::Subscription, JsonPath::of("enabled"), std::nullopt);
    b->bindSection(m_ui->routeGroup, S::Subscription, JsonPath::of("subTopic"));
    b->bindText(m_ui->topicEdit, S::SubTopic, JsonPath::of("subTopic").key(u"topic"_s), false);
    b->bindInteger(m_ui->qosSpin, S::SubTopic, JsonPath::of("subTopic").key(u"qos"_s), 0, 2,
                   std::nullopt);
    b->bindChoice(m_ui->callbackMethodCombo, S::Subscription, JsonPath::of("callbackMethod"),
                  {{tr("HTTP (http:// addresses)"), u"HTTP"_s},
                   {tr("HTTPS (https:// addresses)"), u"HTTPS"_s}},
                  std::nullopt);
    b->bindStringList(m_ui->callbackAddressList, S::Subscription, JsonPath::of("callbackAddress"),
                      false);
    b->setLocator(S::Subscription, u"callbackAddress"_s, [](const JsonNode &route) {
        const bool alias =
            !route.member(u"callbackAddress"_s) && route.member(u"callbaccallbackAddress"_s);
        return JsonPath::of(alias ? "callbaccallbackAddress" : "callbackAddress");
    });
    b->bindAlias(S::Subscription, u"callbaccallbackAddress"_s, S::Subscription,
                 u"callbackAddress"_s);
    b->bindChoice(m_ui->httpMethodCombo, S::Subscription, JsonPath::of("http_method"),
                  {{u"POST"_s, u"POST"_s}, {u"PUT"_s, u"PUT"_s}, {u"PATCH"_s, u"PATCH"_s}},
                  QString::fromLatin1(defaults::httpMethod));
    b->bindChoice(
        m_ui->dispatchCombo, S::Subscription, JsonPath::of("dispatch"),
        {{tr("Every address gets every message"), u"broadcast"_s},
         {tr("One address per message, in turn (fail over to the next)"), u"round_robin"_s}},
        u"broadcast"_s);
    b->bindStringList(m_ui->excludeTopicsList, S::Subscription, JsonPath::of("excludeTopics"),
                      true);
    b->bindStringList(m_ui->excludeRegexList, S::Subscription, JsonPath::of("excludeRegex"), true);
    b->bindTable(m_ui->whereEditor, S::Subscription, JsonPath::of("where"));
    b->bindTable(m_ui->headersEditor, S::Subscription, JsonPath::of("callbackHeaders"));
    b->bindTemplate(m_ui->bodyTemplateEdit, S::Subscription, JsonPath::of("body_template"));
    b->bindInteger(m_ui->timeoutSpin, S::Subscription, JsonPath::of("timeout_ms"), 1,
                   IntegerSpinBox::maxExactInteger, double(defaults::httpTimeout.count()));
    const JsonPath tls = JsonPath::of("callbackTls");
    b->bindSection(m_ui->callbackTlsGroup, S::Subscription, tls);
    b->bindFile(m_ui->callbackCaEdit, m_ui->callbackCaEditBrowse, S::CallbackTls,
                tls.key(u"ca_file"_s), pemFilter);
    b->bindFile(m_ui->callbackCertEdit, m_ui->callbackCertEditBrowse, S::CallbackTls,
                tls.key(u"cert_file"_s), pemFilter);
    b->bindFile(m_ui->callbackKeyEdit, m_ui->callbackKeyEditBrowse, S::CallbackTls,
                tls.key(u"key_file"_s), pemFilter);
    b->bindBool(m_ui->callbackInsecureCheck, S::CallbackTls, tls.key(u"insecure_skip_verify"_s),
                false);
    b->bindInteger(m_ui->retrySpin, S::Subscription, JsonPath::of("retry"), 0,
                   IntegerSpinBox::maxExactInteger, std::nullopt);
    b->bindChoice(m_ui->orderingCombo, S::Subscription, JsonPath::of("ordering"),
                  {{tr("None: as fast as possible"), u"none"_s},
                   {tr("Per topic: a topic's messages arrive in order"), u"per_topic"_s}},
                  u"none"_s);
    b->bindInteger(m_ui->maxInflightSpin, S::Subscription, JsonPath::of("max_inflight"), 1, 1024,
                   defaults::maxInflight);
    b->bindStatusList(m_ui->retryOnEdit, S::Subscription, JsonPath::of("retry_on"));
    b->bindStatusList(m_ui->dropOnEdit, S::Subscription, JsonPath::of("drop_on"));
    b->bindStatusList(m_ui->successOnEdit, S::Subscription, JsonPath::of("success_on"));
    const JsonPath backoff = JsonPath::of("retry_backoff");
    b->bindSection(m_ui->backoffGroup, S::Subscription, backoff);
    b->bindInteger(m_ui->backoffInitialSpin, S::RetryBackoff, backoff.key(u"initial_ms"_s), 0,
                   IntegerSpinBox::maxExactInteger, double(defaults::backoffInitial.count()));
    b->bindInteger(m_ui->backoffMaxSpin, S::RetryBackoff, backoff.key(u"max_ms"_s), 0,
                   IntegerSpinBox::maxExactInteger, double(defaults::backoffMax.count()));
    b->bindNumber(m_ui->backoffMultiplierSpin, S::RetryBackoff, backoff.key(u"multiplier"_s), 1,
                  defaults::backoffMultiplier);
    b->bindBool(m_ui->backoffJitterCheck, S::RetryBackoff, backoff.key(u"jitter"_s),
                defaults::backoffJitter);
    const JsonPath batch = JsonPath::of("batch");
    b->bindSection(m_ui->batchGroup, S::Subscription, batch);
    b->bindInteger(m_ui->batchMaxMessagesSpin, S::Batch, batch.key(u"max_messages"_s), 1, 1000000,
                   defaults::batchMaxMessages);
    b->bindInteger(m_ui->batchMaxWaitSpin, S::Batch, batch.key(u"max_wait_ms"_s), 0,
                   IntegerSpinBox::maxExactInteger, double(defaults::batchMaxWait.count()));
    // The condition table covers the keys of each condition.
    for (const char *name : {"path", "op", "value"})
        b->bindAlias(S::Where, QString::fromLatin1(name), S::Subscription, u"where"_s);
    finishTabOrder();
}

RouteForm::~RouteForm() = default;

} // namespace mqhook
