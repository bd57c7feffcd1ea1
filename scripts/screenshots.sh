#!/usr/bin/env bash
# The README's screenshots: runs the window under Xvfb with the demo (its own
# mosquitto and HTTP endpoint, messages flowing, one endpoint refusing some
# requests on purpose), and saves PNGs of the editor, the live view with a
# message's details, the topic overview and the error view, in English and in
# Chinese, into docs/screenshots/<language>/.
# Usage: scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

MQHOOK_EXTRA_PACKAGES="xvfb xauth fonts-dejavu-core fonts-noto-cjk ${MQHOOK_EXTRA_PACKAGES:-}" \
    scripts/install-deps.sh
build_dir=${1:-build}
# Only what the pictures need: the tool and mqhook (its translation).
[ -f "$build_dir/build.ninja" ] || cmake -S . -B "$build_dir" -G Ninja >/dev/null
cmake --build "$build_dir" --target mqhook mqhook-screenshots >/dev/null

tool=$build_dir/tools/mqhook-screenshots
qm=$build_dir/app/mqhook_zh_CN.qm
for language in en zh_CN; do
    out=docs/screenshots/$language
    mkdir -p "$out"
    # A display of its own; no keyring or desktop session, so nothing asks.
    LANG=C.UTF-8 LC_ALL=C.UTF-8 QT_QPA_PLATFORM=xcb \
        xvfb-run -a -s "-screen 0 1400x1000x24" \
        "$tool" --out "$out" --lang "$language" --qm "$qm" --size 1280x900
done
ls -l docs/screenshots/*/
