#include "delivery/outcomeclassifier.h"

#include <QTest>

using namespace mqhook;
using namespace std::chrono_literals;
using Verdict = OutcomeClassifier::Verdict;

Q_DECLARE_METATYPE(QList<mqhook::StatusMatcher>)

class tst_OutcomeClassifier : public QObject
{
    Q_OBJECT

private slots:
    void classify_data();
    void classify();
    void transportFailureIsRetried();
    void retryAfter_data();
    void retryAfter();
};

void tst_OutcomeClassifier::classify_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QList<StatusMatcher>>("successOn");
    QTest::addColumn<QList<StatusMatcher>>("dropOn");
    QTest::addColumn<QList<StatusMatcher>>("retryOn");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QString>("reasonContains");

    const QList<StatusMatcher> none;
    const auto only = [](int low, int high) { return QList<StatusMatcher>{{low, high}}; };
    QTest::newRow("200 succeeds") << 200 << none << none << none << int(Verdict::Success)
                                  << QString();
    QTest::newRow("204 succeeds") << 204 << none << none << none << int(Verdict::Success)
                                  << QString();
    QTest::newRow("500 is retried")
        << 500 << none << none << none << int(Verdict::Retry) << QStringLiteral("HTTP 500");
    QTest::newRow("503 is retried")
        << 503 << none << none << none << int(Verdict::Retry) << QStringLiteral("HTTP 503");
    QTest::newRow("408 is retried")
        << 408 << none << none << none << int(Verdict::Retry) << QStringLiteral("HTTP 408");
    QTest::newRow("429 is retried")
        << 429 << none << none << none << int(Verdict::Retry) << QStringLiteral("HTTP 429");
    QTest::newRow("400 is permanent")
        << 400 << none << none << none << int(Verdict::Drop) << QStringLiteral("not retryable");
    QTest::newRow("404 is permanent, body quoted")
        << 404 << none << none << none << int(Verdict::Drop) << QStringLiteral("HTTP 404: nope");
    QTest::newRow("302 is permanent: redirect not followed")
        << 302 << none << none << none << int(Verdict::Drop)
        << QStringLiteral("redirect to 'http://elsewhere/' not followed");
    QTest::newRow("success_on 404 overrides")
        << 404 << only(404, 404) << none << none << int(Verdict::Success) << QString();
    QTest::newRow("success_on replaces 2xx")
        << 204 << only(200, 200) << none << none << int(Verdict::Drop) << QStringLiteral("204");
    QTest::newRow("drop_on 503 beats the default retry")
        << 503 << none << only(503, 503) << none << int(Verdict::Drop) << QStringLiteral("drop_on");
    QTest::newRow("retry_on 4xx retries 409")
        << 409 << none << none << only(400, 499) << int(Verdict::Retry) << QStringLiteral("409");
    QTest::newRow("retry_on replaces the default retry list")
        << 500 << none << none << only(409, 409) << int(Verdict::Drop) << QStringLiteral("500");
    QTest::newRow("success_on wins over drop_on")
        << 202 << only(202, 202) << only(200, 299) << none << int(Verdict::Success) << QString();
}

void tst_OutcomeClassifier::classify()
{
    QFETCH(int, status);
    QFETCH(QList<StatusMatcher>, successOn);
    QFETCH(QList<StatusMatcher>, dropOn);
    QFETCH(QList<StatusMatcher>, retryOn);
    QFETCH(int, verdict);
    QFETCH(QString, reasonContains);

    SubscriptionConfig config;
    config.successOn = successOn;
    config.dropOn = dropOn;
    config.retryOn = retryOn;
    const OutcomeClassifier classifier(config);
    PostResult result;
    result.httpStatus = status;
    result.bodyExcerpt = status == 404 ? "nope\n" : "";
    result.location = status == 302 ? "http://elsewhere/" : "";
    const OutcomeClassifier::Outcome outcome = classifier.classify(result);
    QCOMPARE(int(outcome.verdict), verdict);
    if (reasonContains.isEmpty())
        QVERIFY(outcome.reason.isEmpty());
    else
        QVERIFY2(outcome.reason.contains(reasonContains), qPrintable(outcome.reason));
}

void tst_OutcomeClassifier::transportFailureIsRetried()
{
    SubscriptionConfig config;
    config.dropOn = {{0, 999}}; // a status list never applies without a status
    const OutcomeClassifier classifier(config);
    PostResult result;
    result.networkError = QNetworkReply::ConnectionRefusedError;
    result.errorString = QStringLiteral("Connection refused");
    const OutcomeClassifier::Outcome outcome = classifier.classify(result);
    QCOMPARE(outcome.verdict, Verdict::Retry);
    QCOMPARE(outcome.reason, QStringLiteral("Connection refused"));
}

void tst_OutcomeClassifier::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs"); // -1: none

    // RFC 9110 §10.2.3 gives both forms.
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("zero seconds") << QByteArray("0") << qint64(0);
    QTest::newRow("seconds with spaces") << QByteArray(" 5 ") << qint64(5000);
    QTest::newRow("HTTP-date 90 s ahead")
        << QByteArray("Fri, 01 Mar 2024 12:01:30 GMT") << qint64(90000);
    QTest::newRow("HTTP-date in the past")
        << QByteArray("Fri, 01 Mar 2024 11:00:00 GMT") << qint64(0);
    QTest::newRow("absent") << QByteArray() << qint64(-1);
    QTest::newRow("negative") << QByteArray("-3") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
}

void tst_OutcomeClassifier::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);

    const QDateTime now(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
    const auto delay = OutcomeClassifier::parseRetryAfter(value, now);
    if (expectedMs < 0) {
        QVERIFY(!delay);
    } else {
        QVERIFY(delay);
        QCOMPARE(delay->count(), expectedMs);
    }
}

QTEST_GUILESS_MAIN(tst_OutcomeClassifier)
#include "tst_outcomeclassifier.moc"
