#include "mainwindow.h"
#include "testpaths.h"

#include <QAbstractItemModelTester>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void showsSeedConfiguration()
    {
        MainWindow window(test::sourcePath("resources/examples/seed.json"));
        QAbstractItemModelTester configTester(window.configModel());
        QAbstractItemModelTester issueTester(window.issueModel());
        window.show();

        QStandardItemModel *model = window.configModel();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->item(0)->text(), QStringLiteral("go-mqtt-client-1"));
        QCOMPARE(model->item(1)->text(), QStringLiteral("go-mqtt-client-2"));
        QVERIFY(model->item(0, 1)->text().contains("127.0.0.1:1883"));
        QStandardItem *subscription = model->item(1)->child(0);
        QVERIFY(subscription);
        QCOMPARE(subscription->text(), QStringLiteral("test2"));
        QVERIFY(model->item(1)->child(0, 1)->text().contains("from/v1/#"));
        QCOMPARE(subscription->child(0, 1)->text(),
                 QStringLiteral("http://127.0.0.1:8000/api/test2"));

        for (int row = 0; row < window.issueModel()->rowCount(); ++row)
            QCOMPARE(window.issueModel()->item(row, 0)->text(), QStringLiteral("Warning"));
    }

    void listsEveryError()
    {
        MainWindow window(test::sourcePath("resources/examples/five-mistakes.json"));
        QCOMPARE(window.configModel()->rowCount(), 0);
        QStandardItemModel *issues = window.issueModel();
        int errors = 0;
        for (int row = 0; row < issues->rowCount(); ++row) {
            if (issues->item(row, 0)->text() != QStringLiteral("Error"))
                continue;
            ++errors;
            QVERIFY(issues->item(row, 1)->text().toInt() > 0); // line
            QVERIFY(!issues->item(row, 3)->text().isEmpty());  // path
        }
        QCOMPARE(errors, 5);
    }

    void reloadPicksUpChanges()
    {
        QTemporaryDir dir;
        const QString fileName = dir.filePath("config.json");
        QVERIFY(QFile::copy(test::sourcePath("resources/examples/seed.json"), fileName));
        QFile::setPermissions(fileName, QFile::ReadOwner | QFile::WriteOwner);
        MainWindow window(fileName);
        QCOMPARE(window.configModel()->rowCount(), 2);

        QFile file(fileName);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{ \"mqtt_brokers\": ");
        file.close();
        window.reload();
        QCOMPARE(window.configModel()->rowCount(), 0);
        QVERIFY(window.issueModel()->rowCount() >= 1);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
