#!/usr/bin/env bash
# Builds the Debian package of mqhook and prints its file name.
# Usage: scripts/package.sh [BUILD_DIR] [extra cmake args...]
# Configures BUILD_DIR (default build) for the prefix /usr, builds it and runs
# cpack -G DEB there. The container's build stage runs this same script (see
# Dockerfile), with -DMQHOOK_BUILD_TESTS=OFF -DMQHOOK_BUILD_BENCH=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:-build}
shift || true

# dpkg-shlibdeps (dpkg-dev) works out the package's dependencies, of the files
# that file(1) says are executables.
MQHOOK_EXTRA_PACKAGES="${MQHOOK_EXTRA_PACKAGES:-} dpkg-dev file" scripts/install-deps.sh
scripts/build.sh "$build_dir" -DCMAKE_INSTALL_PREFIX=/usr "$@" >&2
rm -f "$build_dir"/mqhook_*.deb
(cd "$build_dir" && cpack -G DEB) >&2
ls "$build_dir"/mqhook_*.deb
