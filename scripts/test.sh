#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test.
# Usage: scripts/test.sh [BUILD_DIR]   (MQHOOK_SANITIZE=ON for the sanitizer build)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build_dir=${1:-build}
scripts/build.sh "$build_dir"

# The keychain tests need a session bus and an unlocked Secret Service; give
# them a private one so the suite runs the same on a desktop and on CI.
export XDG_DATA_HOME
XDG_DATA_HOME=$(mktemp -d)
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

dbus-run-session -- sh -c '
    echo -n mqhook-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    ctest --test-dir "$0" --output-on-failure --parallel "$(nproc)" --timeout 600
' "$build_dir"
