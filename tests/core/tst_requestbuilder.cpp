#include "base/jsontext.h"
#include "delivery/requestbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace mqhook;
using namespace std::chrono_literals;

class tst_RequestBuilder : public QObject
{
    Q_OBJECT

private slots:
    void bodyAndContentType_data();
    void bodyAndContentType();
    void mqhookHeaders();
    void configuredHeadersAndUrlTemplates();
    void renderErrorNamesThePlaceholder();
    void badConfiguration_data();
    void badConfiguration();
    void batchBody();
    void batchOfLenientJson_data();
    void batchOfLenientJson();

private:
    static Message message(const QString &id, const QString &topic, const QByteArray &payload);
    static QByteArray header(const PostRequest &request, const QByteArray &name);
};

Message tst_RequestBuilder::message(const QString &id, const QString &topic,
                                    const QByteArray &payload)
{
    Message m;
    m.id = id;
    m.topic = topic;
    m.payload = payload;
    m.clientId = QStringLiteral("c1");
    m.receivedAt = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    return m;
}

QByteArray tst_RequestBuilder::header(const PostRequest &request, const QByteArray &name)
{
    for (const auto &[key, value] : request.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return "(absent)";
}

void tst_RequestBuilder::bodyAndContentType_data()
{
    QTest::addColumn<QString>("bodyTemplate");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("mqttContentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");

    QTest::newRow("JSON payload as it arrived")
        << QString() << QByteArray(R"({"t":1})") << QString() << QByteArray(R"({"t":1})")
        << QByteArray("application/json");
    QTest::newRow("binary payload as it arrived")
        << QString() << QByteArray("\x01\x02", 2) << QString() << QByteArray("\x01\x02", 2)
        << QByteArray("application/octet-stream");
    QTest::newRow("MQTT 5 content type wins")
        << QString() << QByteArray("<a/>") << QStringLiteral("application/xml")
        << QByteArray("<a/>") << QByteArray("application/xml");
    QTest::newRow("JSON-shaped template")
        << QStringLiteral(R"({"v":${payload.t},"topic":"${topic}"})") << QByteArray(R"({"t":1})")
        << QString() << QByteArray(R"({"v":1,"topic":"a/b"})") << QByteArray("application/json");
    QTest::newRow("text template")
        << QStringLiteral("t=${payload.t}") << QByteArray(R"({"t":1})") << QString()
        << QByteArray("t=1") << QByteArray("text/plain; charset=utf-8");
}

void tst_RequestBuilder::bodyAndContentType()
{
    QFETCH(QString, bodyTemplate);
    QFETCH(QByteArray, payload);
    QFETCH(QString, mqttContentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);

    SubscriptionConfig config;
    config.callbackAddresses = {QStringLiteral("http://127.0.0.1:1/in")};
    config.bodyTemplate = bodyTemplate;
    const RequestBuilder builder(config);
    QVERIFY2(builder.isValid(), qPrintable(builder.errorString()));
    Message m = message(QStringLiteral("id1"), QStringLiteral("a/b"), payload);
    m.contentType = mqttContentType;
    QString error;
    const auto prepared = builder.prepare(m, config.callbackAddresses.first(), &error);
    QVERIFY2(prepared, qPrintable(error));
    const PostRequest request = builder.single(*prepared, m, 1);
    QCOMPARE(request.body, body);
    QCOMPARE(header(request, "Content-Type"), contentType);
}

void tst_RequestBuilder::mqhookHeaders()
{
    SubscriptionConfig config;
    config.callbackAddresses = {QStringLiteral("http://127.0.0.1:1/in")};
    config.httpMethod = QStringLiteral("PUT");
    config.timeout = 1234ms;
    const RequestBuilder builder(config);
    const Message m = message(QStringLiteral("id-42"), QStringLiteral("plant/温度 100%"), "1");
    const auto prepared = builder.prepare(m, config.callbackAddresses.first(), nullptr);
    QVERIFY(prepared);
    const PostRequest request = builder.single(*prepared, m, 3);
    QCOMPARE(request.method, QByteArray("PUT"));
    QCOMPARE(request.timeout, 1234ms);
    QCOMPARE(request.url, QUrl(QStringLiteral("http://127.0.0.1:1/in")));
    QCOMPARE(header(request, "X-Mqhook-Message-Id"), QByteArray("id-42"));
    QCOMPARE(header(request, "X-Mqhook-Attempt"), QByteArray("3"));
    QCOMPARE(header(request, "X-Mqhook-Topic"), QByteArray("plant/%E6%B8%A9%E5%BA%A6 100%25"));
}

void tst_RequestBuilder::configuredHeadersAndUrlTemplates()
{
    SubscriptionConfig config;
    config.appId = QStringLiteral("app-1");
    config.callbackAddresses = {QStringLiteral("http://127.0.0.1:1/in/${topic}?d=${payload.dev}")};
    config.callbackHeaders = {{QStringLiteral("X-Device"), QStringLiteral("${payload.dev}")},
                              {QStringLiteral("Content-Type"), QStringLiteral("text/x-mine")},
                              {QStringLiteral("X-App"), QStringLiteral("${app_id}")}};
    const RequestBuilder builder(config);
    QVERIFY2(builder.isValid(), qPrintable(builder.errorString()));
    const Message m = message(QStringLiteral("i"), QStringLiteral("a/b c"), R"({"dev":"x&y ü"})");
    QString error;
    const auto prepared = builder.prepare(m, config.callbackAddresses.first(), &error);
    QVERIFY2(prepared, qPrintable(error));
    QCOMPARE(prepared->url.toEncoded(),
             QByteArray("http://127.0.0.1:1/in/a%2Fb%20c?d=x%26y%20%C3%BC"));
    const PostRequest request = builder.single(*prepared, m, 1);
    QCOMPARE(header(request, "X-Device"), QByteArray("x&y %C3%BC"));
    QCOMPARE(header(request, "X-App"), QByteArray("app-1"));
    // A configured Content-Type replaces mqhook's own, and appears once.
    QCOMPARE(header(request, "Content-Type"), QByteArray("text/x-mine"));
    QCOMPARE(std::count_if(request.headers.cbegin(), request.headers.cend(),
                           [](const auto &h) {
                               return h.first.compare("content-type", Qt::CaseInsensitive) == 0;
                           }),
             1);
}

void tst_RequestBuilder::renderErrorNamesThePlaceholder()
{
    SubscriptionConfig config;
    config.callbackAddresses = {QStringLiteral("http://127.0.0.1:1/in")};
    config.bodyTemplate = QStringLiteral(R"({"t":${payload.temp}})");
    const RequestBuilder builder(config);
    QString error;
    QVERIFY(!builder.prepare(message(QStringLiteral("i"), QStringLiteral("t"), "hot"),
                             config.callbackAddresses.first(), &error));
    QVERIFY2(error.contains(u"${payload.temp}") && error.contains(u"not JSON"), qPrintable(error));
    QVERIFY(!builder.prepare(message(QStringLiteral("i"), QStringLiteral("t"), "{}"),
                             config.callbackAddresses.first(), &error));
    QVERIFY2(error.contains(u"no field 'temp'"), qPrintable(error));
}

void tst_RequestBuilder::badConfiguration_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("bodyTemplate");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("bad body template") << QStringLiteral("http://h/") << QStringLiteral("${nope}")
                                       << QStringLiteral("body_template");
    QTest::newRow("not a URL") << QStringLiteral("just text") << QString()
                               << QStringLiteral("not an http");
    QTest::newRow("ftp scheme") << QStringLiteral("ftp://h/x") << QString()
                                << QStringLiteral("not an http");
    QTest::newRow("placeholder in the host")
        << QStringLiteral("http://${topic}/x") << QString() << QStringLiteral("literal host");
    QTest::newRow("bad placeholder in the path")
        << QStringLiteral("http://h/${topic") << QString() << QStringLiteral("unterminated");
}

void tst_RequestBuilder::badConfiguration()
{
    QFETCH(QString, address);
    QFETCH(QString, bodyTemplate);
    QFETCH(QString, errorContains);

    SubscriptionConfig config;
    config.callbackAddresses = {address};
    config.bodyTemplate = bodyTemplate;
    const RequestBuilder builder(config);
    QVERIFY(!builder.isValid());
    QVERIFY2(builder.errorString().contains(errorContains), qPrintable(builder.errorString()));
}

void tst_RequestBuilder::batchBody()
{
    SubscriptionConfig config;
    config.callbackAddresses = {QStringLiteral("http://127.0.0.1:1/in")};
    const RequestBuilder builder(config);
    const QList<Message> messages = {
        message(QStringLiteral("a"), QStringLiteral("t"), "{\"x\":1}"),
        message(QStringLiteral("b"), QStringLiteral("t"), "plain \"q\""),
        message(QStringLiteral("c"), QStringLiteral("t"), "7")};
    QList<RequestBuilder::Prepared> prepared;
    for (const Message &m : messages)
        prepared.append(*builder.prepare(m, config.callbackAddresses.first(), nullptr));
    QList<const RequestBuilder::Prepared *> preparedPointers;
    QList<const Message *> messagePointers;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        preparedPointers.append(&prepared.at(i));
        messagePointers.append(&messages.at(i));
    }
    const PostRequest request = builder.batch(preparedPointers, messagePointers, 2);
    QCOMPARE(request.body, QByteArray("[{\"x\":1},\"plain \\\"q\\\"\",7]"));
    QVERIFY(QJsonDocument::fromJson(request.body).isArray());
    QCOMPARE(header(request, "Content-Type"), QByteArray("application/json"));
    QCOMPARE(header(request, "X-Mqhook-Message-Ids"), QByteArray("a,b,c"));
    QCOMPARE(header(request, "X-Mqhook-Batch-Size"), QByteArray("3"));
    QCOMPARE(header(request, "X-Mqhook-Attempt"), QByteArray("2"));
    QCOMPARE(header(request, "X-Mqhook-Topic"), QByteArray("t"));
    const QByteArray id = header(request, "X-Mqhook-Message-Id");
    QVERIFY(id.startsWith("batch-"));
    QCOMPARE(id, RequestBuilder::batchId(
                     {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QVERIFY(id != RequestBuilder::batchId({QStringLiteral("a"), QStringLiteral("b")}));

    Message other = message(QStringLiteral("d"), QStringLiteral("u"), "1");
    preparedPointers = {&prepared.first(), &prepared.first()};
    messagePointers = {&messages.first(), &other};
    QCOMPARE(header(builder.batch(preparedPointers, messagePointers, 1), "X-Mqhook-Topic"),
             QByteArray("(absent)"));
}

void tst_RequestBuilder::batchOfLenientJson_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("batch");

    QTest::newRow("leading dot") << QByteArray(".5") << QByteArray(R"([".5"])");
    QTest::newRow("raw tab in a string")
        << QByteArray("\"tab\there\"") << QByteArray(R"(["\"tab\there\""])");
    QTest::newRow("unknown escape") << QByteArray(R"("\x")") << QByteArray(R"(["\"\\x\""])");
}

// Payloads Qt's JSON parser takes but JSON does not go into a batch as
// strings: the batch stays JSON.
void tst_RequestBuilder::batchOfLenientJson()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, batch);
    SubscriptionConfig config;
    config.callbackAddresses = {QStringLiteral("http://127.0.0.1:1/in")};
    const RequestBuilder builder(config);
    const Message m = message(QStringLiteral("a"), QStringLiteral("t"), payload);
    const std::optional<RequestBuilder::Prepared> prepared =
        builder.prepare(m, config.callbackAddresses.first(), nullptr);
    QVERIFY(prepared);
    QVERIFY(!prepared->bodyIsJson);
    QCOMPARE(prepared->contentType, QByteArray("application/octet-stream"));
    const QByteArray body = builder.batch({&*prepared}, {&m}, 1).body;
    QVERIFY2(isJsonText(body), body.constData());
    QCOMPARE(body, batch);
}

QTEST_GUILESS_MAIN(tst_RequestBuilder)
#include "tst_requestbuilder.moc"
