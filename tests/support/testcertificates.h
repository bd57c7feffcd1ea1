#pragma once

#include <QString>

// Certificates for TLS tests, made with the openssl command line into a
// folder the test owns (e.g. a QTemporaryDir).
namespace mqhook::test {

struct TestCertificates
{
    QString caCert;     // a self-signed CA
    QString serverCert; // issued by the CA for 127.0.0.1 and localhost
    QString serverKey;
    QString clientCert; // issued by the CA, for client authentication
    QString clientKey;
    QString otherCaCert; // a second CA that issued nothing of the above
};

// Makes every file of TestCertificates in `dir`; on failure says which openssl
// step failed and why. Fails the current test when openssl is missing.
bool makeTestCertificates(const QString &dir, TestCertificates *out, QString *error);

} // namespace mqhook::test
