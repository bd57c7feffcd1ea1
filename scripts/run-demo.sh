#!/usr/bin/env bash
# Installs what is missing, builds, and runs mqhook's main job, the demo: the
# example configuration end to end against a private broker and endpoint.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh build
exec build/app/mqhook --demo "$@"
