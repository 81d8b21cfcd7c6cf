#!/usr/bin/env bash
# Bootstraps a fresh Debian 12 machine (apt packages the build and tests need, the local dotnet tools) and runs
# build.cake with the given arguments:   ./build.sh [--target=NAME] [--configuration=Release|Debug]
set -euo pipefail
cd "$(dirname "$0")"

# Everything the build, the labs and the tests call. Kept in one place: CI and developers get the same machine.
packages=(
    gcc zlib1g-dev                      # NativeAOT links with the system toolchain
    iproute2 nftables procps psmisc     # namespace labs
    keepalived nginx-light              # the peer we interoperate with, the web server we supervise
    bird2 frr                           # anycast: BIRD announces, FRR is the lab's ECMP router
    tshark tcpdump wrk                  # packet checks and load
    rsyslog                             # syslog delivery tests
    busybox-static time                # (time: max RSS in benchmarks)
    mmdebstrap squashfs-tools fdisk extlinux syslinux-common e2fsprogs cpio zstd xz-utils bmap-tools   # the image
    qemu-utils qemu-system-x86 docker.io curl                                                # VMs and containers
    prometheus                          # promtool: the metrics endpoint is checked with Prometheus's own parser
    dpkg-dev lintian groff-base         # the Debian package (dpkg-shlibdeps, lintian) and its manual page (groff)
    afl++                               # tools/fuzz.sh: the fuzz campaigns of the parsers (Test runs a short one)
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "build.sh: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # tshark asks whether non-root users may capture; the default (no) is right.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian starts services it installs where it can; the labs start their own nginx and keepalived per namespace.
for service in nginx keepalived rsyslog prometheus; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
        systemctl stop "$service" || true
    fi
done

if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET SDK 10 is required (dotnet on PATH)" >&2
    exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
