#include "jsontext.h"

namespace mqhook {

void appendJsonString(QByteArray *out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    out->append('"');
    qsizetype plain = 0; // start of the bytes not yet appended
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out->append(utf8.sliced(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"':
            out->append("\\\"");
            break;
        case '\\':
            out->append("\\\\");
            break;
        case '\n':
            out->append("\\n");
            break;
        case '\r':
            out->append("\\r");
            break;
        case '\t':
            out->append("\\t");
            break;
        default: {
            const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out->append(escape, sizeof escape);
        }
        }
    }
    out->append(utf8.sliced(plain));
    out->append('"');
}

} // namespace mqhook
