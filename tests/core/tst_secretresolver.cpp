#include "config/secretresolver.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QSignalSpy>
#include <QTest>

using namespace mqhook;
using namespace Qt::StringLiterals;

namespace {

// A store whose entries and failures the test sets; it answers from the
// event loop as a real keychain does.
class FakeStore : public SecretStore
{
public:
    QHash<QString, SecretResult> answers;
    QStringList asked;

    void read(const QString &entry, QObject *context, Callback done) override
    {
        asked.append(entry);
        SecretResult result = answers.value(entry, {SecretResult::Status::NotFound, {}, {}});
        QMetaObject::invokeMethod(
            context, [done, result] { done(result); }, Qt::QueuedConnection);
    }
    void write(const QString &, const QString &, QObject *, Callback) override {}
    void remove(const QString &, QObject *, Callback) override {}
};

BrokerConfig broker(const QString &clientId, const QString &entry, bool enabled = true)
{
    BrokerConfig config;
    config.clientId = clientId;
    config.brokerIp = u"127.0.0.1"_s;
    config.brokerPort = 1883;
    config.passwordKeychain = entry;
    config.enabled = enabled;
    return config;
}

SecretResolver::Outcome resolve(const Config &config, SecretStore *store)
{
    QObject context;
    std::optional<SecretResolver::Outcome> outcome;
    bool synchronous = true;
    SecretResolver::resolve(config, store, &context,
                            [&outcome](const SecretResolver::Outcome &o) { outcome = o; });
    synchronous = outcome.has_value();
    if (synchronous)
        qFatal("the resolver answered from within resolve()");
    const QDeadlineTimer deadline(5000);
    while (!outcome && !deadline.hasExpired())
        QTest::qWait(5);
    return outcome.value_or(SecretResolver::Outcome{});
}

} // namespace

class tst_SecretResolver : public QObject
{
    Q_OBJECT

private slots:
    void fillsPasswordsFromTheStore()
    {
        FakeStore store;
        store.answers.insert(u"orders@lab"_s, {SecretResult::Status::Ok, u"s3cret"_s, {}});
        Config config;
        config.brokers = {broker(u"orders"_s, u"orders@lab"_s), broker(u"plain"_s, {})};
        config.brokers[1].password = u"in-the-file"_s;
        QVERIFY(SecretResolver::needsSecrets(config));
        const SecretResolver::Outcome outcome = resolve(config, &store);
        QVERIFY2(outcome.errors.isEmpty(), qPrintable(outcome.errors.join(u'\n')));
        QCOMPARE(outcome.config.brokers.at(0).password, u"s3cret"_s);
        QCOMPARE(outcome.config.brokers.at(1).password, u"in-the-file"_s);
        QCOMPARE(store.asked, QStringList{u"orders@lab"_s});
    }

    void disabledConnectionsAreNotAsked()
    {
        FakeStore store;
        Config config;
        config.brokers = {broker(u"off"_s, u"off@lab"_s, false)};
        QVERIFY(!SecretResolver::needsSecrets(config));
        const SecretResolver::Outcome outcome = resolve(config, &store);
        QVERIFY(outcome.errors.isEmpty());
        QVERIFY(store.asked.isEmpty());
    }

    void failuresNameTheBroker_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no entry") << int(SecretResult::Status::NotFound) << QString()
                                  << u"the keychain has no such entry"_s;
        QTest::newRow("no Secret Service")
            << int(SecretResult::Status::Unavailable)
            << u"Cannot autolaunch D-Bus without X11 $DISPLAY"_s
            << u"no keychain is available (Cannot autolaunch D-Bus without X11 $DISPLAY)"_s;
        QTest::newRow("locked") << int(SecretResult::Status::Denied)
                                << u"Cannot create an item in a locked collection"_s
                                << u"the keychain is locked or refused access"_s;
        QTest::newRow("hangs") << int(SecretResult::Status::TimedOut) << u"no answer within 10 s"_s
                               << u"the keychain did not answer in time (no answer within 10 s)"_s;
    }

    void failuresNameTheBroker()
    {
        QFETCH(int, status);
        QFETCH(QString, message);
        QFETCH(QString, reason);
        FakeStore store;
        store.answers.insert(u"edge@lab"_s, {SecretResult::Status(status), {}, message});
        Config config;
        config.brokers = {broker(u"fine"_s, {}), broker(u"edge"_s, u"edge@lab"_s)};
        const SecretResolver::Outcome outcome = resolve(config, &store);
        QCOMPARE(outcome.errors.size(), 1);
        const QString &error = outcome.errors.first();
        QVERIFY2(error.startsWith(u"mqtt_brokers[1] (client_id \"edge\", 127.0.0.1:1883)"_s),
                 qPrintable(error));
        QVERIFY2(error.contains(u"entry \"edge@lab\""_s), qPrintable(error));
        QVERIFY2(error.contains(reason), qPrintable(error));
    }

    void withoutAStoreEveryReferenceIsAnError()
    {
        Config config;
        config.brokers = {broker(u"a"_s, u"a@lab"_s), broker(u"b"_s, u"b@lab"_s)};
        const SecretResolver::Outcome outcome = resolve(config, nullptr);
        QCOMPARE(outcome.errors.size(), 2);
        QVERIFY(outcome.errors.at(0).contains(u"mqtt_brokers[0]"_s));
        QVERIFY(outcome.errors.at(1).contains(u"no keychain to read it from"_s));
    }
};

QTEST_GUILESS_MAIN(tst_SecretResolver)
#include "tst_secretresolver.moc"
