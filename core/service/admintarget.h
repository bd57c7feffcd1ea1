#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace mqhook {

// Where `mqhook tail` and `mqhook status` find a running service's admin
// endpoint, and the token it wants.
struct AdminTarget
{
    QUrl url;
    QString token;

    // From --url and --token when given; otherwise from admin.listen and
    // admin.token of the configuration file (0.0.0.0 and :: mean this
    // machine). Without --token, $MQHOOK_ADMIN_TOKEN is used when set.
    // nullopt with *error (and *exitCode) when neither says where.
    static std::optional<AdminTarget> find(const QString &url, const QString &token,
                                           const QString &configFile, QString *error,
                                           int *exitCode);
};

} // namespace mqhook
