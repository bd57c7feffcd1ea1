#pragma once

#include <QIcon>

// The window's icons: the desktop theme's where it has one, else the SVGs
// bundled under :/icons (resources/icons).
namespace mqhook::Icons {

enum Name
{
    App,
    New,
    Open,
    Save,
    SaveAs,
    Revert,
    Validate,
    Start,
    Stop,
    Add,
    Remove,
    Duplicate,
    Toggle,
    MoveUp,
    MoveDown,
    Undo,
    Redo,
    Connect,
    Send,
    Browse,
    Reset,
    Broker,
    Route,
    Callback,
    Logging,
    Queue,
    Admin,
    Error,
    Warning,
    Keychain,
    Pause,
    AutoScroll,
    Clear,
    Export,
    Live,
    Topics,
    Rates,
    Retry,
    Attach,
    Detach,
    Settings,
};

QIcon get(Name name);

// The bundled SVG of every name, for tests: a theme may hide a missing file.
QString fallbackPath(Name name);
QList<Name> all();

} // namespace mqhook::Icons
