#!/usr/bin/env bash
# Size of the native binary, and the time from process start to exit of `appliance --version` (median of N runs).
# usage: tools/bench-binary.sh [BINARY] [RUNS]
set -euo pipefail
binary=${1:-artifacts/bin/appliance}
runs=${2:-51}
[ -x "$binary" ] || { echo "no binary at $binary (run ./build.sh --target=Publish)" >&2; exit 1; }

size=$(stat -c %s "$binary")
printf 'binary            %s\n' "$binary"
printf 'size              %d bytes (%s MiB)\n' "$size" "$(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1048576 }')"

times=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$binary" --version >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( runs / 2 ))]}
printf -- '--version         median %d.%03d ms over %d runs (min %d.%03d ms, max %d.%03d ms)\n' \
    $((median / 1000)) $((median % 1000)) "$runs" \
    $((sorted[0] / 1000)) $((sorted[0] % 1000)) $((sorted[-1] / 1000)) $((sorted[-1] % 1000))
rss=$(/usr/bin/time -f %M "$binary" --version 2>&1 >/dev/null | tail -1)
printf 'max RSS           %s KiB (--version)\n' "$rss"
