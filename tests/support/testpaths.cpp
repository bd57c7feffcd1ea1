#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

namespace mqhook::test {

QString sourceDir()
{
    const QString dir = qEnvironmentVariable("MQHOOK_SOURCE_DIR");
    if (dir.isEmpty())
        qFatal("MQHOOK_SOURCE_DIR is not set: run the tests through ctest");
    return dir;
}

QString sourcePath(const QString &relative)
{
    return QDir(sourceDir()).filePath(relative);
}

QString copyFromSource(const QString &relative, const QString &dir, const QString &name)
{
    const QString target = QDir(dir).filePath(name);
    QFile::remove(target);
    if (!QFile::copy(sourcePath(relative), target))
        qFatal("cannot copy %s to %s", qPrintable(relative), qPrintable(target));
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    return target;
}

QByteArray fileContents(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &fileName, const QByteArray &bytes)
{
    QFile file(fileName);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

QString mqhookBinary()
{
    const QString binary = qEnvironmentVariable("MQHOOK_BINARY");
    if (binary.isEmpty())
        qFatal("MQHOOK_BINARY is not set: run the tests through ctest");
    return binary;
}

QString requireProgram(const QString &program, const QString &debianPackage)
{
    QString path = QStandardPaths::findExecutable(program);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            program, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    if (path.isEmpty()) {
        const QByteArray message = QStringLiteral("%1 is not installed: apt-get install %2")
                                       .arg(program, debianPackage)
                                       .toUtf8();
        QTest::qFail(message.constData(), __FILE__, __LINE__);
    }
    return path;
}

} // namespace mqhook::test
