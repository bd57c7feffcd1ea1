#pragma once

#include <QList>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace mqhook::test {

// A real mosquitto broker for a test, on free 127.0.0.1 ports.
//
//   MosquittoFixture broker;               // anonymous, plain TCP
//   QVERIFY2(broker.start(&error), qPrintable(error));
//   client.setPort(broker.port());
//
// Options add users (password file made with mosquitto_passwd), persistence
// (kept across restart()), a TLS listener and WebSocket listeners (ws, wss). The
// config starts with `user root` (mosquitto drops privileges otherwise) and
// sets `max_queued_messages 0` unless told otherwise, so counts are exact.
// stop() sends SIGTERM, then kills. Ports stay the same across restarts.
class MosquittoFixture
{
public:
    struct Options
    {
        bool allowAnonymous = true;
        QList<QPair<QString, QString>> users; // user name, password
        bool persistence = false;
        int maxQueuedMessages = 0; // 0: unlimited
        // TLS listener (tlsPort()): PEM files
        QString tlsCaFile;
        QString tlsCertFile;
        QString tlsKeyFile;
        bool tlsRequireClientCertificate = false;
        bool webSockets = false; // plain WebSocket listener (webSocketPort())
        // WebSocket over TLS (secureWebSocketPort()), with the TLS files above
        bool secureWebSockets = false;
        QStringList extraConfig; // lines appended to the end of the config
    };

    MosquittoFixture();
    explicit MosquittoFixture(const Options &options);
    ~MosquittoFixture();

    MosquittoFixture(const MosquittoFixture &) = delete;
    MosquittoFixture &operator=(const MosquittoFixture &) = delete;

    // Writes the config, starts mosquitto and waits until every listener
    // accepts connections. Fails the running test when mosquitto is missing.
    bool start(QString *error = nullptr);
    void stop();
    // Stops and starts again on the same ports, keeping persistence.
    bool restart(QString *error = nullptr);
    bool isRunning() const;

    QString host() const { return QStringLiteral("127.0.0.1"); }
    quint16 port() const { return m_port; }
    quint16 tlsPort() const { return m_tlsPort; }
    quint16 webSocketPort() const { return m_wsPort; }
    quint16 secureWebSocketPort() const { return m_wssPort; }
    QString configPath() const;
    // What mosquitto printed so far, over every start (its log goes to a
    // file, logPath()).
    QString log();
    QString logPath() const;

    // "-h 127.0.0.1 -p <port>", for mosquitto_pub / mosquitto_sub.
    QStringList clientArguments() const;
    // Runs mosquitto_pub with clientArguments() + args and waits for it;
    // `input` goes to its stdin (for -l: one message per line).
    bool publish(const QStringList &args, QString *error = nullptr,
                 const QByteArray &input = QByteArray());
    // Starts mosquitto_sub with clientArguments() + args; the caller reads
    // its output and kills it (or lets it end with -C).
    std::unique_ptr<QProcess> startSubscriber(const QStringList &args);
    // Starts mosquitto_pub with clientArguments() + args, `input` on its
    // stdin (then closed); the caller waits for it to end.
    std::unique_ptr<QProcess> startPublisher(const QStringList &args, const QByteArray &input);

    // A port on 127.0.0.1 that was free a moment ago.
    static quint16 freePort();

private:
    bool writeConfig(QString *error);
    bool waitUntilListening(quint16 port, QString *error);

    Options m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0;
    quint16 m_wsPort = 0;
    quint16 m_wssPort = 0;
};

} // namespace mqhook::test
