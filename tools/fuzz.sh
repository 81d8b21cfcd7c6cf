#!/usr/bin/env bash
# Fuzzes every parser that reads bytes from outside the box with afl-fuzz through SharpFuzz (tools/Appliance.Fuzz),
# one campaign per target, one target after the other, and prints executions and crashes per target.
#
#   tools/fuzz.sh [--execs N | --seconds S] [TARGET...]
#
#   --execs N     stop each campaign after about N executions (afl-fuzz -E; default 1000000, the long run)
#   --seconds S   stop each campaign after S seconds (afl-fuzz -V; CI runs --seconds 5)
#   TARGET        vrrp netlink ini keepalived control manifest bundle keys scrape (default: all)
#
# Builds the harness, instruments the product assemblies in its output (the sharpfuzz tool of
# .config/dotnet-tools.json), assembles each target's seeds from the repo's captures and test data, runs afl-fuzz,
# and copies every crashing input to artifacts/fuzz/crashes/TARGET/. Exits 1 when any target crashed.
# Replay one input: dotnet artifacts/fuzz/bin/Appliance.Fuzz.dll TARGET FILE. See docs/architecture.md, "Fuzzing".
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-E 1000000)
budget="1000000 executions"
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --execs) limit=(-E "$2"); budget="$2 executions"; shift 2 ;;
        --seconds) limit=(-V "$2"); budget="$2 s"; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done

command -v afl-fuzz >/dev/null || { echo "fuzz.sh: afl-fuzz is missing (Debian package afl++; ./build.sh installs it)" >&2; exit 2; }

out=$PWD/artifacts/fuzz
bin=$out/bin
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# A fresh output each time: sharpfuzz rewrites the assemblies in place and must see each one uninstrumented.
rm -rf "$bin"
dotnet tool restore >/dev/null
dotnet publish tools/Appliance.Fuzz -c Release -o "$bin" --nologo -v quiet -p:TreatWarningsAsErrors=true >/dev/null
for assembly in Vrrp Linux Config Control Supervisor Console; do
    dotnet tool run sharpfuzz "$bin/Appliance.$assembly.dll" >/dev/null
done
harness=(dotnet "$bin/Appliance.Fuzz.dll")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <("${harness[@]}" --list)

# Seeds: the real captures and test files of the repo, the hand-written ones under tools/Appliance.Fuzz/corpus,
# and a bundle signed with the harness's key (written by the harness itself).
seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
cp -r tools/Appliance.Fuzz/corpus/. "$seeds/"
unhex() { printf '%b' "$(sed 's/../\\x&/g' <<<"$1")"; }
mkdir -p "$seeds/vrrp" "$seeds/netlink" "$seeds/ini" "$seeds/keepalived"
for capture in tests/Appliance.Vrrp.Tests/TestData/*.hex; do
    unhex "$(head -n 1 "$capture")" >"$seeds/vrrp/$(basename "$capture" .hex).bin"
done
while read -r name hex; do
    [ -n "$name" ] && unhex "$hex" >"$seeds/netlink/$name.bin"
done <tests/Appliance.Linux.Tests/TestData/kernel-messages.txt
cp tests/Appliance.Config.Tests/TestData/*.ini "$seeds/ini/"
cp tests/Appliance.Config.Tests/TestData/keepalived-*.conf "$seeds/keepalived/"
"${harness[@]}" --write-seeds "$seeds"

# afl-fuzz drives `dotnet`, which carries no afl instrumentation of its own (SharpFuzz reports coverage), and
# starts slowly: the fork server gets a minute to come up. Crashes are read from afl's own output, not from core
# files, so the kernel's core_pattern is left alone.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
    AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_FAST_CAL=1

stat() { sed -n "s/^$1 *: *//p" "$2"; }
rm -rf "$out/crashes"
mkdir -p "$out/runs"
total_crashes=0
rows=()
for target in "${targets[@]}"; do
    run=$out/runs/$target
    rm -rf "$run"
    started=$(date +%s)
    if ! afl-fuzz -i "$seeds/$target" -o "$run" -t 5000 -m none "${limit[@]}" -- "${harness[@]}" "$target" >"$out/runs/$target.log" 2>&1; then
        echo "fuzz.sh: afl-fuzz failed for $target; its output:" >&2
        tail -n 30 "$out/runs/$target.log" >&2
        exit 2
    fi
    seconds=$(( $(date +%s) - started ))
    stats=$run/default/fuzzer_stats
    execs=$(stat execs_done "$stats")
    crashes=$(stat saved_crashes "$stats")
    hangs=$(stat saved_hangs "$stats")
    if [ "$crashes" -gt 0 ]; then
        mkdir -p "$out/crashes/$target"
        cp "$run"/default/crashes/id:* "$out/crashes/$target/"
        total_crashes=$((total_crashes + crashes))
    fi
    rows+=("$(printf '%-11s %12s %8s %6s %8s' "$target" "$execs" "$crashes" "$hangs" "${seconds}s")")
    echo "fuzz.sh: $target: $execs executions, $crashes crashes, $hangs hangs in ${seconds}s" >&2
done

echo "fuzz campaign: $budget per target"
printf '%-11s %12s %8s %6s %8s\n' target executions crashes hangs time
printf '%s\n' "${rows[@]}"
if [ "$total_crashes" -gt 0 ]; then
    echo "fuzz.sh: $total_crashes crashing inputs in artifacts/fuzz/crashes/ (replay: dotnet artifacts/fuzz/bin/Appliance.Fuzz.dll TARGET FILE)" >&2
    exit 1
fi
