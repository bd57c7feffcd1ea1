#pragma once

#include <QDialog>
#include <QUrl>

#include <memory>

namespace Ui {
class AttachDialog;
}

namespace mqhook {

class SecretStore;

// Asks for a running service's admin URL and token. The URL last used comes
// back (settings); the token is read from the OS keychain (an entry per
// admin endpoint, keychainEntry()) where it was kept before.
class AttachDialog : public QDialog
{
    Q_OBJECT

public:
    // secrets: the keychain; may be null (the token is then not kept).
    explicit AttachDialog(SecretStore *secrets, QWidget *parent = nullptr);
    ~AttachDialog() override;

    QUrl url() const;
    void setUrl(const QString &url);
    QString token() const;
    void setToken(const QString &token);
    bool keepToken() const;

    // The keychain entry of an admin endpoint's token.
    static QString keychainEntry(const QUrl &url);
    static QString lastUrlSetting();

    // What the note under the fields says (the keychain's answer, a bad URL).
    QString note() const;

    // Remembers the URL (the window stores the token, when asked to).
    void save();

private:
    void readToken();
    void check();

    std::unique_ptr<Ui::AttachDialog> m_ui;
    SecretStore *m_secrets;
    QObject *m_jobs; // context of the keychain reads; replaced to drop their answers
};

} // namespace mqhook
