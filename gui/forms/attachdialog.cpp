#include "attachdialog.h"

#include "config/secretstore.h"
#include "ui_attachdialog.h"

#include <QPushButton>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

const QString settingUrl = u"attach/url"_s;

} // namespace

AttachDialog::AttachDialog(SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AttachDialog>())
    , m_secrets(secrets)
    , m_jobs(new QObject(this))
{
    m_ui->setupUi(this);
    m_ui->noteLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->keepTokenCheck->setEnabled(secrets != nullptr);
    if (!secrets)
        m_ui->keepTokenCheck->setChecked(false);
    connect(m_ui->urlEdit, &QLineEdit::editingFinished, this, &AttachDialog::readToken);
    connect(m_ui->urlEdit, &QLineEdit::textChanged, this, &AttachDialog::check);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setUrl(lastUrlSetting());
}

AttachDialog::~AttachDialog() = default;

QString AttachDialog::lastUrlSetting()
{
    return QSettings().value(settingUrl, u"http://127.0.0.1:9090"_s).toString();
}

QString AttachDialog::keychainEntry(const QUrl &url)
{
    return u"admin-token %1:%2"_s.arg(url.host())
        .arg(url.port(url.scheme() == u"https" ? 443 : 80));
}

QUrl AttachDialog::url() const
{
    return QUrl::fromUserInput(m_ui->urlEdit->text().trimmed());
}

void AttachDialog::setUrl(const QString &url)
{
    m_ui->urlEdit->setText(url);
    readToken();
}

QString AttachDialog::token() const
{
    return m_ui->tokenEdit->text();
}

void AttachDialog::setToken(const QString &token)
{
    m_ui->tokenEdit->setText(token);
}

bool AttachDialog::keepToken() const
{
    return m_secrets && m_ui->keepTokenCheck->isChecked();
}

QString AttachDialog::note() const
{
    return m_ui->noteLabel->text();
}

void AttachDialog::check()
{
    const QUrl address = url();
    const bool ok = address.isValid() && !address.host().isEmpty() &&
                    (address.scheme() == u"http" || address.scheme() == u"https");
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    if (!ok)
        m_ui->noteLabel->setText(tr("The admin URL is an http:// or https:// address, such as "
                                    "http://127.0.0.1:9090."));
}

void AttachDialog::readToken()
{
    check();
    if (!m_secrets || !url().isValid() || url().host().isEmpty())
        return;
    delete m_jobs;
    m_jobs = new QObject(this);
    const QString entry = keychainEntry(url());
    m_ui->noteLabel->setText(tr("Looking for the token in the OS keychain…"));
    m_secrets->read(entry, m_jobs, [this](const SecretResult &result) {
        switch (result.status) {
        case SecretResult::Status::Ok:
            if (m_ui->tokenEdit->text().isEmpty())
                m_ui->tokenEdit->setText(result.secret);
            m_ui->noteLabel->setText(tr("The token comes from the OS keychain."));
            break;
        case SecretResult::Status::NotFound:
            m_ui->noteLabel->setText(tr("The OS keychain has no token for this address yet."));
            break;
        default:
            m_ui->noteLabel->setText(
                tr("The OS keychain cannot be used (%1): type the token.").arg(result.message));
            m_ui->keepTokenCheck->setChecked(false);
            break;
        }
    });
}

void AttachDialog::save()
{
    QSettings().setValue(settingUrl, m_ui->urlEdit->text().trimmed());
}

} // namespace mqhook
