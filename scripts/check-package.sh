#!/usr/bin/env bash
# Checks a mqhook .deb the way CI does: lintian finds no error, the
# dependencies name the package of every library the executable links, and
# once installed (scripts/install-package.sh) the installed mqhook runs, the
# example configuration passes --check, the user, folders, conffile and unit
# are in place; then a purge takes it all away again.
#
# It installs into the machine it runs on, so run it where that is wanted:
# CI runs it in scripts/in-throwaway-root.sh, a container or a virtual
# machine will do too. As root or with sudo.
# Usage: scripts/check-package.sh FILE.deb
set -euo pipefail

deb=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
sudo=()
if ((EUID != 0)); then
    sudo=(sudo)
fi
fail() {
    echo "check-package: $*" >&2
    exit 1
}
step() { echo "== $*"; }

# (No `producer | grep -q` under pipefail: grep leaving early gives the
# producer a SIGPIPE, and the pipeline fails.)
if [[ "$(dpkg-query --showformat='${Status}' --show mqhook 2>/dev/null || true)" == *" installed" ]]; then
    fail "mqhook is installed here already; this check installs and purges it"
fi
MQHOOK_EXTRA_PACKAGES="lintian binutils" "$here/install-deps.sh"

step "package"
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"

step "lintian"
# Errors fail the check; warnings and notes are shown.
lintian --fail-on error --display-info "$deb"

step "dependencies"
depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
# The package names alone, one a line ("libc6 (>= 2.34)" -> "libc6").
depends_names=$(tr ',|' '\n\n' <<<"$depends" | sed 's/^ *//; s/[ (].*//')
depends_on() { grep -qxF "$1" <<<"$depends_names"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --extract "$deb" "$work"
for soname in $(objdump -p "$work/usr/bin/mqhook" | awk '$1 == "NEEDED" { print $2 }'); do
    path=$(ldconfig -p | awk -v so="$soname" '$1 == so && path == "" { path = $NF } END { print path }')
    [[ -n "$path" ]] || fail "$soname: not found by ldconfig"
    owner=$(dpkg -S "$(realpath "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null) ||
        fail "$soname ($path) belongs to no package"
    owner=${owner%%:*}
    depends_on "$owner" || fail "$soname comes from $owner, which Depends does not name"
    echo "$soname: $owner"
done
for runtime in libqt6sql6-sqlite adduser; do
    depends_on "$runtime" || fail "Depends does not name $runtime"
done

step "install"
"$here/install-package.sh" "$deb"

step "installed files"
[[ "$(command -v mqhook)" == /usr/bin/mqhook ]] || fail "mqhook is not /usr/bin/mqhook"
version=$(mqhook --version)
echo "$version"
[[ "$version" == "mqhook $(dpkg-deb --field "$deb" Version)" ]] || fail "unexpected version: $version"
mqhook --check --config /etc/mqhook/config.json
[[ "$(getent passwd mqhook || true)" == *:/var/lib/mqhook:/usr/sbin/nologin ]] ||
    fail "no system user mqhook: $(getent passwd mqhook || true)"
[[ "$(stat -c '%U:%G %a' /etc/mqhook/config.json)" == "root:mqhook 640" ]] ||
    fail "/etc/mqhook/config.json: $(stat -c '%U:%G %a' /etc/mqhook/config.json)"
[[ "$(stat -c '%U:%G %a' /var/lib/mqhook)" == "mqhook:mqhook 750" ]] ||
    fail "/var/lib/mqhook: $(stat -c '%U:%G %a' /var/lib/mqhook)"
[[ "$(dpkg-query --showformat='${Conffiles}' --show mqhook)" == *" /etc/mqhook/config.json "* ]] ||
    fail "/etc/mqhook/config.json is not a conffile"
test -f /usr/share/man/man1/mqhook.1.gz || fail "no man page"
test -f /usr/share/doc/mqhook/examples/seed.json || fail "no examples"
# As the service runs it: the mqhook user opens its queue in the state folder
# (Qt's SQLite driver, the folder's permissions).
"${sudo[@]}" runuser -u mqhook -- mqhook --config /etc/mqhook/config.json dead-letters list
test -f /var/lib/mqhook/queue/outbox.db || fail "the queue was not made in /var/lib/mqhook/queue"
[[ ! -e /etc/systemd/system/multi-user.target.wants/mqhook.service ]] ||
    fail "the installation enabled the service; the administrator does, once it is configured"
man_check=--man=no
if command -v man >/dev/null; then
    man -w mqhook
    man_check=--man=yes
fi
out=$(systemd-analyze verify "$man_check" /lib/systemd/system/mqhook.service 2>&1)
[[ -z "$out" ]] || fail "systemd-analyze verify: $out"
echo "systemd-analyze verify: no findings"

step "enable, reinstall, purge"
wants=/etc/systemd/system/multi-user.target.wants/mqhook.service
"${sudo[@]}" systemctl enable mqhook.service
[[ -L "$wants" ]] || fail "systemctl enable made no link"
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --reinstall "$deb"
[[ -L "$wants" ]] || fail "reinstalling the package disabled the service"
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get purge -y -q mqhook
for gone in /usr/bin/mqhook /etc/mqhook/config.json /var/lib/mqhook /lib/systemd/system/mqhook.service "$wants"; do
    [[ ! -e "$gone" ]] || fail "$gone is still there after the purge"
done
if dpkg-statoverride --list /etc/mqhook/config.json >/dev/null; then
    fail "the statoverride of /etc/mqhook/config.json is still there"
fi
echo "check-package: all checks passed"
