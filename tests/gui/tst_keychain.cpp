#include "configdocument.h"
#include "configeditor.h"
#include "forms/attachdialog.h"
#include "forms/brokerform.h"
#include "keychainstore.h"
#include "keychaintesthelpers.h"
#include "mainwindow.h"
#include "mosquittofixture.h"
#include "secretservicefixture.h"
#include "testpaths.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace mqhook;
using namespace mqhook::test;
using namespace Qt::StringLiterals;

// With a Secret Service of the test's own: a password stored from the
// editor is what a headless start reads to sign in to a broker that wants it.
class tst_Keychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void storedPasswordSignsTheServiceIn();
    void missingEntryStopsTheServiceNamingTheBroker();
    void attachTokenKeptPerAddress();

private:
    QTemporaryDir m_settings;
    SecretServiceFixture m_keyring;
};

void tst_Keychain::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QString error;
    QVERIFY2(m_keyring.start(&error), qPrintable(error));
}

void tst_Keychain::cleanupTestCase()
{
    m_keyring.stop();
}

void tst_Keychain::storedPasswordSignsTheServiceIn()
{
    const QString secret = QString::fromLatin1(brokerSecret);
    MosquittoFixture::Options options;
    options.allowAnonymous = false;
    options.users = {{u"edge"_s, secret}};
    MosquittoFixture broker(options);
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));

    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"config.json"_s);
    QVERIFY(writeFile(fileName, oneBrokerConfig(broker.port(), u"edge"_s)));

    KeychainStore keychain;
    MainWindow window(fileName, &keychain);
    window.setUnattended(QMessageBox::Discard);
    window.show();
    ConfigEditor *editor = window.editor();
    editor->select(JsonPath::fromString(u"mqtt_brokers[0]"_s));
    auto *form = qobject_cast<BrokerForm *>(editor->currentForm());
    QVERIFY(form);

    // Keep it in the keychain: type it, store it.
    auto *storage = form->findChild<QComboBox *>(u"passwordStorageCombo"_s);
    storage->setCurrentIndex(storage->findData(int(BrokerForm::PasswordStorage::Keychain)));
    QCOMPARE(form->passwordStorage(), BrokerForm::PasswordStorage::Keychain);
    auto *password = form->findChild<QLineEdit *>(u"keychainPasswordEdit"_s);
    QVERIFY(password->isVisibleTo(&window));
    password->setFocus();
    QTest::keyClicks(password, secret);
    auto *note = form->findChild<QLabel *>(u"passwordNote"_s);
    form->findChild<QPushButton *>(u"storePasswordButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(note->text().startsWith(u"Stored in the OS keychain"_s), 20000);
    QVERIFY(password->text().isEmpty());
    const JsonNode *entry =
        window.document()->node(JsonPath::fromString(u"mqtt_brokers[0].password_keychain"_s));
    QVERIFY(entry);
    QCOMPARE(entry->text, u"edge-1@127.0.0.1:"_s + QString::number(broker.port()));
    QVERIFY2(window.save(), qPrintable(window.lastMessage()));
    // The file has the reference, not the password; the preview neither.
    QVERIFY(!fileContents(fileName).contains(brokerSecret));
    QVERIFY(fileContents(fileName).contains("\"password_keychain\""));
    QVERIFY(!window.document()->toJson().contains(brokerSecret));

    // The headless service reads it and signs in.
    HeadlessRun service(fileName, m_keyring.environment());
    QVERIFY2(service.waitForOutput(u"edge-1: connected to 127.0.0.1:"_s, 30000),
             qPrintable(service.output()));
    service.terminate();
    QVERIFY(service.waitForExit(30000));
    QCOMPARE(service.exitCode(), 0);
    QVERIFY(!service.output().contains(secret));
    QVERIFY(!broker.log().contains(secret));
}

void tst_Keychain::missingEntryStopsTheServiceNamingTheBroker()
{
    MosquittoFixture broker;
    QString error;
    QVERIFY2(broker.start(&error), qPrintable(error));
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"config.json"_s);
    QVERIFY(writeFile(fileName, oneBrokerConfig(broker.port(), u"edge"_s,
                                                u"\"password_keychain\": \"nobody@nowhere\""_s)));
    HeadlessRun service(fileName, m_keyring.environment());
    QVERIFY(service.waitForExit(60000));
    QCOMPARE(service.exitCode(), 1);
    const QString output = service.output();
    QVERIFY2(output.contains(u"mqtt_brokers[0] (client_id \"edge-1\", 127.0.0.1:"_s),
             qPrintable(output));
    QVERIFY2(output.contains(u"entry \"nobody@nowhere\""_s), qPrintable(output));
    QVERIFY2(output.contains(u"no such entry"_s), qPrintable(output));
}

void tst_Keychain::attachTokenKeptPerAddress()
{
    KeychainStore keychain;
    MainWindow window(QString(), &keychain);
    window.setUnattended(QMessageBox::Discard);
    // Nothing listens there: the window keeps trying, which is enough here.
    const QString url = u"http://127.0.0.1:%1"_s.arg(MosquittoFixture::freePort());
    const QString token = QString::fromLatin1(brokerSecret);
    bool answered = false;
    QTimer::singleShot(0, &window, [&] {
        auto *dialog = qobject_cast<AttachDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->setUrl(url);
        dialog->setToken(token);
        QVERIFY(dialog->keepToken()); // the default where there is a keychain
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        answered = true;
    });
    window.attachAction()->trigger();
    QVERIFY(answered);
    QVERIFY2(window.watchingText().contains(url), qPrintable(window.watchingText()));

    // The token is in the keychain under the address, and the next dialog
    // (the URL remembered) finds it there.
    std::optional<SecretResult> stored;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            keychain.read(AttachDialog::keychainEntry(QUrl(url)), &window,
                          [&](const SecretResult &result) { stored = result; });
            return QTest::qWaitFor([&] { return stored.has_value(); }, 5000) &&
                   stored->status == SecretResult::Status::Ok;
        }(),
        20000);
    QCOMPARE(stored->secret, token);
    AttachDialog again(&keychain);
    QCOMPARE(again.url(), QUrl(url));
    QTRY_COMPARE_WITH_TIMEOUT(again.token(), token, 20000);
    QVERIFY(again.note().contains(u"keychain"_s));
    window.detach();
    QCOMPARE(window.watchingText(), u"Not watching a service"_s);
}

QTEST_MAIN(tst_Keychain)
#include "tst_keychain.moc"
