#include "callbackform.h"

#include "config/envexpander.h"
#include "configdocument.h"
#include "fieldbinder.h"
#include "icons.h"
#include "issuecolors.h"
#include "requesttester.h"
#include "ui_callbackform.h"

#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace mqhook {

CallbackForm::CallbackForm(ConfigDocument *document, QWidget *parent)
    : ItemForm(document, parent)
    , m_ui(std::make_unique<Ui::CallbackForm>())
    , m_tester(new RequestTester(this))
{
    m_ui->setupUi(this);
    setProblemsLabel(m_ui->problemsLabel);
    m_ui->sendButton->setIcon(Icons::get(Icons::Send));
    const int line = m_ui->samplePayloadEdit->fontMetrics().height();
    m_ui->samplePayloadEdit->setMaximumHeight(line * 5);
    m_ui->responseHeadersView->setMaximumHeight(line * 8);
    m_ui->responseBodyView->setMaximumHeight(line * 10);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    for (QPlainTextEdit *edit :
         {m_ui->samplePayloadEdit, m_ui->responseHeadersView, m_ui->responseBodyView})
        edit->setFont(mono);
    m_ui->samplePayloadEdit->setPlainText(
        QString::fromUtf8(RequestTester::sampleMessage({}, {}).payload));

    binder()->bindText(m_ui->urlEdit, ConfigSection::Subscription, {}, false);
    finishTabOrder({m_ui->sampleTopicEdit, m_ui->samplePayloadEdit, m_ui->sendButton});

    connect(m_ui->sendButton, &QPushButton::clicked, this, &CallbackForm::sendTestRequest);
    connect(m_tester, &RequestTester::finished, this, &CallbackForm::showAnswer);
    m_ui->resultLabel->setText(tr("Renders the sample with this route's template, headers and "
                                  "method, as forwarding would, and sends it to this address."));
}

CallbackForm::~CallbackForm() = default;

void CallbackForm::refreshForm()
{
    // The sample topic follows the route's filter until the user changes it.
    const JsonPath route = item().parent().parent();
    if (route == m_sampleFor)
        return;
    m_sampleFor = route;
    SubscriptionConfig config;
    const JsonNode *node = document()->node(route.key(u"subTopic"_s).key(u"topic"_s));
    config.subTopic.topic = node && node->isString() ? node->text : QString();
    m_ui->sampleTopicEdit->setText(RequestTester::sampleMessage(config, {}).topic);
}

void CallbackForm::showProblem(const QString &text)
{
    m_ui->resultLabel->setText(text);
    QPalette palette = m_ui->resultLabel->palette();
    palette.setColor(QPalette::WindowText, IssueColors::text(palette, true));
    m_ui->resultLabel->setPalette(palette);
}

void CallbackForm::sendTestRequest()
{
    document()->validateNow();
    const JsonPath address = item();
    const JsonPath route = address.parent().parent();
    const QString routePath = route.toString();
    QStringList problems;
    for (const ConfigIssue &issue : document()->issues()) {
        if (issue.severity == ConfigIssue::Severity::Error &&
            JsonPath::covers(routePath, issue.path))
            problems.append(issue.path.mid(routePath.size()) + u": "_s + issue.message);
    }
    if (!problems.isEmpty()) {
        showProblem(tr("Fix the problems of this route first:\n%1").arg(problems.join(u'\n')));
        return;
    }
    // mqtt_brokers[i].sub_deal_config[j] or mqtt_brokers[i].sub_deal_config
    const qsizetype broker = route.at(1).index;
    const qsizetype routeIndex = route.last().isIndex() ? route.last().index : 0;
    const Config &draft = document()->draft();
    if (broker >= draft.brokers.size() ||
        routeIndex >= draft.brokers.at(broker).subscriptions.size())
        return;
    const BrokerConfig &brokerConfig = draft.brokers.at(broker);
    const SubscriptionConfig &config = brokerConfig.subscriptions.at(routeIndex);
    const JsonNode *node = document()->node(address);
    QString target = node && node->isString() ? node->text : QString();
    QString why;
    if (EnvExpander::hasReferences(target) &&
        !EnvExpander(QProcessEnvironment::systemEnvironment()).expand(target, &target, &why)) {
        showProblem(why);
        return;
    }

    Message sample = RequestTester::sampleMessage(config, brokerConfig.clientId);
    sample.topic = m_ui->sampleTopicEdit->text();
    sample.payload = m_ui->samplePayloadEdit->toPlainText().toUtf8();
    QString error;
    if (!m_tester->start(config, target, sample, &error)) {
        showProblem(tr("Cannot send: %1").arg(error));
        return;
    }
    m_ui->sendButton->setEnabled(false);
    m_ui->responseHeadersView->clear();
    m_ui->responseBodyView->clear();
    m_ui->resultLabel->setPalette(QPalette());
    m_ui->resultLabel->setText(tr("Sending %1 %2…").arg(config.httpMethod, target));
    emit busy(tr("Waiting for %1…").arg(target));
}

void CallbackForm::showAnswer(const PostRequest &request, const PostResult &result)
{
    emit busy({});
    m_ui->sendButton->setEnabled(true);
    const QString sent = tr("%1 %2, %n byte(s)", nullptr, int(request.body.size()))
                             .arg(QString::fromLatin1(request.method), request.url.toString());
    if (!result.hasResponse()) {
        showProblem(
            result.timedOut
                ? tr("No answer within %1 ms.\nSent: %2").arg(request.timeout.count()).arg(sent)
                : tr("No answer: %1\nSent: %2").arg(result.errorString, sent));
        return;
    }
    const bool success = result.httpStatus >= 200 && result.httpStatus < 300;
    m_ui->resultLabel->setText(tr("HTTP %1 in %2 ms%3.\nSent: %4")
                                   .arg(result.httpStatus)
                                   .arg(result.elapsed.count())
                                   .arg(result.http2 ? tr(" over HTTP/2") : QString(), sent));
    QPalette palette = m_ui->resultLabel->palette();
    palette.setColor(QPalette::WindowText,
                     success ? palette.color(QPalette::Text) : IssueColors::text(palette, true));
    m_ui->resultLabel->setPalette(palette);
    QStringList headers;
    for (const auto &[name, value] : result.headers)
        headers.append(QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value));
    m_ui->responseHeadersView->setPlainText(headers.join(u'\n'));
    m_ui->responseBodyView->setPlainText(QString::fromUtf8(result.bodyExcerpt));
}

} // namespace mqhook
