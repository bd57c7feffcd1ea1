#pragma once

#include <QString>

// Where the tests find the source tree and the built mqhook executable.
namespace mqhook::test {

// The project's source folder (MQHOOK_SOURCE_DIR, set by ctest).
QString sourceDir();

// A file below the source folder, e.g. "resources/examples/seed.json".
QString sourcePath(const QString &relative);

// A writable copy of a file below the source folder, as dir/name.
QString copyFromSource(const QString &relative, const QString &dir, const QString &name);

// The bytes of a file; empty when it cannot be read.
QByteArray fileContents(const QString &fileName);
bool writeFile(const QString &fileName, const QByteArray &bytes);

// The built mqhook executable (MQHOOK_BINARY, set by ctest).
QString mqhookBinary();

// The full path of a program on PATH; fails the current test, naming the
// Debian package to install, when it is missing.
QString requireProgram(const QString &program, const QString &debianPackage);

} // namespace mqhook::test
