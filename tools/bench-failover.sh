#!/usr/bin/env bash
# Failover benchmark: our pair against a keepalived pair on the same lab topology and timers, side by side.
# Prints the median client-side outage per case, the ratio, failed requests, CPU time and peak RSS per box.
# usage: tools/bench-failover.sh [--rounds N] [--cases link-cut-1s,sigterm-1s,...] [--steady]   (root; after ./build.sh --target=Publish)
# --steady: the cases steady-10ms,steady-100ms,steady-1s: CPU time and wake-ups per box of each settled pair over 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
export APPLIANCE_BINARY=${APPLIANCE_BINARY:-$PWD/artifacts/bin/appliance}
[ -x "$APPLIANCE_BINARY" ] || { echo "no binary at $APPLIANCE_BINARY (run ./build.sh --target=Publish)" >&2; exit 1; }
dotnet build -c Release tools/Appliance.Lab -nologo -v q >/dev/null
exec dotnet tools/Appliance.Lab/bin/Release/net10.0/appliance-lab.dll bench "$@"
