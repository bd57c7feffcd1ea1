#!/usr/bin/env bash
# Installs what is missing, builds, and runs mqhook's main job on the bundled
# example configuration.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh build
exec build/app/mqhook --demo "$@"
