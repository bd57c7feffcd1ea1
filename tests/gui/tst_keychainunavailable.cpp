#include "configdocument.h"
#include "configeditor.h"
#include "forms/brokerform.h"
#include "keychainstore.h"
#include "keychaintesthelpers.h"
#include "mainwindow.h"
#include "testpaths.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;

namespace {

// No session bus, and none to start: what a server without a desktop has.
QProcessEnvironment withoutBus()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DBUS_SESSION_BUS_ADDRESS"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s})
        environment.remove(name);
    return environment;
}

} // namespace

class tst_KeychainUnavailable : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void windowSaysSoAndOffersTheAlternatives();
    void plainTextNeedsAnExplicitYes();
    void serviceStopsNamingTheBroker();

private:
    BrokerForm *storeWithoutKeychain(MainWindow &window);

    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
};

void tst_KeychainUnavailable::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QVERIFY(qgetenv("DBUS_SESSION_BUS_ADDRESS").isEmpty());
}

BrokerForm *tst_KeychainUnavailable::storeWithoutKeychain(MainWindow &window)
{
    window.setUnattended(QMessageBox::Discard);
    window.show();
    window.editor()->select(JsonPath::fromString(u"mqtt_brokers[0]"_s));
    auto *form = qobject_cast<BrokerForm *>(window.editor()->currentForm());
    auto *storage = form->findChild<QComboBox *>(u"passwordStorageCombo"_s);
    storage->setCurrentIndex(storage->findData(int(BrokerForm::PasswordStorage::Keychain)));
    auto *password = form->findChild<QLineEdit *>(u"keychainPasswordEdit"_s);
    password->setFocus();
    QTest::keyClicks(password, QString::fromLatin1(brokerSecret));
    form->findChild<QPushButton *>(u"storePasswordButton"_s)->click();
    return form;
}

void tst_KeychainUnavailable::windowSaysSoAndOffersTheAlternatives()
{
    KeychainStore keychain(std::chrono::seconds(20));
    MainWindow window(copyFromSource(u"resources/examples/seed.json"_s, m_dir.path(), u"a.json"_s),
                      &keychain);
    QSignalSpy unavailable(window.editor(), &ConfigEditor::keychainUnavailable);
    BrokerForm *form = storeWithoutKeychain(window);

    // Plainly, at once (no bus is an immediate failure, not a hang).
    QVERIFY(unavailable.wait(20000));
    auto *note = form->findChild<QLabel *>(u"passwordNote"_s);
    QVERIFY2(note->text().contains(u"The OS keychain is not available here"_s),
             qPrintable(note->text()));
    QVERIFY(note->text().contains(u"no keychain is available"_s));
    auto *useVariable = form->findChild<QPushButton *>(u"useVariableButton"_s);
    auto *keepInFile = form->findChild<QPushButton *>(u"keepInFileButton"_s);
    QVERIFY(useVariable->isVisibleTo(&window));
    QVERIFY(keepInFile->isVisibleTo(&window));
    // Nothing of the password went into the document.
    QVERIFY(!window.document()->toJson().contains(brokerSecret));

    // An environment reference instead.
    useVariable->click();
    const JsonNode *password =
        window.document()->node(JsonPath::fromString(u"mqtt_brokers[0].password"_s));
    QCOMPARE(password->text, u"${MQHOOK_PASSWORD_GO_MQTT_CLIENT_1}"_s);
    QVERIFY(!window.document()->node(JsonPath::fromString(u"mqtt_brokers[0].password_keychain"_s)));
    QCOMPARE(form->passwordStorage(), BrokerForm::PasswordStorage::Environment);
    QVERIFY(!window.document()->toJson().contains(brokerSecret));
}

void tst_KeychainUnavailable::plainTextNeedsAnExplicitYes()
{
    KeychainStore keychain(std::chrono::seconds(20));
    MainWindow window(copyFromSource(u"resources/examples/seed.json"_s, m_dir.path(), u"b.json"_s),
                      &keychain);
    QSignalSpy unavailable(window.editor(), &ConfigEditor::keychainUnavailable);
    BrokerForm *form = storeWithoutKeychain(window);
    QVERIFY(unavailable.wait(20000));
    int asked = 0;
    bool answer = false;
    form->setPlainTextConfirmation([&asked, &answer] {
        ++asked;
        return answer;
    });
    auto *keepInFile = form->findChild<QPushButton *>(u"keepInFileButton"_s);
    keepInFile->click();
    QCOMPARE(asked, 1);
    QVERIFY(!window.document()->toJson().contains(brokerSecret)); // "no": nothing written
    answer = true;
    keepInFile->click();
    QCOMPARE(asked, 2);
    QVERIFY(window.document()->toJson().contains(brokerSecret)); // "yes": in the file, as chosen
    QCOMPARE(form->passwordStorage(), BrokerForm::PasswordStorage::File);
    QVERIFY(!window.document()->toRedactedJson().contains(brokerSecret));
}

void tst_KeychainUnavailable::serviceStopsNamingTheBroker()
{
    const QString fileName = m_dir.filePath(u"service.json"_s);
    QVERIFY(writeFile(
        fileName, oneBrokerConfig(1883, u"edge"_s, u"\"password_keychain\": \"edge-1@lab\""_s)));
    HeadlessRun service(fileName, withoutBus());
    QVERIFY(service.waitForExit(60000));
    QCOMPARE(service.exitCode(), 1);
    const QString output = service.output();
    QVERIFY2(output.contains(u"mqtt_brokers[0] (client_id \"edge-1\", 127.0.0.1:1883): cannot "
                             u"read its password from the OS keychain"_s),
             qPrintable(output));
    QVERIFY2(output.contains(u"no keychain is available"_s), qPrintable(output));
}

int main(int argc, char *argv[])
{
    // Before anything can reach for a session bus.
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"})
        qunsetenv(name);
    QApplication app(argc, argv);
    tst_KeychainUnavailable test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychainunavailable.moc"
