#include "requesttester.h"

#include "delivery/httpsender.h"
#include "delivery/requestbuilder.h"

#include <QDateTime>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace mqhook {

RequestTester::RequestTester(QObject *parent)
    : QObject(parent)
{}

RequestTester::~RequestTester()
{
    cancel();
}

Message RequestTester::sampleMessage(const SubscriptionConfig &route, const QString &clientId)
{
    QString filter = route.subTopic.topic;
    if (filter.startsWith(u"$share/"_s)) {
        const qsizetype slash = filter.indexOf(u'/', 7);
        filter = slash < 0 ? QString() : filter.mid(slash + 1);
    } else if (filter.startsWith(u"$queue/"_s)) {
        filter = filter.mid(7);
    }
    QStringList levels = filter.split(u'/');
    for (QString &level : levels) {
        if (level == u"+" || level == u"#")
            level = u"test"_s;
    }
    Message message;
    message.clientId = clientId;
    message.topic = levels.join(u'/');
    message.payload = R"({"test": true, "sent_by": "mqhook"})";
    message.qos = route.subTopic.qos;
    return message;
}

bool RequestTester::start(const SubscriptionConfig &route, const QString &target,
                          const Message &sample, QString *error)
{
    cancel();
    const RequestBuilder builder(route);
    if (!builder.isValid()) {
        *error = builder.errorString();
        return false;
    }
    Message message = sample;
    if (message.id.isEmpty())
        message.id = u"test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!message.receivedAt.isValid())
        message.receivedAt = QDateTime::currentDateTimeUtc();
    const std::optional<RequestBuilder::Prepared> prepared =
        builder.prepare(message, target, error);
    if (!prepared)
        return false;
    m_request = builder.single(*prepared, message, 1);

    auto *sender = new HttpSender(1, std::make_shared<SystemClock>(), this);
    if (!sender->setTlsConfig(route.callbackTls, error)) {
        delete sender;
        return false;
    }
    sender->setKeepResponseHeaders(true);
    m_sender = sender;
    connect(sender, &HttpSender::finished, this, [this, sender](const PostResult &result) {
        const PostRequest request = m_request;
        m_sender = nullptr;
        sender->deleteLater();
        emit finished(request, result);
    });
    sender->post(m_request);
    return true;
}

void RequestTester::cancel()
{
    if (HttpSender *sender = m_sender) {
        m_sender = nullptr;
        disconnect(sender, nullptr, this, nullptr);
        sender->abortAll();
        sender->deleteLater();
    }
}

} // namespace mqhook
