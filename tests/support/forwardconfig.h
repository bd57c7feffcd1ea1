#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace mqhook::test {

// A configuration file for end-to-end tests: one broker connection with one
// route, in the seed's format with the extension keys the tests need.
struct ForwardConfig
{
    quint16 brokerPort = 0;
    QString clientId = QStringLiteral("e2e-bridge");
    QString topic = QStringLiteral("e2e/#");
    int qos = 1;
    QStringList callbacks;
    QStringList excludeTopics;
    int retry = 1000;
    int backoffInitialMs = 50;
    int backoffMaxMs = 500;
    int timeoutMs = 10000;
    int batchMaxMessages = 1;
    int batchMaxWaitMs = 0;
    qint64 queueMaxMessages = 0; // 0: the default
    int sessionExpiry = -1;      // seconds; -1: the default
    QString queueDir = QStringLiteral("queue");
    QString logFile; // empty: stderr only
    QString logLevel = QStringLiteral("info");
    // admin: written when adminListen is not empty.
    QString adminListen;
    QString adminToken;
    int eventBuffer = 0;     // 0: the default
    int payloadPreview = -1; // -1: the default

    QByteArray toJson() const;
};

} // namespace mqhook::test
