#include "envexpander.h"

#include "base/templatesyntax.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace mqhook {

namespace {

bool isNameStart(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

} // namespace

EnvExpander::EnvExpander(QProcessEnvironment environment)
    : m_environment(std::move(environment))
{}

bool EnvExpander::hasReferences(const QString &text)
{
    return text.contains(u"${"_s);
}

bool EnvExpander::expand(const QString &text, QString *out, QString *error,
                         Placeholders placeholders) const
{
    QString result;
    result.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) != u'$') {
            result += text.at(i++);
            continue;
        }
        if (QStringView(text).mid(i).startsWith(u"$${")) {
            result += u"${"_s;
            i += 3;
            continue;
        }
        if (i + 1 >= text.size() || text.at(i + 1) != u'{') {
            result += text.at(i++);
            continue;
        }
        const qsizetype close = text.indexOf(u'}', i + 2);
        if (close < 0) {
            *error = u"\"${\" is not closed by '}' (write \"$${\" for a literal \"${\")"_s;
            return false;
        }
        const QString reference = text.mid(i + 2, close - i - 2);
        if (placeholders == Placeholders::Keep && isTemplatePlaceholder(reference)) {
            result += QStringView(text).mid(i, close + 1 - i);
            i = close + 1;
            continue;
        }
        const qsizetype defaultAt = reference.indexOf(u":-"_s);
        const QString name = defaultAt < 0 ? reference : reference.left(defaultAt);
        bool validName = !name.isEmpty() && isNameStart(name.at(0));
        for (QChar c : name)
            validName = validName && isNameChar(c);
        if (!validName) {
            *error = u"\"${%1}\" is not a variable reference: expected ${NAME} or "
                     u"${NAME:-default}, NAME made of letters, digits and '_'"_s.arg(reference);
            return false;
        }
        const QString value = m_environment.value(name);
        if (defaultAt >= 0) {
            result += value.isEmpty() ? reference.mid(defaultAt + 2) : value;
        } else if (m_environment.contains(name)) {
            result += value;
        } else {
            *error = u"the environment variable %1 is not set (write ${%1:-default} to give "
                     u"a default)"_s.arg(name);
            return false;
        }
        i = close + 1;
    }
    *out = result;
    return true;
}

} // namespace mqhook
