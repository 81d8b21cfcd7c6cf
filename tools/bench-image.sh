#!/usr/bin/env bash
# Image benchmark: sizes of the built image (squashfs, kernel, initramfs, raw and qcow2 disk) and, over N boots of
# one VM under qemu's software emulation, the median time from starting qemu to the ready banner and to the first
# answer on the VIP at a client on the VM's bridge.
# usage: tools/bench-image.sh [--rounds N]     (root; after ./build.sh --target=Image)
set -euo pipefail
cd "$(dirname "$0")/.."
export APPLIANCE_BINARY=${APPLIANCE_BINARY:-$PWD/artifacts/bin/appliance}
[ -x "$APPLIANCE_BINARY" ] || { echo "no binary at $APPLIANCE_BINARY (run ./build.sh --target=Publish)" >&2; exit 1; }
dotnet build -c Release tools/Appliance.Lab -nologo -v q >/dev/null
exec dotnet tools/Appliance.Lab/bin/Release/net10.0/appliance-lab.dll bench-image --images artifacts/image "$@"
