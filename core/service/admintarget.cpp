#include "admintarget.h"

#include "config/configloader.h"
#include "config/listenaddress.h"
#include "exitcode.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

struct AdminTargetText
{
    Q_DECLARE_TR_FUNCTIONS(AdminTarget)
};

} // namespace

std::optional<AdminTarget> AdminTarget::find(const QString &url, const QString &token,
                                             const QString &configFile, QString *error,
                                             int *exitCode)
{
    AdminTarget target;
    target.token = token.isEmpty() ? qEnvironmentVariable("MQHOOK_ADMIN_TOKEN") : token;
    if (!url.isEmpty()) {
        const QString text = url.contains(u"://"_s) ? url : u"http://"_s + url;
        target.url = QUrl(text, QUrl::StrictMode);
        if (!target.url.isValid() || target.url.host().isEmpty() ||
            (target.url.scheme() != u"http" && target.url.scheme() != u"https")) {
            *error = AdminTargetText::tr("--url: expected the admin endpoint as "
                                         "http://HOST:PORT, got \"%1\"")
                         .arg(url);
            *exitCode = ExitUsage;
            return std::nullopt;
        }
        return target;
    }

    const LoadResult loaded = ConfigLoader().loadFile(configFile);
    if (!loaded.ok()) {
        QStringList lines;
        for (const ConfigIssue &issue : loaded.errors)
            lines.append(issue.toString(configFile));
        lines.append(AdminTargetText::tr("Give --url, or fix the configuration: its admin.listen "
                                         "says where the service listens."));
        *error = lines.join(u'\n');
        *exitCode = ExitConfigInvalid;
        return std::nullopt;
    }
    const AdminConfig &admin = loaded.config->admin;
    const std::optional<ListenAddress> listen = ListenAddress::parse(admin.listen);
    if (!listen) {
        *error = AdminTargetText::tr("%1: admin.listen is not set, so the service has no admin "
                                     "endpoint; set it (e.g. \"127.0.0.1:9090\") or give --url.")
                     .arg(QDir::toNativeSeparators(configFile));
        *exitCode = ExitConfigInvalid;
        return std::nullopt;
    }
    // Listening on every address includes this machine's loopback.
    QString host = listen->host;
    const QHostAddress address(host);
    if (address == QHostAddress(QHostAddress::AnyIPv4))
        host = u"127.0.0.1"_s;
    else if (address == QHostAddress(QHostAddress::AnyIPv6))
        host = u"::1"_s;
    target.url.setScheme(u"http"_s);
    target.url.setHost(host);
    target.url.setPort(listen->port);
    if (token.isEmpty() && !admin.token.isEmpty())
        target.token = admin.token;
    return target;
}

AdminCommandLine::AdminCommandLine(const QString &name, const QList<QCommandLineOption> &options)
    : m_name(name)
    , m_url(u"url"_s, QString(), u"url"_s)
    , m_token(u"token"_s, QString(), u"token"_s)
    , m_config({u"c"_s, u"config"_s}, QString(), u"file"_s)
    , m_help({u"h"_s, u"help"_s}, QString())
{
    m_parser.addOptions({m_url, m_token});
    m_parser.addOptions(options);
    m_parser.addOptions({m_config, m_help});
}

std::optional<int> AdminCommandLine::parse(const QStringList &args, const QString &usage,
                                           QTextStream &out, QTextStream &err)
{
    if (!m_parser.parse(QStringList{m_name} + args) || !m_parser.positionalArguments().isEmpty()) {
        err << (m_parser.positionalArguments().isEmpty()
                    ? m_parser.errorText()
                    : AdminTargetText::tr("Unexpected argument \"%1\".")
                          .arg(m_parser.positionalArguments().constFirst()))
            << '\n'
            << usage;
        return ExitUsage;
    }
    if (m_parser.isSet(m_help)) {
        out << usage;
        return ExitOk;
    }
    return std::nullopt;
}

std::optional<AdminTarget> AdminCommandLine::target(const QString &configFile, QTextStream &err,
                                                    int *exitCode) const
{
    QString why;
    std::optional<AdminTarget> target = AdminTarget::find(
        m_parser.value(m_url), m_parser.value(m_token),
        m_parser.isSet(m_config) ? m_parser.value(m_config) : configFile, &why, exitCode);
    if (!target)
        err << why << '\n';
    return target;
}

} // namespace mqhook
