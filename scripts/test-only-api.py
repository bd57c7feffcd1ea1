#!/usr/bin/env python3
"""Lists public functions of core that no production code calls.

Usage: scripts/test-only-api.py [FOLDER...]   (default: every folder of core/)

Production is core/, gui/ and app/; tests/ and bench/ are not. For each
public function or free function declared in a header of core (found with
universal-ctags), the script counts the lines that name it as a word, leaving
out the lines that declare or define it. A name that production never uses is
reported as "tests only" when tests or benchmarks use it, else as "unused".

Names are matched as words, not resolved as C++: an overload or a common name
(clear, size) used elsewhere hides a test-only function, so read what is
reported and what is not with that in mind. Signals, slots called through
connect(), virtual overrides and operators are left out.
"""

import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRODUCTION = ["core", "gui", "app", "demo"]
NON_PRODUCTION = ["tests", "bench"]
SOURCE = re.compile(r"\.(h|cpp)$")
COMMENT = re.compile(r"//.*$|^\s*\*.*$|/\*.*?\*/")


def sources(folders):
    for folder in folders:
        top = os.path.join(ROOT, folder)
        for directory, _, names in os.walk(top):
            for name in sorted(names):
                if SOURCE.search(name):
                    yield os.path.join(directory, name)


def read_lines(files):
    lines = []
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            for number, text in enumerate(f, 1):
                # Comments name functions without calling them.
                code = COMMENT.sub("", text)
                lines.append((os.path.relpath(path, ROOT), number, code))
    return lines


def tags(headers):
    out = subprocess.run(
        ["ctags", "--output-format=json", "--fields=+aKSZn", "--c++-kinds=+p",
         "--language-force=c++", "-f", "-"] + headers,
        check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        tag = json.loads(line)
        if tag.get("_type") == "tag":
            yield tag


def main():
    folders = sys.argv[1:]
    core = [os.path.join("core", f) for f in folders] if folders else ["core"]
    headers = [p for p in sources(core) if p.endswith(".h")]
    production = read_lines(sources(PRODUCTION))
    others = read_lines(sources(NON_PRODUCTION))

    functions = {}
    for tag in tags(headers):
        if tag["kind"] not in ("prototype", "function"):
            continue
        if tag.get("access", "public") != "public" or tag["name"].startswith(("operator", "__anon")):
            continue
        if tag.get("properties", "").find("virtual") >= 0:
            continue
        scope = tag.get("scope", "")
        if scope.split("::")[-1] == tag["name"] or tag["name"].startswith("~"):
            continue  # constructors and destructors
        key = (scope, tag["name"])
        functions.setdefault(key, []).append((os.path.relpath(tag["path"], ROOT), tag["line"]))

    reported = 0
    for (scope, name), declared in sorted(functions.items(), key=lambda x: x[1][0]):
        word = re.compile(r"(?<![\w~])" + re.escape(name) + r"\b")
        cls = scope.split("::")[-1]
        # A definition in a .cpp starts at the first column (clang-format);
        # a call such as TopicFilter::forExclude(x) is indented.
        definition = re.compile(r"^\S.*\b" + re.escape(cls) + r"::" + re.escape(name) + r"\s*\(")
        declared_at = set(declared)

        def uses(lines):
            found = []
            for path, number, text in lines:
                if (path, number) in declared_at or definition.search(text):
                    continue
                if word.search(text):
                    found.append((path, number))
            return found

        if uses(production):
            continue
        elsewhere = uses(others)
        where = ", ".join(sorted({p for p, _ in elsewhere})) if elsewhere else ""
        status = "tests only" if elsewhere else "unused"
        path, line = declared[0]
        print(f"{path}:{line}: {scope + '::' if scope else ''}{name}: {status}"
              + (f" ({where})" if where else ""))
        reported += 1
    return 1 if reported else 0


if __name__ == "__main__":
    sys.exit(main())
