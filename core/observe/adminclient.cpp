#include "adminclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// Stored on each reply: what it answers.
constexpr auto requestProperty = "mqhookRequest";
constexpr auto callProperty = "mqhookCall";

} // namespace

AdminClient::AdminClient(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager ? manager : new QNetworkAccessManager(this))
{}

quint64 AdminClient::fetchStatus()
{
    return send(Call::Status, "GET", u"/api/status"_s);
}

quint64 AdminClient::fetchReadiness()
{
    return send(Call::Readiness, "GET", u"/readyz"_s);
}

quint64 AdminClient::fetchDeadLetters(qint64 afterId, int limit)
{
    return send(Call::DeadLetters, "GET", u"/api/dead-letters"_s,
                u"after=%1&limit=%2"_s.arg(afterId).arg(limit));
}

quint64 AdminClient::fetchDeadLetter(qint64 id)
{
    return send(Call::DeadLetter, "GET", u"/api/dead-letters/%1"_s.arg(id));
}

quint64 AdminClient::retryDeadLetter(qint64 id)
{
    return send(Call::RetryDeadLetter, "POST", u"/api/dead-letters/%1/retry"_s.arg(id));
}

quint64 AdminClient::retryAllDeadLetters()
{
    return send(Call::RetryAll, "POST", u"/api/dead-letters/retry-all"_s);
}

quint64 AdminClient::removeDeadLetter(qint64 id)
{
    return send(Call::RemoveDeadLetter, "DELETE", u"/api/dead-letters/%1"_s.arg(id));
}

quint64 AdminClient::send(Call call, const QByteArray &method, const QString &path,
                          const QString &query)
{
    QUrl url = m_url;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(int(m_timeout.count()));

    const quint64 number = m_nextRequest++;
    QNetworkReply *reply = m_manager->sendCustomRequest(request, method);
    reply->setProperty(requestProperty, number);
    reply->setProperty(callProperty, int(call));
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    return number;
}

void AdminClient::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    Reply result;
    result.request = reply->property(requestProperty).toULongLong();
    result.call = Call(reply->property(callProperty).toInt());
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    result.body = document.object();
    if (result.httpStatus == 0) {
        result.error = reply->errorString();
    } else if (!document.isObject()) {
        result.error = tr("HTTP %1: the answer is not JSON (%2); is %3 an mqhook admin endpoint?")
                           .arg(result.httpStatus)
                           .arg(parseError.errorString(), m_url.toDisplayString());
    } else if (result.httpStatus < 200 || result.httpStatus > 299) {
        const QString message = result.body.value(u"message"_s).toString();
        result.error = message.isEmpty() ? tr("HTTP %1").arg(result.httpStatus)
                                         : tr("HTTP %1: %2").arg(result.httpStatus).arg(message);
    }
    emit finished(result);
}

} // namespace mqhook
