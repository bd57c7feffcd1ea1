#include "icons.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace mqhook::Icons {

namespace {

struct Entry
{
    const char *theme; // freedesktop icon naming specification
    const char *file;  // under :/icons
};

Entry entry(Name name)
{
    switch (name) {
    case App:
        return {nullptr, "mqhook"};
    case New:
        return {"document-new", "document-new"};
    case Open:
        return {"document-open", "document-open"};
    case Save:
        return {"document-save", "document-save"};
    case SaveAs:
        return {"document-save-as", "document-save-as"};
    case Revert:
        return {"document-revert", "document-revert"};
    case Validate:
        return {"dialog-ok-apply", "validate"};
    case Start:
        return {"media-playback-start", "start"};
    case Stop:
        return {"media-playback-stop", "stop"};
    case Add:
        return {"list-add", "list-add"};
    case Remove:
        return {"list-remove", "list-remove"};
    case Duplicate:
        return {"edit-copy", "duplicate"};
    case Toggle:
        return {nullptr, "toggle"};
    case MoveUp:
        return {"go-up", "go-up"};
    case MoveDown:
        return {"go-down", "go-down"};
    case Undo:
        return {"edit-undo", "edit-undo"};
    case Redo:
        return {"edit-redo", "edit-redo"};
    case Connect:
        return {nullptr, "connect"};
    case Send:
        return {"mail-send", "send"};
    case Browse:
        return {"document-open", "document-open"};
    case Reset:
        return {"edit-clear", "reset"};
    case Broker:
        return {nullptr, "broker"};
    case Route:
        return {nullptr, "route"};
    case Callback:
        return {nullptr, "callback"};
    case Logging:
        return {nullptr, "logging"};
    case Queue:
        return {nullptr, "queue"};
    case Admin:
        return {nullptr, "admin"};
    case Error:
        return {"dialog-error", "error"};
    case Warning:
        return {"dialog-warning", "warning"};
    case Keychain:
        return {nullptr, "keychain"};
    case Pause:
        return {"media-playback-pause", "pause"};
    case AutoScroll:
        return {nullptr, "autoscroll"};
    case Clear:
        return {"edit-clear-all", "clear"};
    case Export:
        return {"document-export", "export"};
    case Live:
        return {nullptr, "live"};
    case Topics:
        return {nullptr, "topics"};
    case Rates:
        return {nullptr, "rates"};
    case Retry:
        return {"view-refresh", "retry"};
    case Attach:
        return {nullptr, "attach"};
    case Detach:
        return {nullptr, "detach"};
    case Settings:
        return {"preferences-system", "settings"};
    }
    return {nullptr, "mqhook"};
}

} // namespace

QString fallbackPath(Name name)
{
    return u":/icons/%1.svg"_s.arg(QLatin1StringView(entry(name).file));
}

QIcon get(Name name)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(name));
    if (it != cache.end())
        return *it;
    const Entry e = entry(name);
    const QIcon fallback(fallbackPath(name));
    const QIcon icon = e.theme ? QIcon::fromTheme(QLatin1StringView(e.theme), fallback) : fallback;
    cache.insert(int(name), icon);
    return icon;
}

QList<Name> all()
{
    QList<Name> names;
    for (int i = App; i <= Settings; ++i)
        names.append(Name(i));
    return names;
}

} // namespace mqhook::Icons
