#pragma once

#include <QCommandLineParser>
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

// The command line `mqhook tail` and `mqhook status` share: --url, --token,
// --config and --help beside the command's own options.
class AdminCommandLine
{
public:
    // name: the command, as parsing errors name it.
    AdminCommandLine(const QString &name, const QList<QCommandLineOption> &options);

    // The exit code when the command is done: after a usage error (written to
    // err with usage) or --help (usage on out); nullopt when it runs on.
    std::optional<int> parse(const QStringList &args, const QString &usage, QTextStream &out,
                             QTextStream &err);
    const QCommandLineParser &parser() const { return m_parser; }
    // The target --url, --token and --config name (configFile without
    // --config); nullopt after writing why to err, with *exitCode.
    std::optional<AdminTarget> target(const QString &configFile, QTextStream &err,
                                      int *exitCode) const;

private:
    QString m_name;
    QCommandLineParser m_parser;
    QCommandLineOption m_url;
    QCommandLineOption m_token;
    QCommandLineOption m_config;
    QCommandLineOption m_help;
};

} // namespace mqhook
