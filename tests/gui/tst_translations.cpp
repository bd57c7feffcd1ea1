#include "configeditor.h"
#include "forms/itemform.h"
#include "mainwindow.h"
#include "statuspanel.h"
#include "testpaths.h"

#include <QAbstractButton>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

struct TsCounts
{
    int messages = 0;
    QStringList unfinished;
    QStringList obsolete; // vanished or obsolete
};

TsCounts readTs(const QString &fileName)
{
    TsCounts counts;
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return counts;
    QXmlStreamReader xml(&file);
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"message") {
            ++counts.messages;
        } else if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const QString type = xml.attributes().value(u"type"_s).toString();
            if (type == u"unfinished")
                counts.unfinished.append(source);
            else if (type == u"vanished" || type == u"obsolete")
                counts.obsolete.append(source);
        }
    }
    return counts;
}

bool anyText(QWidget *root, const QString &text)
{
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (label->text() == text)
            return true;
    }
    for (QAbstractButton *button : root->findChildren<QAbstractButton *>()) {
        if (button->text() == text)
            return true;
    }
    for (QGroupBox *group : root->findChildren<QGroupBox *>()) {
        if (group->title() == text)
            return true;
    }
    return false;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyStringIsTranslated();
    void windowSpeaksChinese();
    void binaryCarriesTheTranslation();
    void languageMenuKeepsTheChoice();

private:
    QTemporaryDir m_settings;
};

void tst_Translations::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
}

void tst_Translations::everyStringIsTranslated()
{
    // The committed file, then what lupdate makes of it with today's sources:
    // a string added to the code and not translated shows as unfinished, one
    // taken out as obsolete.
    const QString committed = test::sourcePath(u"translations/mqhook_zh_CN.ts"_s);
    TsCounts counts = readTs(committed);
    QVERIFY(counts.messages > 400);
    QVERIFY2(counts.unfinished.isEmpty(), qPrintable(counts.unfinished.join(u" | "_s)));
    QVERIFY2(counts.obsolete.isEmpty(), qPrintable(counts.obsolete.join(u" | "_s)));

    QTemporaryDir dir;
    const QString copy = dir.filePath(u"mqhook_zh_CN.ts"_s);
    QVERIFY(QFile::copy(committed, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QFile list(QStringLiteral(MQHOOK_TRANSLATED_SOURCES));
    QVERIFY2(list.open(QIODevice::ReadOnly), MQHOOK_TRANSLATED_SOURCES);
    QStringList arguments = QString::fromUtf8(list.readAll()).split(u'\n', Qt::SkipEmptyParts);
    arguments << u"-ts"_s << copy;
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(MQHOOK_LUPDATE), arguments);
    QVERIFY2(lupdate.waitForFinished(120000), qPrintable(lupdate.errorString()));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
    counts = readTs(copy);
    QVERIFY2(counts.unfinished.isEmpty(),
             qPrintable(u"strings without a Chinese translation (translate them in "
                        u"translations/mqhook_zh_CN.ts): "_s +
                        counts.unfinished.join(u" | "_s)));
    QVERIFY2(counts.obsolete.isEmpty(),
             qPrintable(u"strings no longer used (run lupdate -no-obsolete): "_s +
                        counts.obsolete.join(u" | "_s)));
}

void tst_Translations::windowSpeaksChinese()
{
    QTranslator translator;
    QVERIFY2(translator.load(QStringLiteral(MQHOOK_QM_FILE)), MQHOOK_QM_FILE);
    QVERIFY(QCoreApplication::installTranslator(&translator));
    {
        MainWindow window(test::sourcePath(u"resources/examples/seed.json"_s));
        window.setUnattended(QMessageBox::Discard);
        window.show();
        QStringList menus;
        for (QAction *action : window.menuBar()->actions())
            menus.append(action->text());
        QCOMPARE(menus, (QStringList{u"文件(&F)"_s, u"编辑(&E)"_s, u"转发(&O)"_s, u"视图(&V)"_s,
                                     u"帮助(&H)"_s}));
        QCOMPARE(window.startAction()->text(), u"开始转发(&S)"_s);
        ConfigEditor *editor = window.editor();
        QCOMPARE(editor->model()->index(0, 0).data().toString(), u"代理连接"_s);
        editor->select(JsonPath::fromString(u"mqtt_brokers[0]"_s));
        QWidget *form = editor->currentForm();
        QVERIFY(anyText(form, u"连接"_s));        // a group box of the .ui form
        QVERIFY(anyText(form, u"测试连接"_s));    // a button
        QVERIFY(anyText(form, u"客户端 ID："_s)); // a label
        QVERIFY(window.statusPanel()->texts().contains(u"未在转发"_s));
    }
    QCoreApplication::removeTranslator(&translator);
}

void tst_Translations::binaryCarriesTheTranslation()
{
    // Compiled into the binary: mqhook alone, in a Chinese locale, answers in Chinese.
    QProcess mqhook;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LANG"_s, u"zh_CN.UTF-8"_s);
    environment.insert(u"LC_ALL"_s, u"zh_CN.UTF-8"_s);
    mqhook.setProcessEnvironment(environment);
    mqhook.start(test::mqhookBinary(), {u"--check"_s, u"--config"_s,
                                        test::sourcePath(u"resources/examples/seed.json"_s)});
    QVERIFY(mqhook.waitForFinished(60000));
    const QString err = QString::fromUtf8(mqhook.readAllStandardError());
    QVERIFY2(err.contains(u"：正常（2 个代理连接，2 个订阅，0 个警告）"_s), qPrintable(err));
}

void tst_Translations::languageMenuKeepsTheChoice()
{
    MainWindow window(test::sourcePath(u"resources/examples/seed.json"_s));
    window.setUnattended(QMessageBox::Discard);
    QList<QAction *> choices = window.languageMenu()->actions();
    QCOMPARE(choices.size(), 3);
    QCOMPARE(choices.at(2)->text(), u"简体中文"_s);
    QVERIFY(choices.at(0)->isChecked()); // the system's, until chosen
    choices.at(2)->trigger();
    QCOMPARE(MainWindow::languageSetting(), u"zh_CN"_s);
    QVERIFY(window.lastMessage().contains(u"starts again"_s));
    choices.at(1)->trigger();
    QCOMPARE(MainWindow::languageSetting(), u"en"_s);
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
