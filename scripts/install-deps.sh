#!/usr/bin/env bash
# Installs the Debian 12 packages mqhook needs to build, test and run its demo.
# Skips what is present; needs root (or sudo) only when something is missing.
# MQHOOK_DEPS=build installs only what building needs (the container's build
# stage); the default is everything.
set -euo pipefail

build_packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev libqt6sql6-sqlite libsqlite3-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-charts-dev libqt6opengl6-dev
    libsystemd-dev
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n qtkeychain-qt6-dev
)
test_packages=(
    systemd
    mosquitto mosquitto-clients openssl nginx-light
    # promtool: tst_metrics checks the /metrics text with Prometheus' own parser
    prometheus
    libmosquitto-dev
    dbus-daemon gnome-keyring libsecret-1-0
)
case "${MQHOOK_DEPS:-all}" in
build) packages=("${build_packages[@]}") ;;
all) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
*)
    echo "MQHOOK_DEPS: expected build or all, got '$MQHOOK_DEPS'" >&2
    exit 64
    ;;
esac
# Extra packages for a purpose, e.g. MQHOOK_EXTRA_PACKAGES="wrk linux-perf" for the benchmarks.
if [[ -n "${MQHOOK_EXTRA_PACKAGES:-}" ]]; then
    read -r -a extra <<<"$MQHOOK_EXTRA_PACKAGES"
    packages+=("${extra[@]}")
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

sudo=()
if ((EUID != 0)); then
    sudo=(sudo)
fi
echo "Installing: ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
