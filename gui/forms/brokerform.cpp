#include "brokerform.h"

#include "config/configschema.h"
#include "config/defaults.h"
#include "config/envexpander.h"
#include "config/jsonwriter.h"
#include "config/secretstore.h"
#include "configdocument.h"
#include "configpaths.h"
#include "connectiontester.h"
#include "fieldbinder.h"
#include "icons.h"
#include "integerspinbox.h"
#include "issuecolors.h"
#include "ui_brokerform.h"

#include <QMessageBox>
#include <QRegularExpression>
#include <QStackedWidget>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

using W = JsonWriter;
using S = ConfigSection;

QString textOf(const JsonNode *node, const QString &name)
{
    const JsonNode *member = node ? node->member(name) : nullptr;
    return member && (member->isString() || member->isNumber()) ? member->text : QString();
}

QString explainFailure(const SecretResult &result)
{
    using Status = SecretResult::Status;
    switch (result.status) {
    case Status::Ok:
        return {};
    case Status::NotFound:
        return BrokerForm::tr("the keychain has no such entry");
    case Status::Unavailable:
        return BrokerForm::tr("no keychain is available (%1)").arg(result.message);
    case Status::Denied:
        return BrokerForm::tr("the keychain is locked or refused access (%1)").arg(result.message);
    case Status::TimedOut:
        return BrokerForm::tr("the keychain did not answer in time (%1)").arg(result.message);
    case Status::Failed:
        return BrokerForm::tr("the keychain failed (%1)").arg(result.message);
    }
    return {};
}

QString variableName(const QString &clientId)
{
    QString name = clientId.toUpper();
    name.replace(QRegularExpression(u"[^A-Z0-9_]"_s), u"_"_s);
    return name.isEmpty() ? u"MQHOOK_BROKER_PASSWORD"_s : u"MQHOOK_PASSWORD_"_s + name;
}

} // namespace

BrokerForm::BrokerForm(ConfigDocument *doc, SecretStore *secrets, QWidget *parent)
    : ItemForm(doc, parent)
    , m_ui(std::make_unique<Ui::BrokerForm>())
    , m_secrets(secrets)
    , m_tester(new ConnectionTester(this))
{
    m_ui->setupUi(this);
    setProblemsLabel(m_ui->problemsLabel);
    m_ui->testConnectionButton->setIcon(Icons::get(Icons::Connect));
    m_ui->addRouteButton->setIcon(Icons::get(Icons::Add));
    m_ui->storePasswordButton->setIcon(Icons::get(Icons::Keychain));
    for (QToolButton *browse :
         {m_ui->tlsCaEditBrowse, m_ui->tlsCertEditBrowse, m_ui->tlsKeyEditBrowse})
        browse->setIcon(Icons::get(Icons::Browse));

    FieldBinder *b = binder();
    const QString pemFilter = tr("PEM files (*.pem *.crt *.key);;All files (*)");
    b->bindText(m_ui->clientIdEdit, S::Broker, JsonPath::of("client_id"), true);
    b->bindText(m_ui->brokerIpEdit, S::Broker, JsonPath::of("broker_ip"), false);
    b->bindInteger(m_ui->brokerPortSpin, S::Broker, JsonPath::of("broker_port"), 1, 65535,
                   std::nullopt);
    b->bindChoice(m_ui->transportCombo, S::Broker, JsonPath::of("transport"),
                  {{u"TCP"_s, u"tcp"_s}, {u"WebSocket"_s, u"ws"_s}}, u"tcp"_s);
    b->bindText(m_ui->wsPathEdit, S::Broker, JsonPath::of("ws_path"), true,
                QString::fromLatin1(defaults::webSocketPath));
    b->bindChoice(m_ui->protocolCombo, S::Broker, JsonPath::of("protocol_version"),
                  {{u"MQTT 5"_s, u"5"_s}, {u"MQTT 3.1.1"_s, u"3.1.1"_s}}, u"5"_s);
    b->bindInteger(m_ui->aliveSpin, S::Broker, JsonPath::of("alive"), 0, 65535, std::nullopt);
    b->bindBool(m_ui->enabledCheck, S::Broker, JsonPath::of("enabled"), true);
    b->bindText(m_ui->usernameEdit, S::Broker, JsonPath::of("username"), true);
    b->bindCustom(m_ui->passwordEdit, S::Broker, JsonPath::of("password"), true);
    b->bindCustom(m_ui->passwordVariableEdit, S::Broker, JsonPath::of("password"), true);
    b->bindCustom(m_ui->keychainEntryEdit, S::Broker, JsonPath::of("password_keychain"), true);
    b->bindBool(m_ui->cleanSessionCheck, S::Broker, JsonPath::of("clean_session"),
                defaults::cleanSession);
    b->bindInteger(m_ui->sessionExpirySpin, S::Broker, JsonPath::of("session_expiry"), 0,
                   4294967295.0, double(defaults::sessionExpiry.count()));
    b->bindInteger(m_ui->receiveMaximumSpin, S::Broker, JsonPath::of("receive_maximum"), 1, 65535,
                   defaults::receiveMaximum);
    b->bindSection(m_ui->tlsGroup, S::Broker, JsonPath::of("tls"));
    const JsonPath tls = JsonPath::of("tls");
    b->bindBool(m_ui->tlsEnabledCheck, S::BrokerTls, tls.key(u"enabled"_s), false);
    b->bindFile(m_ui->tlsCaEdit, m_ui->tlsCaEditBrowse, S::BrokerTls, tls.key(u"ca_file"_s),
                pemFilter);
    b->bindFile(m_ui->tlsCertEdit, m_ui->tlsCertEditBrowse, S::BrokerTls, tls.key(u"cert_file"_s),
                pemFilter);
    b->bindFile(m_ui->tlsKeyEdit, m_ui->tlsKeyEditBrowse, S::BrokerTls, tls.key(u"key_file"_s),
                pemFilter);
    b->bindBool(m_ui->tlsInsecureCheck, S::BrokerTls, tls.key(u"insecure_skip_verify"_s), false);
    b->bindStructure(m_ui->routesGroup, S::Broker, JsonPath::of("sub_deal_config"));
    finishTabOrder({m_ui->keychainPasswordEdit, m_ui->storePasswordButton, m_ui->useVariableButton,
                    m_ui->keepInFileButton, m_ui->addRouteButton, m_ui->testConnectionButton});

    m_ui->passwordStorageCombo->addItem(Icons::get(Icons::Keychain), tr("In the OS keychain"),
                                        int(PasswordStorage::Keychain));
    m_ui->passwordStorageCombo->addItem(tr("In an environment variable"),
                                        int(PasswordStorage::Environment));
    m_ui->passwordStorageCombo->addItem(tr("In this file (plain text)"),
                                        int(PasswordStorage::File));
    connect(m_ui->passwordStorageCombo, &QComboBox::currentIndexChanged, this, [this](int row) {
        if (!m_showingStorage && row >= 0)
            chooseStorage(PasswordStorage(m_ui->passwordStorageCombo->itemData(row).toInt()));
    });
    connect(m_ui->passwordEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (storageInFile() == PasswordStorage::File)
            document()->setValue(item().key(u"password"_s), W::string(text));
    });
    connect(m_ui->keychainPasswordEdit, &QLineEdit::returnPressed, this,
            &BrokerForm::storePassword);
    connect(m_ui->passwordVariableEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        document()->setValue(item().key(u"password"_s), W::string(text));
    });
    connect(m_ui->keychainEntryEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        document()->setValue(item().key(u"password_keychain"_s), W::string(text));
    });
    connect(m_ui->storePasswordButton, &QPushButton::clicked, this, &BrokerForm::storePassword);
    connect(m_ui->useVariableButton, &QPushButton::clicked, this,
            &BrokerForm::useEnvironmentVariable);
    connect(m_ui->keepInFileButton, &QPushButton::clicked, this, &BrokerForm::keepPasswordInFile);
    connect(m_ui->addRouteButton, &QPushButton::clicked, this, &BrokerForm::addRouteRequested);
    connect(m_ui->testConnectionButton, &QPushButton::clicked, this, &BrokerForm::testConnection);
    connect(m_tester, &ConnectionTester::finished, this,
            [this](bool connected, const QString &message) {
                m_ui->testConnectionButton->setEnabled(true);
                m_ui->testResult->setText(message);
                QPalette palette = m_ui->testResult->palette();
                palette.setColor(QPalette::WindowText, connected
                                                           ? palette.color(QPalette::Text)
                                                           : IssueColors::text(palette, true));
                m_ui->testResult->setPalette(palette);
                emit busy({});
            });
    m_ui->testResult->setText(
        tr("Connects once with these settings as \"<client id>-test\", so that a running mqhook "
           "keeps its session."));

    m_confirmPlainText = [this] {
        return QMessageBox::warning(
                   this, tr("Password in the file"),
                   tr("The password will be written into %1 as plain text: anyone who can read "
                      "the file, or a copy or backup of it, can read the password.\n\nKeep it in "
                      "the file anyway?")
                       .arg(document()->fileName().isEmpty() ? tr("the configuration file")
                                                             : document()->fileName()),
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
    };
}

BrokerForm::~BrokerForm() = default;

int BrokerForm::brokerIndex() const
{
    const JsonPath path = item();
    return path.size() >= 2 && path.at(1).isIndex() ? int(path.at(1).index) : -1;
}

QString BrokerForm::defaultKeychainEntry(const QString &clientId, const QString &host, int port)
{
    const QString address = host + u':' + QString::number(port);
    return clientId.isEmpty() ? address : clientId + u'@' + address;
}

QString BrokerForm::keychainEntry() const
{
    const JsonNode *broker = document()->node(item());
    const QString entry = textOf(broker, u"password_keychain"_s);
    if (!entry.isEmpty())
        return entry;
    const QString port = textOf(broker, u"broker_port"_s);
    return defaultKeychainEntry(textOf(broker, u"client_id"_s), textOf(broker, u"broker_ip"_s),
                                port.isEmpty() ? defaults::brokerPort : port.toInt());
}

BrokerForm::PasswordStorage BrokerForm::storageInFile() const
{
    const JsonNode *broker = document()->node(item());
    if (broker && broker->member(u"password_keychain"_s))
        return PasswordStorage::Keychain;
    if (EnvExpander::hasReferences(textOf(broker, u"password"_s)))
        return PasswordStorage::Environment;
    return PasswordStorage::File;
}

BrokerForm::PasswordStorage BrokerForm::passwordStorage() const
{
    return PasswordStorage(m_ui->passwordStorageCombo->currentData().toInt());
}

void BrokerForm::setNote(const QString &text, bool problem)
{
    m_ui->passwordNote->setText(text);
    QPalette palette = m_ui->passwordNote->palette();
    palette.setColor(QPalette::WindowText,
                     problem ? IssueColors::text(palette, true) : palette.color(QPalette::Text));
    m_ui->passwordNote->setPalette(palette);
}

void BrokerForm::showStorage(PasswordStorage storage)
{
    m_showingStorage = true;
    m_ui->passwordStorageCombo->setCurrentIndex(m_ui->passwordStorageCombo->findData(int(storage)));
    m_showingStorage = false;

    // The page of the way chosen; the others take no room.
    QWidget *page = storage == PasswordStorage::Keychain      ? m_ui->keychainPage
                    : storage == PasswordStorage::Environment ? m_ui->environmentPage
                                                              : m_ui->filePage;
    for (int i = 0; i < m_ui->passwordStack->count(); ++i) {
        QWidget *candidate = m_ui->passwordStack->widget(i);
        candidate->setSizePolicy(QSizePolicy::Preferred,
                                 candidate == page ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    m_ui->passwordStack->setCurrentWidget(page);
    m_ui->passwordStack->adjustSize();
    showFallbacks(storage == PasswordStorage::Keychain && m_keychainFailed);

    const JsonNode *broker = document()->node(item());
    const QString password = textOf(broker, u"password"_s);
    switch (storage) {
    case PasswordStorage::Keychain: {
        const QString entry = textOf(broker, u"password_keychain"_s);
        if (m_ui->keychainEntryEdit->text() != entry)
            m_ui->keychainEntryEdit->setText(entry);
        checkKeychainEntry();
        break;
    }
    case PasswordStorage::Environment:
        if (m_ui->passwordVariableEdit->text() != password)
            m_ui->passwordVariableEdit->setText(password);
        setNote(tr("The service reads the password from the environment when it starts and on "
                   "reload; the file holds only the reference."),
                false);
        break;
    case PasswordStorage::File:
        if (m_ui->passwordEdit->text() != password)
            m_ui->passwordEdit->setText(password);
        setNote(password.isEmpty()
                    ? tr("Connects without a password.")
                    : tr("The password is written into the file as plain text. The OS keychain "
                         "keeps it out of the file."),
                !password.isEmpty());
        break;
    }
}

void BrokerForm::refreshForm()
{
    const PasswordStorage storage = storageInFile();
    if (storage != PasswordStorage::Keychain)
        m_keychainFailed = false;
    showStorage(storage);

    const JsonNode *broker = document()->node(item());
    const JsonNode *routes = broker ? broker->member(u"sub_deal_config"_s) : nullptr;
    const int count = int(ConfigPaths::routePaths(document()->root(), item()).size());
    QString summary = tr("%n route(s); select one in the tree to edit it.", nullptr, count);
    if (routes && routes->isObject())
        summary += u' ' + tr("sub_deal_config is one object here, as in the original format; "
                             "a second route makes it a list.");
    m_ui->routesSummary->setText(summary);
}

void BrokerForm::showFallbacks(bool shown)
{
    m_ui->useVariableButton->setVisible(shown);
    m_ui->keepInFileButton->setVisible(shown);
}

void BrokerForm::checkKeychainEntry()
{
    const QString entry = keychainEntry();
    if (entry == m_checkedEntry)
        return;
    m_checkedEntry = entry;
    if (!m_secrets) {
        setNote(tr("This mqhook has no keychain support."), true);
        return;
    }
    setNote(tr("Looking up \"%1\" in the OS keychain…").arg(entry), false);
    delete m_keychainJob;
    m_keychainJob = new QObject(this);
    emit busy(tr("Waiting for the OS keychain…"));
    m_secrets->read(entry, m_keychainJob, [this, entry](const SecretResult &result) {
        emit busy({});
        if (result.ok()) {
            m_keychainFailed = false;
            setNote(tr("Stored in the OS keychain (service \"%1\", entry \"%2\"). The file holds "
                       "only this reference.")
                        .arg(QLatin1StringView(keychainService), entry),
                    false);
        } else if (result.status == SecretResult::Status::NotFound) {
            m_keychainFailed = false;
            setNote(tr("The OS keychain has no entry \"%1\" yet: type the password and press "
                       "Store in keychain.")
                        .arg(entry),
                    true);
        } else {
            onKeychainFailure(result, tr("Could not read the keychain: %1."));
        }
        showFallbacks(m_keychainFailed);
    });
}

void BrokerForm::onKeychainFailure(const SecretResult &result, const QString &sentence)
{
    m_keychainFailed = true;
    m_checkedEntry.clear();
    const QString message =
        sentence.arg(explainFailure(result)) + u'\n' +
        tr("The OS keychain is not available here. Instead, the service can read the password "
           "from an environment variable when it starts, or the file can hold it as plain text.");
    setNote(message, true);
    showFallbacks(storageInFile() == PasswordStorage::Keychain);
    emit keychainUnavailable(message);
}

void BrokerForm::writeKeychainReference(const QString &entry)
{
    const JsonNode *broker = document()->node(item());
    document()->beginMacro(tr("Keep the password in the OS keychain"));
    document()->setValue(item().key(u"password_keychain"_s), W::string(entry), false);
    // The seed's empty "password" stays, empty: the keychain holds the password.
    if (broker && broker->member(u"password"_s))
        document()->setValue(item().key(u"password"_s), W::string({}), false);
    document()->endMacro();
}

void BrokerForm::storePassword()
{
    if (!m_secrets) {
        setNote(tr("This mqhook has no keychain support."), true);
        return;
    }
    const QString secret = m_ui->keychainPasswordEdit->text();
    if (secret.isEmpty()) {
        setNote(tr("Type the password first."), true);
        return;
    }
    const QString entry = keychainEntry();
    setNote(tr("Storing the password in the OS keychain…"), false);
    m_ui->storePasswordButton->setEnabled(false);
    delete m_keychainJob;
    m_keychainJob = new QObject(this);
    emit busy(tr("Waiting for the OS keychain…"));
    m_secrets->write(entry, secret, m_keychainJob, [this, entry](const SecretResult &result) {
        emit busy({});
        m_ui->storePasswordButton->setEnabled(true);
        if (!result.ok()) {
            onKeychainFailure(result, tr("Could not store the password: %1."));
            return;
        }
        m_keychainFailed = false;
        m_ui->keychainPasswordEdit->clear();
        m_checkedEntry = entry;
        writeKeychainReference(entry);
        setNote(tr("Stored in the OS keychain (service \"%1\", entry \"%2\"). The file holds only "
                   "this reference.")
                    .arg(QLatin1StringView(keychainService), entry),
                false);
        showFallbacks(false);
    });
}

void BrokerForm::chooseStorage(PasswordStorage storage)
{
    const PasswordStorage current = storageInFile();
    if (storage == current)
        return;
    const JsonNode *broker = document()->node(item());
    const QString password = textOf(broker, u"password"_s);
    switch (storage) {
    case PasswordStorage::Keychain:
        // A password that was in the file moves to the keychain once it is stored there.
        if (current == PasswordStorage::File && !password.isEmpty()) {
            m_ui->keychainPasswordEdit->setText(password);
            showStorage(current);
            m_showingStorage = true;
            m_ui->passwordStorageCombo->setCurrentIndex(
                m_ui->passwordStorageCombo->findData(int(PasswordStorage::Keychain)));
            m_showingStorage = false;
            storePassword();
            return;
        }
        writeKeychainReference(keychainEntry());
        break;
    case PasswordStorage::Environment:
        useEnvironmentVariable();
        break;
    case PasswordStorage::File:
        keepPasswordInFile();
        break;
    }
}

void BrokerForm::useEnvironmentVariable()
{
    const JsonNode *broker = document()->node(item());
    document()->beginMacro(tr("Read the password from an environment variable"));
    if (broker && broker->member(u"password_keychain"_s))
        document()->remove(item().key(u"password_keychain"_s));
    document()->setValue(item().key(u"password"_s),
                         W::string(u"${"_s + variableName(textOf(broker, u"client_id"_s)) + u'}'),
                         false);
    document()->endMacro();
    m_keychainFailed = false;
    refresh();
}

void BrokerForm::keepPasswordInFile()
{
    const QString typed = m_ui->keychainPasswordEdit->text();
    if (!typed.isEmpty() && !m_confirmPlainText()) {
        showStorage(storageInFile());
        return;
    }
    const JsonNode *broker = document()->node(item());
    document()->beginMacro(tr("Keep the password in the file"));
    if (broker && broker->member(u"password_keychain"_s))
        document()->remove(item().key(u"password_keychain"_s));
    document()->setValue(item().key(u"password"_s), W::string(typed), false);
    document()->endMacro();
    m_keychainFailed = false;
    refresh();
}

void BrokerForm::testConnection()
{
    document()->validateNow();
    const int index = brokerIndex();
    const QString path = item().toString();
    const QString routes = item().key(u"sub_deal_config"_s).toString();
    QStringList problems;
    for (const ConfigIssue &issue : document()->issues()) {
        if (issue.severity == ConfigIssue::Severity::Error && JsonPath::covers(path, issue.path) &&
            !JsonPath::covers(routes, issue.path))
            problems.append(issue.path.mid(path.size() + 1) + u": "_s + issue.message);
    }
    if (index < 0 || index >= document()->draft().brokers.size() || !problems.isEmpty()) {
        m_ui->testResult->setText(
            tr("Fix the problems of this connection first:\n%1").arg(problems.join(u'\n')));
        return;
    }
    m_ui->testConnectionButton->setEnabled(false);
    if (storageInFile() != PasswordStorage::Keychain) {
        connectWith({}, false);
        return;
    }
    if (!m_ui->keychainPasswordEdit->text().isEmpty()) {
        connectWith(m_ui->keychainPasswordEdit->text(), true);
        return;
    }
    if (!m_secrets) {
        m_ui->testConnectionButton->setEnabled(true);
        m_ui->testResult->setText(tr("This mqhook has no keychain support."));
        return;
    }
    m_ui->testResult->setText(tr("Reading the password from the OS keychain…"));
    delete m_keychainJob;
    m_keychainJob = new QObject(this);
    emit busy(tr("Waiting for the OS keychain…"));
    m_secrets->read(keychainEntry(), m_keychainJob, [this](const SecretResult &result) {
        emit busy({});
        if (!result.ok()) {
            m_ui->testConnectionButton->setEnabled(true);
            m_ui->testResult->setText(
                tr("Cannot read the password: %1.").arg(explainFailure(result)));
            return;
        }
        connectWith(result.secret, true);
    });
}

void BrokerForm::connectWith(const QString &password, bool passwordKnown)
{
    BrokerConfig broker = document()->draft().brokers.at(brokerIndex());
    if (passwordKnown)
        broker.password = password;
    m_ui->testResult->setText(
        tr("Connecting to %1 as \"%2\"…")
            .arg(broker.address(), ConnectionTester::testClientId(broker.clientId)));
    QPalette palette = m_ui->testResult->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::Text));
    m_ui->testResult->setPalette(palette);
    emit busy(tr("Testing the connection to %1…").arg(broker.address()));
    m_tester->start(broker);
}

} // namespace mqhook
