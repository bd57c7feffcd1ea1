#include "eventline.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

// SGR colours (ECMA-48 §8.3.117).
constexpr auto reset = "\x1b[0m";
constexpr auto dim = "\x1b[2m";

const char *colourOf(Event::Kind kind)
{
    switch (kind) {
    case Event::Kind::Taken:
        return "\x1b[36m"; // cyan
    case Event::Kind::Delivered:
    case Event::Kind::Connected:
    case Event::Kind::IntakeResumed:
    case Event::Kind::CommitRecovered:
        return "\x1b[32m"; // green
    case Event::Kind::Retrying:
    case Event::Kind::ReconnectScheduled:
    case Event::Kind::IntakePaused:
    case Event::Kind::Dropped:
        return "\x1b[33m"; // yellow
    case Event::Kind::Dead:
    case Event::Kind::ConnectionLost:
    case Event::Kind::CommitFailed:
    case Event::Kind::Problem:
        return "\x1b[31m"; // red
    case Event::Kind::Unrouted:
        return "\x1b[2m"; // dim
    }
    return "";
}

QString latencyText(qint64 us)
{
    if (us < 1000)
        return u"%1 µs"_s.arg(us);
    if (us < 1'000'000)
        return u"%1 ms"_s.arg(double(us) / 1000.0, 0, 'f', 1);
    return u"%1 s"_s.arg(double(us) / 1'000'000.0, 0, 'f', 2);
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s)
                          : u"-"_s.repeated(23);
}

} // namespace

QString EventLine::preview(const QByteArray &bytes, qint64 size, int maxChars)
{
    if (bytes.isEmpty())
        return size > 0
                   ? tr("(%n byte(s), not previewed)", nullptr, int(qMin<qint64>(size, INT_MAX)))
                   : QString();
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    QString shown;
    if (decoder.hasError()) {
        shown = u"0x"_s + QString::fromLatin1(bytes.left(maxChars / 2).toHex());
    } else {
        for (const QChar c : text) {
            if (c == u'\n')
                shown += u"\\n"_s;
            else if (c == u'\r')
                shown += u"\\r"_s;
            else if (c == u'\t')
                shown += u"\\t"_s;
            else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                shown += u"\\x"_s + QString::number(c.unicode(), 16).rightJustified(2, u'0');
            else
                shown += c;
        }
    }
    const bool cut = shown.size() > maxChars || size > bytes.size();
    if (shown.size() > maxChars)
        shown.truncate(maxChars);
    return cut ? shown + u"…"_s : shown;
}

QString EventLine::format(const Event &event, bool colour)
{
    const QString kind = eventKindName(event.kind);
    QStringList parts;
    const auto add = [&parts](const QString &part) {
        if (!part.isEmpty())
            parts.append(part);
    };
    const QString arrow = u"%1 -> %2"_s.arg(event.route, event.target);
    const QString status = event.httpStatus > 0 ? QString::number(event.httpStatus) : QString();
    switch (event.kind) {
    case Event::Kind::Taken: {
        add(event.topic);
        QString details = event.clientId + u" q"_s + QString::number(event.qos);
        if (event.retain)
            details += u" retain"_s;
        details += u' ' + tr("%n byte(s)", nullptr, int(qMin<qint64>(event.size, INT_MAX)));
        add(u'(' + details + u')');
        add(u"-> "_s + event.routes.join(u", "_s));
        add(preview(event.preview, event.size));
        break;
    }
    case Event::Kind::Unrouted:
        add(event.topic);
        add(u'(' + event.clientId + u')');
        add(event.reason);
        break;
    case Event::Kind::Delivered:
    case Event::Kind::Retrying:
    case Event::Kind::Dead:
        add(event.topic);
        add(arrow);
        add(status);
        add(event.error);
        if (event.latencyUs > 0)
            add(latencyText(event.latencyUs));
        if (event.attempt > 0)
            add(tr("attempt %1").arg(event.attempt));
        if (event.kind == Event::Kind::Retrying && event.nextAt.isValid())
            add(tr("next at %1").arg(event.nextAt.toLocalTime().toString(u"HH:mm:ss"_s)));
        if (event.kind == Event::Kind::Dead)
            add(event.reason);
        break;
    case Event::Kind::Connected:
    case Event::Kind::ConnectionLost:
    case Event::Kind::ReconnectScheduled:
        add(event.clientId);
        add(event.reason);
        if (event.nextAt.isValid())
            add(tr("next at %1").arg(event.nextAt.toLocalTime().toString(u"HH:mm:ss"_s)));
        break;
    case Event::Kind::IntakePaused:
    case Event::Kind::IntakeResumed:
    case Event::Kind::CommitFailed:
    case Event::Kind::CommitRecovered:
        add(event.reason);
        add(event.error);
        break;
    case Event::Kind::Problem:
        add(event.route);
        add(event.reason);
        break;
    case Event::Kind::Dropped:
        add(tr("%n event(s) dropped: this reader fell behind", nullptr,
               int(qMin<qint64>(event.count, INT_MAX))));
        break;
    }
    const QString head = timeText(event.time);
    const QString name = kind.leftJustified(19);
    if (!colour)
        return head + u"  "_s + name + u' ' + parts.join(u"  "_s);
    return QString::fromLatin1(dim) + head + QString::fromLatin1(reset) + u"  "_s +
           QString::fromLatin1(colourOf(event.kind)) + name + QString::fromLatin1(reset) + u' ' +
           parts.join(u"  "_s);
}

} // namespace mqhook
