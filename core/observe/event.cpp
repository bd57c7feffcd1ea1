#include "event.h"

#include "base/jsontext.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

struct KindName
{
    Event::Kind kind;
    QLatin1StringView name;
};

constexpr std::array kindNames{
    KindName{Event::Kind::Taken, "taken"_L1},
    KindName{Event::Kind::Unrouted, "unrouted"_L1},
    KindName{Event::Kind::Delivered, "delivered"_L1},
    KindName{Event::Kind::Retrying, "retrying"_L1},
    KindName{Event::Kind::Dead, "dead"_L1},
    KindName{Event::Kind::Connected, "connected"_L1},
    KindName{Event::Kind::ConnectionLost, "connection_lost"_L1},
    KindName{Event::Kind::ReconnectScheduled, "reconnect_scheduled"_L1},
    KindName{Event::Kind::IntakePaused, "intake_paused"_L1},
    KindName{Event::Kind::IntakeResumed, "intake_resumed"_L1},
    KindName{Event::Kind::CommitFailed, "commit_failed"_L1},
    KindName{Event::Kind::CommitRecovered, "commit_recovered"_L1},
    KindName{Event::Kind::Problem, "problem"_L1},
    KindName{Event::Kind::Dropped, "dropped"_L1},
};

bool isMessageKind(Event::Kind kind)
{
    return kind == Event::Kind::Taken || kind == Event::Kind::Unrouted;
}

bool isDeliveryKind(Event::Kind kind)
{
    return kind == Event::Kind::Delivered || kind == Event::Kind::Retrying ||
           kind == Event::Kind::Dead;
}

// Writes one JSON object straight into UTF-8 text, the keys in the order
// they are put (RFC 8259): an event is written for every reader of the
// stream, so it skips building a QJsonObject first.
class JsonObjectWriter
{
public:
    explicit JsonObjectWriter(QByteArray *out)
        : m_out(out)
    {
        m_out->append('{');
    }
    ~JsonObjectWriter() { m_out->append('}'); }
    JsonObjectWriter(const JsonObjectWriter &) = delete;
    JsonObjectWriter &operator=(const JsonObjectWriter &) = delete;

    void number(const char *key, qint64 value)
    {
        this->key(key);
        appendJsonNumber(m_out, value);
    }

    void boolean(const char *key, bool value)
    {
        this->key(key);
        m_out->append(value ? "true" : "false");
    }

    // A name that needs no escapes.
    void name(const char *key, QLatin1StringView value)
    {
        this->key(key);
        m_out->append('"');
        m_out->append(value);
        m_out->append('"');
    }

    void text(const char *key, QStringView value)
    {
        if (value.isEmpty())
            return;
        this->key(key);
        string(value);
    }

    // Text when the bytes are UTF-8, base64 under `key`_base64 otherwise. A
    // leading byte order mark would not survive as text: Qt's JSON parser
    // drops U+FEFF at the start of a string, so such bytes go as base64.
    void bytes(const char *key, const QByteArray &value)
    {
        if (value.isEmpty())
            return;
        if (!value.startsWith("\xEF\xBB\xBF") && QByteArrayView(value).isValidUtf8()) {
            this->key(key);
            appendJsonString(m_out, value);
            return;
        }
        separate();
        m_out->append('"');
        m_out->append(key);
        m_out->append("_base64\":\"");
        m_out->append(value.toBase64());
        m_out->append('"');
    }

    void time(const char *key, const QDateTime &value)
    {
        if (!value.isValid())
            return;
        this->key(key);
        m_out->append('"');
        appendIsoTime(value);
        m_out->append('"');
    }

    void texts(const char *key, const QStringList &values)
    {
        if (values.isEmpty())
            return;
        this->key(key);
        m_out->append('[');
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i > 0)
                m_out->append(',');
            string(values.at(i));
        }
        m_out->append(']');
    }

    void pairs(const char *key, const QList<QPair<QString, QString>> &values)
    {
        if (values.isEmpty())
            return;
        this->key(key);
        m_out->append('[');
        for (qsizetype i = 0; i < values.size(); ++i) {
            m_out->append(i > 0 ? ",[" : "[");
            string(values.at(i).first);
            m_out->append(',');
            string(values.at(i).second);
            m_out->append(']');
        }
        m_out->append(']');
    }

private:
    void separate()
    {
        if (m_first)
            m_first = false;
        else
            m_out->append(',');
    }

    void key(const char *key)
    {
        separate();
        m_out->append('"');
        m_out->append(key);
        m_out->append("\":");
    }

    void string(QStringView value) { appendJsonString(m_out, value); }

    // As QDateTime::toString(Qt::ISODateWithMs) in UTC: 2024-05-17T12:30:00.005Z.
    void appendIsoTime(const QDateTime &value)
    {
        const QDateTime utc = value.toUTC();
        const QDate date = utc.date();
        if (date.year() < 0 || date.year() > 9999) {
            m_out->append(utc.toString(Qt::ISODateWithMs).toLatin1());
            return;
        }
        const QTime time = utc.time();
        char text[24];
        const auto digits = [&text](int at, int value, int width) {
            for (int i = width - 1; i >= 0; --i, value /= 10)
                text[at + i] = char('0' + value % 10);
        };
        digits(0, date.year(), 4);
        text[4] = '-';
        digits(5, date.month(), 2);
        text[7] = '-';
        digits(8, date.day(), 2);
        text[10] = 'T';
        digits(11, time.hour(), 2);
        text[13] = ':';
        digits(14, time.minute(), 2);
        text[16] = ':';
        digits(17, time.second(), 2);
        text[19] = '.';
        digits(20, time.msec(), 3);
        text[23] = 'Z';
        m_out->append(text, sizeof text);
    }

    QByteArray *m_out;
    bool m_first = true;
};

// Reads the fields of one object, remembering the first field of the wrong
// type: absent fields keep their default.
class FieldReader
{
    Q_DECLARE_TR_FUNCTIONS(mqhook::Event)

public:
    explicit FieldReader(const QJsonObject &object)
        : m_object(object)
    {}

    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }

    void kind(Event::Kind *out)
    {
        QString name;
        text(u"kind", &name);
        if (failed())
            return;
        if (name.isEmpty())
            return fail(tr("field \"kind\": missing"));
        const std::optional<Event::Kind> kind = eventKindFromName(name);
        if (!kind)
            return fail(tr("field \"kind\": unknown kind \"%1\"").arg(name));
        *out = *kind;
    }

    void text(QStringView key, QString *out)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        if (!value.isString())
            return expected(key, tr("a string"));
        *out = value.toString();
    }

    template<typename Integer>
    void integer(QStringView key, Integer *out)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        const qint64 number = value.toInteger(-1);
        if (!value.isDouble() || number < 0 ||
            quint64(number) > quint64(std::numeric_limits<Integer>::max()))
            return expected(key, tr("a whole number, 0 or more"));
        *out = Integer(number);
    }

    void boolean(QStringView key, bool *out)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        if (!value.isBool())
            return expected(key, tr("true or false"));
        *out = value.toBool();
    }

    void time(QStringView key, QDateTime *out)
    {
        QString text;
        this->text(key, &text);
        if (text.isEmpty())
            return;
        const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!time.isValid())
            return expected(key, tr("a date and time (ISO 8601)"));
        *out = time.toUTC();
    }

    // Text in `key`, or base64 in `key`_base64 (eventToJson()).
    void bytes(QStringView key, QByteArray *out)
    {
        const QString base64Key = key.toString() + "_base64"_L1;
        if (m_object.contains(key)) {
            if (m_object.contains(base64Key))
                return expected(key, tr("either %1 or %2, not both").arg(key, base64Key));
            QString text;
            this->text(key, &text);
            *out = text.toUtf8();
            return;
        }
        const QJsonValue value = m_object.value(base64Key);
        if (value.isUndefined())
            return;
        const auto decoded = QByteArray::fromBase64Encoding(
            value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!value.isString() || !decoded)
            return expected(base64Key, tr("base64 text"));
        *out = *decoded;
    }

    void textList(QStringView key, QStringList *out)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        const QJsonArray array = value.toArray();
        QStringList list;
        for (const QJsonValue &item : array) {
            if (!item.isString())
                break;
            list.append(item.toString());
        }
        if (!value.isArray() || list.size() != array.size())
            return expected(key, tr("an array of strings"));
        *out = list;
    }

    void pairs(QStringView key, QList<QPair<QString, QString>> *out)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        const QJsonArray array = value.toArray();
        QList<QPair<QString, QString>> list;
        for (const QJsonValue &item : array) {
            const QJsonArray pair = item.toArray();
            if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
                break;
            list.append({pair.at(0).toString(), pair.at(1).toString()});
        }
        if (!value.isArray() || list.size() != array.size())
            return expected(key, tr("an array of [name, value] string pairs"));
        *out = list;
    }

private:
    void expected(QStringView key, const QString &what)
    {
        fail(tr("field \"%1\": expected %2").arg(key, what));
    }

    void fail(const QString &error)
    {
        if (m_error.isEmpty())
            m_error = error;
    }

    const QJsonObject &m_object;
    QString m_error;
};

} // namespace

QLatin1StringView eventKindLatin1(Event::Kind kind)
{
    for (const KindName &entry : kindNames) {
        if (entry.kind == kind)
            return entry.name;
    }
    return {};
}

QString eventKindName(Event::Kind kind)
{
    const QLatin1StringView name = eventKindLatin1(kind);
    if (!name.isEmpty())
        return name;
    return QString::number(int(kind));
}

std::optional<Event::Kind> eventKindFromName(QStringView name)
{
    for (const KindName &entry : kindNames) {
        if (name == entry.name)
            return entry.kind;
    }
    return std::nullopt;
}

void appendEventJson(QByteArray *out, const Event &event)
{
    JsonObjectWriter json(out);
    json.number("seq", qint64(event.seq));
    json.name("kind", eventKindLatin1(event.kind));
    json.time("time", event.time);
    json.text("client_id", event.clientId);
    json.text("message_id", event.messageId);
    json.text("topic", event.topic);
    // What describes every message and every attempt is there even when it
    // is zero, so a reader need not know the defaults.
    if (isMessageKind(event.kind) || event.qos != 0)
        json.number("qos", event.qos);
    if (isMessageKind(event.kind) || event.retain)
        json.boolean("retain", event.retain);
    if (isMessageKind(event.kind) || event.size != 0)
        json.number("size", event.size);
    json.bytes("preview", event.preview);
    json.text("content_type", event.contentType);
    json.pairs("user_properties", event.userProperties);
    json.texts("routes", event.routes);
    json.text("route", event.route);
    json.text("target", event.target);
    if (isDeliveryKind(event.kind) || event.attempt != 0)
        json.number("attempt", event.attempt);
    if (isDeliveryKind(event.kind) || event.httpStatus != 0)
        json.number("http_status", event.httpStatus);
    json.text("error", event.error);
    if (isDeliveryKind(event.kind) || event.latencyUs != 0)
        json.number("latency_us", event.latencyUs);
    json.bytes("response", event.response);
    json.time("next_at", event.nextAt);
    json.text("reason", event.reason);
    if (event.kind == Event::Kind::Dropped || event.count != 0)
        json.number("count", event.count);
}

QByteArray eventToJson(const Event &event)
{
    QByteArray out;
    out.reserve(256 + event.preview.size());
    appendEventJson(&out, event);
    return out;
}

std::optional<Event> eventFromJson(const QJsonObject &object, QString *error)
{
    const auto failWith = [error](const QString &text) -> std::optional<Event> {
        if (error)
            *error = text;
        return std::nullopt;
    };

    Event event;
    FieldReader read(object);
    read.kind(&event.kind);
    if (read.failed())
        return failWith(read.error());

    // Fields this version does not know are ignored: a newer service may add some.
    read.integer(u"seq", &event.seq);
    read.time(u"time", &event.time);
    read.text(u"client_id", &event.clientId);
    read.text(u"message_id", &event.messageId);
    read.text(u"topic", &event.topic);
    read.integer(u"qos", &event.qos);
    read.boolean(u"retain", &event.retain);
    read.integer(u"size", &event.size);
    read.bytes(u"preview", &event.preview);
    read.text(u"content_type", &event.contentType);
    read.pairs(u"user_properties", &event.userProperties);
    read.textList(u"routes", &event.routes);
    read.text(u"route", &event.route);
    read.text(u"target", &event.target);
    read.integer(u"attempt", &event.attempt);
    read.integer(u"http_status", &event.httpStatus);
    read.text(u"error", &event.error);
    read.integer(u"latency_us", &event.latencyUs);
    read.bytes(u"response", &event.response);
    read.time(u"next_at", &event.nextAt);
    read.text(u"reason", &event.reason);
    read.integer(u"count", &event.count);
    if (read.failed())
        return failWith(read.error());
    return event;
}

} // namespace mqhook
