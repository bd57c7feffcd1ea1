#!/usr/bin/env python3
"""Lists the functions of core that no production code calls.

Usage: scripts/test-only-api.py [--all]

Every function and method universal-ctags finds in core/ (headers and
sources) is looked up by name, as a whole word, in the production code
(core/, gui/, app/) and in the code beside it (tests/, bench/), leaving out
the lines that declare or define a function of that name. A name that
production code never mentions is printed with where tests and benchmarks
use it (or "unused"). Names of signals, constructors, destructors and
operators, and overrides of Qt's virtual functions, are left out: the moc,
the compiler and Qt call those.

It reads names, not types: two classes with a method of the same name count
as one name, so a method that only tests call can hide behind a namesake
that production calls (--all lists every name with its counts, to look
through by hand). Exit code 1 when it prints anything. Needs python3 and
universal-ctags (Debian: universal-ctags); it is a tool for people, not run
by the test suite.
"""

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = ["core", "gui", "app"]
BESIDE = ["tests", "bench"]
# Called by Qt or the compiler, not by name from our code (now: Clock's virtual).
QT_VIRTUALS = {
    "event", "eventFilter", "timerEvent", "childEvent", "customEvent", "metaObject",
    "qt_metacall", "qt_metacast", "rowCount", "columnCount", "data", "headerData", "flags",
    "setData", "index", "parent", "paintEvent", "resizeEvent", "closeEvent", "showEvent",
    "hideEvent", "keyPressEvent", "mousePressEvent", "changeEvent", "sizeHint", "readData",
    "writeData", "bytesAvailable", "isSequential", "incomingConnection", "main",
    "filterAcceptsRow", "lessThan", "roleNames", "canFetchMore", "fetchMore", "now",
}


def sources(folders):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".h", ".cpp"} and "autogen" not in path.parts:
                yield path


def tags():
    """(name, kind, scope, path, line) of every function ctags finds in core."""
    output = subprocess.run(
        ["ctags", "--output-format=json", "--fields=+nKs", "--kinds-C++=pfS", "-o", "-"]
        + [str(p) for p in sources(["core"])],
        check=True, capture_output=True, text=True).stdout
    for line in output.splitlines():
        tag = json.loads(line)
        if tag.get("_type") != "tag":
            continue
        yield (tag["name"], tag.get("kind", ""), tag.get("scope", ""),
               Path(tag["path"]), int(tag.get("line", 0)))


def main():
    show_all = "--all" in sys.argv[1:]
    functions = defaultdict(set)  # name -> {scope}
    own_lines = defaultdict(set)  # name -> {(path, line)} declaring or defining it
    signals = set()
    for name, kind, scope, path, line in tags():
        if name.startswith("__anon") or name.startswith("operator") or name.startswith("~"):
            continue
        if kind == "signal":
            signals.add(name)
            continue
        if scope and scope.split("::")[-1] == name:  # a constructor
            continue
        functions[name].add(scope)
        own_lines[name].add((path.resolve(), line))

    # Every whole-word use of a name, outside comments, by side.
    identifier = re.compile(r"(?<![\w~])[A-Za-z_]\w*")
    used = {"production": defaultdict(list), "beside": defaultdict(list)}
    for side, folders in (("production", PRODUCTION), ("beside", BESIDE)):
        for path in sources(folders):
            path = path.resolve()
            lines = path.read_text(errors="replace").splitlines()
            for number, text in enumerate(lines, start=1):
                code = text.split("//")[0]
                for name in set(identifier.findall(code)):
                    if name in functions and (path, number) not in own_lines[name]:
                        used[side][name].append(f"{path.relative_to(ROOT)}:{number}")

    printed = 0
    for name in sorted(functions):
        if name in signals or name in QT_VIRTUALS:
            continue
        production = used["production"][name]
        beside = used["beside"][name]
        scopes = ", ".join(sorted(s or "(free)" for s in functions[name]))
        if show_all:
            print(f"{name} [{scopes}]: production {len(production)}, tests/bench {len(beside)}")
            continue
        if production:
            continue
        printed += 1
        if beside:
            print(f"{name} [{scopes}]: only tests/bench, e.g. {beside[0]} ({len(beside)} uses)")
        else:
            print(f"{name} [{scopes}]: unused")
    return 1 if printed else 0


if __name__ == "__main__":
    sys.exit(main())
