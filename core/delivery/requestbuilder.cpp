#include "requestbuilder.h"

#include "base/jsontext.h"

#include <QCryptographicHash>

namespace mqhook {

namespace {

const QByteArray jsonType = QByteArrayLiteral("application/json");

QByteArray headerSafe(const QString &text)
{
    return BodyTemplate::escape(text.toUtf8(), BodyTemplate::Escaping::Header);
}

} // namespace

RequestBuilder::RequestBuilder(const SubscriptionConfig &config)
    : m_config(config)
{
    QString error;
    if (!config.bodyTemplate.isEmpty()) {
        m_body = BodyTemplate::compile(config.bodyTemplate, &error);
        if (!m_body) {
            m_error = QStringLiteral("body_template: %1").arg(error);
            return;
        }
    }
    for (const auto &[name, value] : config.callbackHeaders) {
        std::optional<BodyTemplate> compiled = BodyTemplate::compile(value, &error);
        if (!compiled) {
            m_error = QStringLiteral("callbackHeaders '%1': %2").arg(name, error);
            return;
        }
        if (name.compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0)
            m_contentTypeConfigured = true;
        m_headers.append({name.toLatin1(), *compiled});
    }
    for (const QString &address : config.callbackAddresses) {
        std::optional<BodyTemplate> compiled = BodyTemplate::compile(address, &error);
        if (!compiled) {
            m_error = QStringLiteral("callbackAddress '%1': %2").arg(address, error);
            return;
        }
        // Scheme and host must be literal: placeholders belong in path and query.
        const QUrl url(address, QUrl::TolerantMode);
        const qsizetype placeholder = address.indexOf(QLatin1String("${"));
        const QString authorityEnd = url.scheme() + QStringLiteral("://") + url.authority();
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
            url.host().isEmpty() || (placeholder >= 0 && placeholder < authorityEnd.size())) {
            m_error = QStringLiteral("callbackAddress '%1' is not an http:// or https:// URL "
                                     "with a literal host")
                          .arg(address);
            return;
        }
        Address entry;
        if (compiled->hasPlaceholders())
            entry.path = compiled;
        else
            entry.url = url;
        m_addresses.insert(address, entry);
    }
}

std::optional<RequestBuilder::Prepared>
RequestBuilder::prepare(const Message &message, const QString &target, QString *error) const
{
    const auto address = m_addresses.constFind(target);
    if (address == m_addresses.constEnd()) {
        if (error)
            *error = QStringLiteral("callback address '%1' is not configured").arg(target);
        return std::nullopt;
    }
    const BodyTemplate::Input input(message, m_config.appId, m_config.appName);
    Prepared prepared;
    prepared.target = target;
    if (address->path) {
        const std::optional<QByteArray> url =
            address->path->render(input, BodyTemplate::Escaping::UrlPart, error);
        if (!url)
            return std::nullopt;
        prepared.url = QUrl::fromEncoded(*url, QUrl::TolerantMode);
        if (!prepared.url.isValid()) {
            if (error)
                *error = QStringLiteral("callback address rendered to an invalid URL: %1")
                             .arg(QString::fromUtf8(*url));
            return std::nullopt;
        }
    } else {
        prepared.url = address->url;
    }
    for (const auto &[name, value] : m_headers) {
        const std::optional<QByteArray> rendered =
            value.render(input, BodyTemplate::Escaping::Header, error);
        if (!rendered)
            return std::nullopt;
        prepared.headers.append({name, *rendered});
    }
    if (m_body) {
        const std::optional<QByteArray> body =
            m_body->render(input, BodyTemplate::Escaping::None, error);
        if (!body)
            return std::nullopt;
        prepared.body = *body;
        prepared.bodyIsJson = isJsonText(prepared.body);
        prepared.contentType =
            prepared.bodyIsJson ? jsonType : QByteArrayLiteral("text/plain; charset=utf-8");
    } else {
        prepared.body = message.payload;
        prepared.bodyIsJson = input.payloadIsJson();
        if (!message.contentType.isEmpty())
            prepared.contentType = message.contentType.toLatin1();
        else
            prepared.contentType =
                prepared.bodyIsJson ? jsonType : QByteArrayLiteral("application/octet-stream");
    }
    return prepared;
}

void RequestBuilder::addCommonHeaders(PostRequest &request, const QByteArray &contentType,
                                      const QList<QPair<QByteArray, QByteArray>> &configured) const
{
    request.method = m_config.httpMethod.toLatin1();
    request.timeout = m_config.timeout;
    request.headers += configured;
    if (!m_contentTypeConfigured)
        request.headers.append({QByteArrayLiteral("Content-Type"), contentType});
}

PostRequest RequestBuilder::single(const Prepared &prepared, const Message &message,
                                   int attempt) const
{
    PostRequest request;
    request.url = prepared.url;
    request.body = prepared.body;
    addCommonHeaders(request, prepared.contentType, prepared.headers);
    request.headers.append({QByteArrayLiteral("X-Mqhook-Message-Id"), message.id.toUtf8()});
    request.headers.append({QByteArrayLiteral("X-Mqhook-Attempt"), QByteArray::number(attempt)});
    request.headers.append({QByteArrayLiteral("X-Mqhook-Topic"), headerSafe(message.topic)});
    return request;
}

PostRequest RequestBuilder::batch(const QList<const Prepared *> &prepared,
                                  const QList<const Message *> &messages, int attempt) const
{
    Q_ASSERT(!prepared.isEmpty() && prepared.size() == messages.size());
    PostRequest request;
    request.url = prepared.first()->url;
    QByteArray body = "[";
    QStringList ids;
    bool oneTopic = true;
    for (qsizetype i = 0; i < prepared.size(); ++i) {
        if (i > 0)
            body += ',';
        body += prepared.at(i)->bodyIsJson
                    ? prepared.at(i)->body
                    : BodyTemplate::compactJson(QString::fromUtf8(prepared.at(i)->body));
        ids.append(messages.at(i)->id);
        oneTopic = oneTopic && messages.at(i)->topic == messages.first()->topic;
    }
    body += ']';
    request.body = body;
    addCommonHeaders(request, jsonType, prepared.first()->headers);
    request.headers.append({QByteArrayLiteral("X-Mqhook-Message-Id"), batchId(ids)});
    request.headers.append({QByteArrayLiteral("X-Mqhook-Message-Ids"), ids.join(u',').toUtf8()});
    request.headers.append(
        {QByteArrayLiteral("X-Mqhook-Batch-Size"), QByteArray::number(prepared.size())});
    request.headers.append({QByteArrayLiteral("X-Mqhook-Attempt"), QByteArray::number(attempt)});
    if (oneTopic)
        request.headers.append(
            {QByteArrayLiteral("X-Mqhook-Topic"), headerSafe(messages.first()->topic)});
    return request;
}

QByteArray RequestBuilder::batchId(const QStringList &messageIds)
{
    const QByteArray hash =
        QCryptographicHash::hash(messageIds.join(u',').toUtf8(), QCryptographicHash::Sha256);
    return QByteArrayLiteral("batch-") + hash.toHex().left(32);
}

} // namespace mqhook
