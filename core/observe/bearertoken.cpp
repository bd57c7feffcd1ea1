#include "bearertoken.h"

namespace mqhook {

bool bearerTokenMatches(const QByteArray &authorization, const QByteArray &token)
{
    constexpr QByteArrayView scheme("bearer ");
    if (token.isEmpty() || authorization.size() <= scheme.size() ||
        QByteArrayView(authorization).first(scheme.size()).compare(scheme, Qt::CaseInsensitive) !=
            0)
        return false;
    const QByteArrayView given = QByteArrayView(authorization).sliced(scheme.size());
    // Every byte of the token is compared, whatever the given one holds.
    unsigned difference = given.size() == token.size() ? 0u : 1u;
    for (qsizetype i = 0; i < token.size(); ++i) {
        const char g = i < given.size() ? given.at(i) : '\0';
        difference |= static_cast<unsigned char>(g ^ token.at(i));
    }
    return difference == 0;
}

} // namespace mqhook
