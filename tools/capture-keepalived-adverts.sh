#!/usr/bin/env bash
# Captures real advertisements of keepalived (the Debian package) in a private network namespace, for the codec's
# test vectors: VRRPv3 over IPv4 and IPv6, VRRPv2 over IPv4. Writes one pcap and one hex file per case.
# usage: tools/capture-keepalived-adverts.sh OUTDIR      (root; needs keepalived, tshark, iproute2)
set -euo pipefail
out=${1:?usage: $0 OUTDIR}
mkdir -p "$out"
ns=kacap$$
work=$(mktemp -d)
kpid=

cleanup() {
    [ -n "$kpid" ] && kill "$kpid" 2>/dev/null || true
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add v0 type veth peer name v1
ip -n "$ns" addr add 192.0.2.12/24 dev v0
ip -n "$ns" addr add 2001:db8::12/64 dev v0 nodad
ip -n "$ns" link set v0 up
ip -n "$ns" link set v1 up
sleep 1

capture() { # name version family vip advert_int
    local name=$1 version=$2 family=$3 vip=$4 interval=$5
    cat >"$work/$name.conf" <<CONF
global_defs {
    vrrp_version $version
    enable_script_security
}
vrrp_instance cap {
    state MASTER
    interface v0
    virtual_router_id 51
    priority 150
    advert_int $interval
    $( [ "$family" = 6 ] && echo "native_ipv6" )
    virtual_ipaddress {
        $vip
    }
}
CONF
    ip netns exec "$ns" tshark -q -i v1 -f "ip proto 112 or ip6 proto 112" -c 3 -w "$work/$name.pcap" 2>/dev/null &
    local tpid=$!
    sleep 1
    ip netns exec "$ns" keepalived -n -l -D --dont-fork -f "$work/$name.conf" \
        -p "$work/$name.pid" -r "$work/$name.vrrp.pid" >"$work/$name.log" 2>&1 &
    kpid=$!
    wait "$tpid"
    kill "$kpid"; wait "$kpid" 2>/dev/null || true; kpid=
    cp "$work/$name.pcap" "$out/$name.pcap"
    # The last advertisement: the first ones may come from the transition.
    # tshark's own verdict, kept beside the capture as the independent check of our decoder.
    tshark -r "$work/$name.pcap" -T fields -E header=y -e frame.number -e ip.ttl -e ipv6.hlim -e vrrp.version \
        -e vrrp.virt_rtr_id -e vrrp.prio -e vrrp.adver_int -e vrrp.checksum -e vrrp.checksum.status \
        >"$out/$name.tshark.txt"
    # Raw frames as hex, link layer stripped (14 bytes of Ethernet).
    python3 - "$work/$name.pcap" "$out/$name.hex" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
# pcapng or pcap: tshark -w writes pcapng; walk Enhanced Packet Blocks.
out, off = [], 0
while off + 12 <= len(data):
    btype, blen = struct.unpack_from('<II', data, off)
    if btype == 6:
        caplen = struct.unpack_from('<I', data, off + 20)[0]
        frame = data[off + 28: off + 28 + caplen]
        out.append(frame[14:].hex())
    off += blen
open(sys.argv[2], 'w').write('\n'.join(out) + '\n')
PY
    echo "$name: $(wc -l <"$out/$name.hex") packets"
}

capture keepalived-v3-ipv4 3 4 192.0.2.10/24 1
capture keepalived-v2-ipv4 2 4 192.0.2.10/24 1
capture keepalived-v3-ipv6 3 6 2001:db8::10/64 1
