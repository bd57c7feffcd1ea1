#include "messageid.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QUuid>

namespace mqhook {

QString newMessageId(QRandomGenerator *random)
{
    quint32 words[4];
    (random ? random : QRandomGenerator::global())->fillRange(words);
    QByteArray bytes(reinterpret_cast<const char *>(words), sizeof(words));
    bytes[6] = char((bytes.at(6) & 0x0f) | 0x40); // version 4
    bytes[8] = char((bytes.at(8) & 0x3f) | 0x80); // variant 10 (RFC 4122)
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

} // namespace mqhook
