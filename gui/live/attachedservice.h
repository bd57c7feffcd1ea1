#pragma once

#include "observe/adminclient.h"
#include "observe/eventring.h"
#include "observe/eventstreamclient.h"
#include "service/bridge.h"
#include "watchedservice.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QTimer>
#include <QUrl>

namespace mqhook {

// A service running elsewhere, watched through its admin endpoint: its event
// stream (/api/events, reconnecting by itself and resuming where it left
// off) fills a ring of this window's own, the same kind the in-process
// service has, so the views read it the same way; its status is read every
// second; its dead letters go through the admin API.
class AttachedService : public WatchedService
{
    Q_OBJECT

public:
    static constexpr int ringCapacity = 20000;

    AttachedService(const QUrl &url, const QString &token, QObject *parent = nullptr);
    ~AttachedService() override;

    Kind kind() const override { return Kind::Attached; }
    QString description() const override;
    EventRing *events() const override;
    // Rendered from the configuration the service reports in its status.
    RequestPreview requestPreview() const override;

    quint64 readDeadLetters(qint64 afterId, int limit) override;
    quint64 readDeadLetter(qint64 id) override;
    quint64 retryDeadLetter(qint64 id) override;
    quint64 retryAllDeadLetters() override;
    quint64 removeDeadLetter(qint64 id) override;

    QUrl url() const { return m_url; }
    EventStreamClient *stream() const { return m_stream; }
    AdminClient *admin() const { return m_admin; }

    // The service's answers as values, for tests and the status bar.
    static std::optional<DeadLetter> deadLetterFromJson(const QJsonObject &object);
    static QList<Bridge::ConnectionStatus> connectionsFromStatus(const QJsonObject &status);

signals:
    // The status, as the status bar shows it (every second while attached).
    void statusRead(const QList<mqhook::Bridge::ConnectionStatus> &connections,
                    double messagesPerSecond, qint64 queued);
    // The status could not be read: why.
    void statusFailed(const QString &error);

private:
    void onReply(const AdminClient::Reply &reply);
    void onStatus(const QJsonObject &status);

    QUrl m_url;
    EventRing m_ring;
    EventStreamClient *m_stream;
    AdminClient *m_admin;
    QTimer m_statusTimer;
    quint64 m_statusRequest = 0;
    QJsonObject m_lastStatus;
    qint64 m_lastReceived = -1;
    QElapsedTimer m_sinceStatus;
};

} // namespace mqhook
