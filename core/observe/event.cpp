#include "event.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringDecoder>

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

// Text when the bytes are UTF-8, nothing otherwise. A leading byte order
// mark would not survive: Qt's JSON parser drops U+FEFF at the start of a
// string, so such bytes go as base64.
std::optional<QString> utf8Text(const QByteArray &bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF"))
        return std::nullopt;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

void putBytes(QJsonObject &object, const QString &key, const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (std::optional<QString> text = utf8Text(bytes))
        object.insert(key, *text);
    else
        object.insert(key + "_base64"_L1, QString::fromLatin1(bytes.toBase64()));
}

void putTime(QJsonObject &object, QLatin1StringView key, const QDateTime &time)
{
    if (time.isValid())
        object.insert(key, time.toUTC().toString(Qt::ISODateWithMs));
}

void putText(QJsonObject &object, QLatin1StringView key, const QString &text)
{
    if (!text.isEmpty())
        object.insert(key, text);
}

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

QString eventKindName(Event::Kind kind)
{
    for (const KindName &entry : kindNames) {
        if (entry.kind == kind)
            return entry.name;
    }
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

QJsonObject eventToJson(const Event &event)
{
    QJsonObject object;
    object.insert("seq"_L1, qint64(event.seq));
    object.insert("kind"_L1, eventKindName(event.kind));
    putTime(object, "time"_L1, event.time);
    putText(object, "client_id"_L1, event.clientId);
    putText(object, "message_id"_L1, event.messageId);
    putText(object, "topic"_L1, event.topic);
    // What describes every message and every attempt is there even when it
    // is zero, so a reader need not know the defaults.
    if (isMessageKind(event.kind) || event.qos != 0)
        object.insert("qos"_L1, event.qos);
    if (isMessageKind(event.kind) || event.retain)
        object.insert("retain"_L1, event.retain);
    if (isMessageKind(event.kind) || event.size != 0)
        object.insert("size"_L1, event.size);
    putBytes(object, u"preview"_s, event.preview);
    putText(object, "content_type"_L1, event.contentType);
    if (!event.userProperties.isEmpty()) {
        QJsonArray properties;
        for (const auto &[name, value] : event.userProperties)
            properties.append(QJsonArray{name, value});
        object.insert("user_properties"_L1, properties);
    }
    if (!event.routes.isEmpty())
        object.insert("routes"_L1, QJsonArray::fromStringList(event.routes));
    putText(object, "route"_L1, event.route);
    putText(object, "target"_L1, event.target);
    if (isDeliveryKind(event.kind) || event.attempt != 0)
        object.insert("attempt"_L1, event.attempt);
    if (isDeliveryKind(event.kind) || event.httpStatus != 0)
        object.insert("http_status"_L1, event.httpStatus);
    putText(object, "error"_L1, event.error);
    if (isDeliveryKind(event.kind) || event.latencyUs != 0)
        object.insert("latency_us"_L1, event.latencyUs);
    putBytes(object, u"response"_s, event.response);
    putTime(object, "next_at"_L1, event.nextAt);
    putText(object, "reason"_L1, event.reason);
    if (event.kind == Event::Kind::Dropped || event.count != 0)
        object.insert("count"_L1, event.count);
    return object;
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
