#include "testcertificates.h"

#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QProcess>

namespace mqhook::test {

namespace {

bool runOpenssl(const QString &openssl, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(openssl, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("openssl %1 failed: %2")
                         .arg(arguments.join(u' '), QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

} // namespace

bool makeTestCertificates(const QString &dir, TestCertificates *out, QString *error)
{
    const QString openssl = requireProgram(QStringLiteral("openssl"), QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        if (error)
            *error = QStringLiteral("openssl is not installed");
        return false;
    }
    const QDir folder(dir);
    const auto path = [&folder](const char *name) {
        return folder.filePath(QString::fromLatin1(name));
    };
    TestCertificates files;
    files.caCert = path("ca.pem");
    files.serverCert = path("server.pem");
    files.serverKey = path("server.key");
    files.clientCert = path("client.pem");
    files.clientKey = path("client.key");
    files.otherCaCert = path("other-ca.pem");

    const auto makeCa = [&](const QString &cert, const QString &key, const QString &subject) {
        return runOpenssl(openssl,
                          {QStringLiteral("req"), QStringLiteral("-x509"),
                           QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                           QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
                           QStringLiteral("-subj"), subject, QStringLiteral("-keyout"), key,
                           QStringLiteral("-out"), cert},
                          error);
    };
    const auto issue = [&](const QString &name, const QString &subject, const QString &ext) {
        const QString key = path(name == u"server" ? "server.key" : "client.key");
        const QString csr = folder.filePath(name + QStringLiteral(".csr"));
        const QString extFile = folder.filePath(name + QStringLiteral(".ext"));
        QFile extension(extFile);
        if (!extension.open(QIODevice::WriteOnly) || extension.write(ext.toUtf8()) < 0) {
            if (error)
                *error = QStringLiteral("cannot write %1").arg(extFile);
            return false;
        }
        extension.close();
        return runOpenssl(openssl,
                          {QStringLiteral("req"), QStringLiteral("-newkey"),
                           QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                           QStringLiteral("-subj"), subject, QStringLiteral("-keyout"), key,
                           QStringLiteral("-out"), csr},
                          error) &&
               runOpenssl(openssl,
                          {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                           csr, QStringLiteral("-CA"), files.caCert, QStringLiteral("-CAkey"),
                           path("ca.key"), QStringLiteral("-CAcreateserial"),
                           QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                           extFile, QStringLiteral("-out"),
                           folder.filePath(name + QStringLiteral(".pem"))},
                          error);
    };

    if (!makeCa(files.caCert, path("ca.key"), QStringLiteral("/CN=mqhook test CA")) ||
        !makeCa(files.otherCaCert, path("other-ca.key"), QStringLiteral("/CN=mqhook other CA")) ||
        !issue(QStringLiteral("server"), QStringLiteral("/CN=127.0.0.1"),
               QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                              "extendedKeyUsage=serverAuth\n")) ||
        !issue(QStringLiteral("client"), QStringLiteral("/CN=mqhook test client"),
               QStringLiteral("extendedKeyUsage=clientAuth\n")))
        return false;
    *out = files;
    return true;
}

} // namespace mqhook::test
