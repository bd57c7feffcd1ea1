// docs/configuration.md against the loader's schema (ConfigSchema::keys()):
// every key the loader knows has a row in the table of its object, and every
// row names a key the loader knows.
#include "config/configschema.h"
#include "testpaths.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace mqhook;
using namespace mqhook::test;

namespace {

// The headings of the tables, by the object they describe: the heading's
// first `code` span, or its whole text when it has none.
const QHash<QString, ConfigSection> &sectionsByHeading()
{
    static const QHash<QString, ConfigSection> sections = {
        {QStringLiteral("Top level"), ConfigSection::Root},
        {QStringLiteral("mqtt_brokers[]"), ConfigSection::Broker},
        {QStringLiteral("mqtt_brokers[].tls"), ConfigSection::BrokerTls},
        {QStringLiteral("sub_deal_config"), ConfigSection::Subscription},
        {QStringLiteral("sub_deal_config.subTopic"), ConfigSection::SubTopic},
        {QStringLiteral("sub_deal_config.callbackTls"), ConfigSection::CallbackTls},
        {QStringLiteral("sub_deal_config.retry_backoff"), ConfigSection::RetryBackoff},
        {QStringLiteral("sub_deal_config.batch"), ConfigSection::Batch},
        {QStringLiteral("sub_deal_config.where[]"), ConfigSection::Where},
        {QStringLiteral("log_config"), ConfigSection::Log},
        {QStringLiteral("queue"), ConfigSection::Queue},
        {QStringLiteral("admin"), ConfigSection::Admin},
    };
    return sections;
}

QString keyName(ConfigSection section, const QString &name)
{
    for (auto it = sectionsByHeading().cbegin(); it != sectionsByHeading().cend(); ++it) {
        if (it.value() == section)
            return it.key() + QStringLiteral(" > ") + name;
    }
    return QStringLiteral("(section %1) > %2").arg(int(section)).arg(name);
}

struct DocumentedKeys
{
    QSet<QPair<int, QString>> keys; // (ConfigSection, name)
    QStringList problems;           // what could not be read, with its line
};

// Reads the tables of a Markdown page: a table is a run of lines starting
// with '|' after a "#" heading, whose header row starts with "| Name |".
DocumentedKeys readDocumentedKeys(const QString &fileName)
{
    DocumentedKeys result;
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        result.problems.append(QStringLiteral("%1: %2").arg(fileName, file.errorString()));
        return result;
    }
    static const QRegularExpression codeSpan(QStringLiteral("`([^`]+)`"));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    QString heading;
    bool inTable = false;
    int section = -1; // the ConfigSection of the table being read, or -1
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        const QString where = QStringLiteral("%1:%2").arg(fileName).arg(i + 1);
        if (line.startsWith(QLatin1Char('#'))) {
            heading = line.mid(line.indexOf(QLatin1Char(' ')) + 1).trimmed();
            inTable = false;
            continue;
        }
        if (!line.startsWith(QLatin1Char('|'))) {
            inTable = false;
            continue;
        }
        const QStringList cells = line.mid(1).split(QLatin1Char('|'));
        const QString first = cells.value(0).trimmed();
        if (!inTable) {
            inTable = true;
            if (first != u"Name") {
                section = -1;
                continue; // a table of something else
            }
            const QRegularExpressionMatch match = codeSpan.match(heading);
            const QString object = match.hasMatch() ? match.captured(1) : heading;
            const auto found = sectionsByHeading().constFind(object);
            if (found == sectionsByHeading().constEnd()) {
                result.problems.append(
                    QStringLiteral("%1: a table of keys under the heading '%2', which names no "
                                   "object of the configuration")
                        .arg(where, heading));
                section = -1;
            } else {
                section = int(*found);
            }
            continue;
        }
        if (section < 0 || first.startsWith(QStringLiteral("---")))
            continue;
        QString name = first;
        name.remove(QLatin1Char('`'));
        const QPair<int, QString> key{section, name};
        if (result.keys.contains(key))
            result.problems.append(QStringLiteral("%1: '%2' is listed twice").arg(where, name));
        result.keys.insert(key);
    }
    return result;
}

} // namespace

class tst_ConfigDoc : public QObject
{
    Q_OBJECT

private slots:
    void everyKeyIsDocumented();
    void everyDocumentedKeyIsKnown();
};

void tst_ConfigDoc::everyKeyIsDocumented()
{
    const QString fileName = sourcePath(QStringLiteral("docs/configuration.md"));
    const DocumentedKeys documented = readDocumentedKeys(fileName);
    QVERIFY2(documented.problems.isEmpty(), qPrintable(documented.problems.join(u'\n')));
    QStringList missing;
    for (const ConfigKey &key : ConfigSchema::keys()) {
        const QString name = QString::fromLatin1(key.name);
        if (!documented.keys.contains({int(key.section), name}))
            missing.append(keyName(key.section, name));
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("%1 has no row for: %2")
                                               .arg(fileName, missing.join(QStringLiteral(", ")))));
}

void tst_ConfigDoc::everyDocumentedKeyIsKnown()
{
    const QString fileName = sourcePath(QStringLiteral("docs/configuration.md"));
    const DocumentedKeys documented = readDocumentedKeys(fileName);
    QVERIFY2(!documented.keys.isEmpty(), qPrintable(fileName + QStringLiteral(": no tables")));
    QStringList unknown;
    for (const auto &[section, name] : documented.keys) {
        if (!ConfigSchema::find(ConfigSection(section), name))
            unknown.append(keyName(ConfigSection(section), name));
    }
    unknown.sort();
    QVERIFY2(unknown.isEmpty(),
             qPrintable(QStringLiteral("%1 documents keys the loader does not know: %2")
                            .arg(fileName, unknown.join(QStringLiteral(", ")))));
}

QTEST_GUILESS_MAIN(tst_ConfigDoc)
#include "tst_configdoc.moc"
