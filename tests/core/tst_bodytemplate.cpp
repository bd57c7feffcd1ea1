#include "base/jsontext.h"
#include "delivery/bodytemplate.h"

#include <QTest>

using namespace mqhook;

class tst_BodyTemplate : public QObject
{
    Q_OBJECT

private slots:
    void render_data();
    void render();
    void compileErrors_data();
    void compileErrors();
    void renderErrors_data();
    void renderErrors();
    void escaping_data();
    void escaping();
    void parseJson_data();
    void parseJson();
    void isJson_data();
    void isJson();

private:
    static Message sampleMessage(const QByteArray &payload);
};

Message tst_BodyTemplate::sampleMessage(const QByteArray &payload)
{
    Message message;
    message.id = QStringLiteral("m-1");
    message.clientId = QStringLiteral("client-7");
    message.topic = QStringLiteral("plant/line 1/温度");
    message.payload = payload;
    message.qos = 1;
    message.retain = true;
    message.receivedAt = QDateTime(QDate(2024, 3, 5), QTime(7, 8, 9, 12), Qt::UTC);
    return message;
}

void tst_BodyTemplate::render_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray json = R"({"temp":21.5,"name":"a \"b\"","a":{"b":[1,{"c":true}]},"n":null})";
    QTest::newRow("no placeholders") << QStringLiteral("plain") << json << QByteArray("plain");
    QTest::newRow("raw payload") << QStringLiteral("${payload}") << json << json;
    QTest::newRow("payload_json of JSON")
        << QStringLiteral("{\"d\":${payload_json}}") << json << QByteArray("{\"d\":") + json + '}';
    QTest::newRow("payload_json of text")
        << QStringLiteral("{\"d\":${payload_json}}") << QByteArray("hi \"x\"\n")
        << QByteArray(R"({"d":"hi \"x\"\n"})");
    QTest::newRow("payload_base64")
        << QStringLiteral("${payload_base64}") << QByteArray("\x00\xff", 2) << QByteArray("AP8=");
    QTest::newRow("message fields")
        << QStringLiteral("${topic}|${qos}|${retain}|${client_id}|${app_id}|${app_name}|"
                          "${received_at}|${message_id}")
        << json
        << QStringLiteral("plant/line 1/温度|1|true|client-7|app-9|Plant app|"
                          "2024-03-05T07:08:09.012Z|m-1")
               .toUtf8();
    QTest::newRow("number field") << QStringLiteral("t=${payload.temp}") << json
                                  << QByteArray("t=21.5");
    QTest::newRow("string field is its text")
        << QStringLiteral("${payload.name}") << json << QByteArray("a \"b\"");
    QTest::newRow("nested object and array index")
        << QStringLiteral("${payload.a.b.1.c}/${payload.a.b.0}") << json << QByteArray("true/1");
    QTest::newRow("object field is compact JSON")
        << QStringLiteral("${payload.a}") << json << QByteArray(R"({"b":[1,{"c":true}]})");
    QTest::newRow("null field") << QStringLiteral("${payload.n}") << json << QByteArray("null");
    QTest::newRow("scalar payload field of array")
        << QStringLiteral("${payload.1}") << QByteArray("[10, 20]") << QByteArray("20");
    QTest::newRow("$${ is a literal")
        << QStringLiteral("$${topic} costs $5") << json << QByteArray("${topic} costs $5");
    QTest::newRow("spaces inside braces") << QStringLiteral("${ qos }") << json << QByteArray("1");
}

void tst_BodyTemplate::render()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, expected);

    QString error;
    const std::optional<BodyTemplate> compiled = BodyTemplate::compile(text, &error);
    QVERIFY2(compiled, qPrintable(error));
    const Message message = sampleMessage(payload);
    const BodyTemplate::Input input(message, QStringLiteral("app-9"), QStringLiteral("Plant app"));
    const std::optional<QByteArray> rendered =
        compiled->render(input, BodyTemplate::Escaping::None, &error);
    QVERIFY2(rendered, qPrintable(error));
    QCOMPARE(*rendered, expected);
}

void tst_BodyTemplate::compileErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("unterminated") << QStringLiteral("abc ${topic") << QStringLiteral("character 5");
    QTest::newRow("unknown name") << QStringLiteral("${topik}") << QStringLiteral("${topik}");
    QTest::newRow("empty name") << QStringLiteral("${}") << QStringLiteral("unknown placeholder");
    QTest::newRow("empty field") << QStringLiteral("${payload.a..b}")
                                 << QStringLiteral("empty field name");
    QTest::newRow("trailing dot") << QStringLiteral("${payload.}")
                                  << QStringLiteral("empty field name");
}

void tst_BodyTemplate::compileErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, errorContains);

    QString error;
    QVERIFY(!BodyTemplate::compile(text, &error));
    QVERIFY2(error.contains(errorContains), qPrintable(error));
}

void tst_BodyTemplate::renderErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("payload not JSON")
        << QStringLiteral("${payload.temp}") << QByteArray("21.5 C") << QStringLiteral("not JSON");
    QTest::newRow("missing field")
        << QStringLiteral("${payload.humidity}") << QByteArray(R"({"temp":1})")
        << QStringLiteral("no field 'humidity'");
    QTest::newRow("index out of range")
        << QStringLiteral("${payload.items.2}") << QByteArray(R"({"items":[1,2]})")
        << QStringLiteral("no field 'items.2'");
    QTest::newRow("field below a scalar")
        << QStringLiteral("${payload.temp.x}") << QByteArray(R"({"temp":1})")
        << QStringLiteral("no field 'temp.x'");
}

void tst_BodyTemplate::renderErrors()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, payload);
    QFETCH(QString, errorContains);

    QString error;
    const std::optional<BodyTemplate> compiled = BodyTemplate::compile(text, &error);
    QVERIFY2(compiled, qPrintable(error));
    const Message message = sampleMessage(payload);
    const BodyTemplate::Input input(message, {}, {});
    QVERIFY(!compiled->render(input, BodyTemplate::Escaping::None, &error));
    QVERIFY2(error.contains(errorContains), qPrintable(error));
}

void tst_BodyTemplate::escaping_data()
{
    QTest::addColumn<int>("escaping");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("header: non-ASCII and % encoded, literal kept")
        << int(BodyTemplate::Escaping::Header) << QStringLiteral("t=${topic}; 100%")
        << QByteArray("t=plant/line 1/%E6%B8%A9%E5%BA%A6; 100%");
    QTest::newRow("header: control characters encoded")
        << int(BodyTemplate::Escaping::Header) << QStringLiteral("${payload.s}")
        << QByteArray("a%0D%0Ab%25");
    QTest::newRow("url: one path segment per value")
        << int(BodyTemplate::Escaping::UrlPart) << QStringLiteral("/in/${topic}/x")
        << QByteArray("/in/plant%2Fline%201%2F%E6%B8%A9%E5%BA%A6/x");
}

void tst_BodyTemplate::escaping()
{
    QFETCH(int, escaping);
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);

    QString error;
    const std::optional<BodyTemplate> compiled = BodyTemplate::compile(text, &error);
    QVERIFY2(compiled, qPrintable(error));
    const Message message = sampleMessage(R"({"s":"a\r\nb%"})");
    const BodyTemplate::Input input(message, {}, {});
    const std::optional<QByteArray> rendered =
        compiled->render(input, BodyTemplate::Escaping(escaping), &error);
    QVERIFY2(rendered, qPrintable(error));
    QCOMPARE(*rendered, expected);
}

void tst_BodyTemplate::parseJson_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("isJson");

    QTest::newRow("object") << QByteArray(R"({"a":1})") << true;
    QTest::newRow("array") << QByteArray("[1,2]") << true;
    QTest::newRow("number") << QByteArray("42") << true;
    QTest::newRow("string") << QByteArray(R"("x")") << true;
    QTest::newRow("true with spaces") << QByteArray(" true ") << true;
    QTest::newRow("two values") << QByteArray("1,2") << false;
    QTest::newRow("plain text") << QByteArray("hello") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("truncated object") << QByteArray(R"({"a":)") << false;
    QTest::newRow("bracket injection") << QByteArray("1],[2") << false;
}

void tst_BodyTemplate::parseJson()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, isJson);
    QCOMPARE(BodyTemplate::parseJson(text).has_value(), isJson);
}

void tst_BodyTemplate::isJson_data()
{
    parseJson_data();
    QTest::newRow("nested") << QByteArray(R"({"a":[1,{"b":null}],"c":{}} )") << true;
    QTest::newRow("space everywhere") << QByteArray(" \t\r\n{ \"a\" : [ 1 , 2 ] }\n") << true;
    QTest::newRow("escapes") << QByteArray(R"("\" \\ \/ \b \f \n \r \t \u00e9")") << true;
    QTest::newRow("unknown escape") << QByteArray(R"("\x")") << false;
    QTest::newRow("short unicode escape") << QByteArray(R"("\u12")") << false;
    QTest::newRow("control character in a string") << QByteArray("\"a\tb\"") << false;
    QTest::newRow("unterminated string") << QByteArray(R"("abc)") << false;
    QTest::newRow("UTF-8") << QByteArray("\"gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80\"")
                           << true;
    QTest::newRow("bad UTF-8") << QByteArray("\"\xc3\x28\"") << false;
    QTest::newRow("Latin-1 byte") << QByteArray("\"caf\xe9\"") << false;
    QTest::newRow("truncated UTF-8") << QByteArray("\"\xe2\x82\"") << false;
    QTest::newRow("negative fraction exponent") << QByteArray("-0.5e+10") << true;
    QTest::newRow("minus alone") << QByteArray("-") << false;
    QTest::newRow("fraction without digits") << QByteArray("1.") << false;
    QTest::newRow("exponent without digits") << QByteArray("1e") << false;
    QTest::newRow("leading dot") << QByteArray(".5") << false;
    QTest::newRow("trailing comma") << QByteArray("[1,]") << false;
    QTest::newRow("member without colon") << QByteArray(R"({"a" 1})") << false;
    QTest::newRow("number as key") << QByteArray(R"({1:2})") << false;
    QTest::newRow("unclosed array") << QByteArray("[1,2") << false;
    QTest::newRow("truncated literal") << QByteArray("tru") << false;
    QTest::newRow("literal with a tail") << QByteArray("nulll") << false;
    QTest::newRow("NaN") << QByteArray("NaN") << false;
    QTest::newRow("100 levels deep") << QByteArray(100, '[') + QByteArray(100, ']') << true;
    QTest::newRow("5000 levels deep") << QByteArray(5000, '[') + QByteArray(5000, ']') << false;
}

// isJsonText() decides whether a body goes into a batch as it is or as a JSON
// string, so it follows RFC 8259 where Qt's parser is lenient (".5", "\x",
// raw control characters in strings); what it accepts, the parser accepts too.
void tst_BodyTemplate::isJson()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, isJson);
    QCOMPARE(isJsonText(text), isJson);
    const Message message = sampleMessage(text);
    QCOMPARE(BodyTemplate::Input(message, {}, {}).payloadIsJson(), isJson);
    if (isJson)
        QVERIFY(BodyTemplate::parseJson(text).has_value());
}

QTEST_GUILESS_MAIN(tst_BodyTemplate)
#include "tst_bodytemplate.moc"
