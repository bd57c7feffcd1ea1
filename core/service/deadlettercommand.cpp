#include "deadlettercommand.h"

#include "delivery/deadletterstore.h"
#include "delivery/queuedatabase.h"

#include <QCoreApplication>
#include <QStringDecoder>
#include <QTextStream>

namespace mqhook {

namespace {

// The translation context of the command's texts.
struct DeadLetterCommand
{
    Q_DECLARE_TR_FUNCTIONS(DeadLetterCommand)
};

constexpr int exitCode(DeadLetterExit code)
{
    return static_cast<int>(code);
}

QString timeText(const QDateTime &time)
{
    if (!time.isValid())
        return QStringLiteral("-");
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz'Z'"));
}

// One line, at most `width` characters: a table cell.
QString cell(const QString &text, qsizetype width)
{
    QString line = text.simplified();
    if (width > 3 && line.size() > width)
        line = line.left(width - 3) + QStringLiteral("...");
    return line;
}

void printTable(QTextStream &out, const QStringList &headers, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &header : headers)
        widths.append(header.size());
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = qMax(widths[i], row.at(i).size());
    }
    auto printRow = [&](const QStringList &row) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (i + 1 < row.size())
                line += row.at(i).leftJustified(widths.at(i) + 2);
            else
                line += row.at(i);
        }
        out << line.trimmed() << '\n';
    };
    printRow(headers);
    for (const QStringList &row : rows)
        printRow(row);
}

// Text when the payload is UTF-8 without control characters (but tabs and
// line breaks); otherwise the caller shows it as hex.
bool isText(const QByteArray &payload, QString *text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *text = decoder.decode(payload);
    if (decoder.hasError())
        return false;
    for (const QChar c : std::as_const(*text)) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0x7f)
            return false;
    }
    return true;
}

// The classic dump: offset, 16 bytes in hex, the printable ones as ASCII.
void printHex(QTextStream &out, const QByteArray &data)
{
    for (qsizetype offset = 0; offset < data.size(); offset += 16) {
        const QByteArray chunk = data.mid(offset, 16);
        QString hex;
        QString ascii;
        for (qsizetype i = 0; i < 16; ++i) {
            if (i == 8)
                hex += QLatin1Char(' ');
            if (i < chunk.size()) {
                const auto byte = static_cast<unsigned char>(chunk.at(i));
                hex += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
                ascii += (byte >= 0x20 && byte < 0x7f) ? QLatin1Char(char(byte)) : QLatin1Char('.');
            } else {
                hex += QStringLiteral("   ");
            }
        }
        out << QStringLiteral("%1  %2 |%3|\n").arg(offset, 8, 16, QLatin1Char('0')).arg(hex, ascii);
    }
}

// The exit code of a call that failed, after saying why.
int failed(const DeadLetterStore &store, qint64 id, QTextStream &err)
{
    if (store.error() == QueueError::Code::NotFound) {
        err << DeadLetterCommand::tr("No dead letter with ID %1.").arg(id) << '\n';
        return exitCode(DeadLetterExit::NotFound);
    }
    err << store.errorString() << '\n';
    return exitCode(DeadLetterExit::QueueError);
}

int listDeadLetters(DeadLetterStore &store, QTextStream &out, QTextStream &err)
{
    const std::optional<QList<DeadLetterSummary>> read = store.list();
    if (!read)
        return failed(store, 0, err);
    const QList<DeadLetterSummary> &letters = *read;
    if (letters.isEmpty()) {
        out << DeadLetterCommand::tr("No dead letters.") << '\n';
        return exitCode(DeadLetterExit::Ok);
    }
    QList<QStringList> rows;
    for (const DeadLetterSummary &letter : letters) {
        rows.append({QString::number(letter.id), timeText(letter.deadAt), cell(letter.route, 24),
                     cell(letter.target, 48), cell(letter.topic, 40),
                     QString::number(letter.attempts), cell(letter.lastError, 80)});
    }
    printTable(out,
               {DeadLetterCommand::tr("ID"), DeadLetterCommand::tr("TIME"),
                DeadLetterCommand::tr("ROUTE"), DeadLetterCommand::tr("TARGET"),
                DeadLetterCommand::tr("TOPIC"), DeadLetterCommand::tr("ATTEMPTS"),
                DeadLetterCommand::tr("LAST ERROR")},
               rows);
    out << DeadLetterCommand::tr("%n dead letter(s).", nullptr, int(letters.size())) << '\n';
    return exitCode(DeadLetterExit::Ok);
}

int showDeadLetter(DeadLetterStore &store, qint64 id, QTextStream &out, QTextStream &err)
{
    const std::optional<DeadLetter> letter = store.find(id);
    if (!letter)
        return failed(store, id, err);
    const Message &message = letter->message;
    QList<QPair<QString, QString>> fields = {
        {DeadLetterCommand::tr("Message ID"), message.id},
        {DeadLetterCommand::tr("Client ID"), message.clientId},
        {DeadLetterCommand::tr("Topic"), message.topic},
        {DeadLetterCommand::tr("QoS"), QString::number(message.qos)},
        {DeadLetterCommand::tr("Retain"),
         message.retain ? DeadLetterCommand::tr("yes") : DeadLetterCommand::tr("no")},
        {DeadLetterCommand::tr("Received"), timeText(message.receivedAt)},
    };
    if (!message.contentType.isEmpty())
        fields.append({DeadLetterCommand::tr("Content type"), message.contentType});
    for (const auto &[name, value] : message.userProperties)
        fields.append(
            {DeadLetterCommand::tr("User property"), name + QStringLiteral(" = ") + value});
    fields.append({DeadLetterCommand::tr("Route"), letter->route});
    fields.append({DeadLetterCommand::tr("Target"), letter->target});
    fields.append({DeadLetterCommand::tr("Dead since"), timeText(letter->deadAt)});
    fields.append({DeadLetterCommand::tr("Reason"), letter->reason});
    fields.append({DeadLetterCommand::tr("Attempts"), QString::number(letter->attempts)});

    qsizetype width = 0;
    for (const auto &field : std::as_const(fields))
        width = qMax(width, field.first.size());
    out << DeadLetterCommand::tr("Dead letter %1").arg(id) << '\n';
    for (const auto &[name, value] : std::as_const(fields))
        out << "  " << (name + QLatin1Char(':')).leftJustified(width + 2) << value << '\n';

    out << '\n';
    QString text;
    if (message.payload.isEmpty()) {
        out << DeadLetterCommand::tr("Payload: empty") << '\n';
    } else if (isText(message.payload, &text)) {
        out << DeadLetterCommand::tr("Payload (%n byte(s), text):", nullptr,
                                     int(message.payload.size()))
            << '\n'
            << text << '\n';
    } else {
        out << DeadLetterCommand::tr("Payload (%n byte(s), binary, in hex):", nullptr,
                                     int(message.payload.size()))
            << '\n';
        printHex(out, message.payload);
    }

    out << '\n';
    if (letter->history.isEmpty()) {
        out << DeadLetterCommand::tr("No attempts recorded.") << '\n';
        return exitCode(DeadLetterExit::Ok);
    }
    QList<QStringList> rows;
    for (const DeadLetterAttempt &entry : letter->history) {
        const AttemptRecord &attempt = entry.attempt;
        rows.append({QString::number(entry.run), QString::number(attempt.attempt),
                     timeText(attempt.startedAt), timeText(attempt.finishedAt),
                     attempt.httpStatus ? QString::number(attempt.httpStatus) : QStringLiteral("-"),
                     attempt.error.simplified()});
    }
    printTable(out,
               {DeadLetterCommand::tr("RUN"), DeadLetterCommand::tr("ATTEMPT"),
                DeadLetterCommand::tr("STARTED"), DeadLetterCommand::tr("FINISHED"),
                DeadLetterCommand::tr("HTTP"), DeadLetterCommand::tr("ERROR")},
               rows);
    return exitCode(DeadLetterExit::Ok);
}

int usageError(QTextStream &err, const QString &problem)
{
    err << problem << '\n' << deadLetterUsage();
    return exitCode(DeadLetterExit::Usage);
}

} // namespace

QString deadLetterUsage()
{
    return DeadLetterCommand::tr(
        "Usage: mqhook dead-letters COMMAND\n"
        "  list          list the dead letters\n"
        "  show ID       show one dead letter: message, payload and every attempt\n"
        "  retry ID      put one dead letter back to pending\n"
        "  retry --all   put every dead letter back to pending\n"
        "  purge         delete every dead letter\n"
        "Exit codes: 0 done, 1 queue error, 3 no such dead letter, 64 usage error.\n");
}

int runDeadLetterCommand(const QStringList &args, const QueueConfig &config, QTextStream &out,
                         QTextStream &err)
{
    if (args.isEmpty())
        return usageError(err, DeadLetterCommand::tr("No command given."));
    const QString command = args.first();
    if (command == QLatin1String("help") || command == QLatin1String("--help") ||
        command == QLatin1String("-h")) {
        out << deadLetterUsage();
        return exitCode(DeadLetterExit::Ok);
    }

    qint64 id = 0;
    bool all = false;
    if (command == QLatin1String("list") || command == QLatin1String("purge")) {
        if (args.size() != 1)
            return usageError(err,
                              DeadLetterCommand::tr("\"%1\" takes no arguments.").arg(command));
    } else if (command == QLatin1String("show") || command == QLatin1String("retry")) {
        if (args.size() != 2) {
            return usageError(err, command == QLatin1String("show")
                                       ? DeadLetterCommand::tr("\"show\" needs one ID.")
                                       : DeadLetterCommand::tr("\"retry\" needs one ID or --all."));
        }
        all = command == QLatin1String("retry") && args.at(1) == QLatin1String("--all");
        bool ok = false;
        id = args.at(1).toLongLong(&ok);
        if (!all && (!ok || id <= 0)) {
            return usageError(
                err, DeadLetterCommand::tr("\"%1\" is not a dead letter ID (a positive number).")
                         .arg(args.at(1)));
        }
    } else {
        return usageError(err, DeadLetterCommand::tr("Unknown command \"%1\".").arg(command));
    }

    if (config.mode == QueueMode::Memory) {
        err << DeadLetterCommand::tr("queue.mode is \"memory\": dead letters live only inside the "
                                     "running mqhook and cannot be managed from here.")
            << '\n';
        return exitCode(DeadLetterExit::QueueError);
    }
    QueueDatabase database;
    if (!database.open(config)) {
        err << database.errorString() << '\n';
        return exitCode(DeadLetterExit::QueueError);
    }
    DeadLetterStore store(database);

    if (command == QLatin1String("list"))
        return listDeadLetters(store, out, err);
    if (command == QLatin1String("show"))
        return showDeadLetter(store, id, out, err);
    if (command == QLatin1String("purge") || all) {
        const bool purge = command == QLatin1String("purge");
        const std::optional<qint64> count = purge ? store.purge() : store.retryAll();
        if (!count)
            return failed(store, 0, err);
        const int n = int(*count);
        out << (purge ? DeadLetterCommand::tr("Purged %n dead letter(s).", nullptr, n)
                      : DeadLetterCommand::tr("%n dead letter(s) back to pending.", nullptr, n))
            << '\n';
        return exitCode(DeadLetterExit::Ok);
    }
    if (!store.retry(id))
        return failed(store, id, err);
    out << DeadLetterCommand::tr("Dead letter %1 is back to pending.").arg(id) << '\n';
    return exitCode(DeadLetterExit::Ok);
}

} // namespace mqhook
