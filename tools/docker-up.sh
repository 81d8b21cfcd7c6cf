#!/bin/sh
# Make sure a docker daemon answers; if none does, start our own with its state under DIR.
#   tools/docker-up.sh DIR
# Our daemon keeps its data, exec root and pid file under DIR and logs to DIR/dockerd.log.
# tools/docker-down.sh DIR stops it, and only it, and removes the bridge it created.
#
# The tests' networks use documentation ranges, and a build machine may use them too (its own link, or the
# address its package mirrors resolve to): a docker0 on such a range routes them away and breaks apt and NuGet for
# everyone on the machine. So the default bridge gets 198.51.100.129/25 (override: APPLIANCE_DOCKER_BIP), the
# script refuses a range that overlaps a route of the machine or the addresses of the package hosts, and dockerd is
# told not to touch the host's firewall or forwarding (nothing here needs NAT: images come from docker import,
# never from a registry).
set -eu
dir=${1:?usage: docker-up.sh DIR}
bip=${APPLIANCE_DOCKER_BIP:-198.51.100.129/25}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# The daemon started here listens on the default socket, so that is the one to ask.
unset DOCKER_HOST

if docker version > /dev/null 2>&1; then
    echo "docker-up: a daemon already answers; not starting another"
    exit 0
fi
# Two daemons would fight over docker0 and the socket.
if pgrep -x dockerd > /dev/null; then
    echo "docker-up: a dockerd runs (pid $(pgrep -x dockerd | tr '\n' ' ')) but does not answer; not starting another" >&2
    exit 1
fi

to_number() {
    saved=$IFS
    IFS=.
    # shellcheck disable=SC2086 # splitting the address on dots is the point
    set -- $1
    IFS=$saved
    echo $(((($1 * 256 + $2) * 256 + $3) * 256 + $4))
}
# overlaps A/BITS B/BITS: whether two IPv4 ranges share an address.
overlaps() {
    first_size=$((1 << (32 - ${1#*/})))
    first=$(($(to_number "${1%/*}") / first_size * first_size))
    second_size=$((1 << (32 - ${2#*/})))
    second=$(($(to_number "${2%/*}") / second_size * second_size))
    [ "$first" -lt $((second + second_size)) ] && [ "$second" -lt $((first + first_size)) ]
}
case "$bip" in
    */*) ;;
    *) echo "docker-up: APPLIANCE_DOCKER_BIP must be ADDRESS/BITS, not $bip" >&2; exit 1 ;;
esac
for host in deb.debian.org api.nuget.org registry.npmjs.org; do
    for address in $(getent ahostsv4 "$host" 2> /dev/null | awk '{ print $1 }' | sort -u); do
        if overlaps "$bip" "$address/32"; then
            echo "docker-up: $host is $address, inside the bridge range $bip; set APPLIANCE_DOCKER_BIP to another range" >&2
            exit 1
        fi
    done
done
# A docker0 that already carries exactly this range is the bridge an earlier daemon of ours left behind (the kernel
# keeps it, and its route, after dockerd exits, and a machine may be imaged with it): dockerd adopts it, so its
# route is no overlap, and tools/docker-down.sh removes it with the daemon. Any other docker0 address is checked
# like every other route.
stale_bridge=
if [ "$(ip -4 -o addr show dev docker0 2> /dev/null | awk '{ print $4 }')" = "$bip" ]; then
    stale_bridge=yes
fi
ip -4 route show | awk '$1 != "default" { dev = ""; for (i = 2; i < NF; i++) if ($i == "dev") dev = $(i + 1); print $1, dev }' > "$dir/routes"
while read -r route dev; do
    case "$route" in */*) ;; *) route=$route/32 ;; esac
    if [ "$dev" = docker0 ] && [ -n "$stale_bridge" ]; then
        continue
    fi
    if overlaps "$bip" "$route"; then
        echo "docker-up: the bridge range $bip overlaps the route $route of this machine; set APPLIANCE_DOCKER_BIP" >&2
        exit 1
    fi
done < "$dir/routes"
rm -f "$dir/routes"

if ip link show docker0 > /dev/null 2>&1 && [ -z "$stale_bridge" ]; then
    rm -f "$dir/created-docker0"
else
    touch "$dir/created-docker0"
fi

# setsid: the daemon must not die with the shell (or test process) that started it.
setsid dockerd \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" \
    --bip "$bip" \
    --iptables=false \
    --ip-forward=false \
    --ip-masq=false \
    > "$dir/dockerd.log" 2>&1 < /dev/null &

waited=0
until docker version > /dev/null 2>&1; do
    if [ "$waited" -ge 300 ]; then
        echo "docker-up: dockerd did not answer within 30 s; last lines of $dir/dockerd.log:" >&2
        tail -n 20 "$dir/dockerd.log" >&2
        exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
done
echo "docker-up: started dockerd (pid $(cat "$dir/dockerd.pid")), bridge $bip, state in $dir"
