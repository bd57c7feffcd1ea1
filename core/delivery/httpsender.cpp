#include "httpsender.h"

#include "base/logcategories.h"
#include "delivery/httpconnectionpool.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslKey>
#include <QTimer>

#include <algorithm>

namespace mqhook {

namespace {

constexpr qsizetype bodyExcerptSize = 512;

} // namespace

HttpSender::HttpSender(int maxParallel, std::shared_ptr<const Clock> clock, QObject *parent)
    : HttpSender(maxParallel, managersFor(maxParallel), std::move(clock), parent)
{}

HttpSender::HttpSender(int maxParallel, int managers, std::shared_ptr<const Clock> clock,
                       QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_pool(new HttpConnectionPool(std::max(1, maxParallel), m_clock, this))
    , m_ssl(QSslConfiguration::defaultConfiguration())
{
    connect(m_pool, &HttpConnectionPool::finished, this, &HttpSender::finished);
    for (int i = 0; i < std::max(1, managers); ++i) {
        m_managers.push_back(new QNetworkAccessManager(this));
        m_managerLoad.push_back(0);
    }
}

int HttpSender::managersFor(int maxParallel)
{
    return std::max(1, (maxParallel + connectionsPerManager - 1) / connectionsPerManager);
}

HttpSender::~HttpSender()
{
    abortAll();
}

void HttpSender::setKeepResponseHeaders(bool keep)
{
    m_keepHeaders = keep;
    m_pool->setKeepResponseHeaders(keep);
}

bool HttpSender::setTlsConfig(const TlsConfig &tls, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!tls.caFile.isEmpty()) {
        if (!QFile::exists(tls.caFile))
            return fail(QStringLiteral("CA file %1 does not exist").arg(tls.caFile));
        const QList<QSslCertificate> authorities = QSslCertificate::fromPath(tls.caFile);
        if (authorities.isEmpty())
            return fail(QStringLiteral("CA file %1 holds no PEM certificate").arg(tls.caFile));
        // The given CA is trusted in addition to the system's.
        ssl.setCaCertificates(ssl.caCertificates() + authorities);
    }
    if (tls.certFile.isEmpty() != tls.keyFile.isEmpty())
        return fail(QStringLiteral("a client certificate needs both cert_file and key_file"));
    if (!tls.certFile.isEmpty()) {
        const QList<QSslCertificate> chain = QSslCertificate::fromPath(tls.certFile);
        if (chain.isEmpty())
            return fail(
                QStringLiteral("certificate file %1 holds no PEM certificate").arg(tls.certFile));
        QFile keyFile(tls.keyFile);
        if (!keyFile.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read key file %1: %2")
                            .arg(tls.keyFile, keyFile.errorString()));
        const QByteArray pem = keyFile.readAll();
        QSslKey key;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            key = QSslKey(pem, algorithm);
            if (!key.isNull())
                break;
        }
        if (key.isNull())
            return fail(QStringLiteral("key file %1 holds no unencrypted PEM RSA, EC or DSA key")
                            .arg(tls.keyFile));
        ssl.setLocalCertificateChain(chain);
        ssl.setPrivateKey(key);
    }
    if (tls.insecureSkipVerify)
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_ssl = ssl;
    return true;
}

int HttpSender::inFlight() const
{
    return static_cast<int>(m_pending.size()) + m_pool->inFlight();
}

void HttpSender::post(const PostRequest &request)
{
    if (request.url.scheme() == u"http") {
        m_pool->post(request);
        return;
    }
    const auto least = std::min_element(m_managerLoad.begin(), m_managerLoad.end());
    const int index = static_cast<int>(least - m_managerLoad.begin());
    ++*least;

    QNetworkRequest networkRequest(request.url);
    // A POST must not be replayed elsewhere behind our back; 3xx is an answer.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    networkRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                                QNetworkRequest::AlwaysNetwork);
    networkRequest.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // No cookies travel between deliveries; each request stands alone.
    networkRequest.setAttribute(QNetworkRequest::CookieLoadControlAttribute,
                                QNetworkRequest::Manual);
    networkRequest.setAttribute(QNetworkRequest::CookieSaveControlAttribute,
                                QNetworkRequest::Manual);
    for (const auto &[name, value] : request.headers)
        networkRequest.setRawHeader(name, value);
    if (request.url.scheme() == u"https")
        networkRequest.setSslConfiguration(m_ssl);

    QNetworkReply *reply =
        m_managers[index]->sendCustomRequest(networkRequest, request.method, request.body);
    Pending pending;
    pending.id = request.id;
    pending.manager = index;
    pending.timeout = request.timeout;
    pending.started = m_clock->monotonicNow();
    m_pending.insert(reply, pending);

    // A deadline for the whole exchange: setTransferTimeout() only measures
    // silence, and a server trickling bytes must not hold a slot for ever.
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this, reply] {
        auto it = m_pending.find(reply);
        if (it == m_pending.end())
            return;
        it->timedOut = true;
        reply->abort();
    });
    deadline->start(request.timeout);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void HttpSender::abortAll()
{
    m_pool->abortAll();
    const QList<QNetworkReply *> replies = m_pending.keys();
    m_pending.clear();
    std::fill(m_managerLoad.begin(), m_managerLoad.end(), 0);
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void HttpSender::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_pending.constFind(reply);
    if (it == m_pending.constEnd())
        return;
    const Pending pending = *it;
    m_pending.erase(it);
    --m_managerLoad[pending.manager];

    PostResult result;
    result.id = pending.id;
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock->monotonicNow() -
                                                                           pending.started);
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    // Errors 1..199 (connection, TLS, proxy) and the protocol failures mean
    // the exchange broke; the other codes only restate the HTTP status (Qt
    // reports a 400 as ProtocolInvalidOperationError, for one).
    const QNetworkReply::NetworkError error = reply->error();
    const bool transportFailed = (error > QNetworkReply::NoError && error < 200) ||
                                 error == QNetworkReply::ProtocolUnknownError ||
                                 error == QNetworkReply::ProtocolFailure;
    if (status.isValid() && status.toInt() > 0 && !pending.timedOut && !transportFailed) {
        result.httpStatus = status.toInt();
        result.retryAfter = reply->rawHeader("Retry-After");
        result.location = reply->rawHeader("Location");
        result.bodyExcerpt = reply->read(bodyExcerptSize);
        if (m_keepHeaders)
            result.headers = reply->rawHeaderPairs();
        result.http2 = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    } else if (pending.timedOut) {
        result.timedOut = true;
        result.networkError = QNetworkReply::TimeoutError;
        result.errorString =
            QStringLiteral("no complete response within %1 ms").arg(pending.timeout.count());
    } else {
        result.networkError = reply->error();
        result.errorString = reply->errorString();
    }
    qCDebug(lcHttp) << "request" << result.id << "to" << reply->url().toDisplayString()
                    << "finished:" << result.httpStatus << result.errorString;
    emit finished(result);
}

} // namespace mqhook
