#pragma once

#include "config/config.h"
#include "delivery/bodytemplate.h"
#include "delivery/message.h"
#include "delivery/postrequest.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <optional>

namespace mqhook {

// Turns messages into HTTP requests for one subscription: the body (as it
// arrived, or from body_template), the configured headers (templates allowed),
// the callback URL (templates allowed in path and query), and mqhook's own
// headers.
//
// mqhook's headers on every request:
//   X-Mqhook-Message-Id  Message::id, the same on every attempt (the idempotency key)
//   X-Mqhook-Attempt     1 for the first attempt
//   X-Mqhook-Topic       the topic as UTF-8, with '%', controls and non-ASCII
//                        bytes percent-encoded so the value stays ASCII
// A batch is a JSON array of the rendered bodies (each one as JSON when it
// parses as JSON, else as a JSON string) and carries instead:
//   X-Mqhook-Message-Id  "batch-" + a hash of the member ids in order: the same
//                        for the same members, so it stays an idempotency key
//   X-Mqhook-Message-Ids the member ids, comma-separated, in array order
//   X-Mqhook-Batch-Size  the number of messages
//   X-Mqhook-Topic       only when every member has the same topic
//   X-Mqhook-Attempt     the highest attempt number among the members
class RequestBuilder
{
public:
    // One message rendered for one callback address; the attempt number is
    // added when it is sent.
    struct Prepared
    {
        QString target;
        QUrl url;
        QList<QPair<QByteArray, QByteArray>> headers; // configured headers, rendered
        QByteArray body;
        QByteArray contentType;
        bool bodyIsJson = false;

        // Messages can share one batch request when these agree.
        bool sameRequestAs(const Prepared &other) const
        {
            return url == other.url && headers == other.headers;
        }
    };

    explicit RequestBuilder(const SubscriptionConfig &config);

    // Empty when the body template, a header template or a callback address
    // is unusable; otherwise why, naming the key.
    const QString &errorString() const { return m_error; }
    bool isValid() const { return m_error.isEmpty(); }

    // Renders a message for `target` (one of the callback addresses); nullopt
    // with the reason when a placeholder cannot be filled for this message.
    std::optional<Prepared> prepare(const Message &message, const QString &target,
                                    QString *error) const;

    PostRequest single(const Prepared &prepared, const Message &message, int attempt) const;
    PostRequest batch(const QList<const Prepared *> &prepared,
                      const QList<const Message *> &messages, int attempt) const;

    static QByteArray batchId(const QStringList &messageIds);

private:
    struct Address
    {
        QUrl url;                         // when the address has no placeholders
        std::optional<BodyTemplate> path; // when it has
    };

    void addCommonHeaders(PostRequest &request, const QByteArray &contentType,
                          const QList<QPair<QByteArray, QByteArray>> &configured) const;

    SubscriptionConfig m_config;
    QString m_error;
    std::optional<BodyTemplate> m_body;
    QList<QPair<QByteArray, BodyTemplate>> m_headers;
    bool m_contentTypeConfigured = false;
    QHash<QString, Address> m_addresses;
};

} // namespace mqhook
