#!/usr/bin/env bash
# Installs a mqhook .deb with apt, which brings its dependencies from the
# Debian archive, and whatever other packages are named after it. With
# MQHOOK_APT_CLEAN=1 it then drops apt's lists (for an image). The
# container's runtime stage runs this same script (see Dockerfile), so does
# scripts/check-package.sh.
# Usage: scripts/install-package.sh FILE.deb [package...]
set -euo pipefail

deb=$1
shift
case "$deb" in
/* | ./*) ;;
*) deb=./$deb ;; # apt takes a file only as a path
esac

sudo=()
if ((EUID != 0)); then
    sudo=(sudo)
fi
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "$deb" "$@"
if [[ "${MQHOOK_APT_CLEAN:-0}" == 1 ]]; then
    "${sudo[@]}" apt-get clean
    "${sudo[@]}" rm -rf /var/lib/apt/lists/*
fi
