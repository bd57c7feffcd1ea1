#pragma once

#include "config/config.h"
#include "messagerecord.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

namespace mqhook {

// The request a delivery sent, rendered again from the configuration the
// way forwarding renders it (RequestBuilder: the route's body_template,
// callbackHeaders, http_method, mqhook's own headers), with secrets masked:
// Authorization-like headers, header values the file takes from the
// environment (`${...}`), and passwords in URLs.
class RequestPreview
{
    Q_DECLARE_TR_FUNCTIONS(mqhook::RequestPreview)

public:
    struct Request
    {
        bool ok = false;
        QString method;
        QString url;
        QList<QPair<QString, QString>> headers;
        QByteArray body;
        QStringList notes; // what the user should know about how it was rendered
        QString error;     // why it could not be rendered (ok false)
    };

    RequestPreview() = default;

    // Reads the configuration file (as the service would: variables
    // expanded; a file with errors still gives the routes it can).
    static RequestPreview fromFile(const QString &fileName);
    static RequestPreview fromJson(const QByteArray &json, const QString &baseDir);

    QString fileName() const { return m_fileName; }
    bool isEmpty() const { return m_routes.isEmpty(); }
    bool hasRoute(const QString &route) const { return m_routes.contains(route); }
    QStringList routes() const; // the route keys, sorted

    Request render(const MessageRecord &record, const DeliveryEvents &delivery) const;

    static QString masked() { return QStringLiteral("••••••"); }
    // Whether a header's value is a secret by its name.
    static bool isSecretHeaderName(const QString &name);

private:
    struct Route
    {
        SubscriptionConfig config;
        QSet<QString> referencedHeaders; // lower case
    };

    QString m_fileName;
    QHash<QString, Route> m_routes;
};

} // namespace mqhook
