#include "adminhttp.h"

#include <QJsonDocument>
#include <QTest>

namespace mqhook::test {

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name.toLower())
            return value;
    }
    return {};
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpConnection::HttpConnection(quint16 port)
    : m_socket(std::make_unique<QTcpSocket>())
{
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    (void)QTest::qWaitFor(
        [this] {
            return m_socket->state() == QAbstractSocket::ConnectedState ||
                   m_socket->state() == QAbstractSocket::UnconnectedState;
        },
        10000);
    QObject::connect(m_socket.get(), &QTcpSocket::readyRead, m_socket.get(),
                     [this] { m_buffer += m_socket->readAll(); });
}

bool HttpConnection::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpConnection::send(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->flush();
}

bool HttpConnection::waitFor(const QByteArray &text, int ms)
{
    return QTest::qWaitFor([&] { return m_buffer.contains(text); }, ms);
}

bool HttpConnection::waitClosed(int ms)
{
    return QTest::qWaitFor(
        [this] {
            m_buffer += m_socket->readAll();
            return m_socket->state() == QAbstractSocket::UnconnectedState;
        },
        ms);
}

std::optional<HttpReply> HttpConnection::read(int ms)
{
    std::optional<HttpReply> reply;
    const auto complete = [&] {
        m_buffer += m_socket->readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        HttpReply parsed;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        parsed.status = statusLine.value(1).toInt();
        qint64 length = -1;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            const QByteArray name = lines.at(i).left(colon).trimmed().toLower();
            const QByteArray value = lines.at(i).mid(colon + 1).trimmed();
            parsed.headers.append({name, value});
            if (name == "content-length")
                length = value.toLongLong();
        }
        const qsizetype bodyStart = end + 4;
        if (length < 0) {
            // To the end of the connection.
            if (m_socket->state() != QAbstractSocket::UnconnectedState)
                return false;
            length = m_buffer.size() - bodyStart;
        }
        if (m_buffer.size() - bodyStart < length)
            return false;
        parsed.body = m_buffer.mid(bodyStart, length);
        m_buffer.remove(0, bodyStart + length);
        reply = parsed;
        return true;
    };
    (void)QTest::qWaitFor(complete, ms);
    return reply;
}

HttpReply httpRequest(quint16 port, const QByteArray &method, const QString &path,
                      const QByteArray &token, const QByteArray &extraHeaders)
{
    HttpConnection connection(port);
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    request += extraHeaders + "Connection: close\r\n\r\n";
    connection.send(request);
    return connection.read().value_or(HttpReply());
}

} // namespace mqhook::test
