#include "eventstreamclient.h"

#include "base/jsontext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaMethod>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// The message of the admin endpoint's JSON error body, or the reply's error.
QString replyError(QNetworkReply *reply, const QByteArray &body)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QString message = object.value(u"message"_s).toString();
    if (status != 0 && !message.isEmpty())
        return EventStreamClient::tr("HTTP %1: %2").arg(status).arg(message);
    if (status != 0)
        return EventStreamClient::tr("HTTP %1 %2")
            .arg(status)
            .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    return reply->errorString();
}

} // namespace

EventStreamClient::EventStreamClient(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager ? manager : new QNetworkAccessManager(this))
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EventStreamClient::connectNow);
}

EventStreamClient::~EventStreamClient()
{
    dropReply();
}

void EventStreamClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void EventStreamClient::start()
{
    if (m_state != State::Disconnected && m_state != State::Failed)
        return;
    m_error.clear();
    m_delay = std::chrono::milliseconds(0);
    connectNow();
}

void EventStreamClient::stop()
{
    m_reconnectTimer.stop();
    dropReply();
    setState(State::Disconnected);
}

void EventStreamClient::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void EventStreamClient::connectNow()
{
    dropReply();
    QUrl url = m_url;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/api/events"_s);
    QUrlQuery query;
    m_filter.addToQuery(&query);
    url.setQuery(query);

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    if (m_lastEventId > 0)
        request.setRawHeader("Last-Event-ID", QByteArray::number(m_lastEventId));
    if (!m_run.isEmpty())
        request.setRawHeader("X-Mqhook-Run", m_run);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(int(silenceTimeout.count()));

    m_parser.reset();
    m_streamChecked = false;
    setState(State::Connecting);
    m_reply = m_manager->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &EventStreamClient::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &EventStreamClient::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &EventStreamClient::onFinished);
}

void EventStreamClient::onMetaData()
{
    if (!m_reply || m_streamChecked)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return;
    m_streamChecked = true;
    if (status != 200)
        return; // the body says why; onFinished() reads it
    const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (!type.startsWith("text/event-stream")) {
        fail(tr("%1 is not an mqhook event stream (Content-Type %2)")
                 .arg(m_reply->url().toDisplayString(), QString::fromLatin1(type)));
        return;
    }
    m_run = m_reply->rawHeader("X-Mqhook-Run");
    m_delay = std::chrono::milliseconds(0);
    m_error.clear();
    setState(State::Connected);
}

void EventStreamClient::onReadyRead()
{
    if (!m_reply || m_state != State::Connected)
        return;
    if (!m_parser.feed(m_reply->readAll())) {
        scheduleReconnect(tr("The event stream is malformed: %1").arg(m_parser.errorString()));
        return;
    }
    m_parser.takeComments();
    const QList<SseParser::Message> messages = m_parser.takeMessages();
    for (const SseParser::Message &message : messages) {
        dispatch(message);
        if (m_state != State::Connected)
            return; // stopped from a slot
    }
}

void EventStreamClient::dispatch(const SseParser::Message &message)
{
    static const QMetaMethod decodedSignal =
        QMetaMethod::fromSignal(&EventStreamClient::eventReceived);
    QString error;
    std::optional<Event> event;
    std::optional<Event::Kind> kind;
    if (isSignalConnected(decodedSignal)) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(message.data, &parseError);
        if (!document.isObject())
            error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                 : tr("not a JSON object");
        else
            event = eventFromJson(document.object(), &error);
        if (event && !message.event.isEmpty() &&
            eventKindLatin1(event->kind) != QLatin1StringView(message.event))
            error = tr("its type \"%1\" is not the kind in its data (\"%2\")")
                        .arg(QString::fromLatin1(message.event), eventKindName(event->kind));
        if (event)
            kind = event->kind;
    } else {
        kind = checkText(message, &error);
    }
    if (!error.isEmpty()) {
        emit errorOccurred(tr("An event could not be read and is skipped: %1").arg(error));
        return;
    }
    bool ok = false;
    const quint64 id = message.id.toULongLong(&ok);
    if (ok && id > 0)
        m_lastEventId = id;
    if (event)
        emit eventReceived(*event, message.data);
    emit eventTextReceived(*kind, message.data);
}

std::optional<Event::Kind> EventStreamClient::checkText(const SseParser::Message &message,
                                                        QString *error) const
{
    const std::optional<Event::Kind> kind = eventKindFromName(QString::fromLatin1(message.event));
    if (!kind) {
        *error =
            message.event.isEmpty()
                ? tr("it has no type")
                : tr("its type \"%1\" is no kind of event").arg(QString::fromLatin1(message.event));
        return std::nullopt;
    }
    const QByteArrayView data = QByteArrayView(message.data).trimmed();
    if (!data.startsWith('{') || !isJsonText(data)) {
        *error = tr("its data is not a JSON object");
        return std::nullopt;
    }
    return kind;
}

void EventStreamClient::onFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray rest = reply->readAll();
    m_reply = nullptr;
    reply->deleteLater();
    if (m_state == State::Connected) {
        if (!m_parser.feed(rest)) {
            emit errorOccurred(tr("The event stream is malformed: %1").arg(m_parser.errorString()));
        } else {
            for (const SseParser::Message &message : m_parser.takeMessages())
                dispatch(message);
        }
        const QString why = reply->error() == QNetworkReply::NoError
                                ? tr("The service closed the event stream")
                                : tr("The event stream broke: %1").arg(reply->errorString());
        scheduleReconnect(why);
        return;
    }
    if (m_state != State::Connecting)
        return; // failed already
    const QString why = replyError(reply, rest);
    // A refusal that another attempt cannot change ends the stream.
    if (status == 401 || status == 403)
        fail(tr("The service refused the request (%1); check the token").arg(why));
    else if (status == 400 || status == 404 || status == 405)
        fail(tr("The service refused the request: %1").arg(why));
    else
        scheduleReconnect(why);
}

void EventStreamClient::scheduleReconnect(const QString &why)
{
    dropReply();
    m_error = why;
    m_delay = m_delay.count() == 0 ? firstDelay : std::min(m_delay * 2, maxDelay);
    setState(State::Waiting);
    emit errorOccurred(why);
    m_reconnectTimer.start(m_delay);
}

void EventStreamClient::fail(const QString &why)
{
    dropReply();
    m_reconnectTimer.stop();
    m_error = why;
    setState(State::Failed);
    emit errorOccurred(why);
}

} // namespace mqhook
