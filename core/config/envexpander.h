#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace mqhook {

// Expands environment references in configuration strings:
//   ${NAME}            the variable's value; an error when it is not set
//   ${NAME:-default}   the value, or default when the variable is unset or empty
//   $${                a literal "${" (any other '$' is literal as it stands)
// NAME is [A-Za-z_][A-Za-z0-9_]*; a default runs to the first '}'.
// In a template (a request body or a header value) a template placeholder
// such as ${topic} or ${payload.temp} is not a reference: it stays as written
// for the template to fill in.
class EnvExpander
{
public:
    explicit EnvExpander(QProcessEnvironment environment);

    // True when text holds a reference or an escape to expand.
    static bool hasReferences(const QString &text);

    // Returns false with *error set (naming the variable) when a reference is
    // malformed or names an unset variable without a default.
    enum class Placeholders
    {
        AreReferences,
        Keep, // the text is a template
    };
    bool expand(const QString &text, QString *out, QString *error,
                Placeholders placeholders = Placeholders::AreReferences) const;

private:
    QProcessEnvironment m_environment;
};

} // namespace mqhook
