#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace mqhook {

// Expands environment references in configuration strings:
//   ${NAME}            the variable's value; an error when it is not set
//   ${NAME:-default}   the value, or default when the variable is unset or empty
//   $${                a literal "${" (any other '$' is literal as it stands)
// NAME is [A-Za-z_][A-Za-z0-9_]*; a default runs to the first '}'.
class EnvExpander
{
public:
    explicit EnvExpander(QProcessEnvironment environment);

    // True when text holds a reference or an escape to expand.
    static bool hasReferences(const QString &text);

    // Returns false with *error set (naming the variable) when a reference is
    // malformed or names an unset variable without a default.
    bool expand(const QString &text, QString *out, QString *error) const;

private:
    QProcessEnvironment m_environment;
};

} // namespace mqhook
