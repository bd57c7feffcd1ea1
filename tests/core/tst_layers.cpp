// The folders of core include each other only as docs/design/layers.md allows.
#include "testpaths.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

// Folder → the folders it may include.
using LayerTable = QMap<QString, QSet<QString>>;

// The table of layers.md: "| folder | may include |" and one row per folder.
std::optional<LayerTable> readTable(const QString &markdown, QString *error)
{
    LayerTable table;
    bool inTable = false;
    const QStringList lines = markdown.split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u"| folder | may include |")) {
            inTable = true;
            continue;
        }
        if (!inTable || line.startsWith(u"| ---"))
            continue;
        if (!line.startsWith(u'|'))
            break;
        const QStringList cells = line.split(u'|');
        if (cells.size() != 4) {
            *error = u"not a row of two cells: "_s + line;
            return std::nullopt;
        }
        QSet<QString> allowed;
        for (const QString &folder : cells.at(2).split(u',')) {
            if (!folder.trimmed().isEmpty())
                allowed.insert(folder.trimmed());
        }
        table.insert(cells.at(1).trimmed(), allowed);
    }
    if (table.isEmpty())
        *error = u"no table \"| folder | may include |\""_s;
    return table.isEmpty() ? std::nullopt : std::optional(table);
}

// Every include of a file in `core` that the table does not allow, as
// "config/x.cpp:3 includes delivery/y.h: config may include base".
QStringList violations(const QString &core, const LayerTable &table)
{
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s*\"([^\"]+)\""));
    QStringList found;
    const QDir root(core);
    const QStringList folders = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &folder : folders) {
        if (!table.contains(folder)) {
            found.append(folder + u": a folder missing from the table"_s);
            continue;
        }
        QDirIterator files(root.filePath(folder), {u"*.h"_s, u"*.cpp"_s}, QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                found.append(path + u": "_s + file.errorString());
                continue;
            }
            const QString name = root.relativeFilePath(path);
            const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
            for (qsizetype i = 0; i < lines.size(); ++i) {
                const QRegularExpressionMatch match = include.match(lines.at(i));
                if (!match.hasMatch())
                    continue;
                const QString target = match.captured(1);
                const QString where = u"%1:%2 includes %3"_s.arg(name).arg(i + 1).arg(target);
                if (!target.contains(u'/')) {
                    // Next to the file, or it is not in core at all.
                    if (!QFileInfo::exists(QFileInfo(path).dir().filePath(target)))
                        found.append(where + u", which is not in "_s + folder);
                    continue;
                }
                const QString layer = target.section(u'/', 0, 0);
                if (!folders.contains(layer)) {
                    found.append(where + u", which is not in core"_s);
                    continue;
                }
                if (layer != folder && !table.value(folder).contains(layer)) {
                    QStringList allowed = table.value(folder).values();
                    allowed.sort();
                    found.append(where + u": %1 may include %2"_s.arg(
                                             folder, allowed.isEmpty() ? u"nothing else"_s
                                                                       : allowed.join(u", "_s)));
                }
            }
        }
    }
    return found;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class tst_Layers : public QObject
{
    Q_OBJECT

private slots:
    void coreFollowsTheTable();
    void check_data();
    void check();
};

void tst_Layers::coreFollowsTheTable()
{
    QFile doc(mqhook::test::sourcePath(u"docs/design/layers.md"_s));
    QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.errorString()));
    QString error;
    const std::optional<LayerTable> table = readTable(QString::fromUtf8(doc.readAll()), &error);
    QVERIFY2(table, qPrintable(error));
    QVERIFY(table->contains(u"base"_s));
    QVERIFY(table->value(u"base"_s).isEmpty());

    const QStringList found = violations(mqhook::test::sourcePath(u"core"_s), *table);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
}

// The check itself, on a small tree: what it lets through and what it reports.
void tst_Layers::check_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("found");

    QTest::newRow("an include down the order")
        << u"config/a.cpp"_s << QByteArray("#include \"base/b.h\"\n") << QStringList();
    QTest::newRow("an include of the own folder, by path or by name")
        << u"config/a.cpp"_s << QByteArray("#include \"config/c.h\"\n#include \"c.h\"\n")
        << QStringList();
    QTest::newRow("angle brackets are not core")
        << u"base/a.cpp"_s << QByteArray("#include <QString>\n") << QStringList();
    QTest::newRow("an include up the order")
        << u"config/a.cpp"_s << QByteArray("// x\n  #  include \"service/s.h\" // why\n")
        << QStringList{u"config/a.cpp:2 includes service/s.h: config may include base"_s};
    QTest::newRow("sideways between folders of one level")
        << u"routing/r.h"_s << QByteArray("#include \"delivery/d.h\"\n")
        << QStringList{u"routing/r.h:1 includes delivery/d.h: routing may include base, config"_s};
    QTest::newRow("base includes nothing else")
        << u"base/a.h"_s << QByteArray("#include \"config/c.h\"\n")
        << QStringList{u"base/a.h:1 includes config/c.h: base may include nothing else"_s};
    QTest::newRow("a name that is not next to the file")
        << u"config/a.cpp"_s << QByteArray("#include \"s.h\"\n")
        << QStringList{u"config/a.cpp:1 includes s.h, which is not in config"_s};
    QTest::newRow("a folder that is not in core")
        << u"config/a.cpp"_s << QByteArray("#include \"gui/w.h\"\n")
        << QStringList{u"config/a.cpp:1 includes gui/w.h, which is not in core"_s};
    QTest::newRow("a folder missing from the table")
        << u"extra/a.cpp"_s << QByteArray()
        << QStringList{u"extra: a folder missing from the table"_s};
}

void tst_Layers::check()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, found);

    QTemporaryDir core;
    QVERIFY(core.isValid());
    for (const char *path :
         {"base/b.h", "config/c.h", "routing/r.h", "delivery/d.h", "service/s.h"})
        QVERIFY(writeFile(core.filePath(QString::fromLatin1(path)), {}));
    QVERIFY(writeFile(core.filePath(file), content));

    QString error;
    const std::optional<LayerTable> table =
        readTable(u"text\n\n| folder | may include |\n"
                  u"| --- | --- |\n"
                  u"| base | |\n"
                  u"| config | base |\n"
                  u"| routing | base, config |\n"
                  u"| delivery | base, config |\n"
                  u"| service | base, config, routing, delivery |\n"
                  u"\nmore text | with a bar\n"_s,
                  &error);
    QVERIFY2(table, qPrintable(error));
    QCOMPARE(table->size(), 5);
    QCOMPARE(violations(core.path(), *table), found);
}

QTEST_GUILESS_MAIN(tst_Layers)
#include "tst_layers.moc"
