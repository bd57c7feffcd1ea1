#pragma once

#include "itemform.h"

#include <QPointer>

#include <functional>
#include <memory>

namespace Ui {
class BrokerForm;
}

namespace mqhook {

class ConnectionTester;
class SecretStore;
struct SecretResult;

// mqtt_brokers[i]: the connection, its sign-in (the password in the OS
// keychain, an environment variable or the file), session, TLS, its routes,
// and Test connection.
class BrokerForm : public ItemForm
{
    Q_OBJECT

public:
    enum class PasswordStorage
    {
        Keychain,
        Environment,
        File,
    };
    Q_ENUM(PasswordStorage)

    BrokerForm(ConfigDocument *document, SecretStore *secrets, QWidget *parent = nullptr);
    ~BrokerForm() override;

    PasswordStorage passwordStorage() const;
    // The keychain entry this connection's password is (or would be) stored under.
    QString keychainEntry() const;
    static QString defaultKeychainEntry(const QString &clientId, const QString &host, int port);

    // For tests: the widgets a person would use.
    Ui::BrokerForm *ui() const { return m_ui.get(); }

public slots:
    // Stores what the password field holds in the keychain, then points the
    // file at it.
    void storePassword();
    void testConnection();
    void chooseStorage(mqhook::BrokerForm::PasswordStorage storage);

public:
    // Asked before a password goes into the file as plain text (a dialog by
    // default); false keeps it out.
    void setPlainTextConfirmation(std::function<bool()> confirm)
    {
        m_confirmPlainText = std::move(confirm);
    }

signals:
    void addRouteRequested();
    // Waiting for the keychain or the broker; for the status bar.
    void busy(const QString &what);
    void keychainUnavailable(const QString &message);

protected:
    void refreshForm() override;

private:
    PasswordStorage storageInFile() const;
    void showStorage(PasswordStorage storage);
    void setNote(const QString &text, bool problem);
    void showFallbacks(bool shown);
    void checkKeychainEntry();
    // sentence: a translated sentence with %1 for the reason.
    void onKeychainFailure(const SecretResult &result, const QString &sentence);
    void useEnvironmentVariable();
    void keepPasswordInFile();
    void writeKeychainReference(const QString &entry);
    void connectWith(const QString &password, bool passwordKnown);
    int brokerIndex() const;

    std::unique_ptr<Ui::BrokerForm> m_ui;
    SecretStore *m_secrets;
    ConnectionTester *m_tester;
    QPointer<QObject> m_keychainJob; // context of the keychain job under way
    QString m_checkedEntry;          // the entry whose state the note shows
    bool m_showingStorage = false;
    bool m_keychainFailed = false;
    std::function<bool()> m_confirmPlainText;
};

} // namespace mqhook
