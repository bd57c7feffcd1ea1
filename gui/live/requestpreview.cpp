#include "requestpreview.h"

#include "config/configloader.h"
#include "delivery/requestbuilder.h"
#include "service/reloadplan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// sub_deal_config entries of a broker, as written: an object or a list.
QJsonArray routesOf(const QJsonObject &broker)
{
    const QJsonValue routes = broker.value(u"sub_deal_config"_s);
    if (routes.isObject())
        return QJsonArray{routes};
    return routes.toArray();
}

QString maskUrl(const QUrl &url)
{
    QUrl shown = url;
    if (!shown.password().isEmpty())
        shown.setPassword(RequestPreview::masked());
    return shown.toString(); // toDisplayString() would drop the password's place
}

} // namespace

bool RequestPreview::isSecretHeaderName(const QString &name)
{
    const QString lower = name.toLower();
    if (lower == u"authorization" || lower == u"proxy-authorization" || lower == u"cookie")
        return true;
    for (const QStringView part : {u"token", u"secret", u"password", u"api-key", u"apikey"}) {
        if (lower.contains(part))
            return true;
    }
    return false;
}

RequestPreview RequestPreview::fromFile(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    RequestPreview preview =
        fromJson(file.readAll(), QFileInfo(fileName).absoluteDir().absolutePath());
    preview.m_fileName = fileName;
    return preview;
}

RequestPreview RequestPreview::fromJson(const QByteArray &json, const QString &baseDir)
{
    RequestPreview preview;
    const LoadResult loaded = ConfigLoader().loadJson(json, baseDir);
    const Config &config = loaded.config ? *loaded.config : loaded.draft;
    const QJsonArray rawBrokers =
        QJsonDocument::fromJson(json).object().value(u"mqtt_brokers"_s).toArray();
    for (qsizetype b = 0; b < config.brokers.size(); ++b) {
        const BrokerConfig &broker = config.brokers.at(b);
        const QStringList keys = routeKeys(broker);
        const QJsonArray rawRoutes = routesOf(rawBrokers.at(b).toObject());
        for (qsizetype r = 0; r < broker.subscriptions.size(); ++r) {
            Route route;
            route.config = broker.subscriptions.at(r);
            const QJsonObject headers =
                rawRoutes.at(r).toObject().value(u"callbackHeaders"_s).toObject();
            for (auto it = headers.begin(); it != headers.end(); ++it) {
                if (it.value().toString().contains(u"${"_s))
                    route.referencedHeaders.insert(it.key().toLower());
            }
            preview.m_routes.insert(keys.at(r), route);
        }
    }
    return preview;
}

QStringList RequestPreview::routes() const
{
    QStringList keys = m_routes.keys();
    keys.sort();
    return keys;
}

RequestPreview::Request RequestPreview::render(const MessageRecord &record,
                                               const DeliveryEvents &delivery) const
{
    Request request;
    const auto found = m_routes.constFind(delivery.route);
    if (found == m_routes.constEnd()) {
        request.error =
            m_fileName.isEmpty()
                ? tr("The configuration of the route %1 is not known here.").arg(delivery.route)
                : tr("%1 has no route %2: the request cannot be shown.")
                      .arg(m_fileName, delivery.route);
        return request;
    }
    const Route &route = *found;
    const RequestBuilder builder(route.config);
    if (!builder.isValid()) {
        request.error = builder.errorString();
        return request;
    }
    Message message;
    message.id = record.messageId;
    message.clientId = record.clientId;
    message.topic = record.topic;
    message.payload = record.preview;
    message.qos = record.qos;
    message.retain = record.retain;
    message.receivedAt = record.time;
    message.contentType = record.contentType;
    message.userProperties = record.userProperties;
    QString error;
    const std::optional<RequestBuilder::Prepared> prepared =
        builder.prepare(message, delivery.target, &error);
    if (!prepared) {
        request.error = error;
        return request;
    }
    const PostRequest post = builder.single(*prepared, message, std::max(delivery.attempts, 1));
    request.ok = true;
    request.method = QString::fromLatin1(post.method);
    request.url = maskUrl(post.url);
    for (const auto &[name, value] : post.headers) {
        const QString headerName = QString::fromLatin1(name);
        const bool secret = isSecretHeaderName(headerName) ||
                            route.referencedHeaders.contains(headerName.toLower());
        request.headers.append({headerName, secret ? masked() : QString::fromLatin1(value)});
    }
    if (record.payloadComplete()) {
        request.body = post.body;
    } else {
        request.notes.append(tr("Only the first %1 of the payload's %2 bytes were recorded: the "
                                "body is not shown.")
                                 .arg(record.preview.size())
                                 .arg(record.size));
    }
    if (route.config.batch.enabled())
        request.notes.append(tr("The route sends batches (batch.max_messages %1): the request "
                                "carried this message among others; it is shown alone.")
                                 .arg(route.config.batch.maxMessages));
    if (!m_fileName.isEmpty())
        request.notes.append(tr("Rendered from %1.").arg(m_fileName));
    return request;
}

} // namespace mqhook
