#include "live/liveview.h"
#include "live/messagedetail.h"
#include "live/messageexport.h"
#include "live/messagefilter.h"
#include "live/messagemodel.h"
#include "live/payloadtext.h"
#include "live/requestpreview.h"
#include "sampleevents.h"
#include "testpaths.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;

namespace {

// One broker, one route with a body template, a secret header, a header
// from the environment and a plain one.
QByteArray routeConfig()
{
    return R"({
  "mqtt_brokers": [{
    "client_id": "edge-1", "broker_ip": "127.0.0.1", "broker_port": 1883,
    "sub_deal_config": {
      "app_name": "vehicles", "app_id": "7", "callbackMethod": "HTTP",
      "callbackAddress": ["http://user:pw@127.0.0.1:9/in"],
      "subTopic": {"topic": "cars/#", "qos": 1},
      "callbackHeaders": {
        "Authorization": "Bearer abc123",
        "X-Tenant": "${MQHOOK_TEST_TENANT:-north}",
        "X-Site": "depot"
      },
      "body_template": "{\"car\": \"$${payload.id}\", \"topic\": \"$${topic}\"}"
    }
  }]
})";
}

const QString route = u"edge-1/7/vehicles"_s;
const QString target = u"http://user:pw@127.0.0.1:9/in"_s;

} // namespace

// The live view page: its filter bar and pause, the detail pane, copying
// and exporting.
class tst_LiveView : public QObject
{
    Q_OBJECT

private slots:
    void prettyJsonKeepsOrder();
    void plainAndHex();
    void filterBarFilters();
    void pauseButtonCounts();
    void detailShowsPayloadPropertiesAndDeliveries();
    void requestIsRenderedAndMasked();
    void exportVisibleRows();
    void copyRowAndPayload();
};

void tst_LiveView::prettyJsonKeepsOrder()
{
    const std::optional<QString> pretty =
        PayloadText::prettyJson(R"({"z":1,"a":[1.50,{"s":"x,y:{}"}],"e":{}})");
    QVERIFY(pretty);
    QCOMPARE(*pretty, u"{\n  \"z\": 1,\n  \"a\": [\n    1.50,\n    {\n      \"s\": \"x,y:{}\"\n    "
                      "}\n  ],\n  \"e\": {}\n}"_s);
    QCOMPARE(PayloadText::prettyJson("42"), std::optional<QString>(u"42"_s));
    QVERIFY(!PayloadText::prettyJson("{\"a\":"));
    QVERIFY(!PayloadText::prettyJson("plain text"));
}

void tst_LiveView::plainAndHex()
{
    QCOMPARE(PayloadText::plain("a\x01\xff\nb\xc3\xa9"), u"a\\x01\\xff\nbé"_s);
    QCOMPARE(PayloadText::hexDump(QByteArrayLiteral("ABC\x00")),
             u"00000000  41 42 43 00"_s + QString(39, u' ') + u"ABC.\n"_s);
    QCOMPARE(PayloadText::oneLine("line 1\nline 2", 9), u"line 1 l…"_s);
}

void tst_LiveView::filterBarFilters()
{
    MessageModel model;
    LiveView view(&model);
    model.addEvents({SampleEvents::taken(u"1"_s, u"cars/1/pos"_s, {route}),
                     SampleEvents::taken(u"2"_s, u"cars/2/pos"_s, {route}),
                     SampleEvents::delivered(u"2"_s, route, target),
                     SampleEvents::unrouted(u"3"_s, u"bikes/1"_s, u"no route matches"_s)},
                    0);
    QCOMPARE(view.table()->model()->rowCount(), 3);
    QCOMPARE(view.summary(), u"3 message(s)"_s);
    view.topicEdit()->setText(u"cars/+/pos"_s);
    QCOMPARE(view.table()->model()->rowCount(), 2);
    QCOMPARE(view.summary(), u"2 of 3 message(s)"_s);
    view.outcomeBox()->setCurrentIndex(
        view.outcomeBox()->findData(int(MessageRecord::Outcome::Delivered)));
    QCOMPARE(view.table()->model()->rowCount(), 1);
    view.topicEdit()->clear();
    view.outcomeBox()->setCurrentIndex(0);
    // The route box offers the routes the messages took.
    const int routeIndex = view.routeBox()->findData(route);
    QVERIFY(routeIndex > 0);
    view.routeBox()->setCurrentIndex(routeIndex);
    QCOMPARE(view.table()->model()->rowCount(), 2);
    view.routeBox()->setCurrentIndex(0);
    view.targetEdit()->setText(u"/in"_s);
    QCOMPARE(view.table()->model()->rowCount(), 1);
}

void tst_LiveView::pauseButtonCounts()
{
    MessageModel model;
    LiveView view(&model);
    view.pauseAction()->trigger();
    QVERIFY(model.isPaused());
    model.addEvents({SampleEvents::taken(u"1"_s, u"a"_s, {route}),
                     SampleEvents::taken(u"2"_s, u"b"_s, {route})},
                    0);
    QCOMPARE(view.table()->model()->rowCount(), 0);
    QCOMPARE(view.pauseAction()->text(), u"Resume (2 new)"_s);
    view.pauseAction()->trigger();
    QVERIFY(!model.isPaused());
    QCOMPARE(view.table()->model()->rowCount(), 2);
    QCOMPARE(view.pauseAction()->text(), u"Pause"_s);
    view.clearAction()->trigger();
    QCOMPARE(view.table()->model()->rowCount(), 0);
}

void tst_LiveView::detailShowsPayloadPropertiesAndDeliveries()
{
    MessageModel model;
    LiveView view(&model);
    Event taken = SampleEvents::taken(u"m-1"_s, u"cars/9/pos"_s, {route}, R"({"id":"c9","v":2})");
    taken.contentType = u"application/json"_s;
    taken.userProperties = {{u"fleet"_s, u"north"_s}};
    Event failed = SampleEvents::retrying(u"m-1"_s, route, target, 1, 503, u"HTTP 503"_s);
    failed.response = R"({"error":"busy"})";
    model.addEvents({taken, failed}, 0);
    view.selectRow(0);
    MessageDetail *detail = view.detail();
    QVERIFY(detail->record());
    QCOMPARE(detail->payloadText(), u"{\n  \"id\": \"c9\",\n  \"v\": 2\n}"_s);
    detail->setPayloadMode(MessageDetail::PayloadMode::Hex);
    QVERIFY(detail->payloadText().startsWith(u"00000000  7b 22 69 64"_s));
    detail->setPayloadMode(MessageDetail::PayloadMode::Text);
    QCOMPARE(detail->payloadText(), u"{\"id\":\"c9\",\"v\":2}"_s);

    QStringList properties;
    for (int i = 0; i < detail->properties()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = detail->properties()->topLevelItem(i);
        properties.append(item->text(0) + u'=' + item->text(1));
    }
    QVERIFY2(properties.contains(u"Content type=application/json"_s),
             qPrintable(properties.join(u'|')));
    QVERIFY(properties.contains(u"User property fleet=north"_s));
    QVERIFY(properties.contains(u"QoS=1"_s));

    QCOMPARE(detail->attempts()->topLevelItemCount(), 1);
    QCOMPARE(detail->attempts()->topLevelItem(0)->text(2), u"503"_s);
    QCOMPARE(detail->attempts()->topLevelItem(0)->text(4), u"HTTP 503"_s);
    QCOMPARE(detail->responseText(), u"{\n  \"error\": \"busy\"\n}"_s);

    // The row updates while it is shown: the second attempt appears.
    model.addEvents({SampleEvents::delivered(u"m-1"_s, route, target, 2, 200, 800)}, 0);
    QCOMPARE(detail->attempts()->topLevelItemCount(), 2);
    QCOMPARE(detail->attempts()->topLevelItem(1)->text(2), u"200"_s);
    QVERIFY(detail->deliveries()->currentText().contains(u"delivered"_s));
}

void tst_LiveView::requestIsRenderedAndMasked()
{
    MessageModel model;
    LiveView view(&model);
    QTemporaryDir dir;
    const QString file = dir.filePath(u"c.json"_s);
    QVERIFY(writeFile(file, routeConfig()));
    const RequestPreview preview = RequestPreview::fromFile(file);
    QVERIFY(preview.hasRoute(route));
    view.setRequestPreview(preview);
    model.addEvents({SampleEvents::taken(u"m-2"_s, u"cars/3/pos"_s, {route}, R"({"id":"c3"})"),
                     SampleEvents::delivered(u"m-2"_s, route, target)},
                    0);
    view.selectRow(0);
    const QString request = view.detail()->requestText();
    QVERIFY2(request.startsWith(u"POST http://user:%E2%80%A2%E2%80%A2"_s) ||
                 request.startsWith(u"POST http://user:••••••@127.0.0.1:9/in"_s),
             qPrintable(request));
    QVERIFY2(request.contains(u"Authorization: ••••••"_s), qPrintable(request));
    QVERIFY(request.contains(u"X-Tenant: ••••••"_s)); // from the environment
    QVERIFY(request.contains(u"X-Site: depot"_s));
    QVERIFY(request.contains(u"X-Mqhook-Message-Id: m-2"_s));
    QVERIFY(request.contains(u"\"car\": \"c3\""_s)); // the route's body template
    QVERIFY(request.contains(u"\"topic\": \"cars/3/pos\""_s));
    QVERIFY(!request.contains(u"abc123"_s));
    QVERIFY(!request.contains(u"north"_s));
    QVERIFY(!request.contains(u":pw@"_s));
    QVERIFY(request.contains(u"Rendered from "_s));

    // A route the file does not have says so instead.
    model.addEvents({SampleEvents::taken(u"m-3"_s, u"x"_s, {u"other/1/x"_s}),
                     SampleEvents::delivered(u"m-3"_s, u"other/1/x"_s, target)},
                    0);
    view.selectRow(1);
    QVERIFY2(view.detail()->requestText().contains(u"has no route other/1/x"_s),
             qPrintable(view.detail()->requestText()));
}

void tst_LiveView::exportVisibleRows()
{
    MessageModel model;
    LiveView view(&model);
    model.addEvents(
        {SampleEvents::taken(u"1"_s, u"cars/1"_s, {route}, "a,\"b\""),
         SampleEvents::delivered(u"1"_s, route, target),
         SampleEvents::taken(u"2"_s, u"bikes/1"_s, {route}, QByteArrayLiteral("\xff\x00")),
         SampleEvents::taken(u"3"_s, u"cars/2"_s, {route})},
        0);
    view.topicEdit()->setText(u"cars"_s);
    QTemporaryDir dir;
    QString error;
    const QString csv = dir.filePath(u"m.csv"_s);
    QVERIFY2(view.exportRows(csv, LiveView::ExportFormat::Csv, &error), qPrintable(error));
    const QList<QByteArray> lines = fileContents(csv).split('\n');
    QCOMPARE(lines.size(), 4); // header, two rows, the empty rest
    QVERIFY(lines.at(0).startsWith("time,client_id,topic,qos,routes,target,outcome"));
    QVERIFY2(lines.at(1).contains(",cars/1,1,edge-1/7/vehicles,http://user:pw@127.0.0.1:9/in,"
                                  "delivered,200,1.500,1,1,\"a,\"\"b\"\"\"\r"),
             lines.at(1).constData());
    QVERIFY(lines.at(2).contains(",cars/2,"));

    view.topicEdit()->clear();
    const QString jsonl = dir.filePath(u"m.jsonl"_s);
    QVERIFY(view.exportRows(jsonl, LiveView::ExportFormat::JsonLines, &error));
    const QList<QByteArray> objects = fileContents(jsonl).trimmed().split('\n');
    QCOMPARE(objects.size(), 3);
    const QJsonObject first = QJsonDocument::fromJson(objects.at(0)).object();
    QCOMPARE(first.value(u"outcome"_s).toString(), u"delivered"_s);
    QCOMPARE(first.value(u"payload"_s).toString(), u"a,\"b\""_s);
    const QJsonObject delivery = first.value(u"deliveries"_s).toArray().at(0).toObject();
    QCOMPARE(
        delivery.value(u"history"_s).toArray().at(0).toObject().value(u"http_status"_s).toInt(),
        200);
    const QJsonObject second = QJsonDocument::fromJson(objects.at(1)).object();
    QCOMPARE(second.value(u"payload_base64"_s).toString(), u"/wA="_s);

    QVERIFY(!view.exportRows(dir.filePath(u"no/such/dir/x.csv"_s), LiveView::ExportFormat::Csv,
                             &error));
    QVERIFY(error.contains(u"Cannot write"_s));
}

void tst_LiveView::copyRowAndPayload()
{
    MessageModel model;
    LiveView view(&model);
    model.addEvents({SampleEvents::taken(u"1"_s, u"cars/1"_s, {route}, "{\"x\":1}")}, 0);
    view.selectRow(0);
    view.copyPayloadAction()->trigger();
    QCOMPARE(QApplication::clipboard()->text(), u"{\"x\":1}"_s);
    view.copyRowAction()->trigger();
    QString copied = QApplication::clipboard()->text();
    QVERIFY(copied.endsWith(u'\n'));
    copied.chop(1);
    const QStringList cells = copied.split(u'\t');
    QCOMPARE(cells.size(), int(MessageModel::ColumnCount));
    QCOMPARE(cells.at(MessageModel::TopicColumn), u"cars/1"_s);
    QCOMPARE(cells.at(MessageModel::OutcomeColumn), u"pending"_s);
}

QTEST_MAIN(tst_LiveView)
#include "tst_liveview.moc"
