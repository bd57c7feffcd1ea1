#pragma once

#include <QByteArray>

namespace mqhook {

// Whether an Authorization header value is "Bearer <token>" (RFC 6750 §2.1;
// the scheme's case ignored), compared in time that depends on the lengths
// only, never on where the first wrong character is.
bool bearerTokenMatches(const QByteArray &authorization, const QByteArray &token);

} // namespace mqhook
