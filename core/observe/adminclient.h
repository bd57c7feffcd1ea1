#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;

namespace mqhook {

// Asks a running mqhook's admin endpoint for its status and works its dead
// letters: what `mqhook status` and the attached window use. Every call
// returns at once with a request number; finished() brings its answer.
class AdminClient : public QObject
{
    Q_OBJECT

public:
    enum class Call
    {
        Status,           // GET /api/status
        Readiness,        // GET /readyz
        DeadLetters,      // GET /api/dead-letters?after=&limit=
        DeadLetter,       // GET /api/dead-letters/{id}
        RetryDeadLetter,  // POST /api/dead-letters/{id}/retry
        RetryAll,         // POST /api/dead-letters/retry-all
        RemoveDeadLetter, // DELETE /api/dead-letters/{id}
    };
    Q_ENUM(Call)

    struct Reply
    {
        quint64 request = 0;
        Call call = Call::Status;
        int httpStatus = 0; // 0: no answer came
        QJsonObject body;   // the JSON answer (errors carry "error" and "message")
        QString error;      // empty when the call succeeded (2xx with a JSON object)

        bool ok() const { return error.isEmpty(); }
    };

    // manager: the one to use, or nullptr for one of its own.
    explicit AdminClient(QNetworkAccessManager *manager = nullptr, QObject *parent = nullptr);

    // The admin endpoint, e.g. http://127.0.0.1:9090.
    void setUrl(const QUrl &url) { m_url = url; }
    QUrl url() const { return m_url; }
    void setToken(const QString &token) { m_token = token; }

    quint64 fetchStatus();
    quint64 fetchReadiness();
    quint64 fetchDeadLetters(qint64 afterId = 0, int limit = 100);
    quint64 fetchDeadLetter(qint64 id);
    quint64 retryDeadLetter(qint64 id);
    quint64 retryAllDeadLetters();
    quint64 removeDeadLetter(qint64 id);

signals:
    void finished(const mqhook::AdminClient::Reply &reply);

private:
    quint64 send(Call call, const QByteArray &method, const QString &path,
                 const QString &query = {});
    void onFinished(QNetworkReply *reply);

    QNetworkAccessManager *m_manager;
    QUrl m_url;
    QString m_token;
    std::chrono::milliseconds m_timeout{10'000}; // a call takes at most this long
    quint64 m_nextRequest = 1;
};

} // namespace mqhook
