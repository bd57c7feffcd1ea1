// The reader of a service's event stream (`mqhook tail`, the attached window)
// against a hand-written stream: what it passes on, what it skips, in both
// of its modes, and `mqhook tail --json` printing it one object per line.
#include "httptestserver.h"
#include "observe/event.h"
#include "observe/eventstreamclient.h"
#include "testpaths.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <csignal>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

constexpr int timeout = 15000;

QByteArray eventText(Event::Kind kind, quint64 seq, const QString &topic)
{
    Event event;
    event.kind = kind;
    event.seq = seq;
    event.time = QDateTime::fromMSecsSinceEpoch(1'790'000'000'000 + qint64(seq), Qt::UTC);
    event.topic = topic;
    return eventToJson(event);
}

QByteArray sse(quint64 id, const QByteArray &type, const QByteArray &data)
{
    QByteArray out = "id: " + QByteArray::number(id) + '\n';
    if (!type.isEmpty())
        out += "event: " + type + '\n';
    for (const QByteArray &line : data.split('\n'))
        out += "data: " + line + '\n';
    return out + '\n';
}

// Events 1, 5 and 7 are well formed; the others are not, each in its own way.
QByteArray mixedStream()
{
    QByteArray split = eventText(Event::Kind::Delivered, 5, u"t/five"_s);
    split.replace(",\"time\"", ",\n\"time\"");
    return sse(1, "taken", eventText(Event::Kind::Taken, 1, u"t/one"_s)) +
           sse(2, "taken", "{\"seq\":2,\"kind\":") +                             // cut short
           sse(3, "nonsense", eventText(Event::Kind::Taken, 3, u"t/three"_s)) +  // no such kind
           sse(4, QByteArray(), eventText(Event::Kind::Taken, 4, u"t/four"_s)) + // no type
           sse(5, "delivered", split) +                                          // two lines
           sse(6, "taken", "[1]") +                                              // an array
           sse(7, "dead", eventText(Event::Kind::Dead, 7, u"t/seven"_s)) +       // fine
           sse(8, "dead", "{\"kind\":\"dead\",\"seq\":8,\"size\":.5}");          // not RFC 8259
}

void serve(test::HttpTestServer *server, const QByteArray &stream)
{
    server->setDefaultResponse(test::HttpTestServer::Response::rawBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n" +
            stream,
        50)); // in pieces: lines and events cut anywhere
}

} // namespace

class tst_EventStreamClient : public QObject
{
    Q_OBJECT

private slots:
    void textWithoutDecoding();
    void decodedWhenAsked();
    void tailJsonPrintsOneObjectPerLine();
};

// Only eventTextReceived connected: nothing is decoded, but what passes is
// one JSON object of a known kind, as the service wrote it.
void tst_EventStreamClient::textWithoutDecoding()
{
    test::HttpTestServer server;
    QVERIFY(server.start());
    serve(&server, mixedStream());
    EventStreamClient client;
    client.setUrl(server.url());
    QList<QPair<Event::Kind, QByteArray>> got;
    QStringList errors;
    connect(&client, &EventStreamClient::eventTextReceived, this,
            [&](Event::Kind kind, const QByteArray &json) {
                got.append({kind, json});
            });
    connect(&client, &EventStreamClient::errorOccurred, this,
            [&](const QString &error) { errors.append(error); });
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(client.lastEventId(), quint64(7), timeout);
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 5, timeout);
    QCOMPARE(got.size(), 3);
    QCOMPARE(got.at(0).first, Event::Kind::Taken);
    QCOMPARE(got.at(0).second, eventText(Event::Kind::Taken, 1, u"t/one"_s));
    QCOMPARE(got.at(1).first, Event::Kind::Delivered);
    QVERIFY(got.at(1).second.contains('\n')); // as it came
    QCOMPARE(got.at(2).first, Event::Kind::Dead);
    QVERIFY2(errors.at(0).contains(u"not a JSON object"_s), qPrintable(errors.at(0)));
    QVERIFY2(errors.at(1).contains(u"nonsense"_s), qPrintable(errors.at(1)));
    QVERIFY2(errors.at(2).contains(u"no type"_s), qPrintable(errors.at(2)));
    QVERIFY2(errors.at(3).contains(u"not a JSON object"_s), qPrintable(errors.at(3)));
    QVERIFY2(errors.at(4).contains(u"not a JSON object"_s), qPrintable(errors.at(4)));
    QCOMPARE(server.requestCount(), 1); // a skipped event does not end the stream
    QCOMPARE(client.state(), EventStreamClient::State::Connected);
}

// With eventReceived connected each event is decoded and checked against
// its type; both signals carry it.
void tst_EventStreamClient::decodedWhenAsked()
{
    test::HttpTestServer server;
    QVERIFY(server.start());
    serve(&server, mixedStream());
    EventStreamClient client;
    client.setUrl(server.url());
    QList<Event> events;
    QList<QByteArray> texts;
    QStringList errors;
    connect(&client, &EventStreamClient::eventReceived, this,
            [&](const Event &event) { events.append(event); });
    connect(&client, &EventStreamClient::eventTextReceived, this,
            [&](Event::Kind, const QByteArray &json) { texts.append(json); });
    connect(&client, &EventStreamClient::errorOccurred, this,
            [&](const QString &error) { errors.append(error); });
    client.start();
    // 4 has no type but its data names the kind: decoded, it is read.
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 4, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 4, timeout);
    QCOMPARE(events.at(0).topic, u"t/one"_s);
    QCOMPARE(events.at(1).topic, u"t/four"_s);
    QCOMPARE(events.at(2).topic, u"t/five"_s);
    QCOMPARE(events.at(2).kind, Event::Kind::Delivered);
    QCOMPARE(events.at(3).seq, quint64(7));
    QCOMPARE(texts.size(), 4);
    QVERIFY2(errors.at(1).contains(u"nonsense"_s), qPrintable(errors.at(1)));
    QCOMPARE(client.lastEventId(), quint64(7));
}

void tst_EventStreamClient::tailJsonPrintsOneObjectPerLine()
{
    test::HttpTestServer server;
    QVERIFY(server.start());
    serve(&server, mixedStream());
    QProcess tail;
    tail.start(test::mqhookBinary(), {u"tail"_s, u"--url"_s, server.url().toString(), u"--json"_s});
    QByteArray out;
    QByteArray err;
    // Three events printed, five told skipped (the last one comes after the
    // last printed).
    QTRY_VERIFY_WITH_TIMEOUT((out += tail.readAllStandardOutput(),
                              err += tail.readAllStandardError(),
                              out.count('\n') >= 3 && err.count("is skipped") >= 5),
                             timeout);
    ::kill(pid_t(tail.processId()), SIGINT);
    QVERIFY(tail.waitForFinished(timeout));
    out += tail.readAllStandardOutput();
    err += tail.readAllStandardError();
    QCOMPARE(tail.exitCode(), 0);
    const QList<QByteArray> lines = out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), eventText(Event::Kind::Taken, 1, u"t/one"_s));
    // The event that came in two data lines is on one line, the same object.
    QJsonParseError parseError;
    const QJsonObject five = QJsonDocument::fromJson(lines.at(1), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(five,
             QJsonDocument::fromJson(eventText(Event::Kind::Delivered, 5, u"t/five"_s)).object());
    QCOMPARE(lines.at(2), eventText(Event::Kind::Dead, 7, u"t/seven"_s));
    QCOMPARE(err.count("could not be read and is skipped"), 5);
}

QTEST_GUILESS_MAIN(tst_EventStreamClient)
#include "tst_eventstreamclient.moc"
