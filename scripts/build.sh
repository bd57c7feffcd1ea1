#!/usr/bin/env bash
# Configures and builds mqhook. Usage: scripts/build.sh [BUILD_DIR] [extra cmake args...]
# MQHOOK_SANITIZE=ON builds with AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:-build}
shift || true

cmake -S . -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" \
    -DMQHOOK_SANITIZE="${MQHOOK_SANITIZE:-OFF}" \
    "$@"
cmake --build "$build_dir" --parallel "$(nproc)"
