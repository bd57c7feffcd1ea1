#!/usr/bin/env bash
# Runs a command in a throwaway copy of this machine: an overlay of / in a
# private mount namespace, chrooted, with this source tree at the same path.
# Whatever the command installs or deletes goes away with it. Needs root and
# overlayfs (CI's machine has both).
# Usage: scripts/in-throwaway-root.sh COMMAND [ARG...]   (run from the tree)
set -euo pipefail

if ((EUID != 0)); then
    echo "in-throwaway-root: needs root (unshare and mount)" >&2
    exit 1
fi
tree=$(cd "$(dirname "$0")/.." && pwd)
base=$(mktemp -d /tmp/mqhook-root.XXXXXX)
trap 'rm -rf "$base"' EXIT
mkdir -p "$base"/{upper,work,root}

unshare --mount --propagation private -- bash -euo pipefail -c '
    base=$1 tree=$2
    shift 2
    mount -t overlay overlay -o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$base/root"
    mount -t proc proc "$base/root/proc"
    mount --rbind /dev "$base/root/dev"
    mount --rbind /sys "$base/root/sys"
    mount -t tmpfs tmpfs "$base/root/tmp"
    mkdir -p "$base/root$tree"
    mount --bind "$tree" "$base/root$tree"
    cd "$tree"
    exec chroot "$base/root" /usr/bin/env -C "$tree" "$@"
' in-throwaway-root "$base" "$tree" "$@"
