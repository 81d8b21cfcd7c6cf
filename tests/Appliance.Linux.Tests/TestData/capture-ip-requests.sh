#!/bin/sh
# Captures the netlink requests iproute2 sends, as hex, for RouteRequestTests (ip-requests.txt).
# Run as root: ./capture-ip-requests.sh > ip-requests.txt
# Everything happens in a throwaway namespace; the ifindexes it prints are fixed by the order of creation.
set -eu
ns=aplcap$$
ip netns add $ns
trap 'ip netns del $ns' EXIT
ip -n $ns link add veth0 type veth peer name veth1        # veth1 = 2, veth0 = 3
ip -n $ns link set veth0 up
ip -n $ns link set veth1 up
ip -n $ns link add mv0 link veth0 address 00:00:5e:00:01:33 type macvlan mode private   # 4

# Prints "NAME HEX" for the last sendmsg of an ip command (the request itself, after any name lookups).
capture() {
    name=$1; shift
    strace -e trace=sendmsg -xx -s 4096 ip -n $ns "$@" 2>&1 >/dev/null | grep '^sendmsg' | tail -1 | python3 -c '
import re, struct, sys
line = sys.stdin.read()
h = re.search(r"nlmsg_len=(\d+), nlmsg_type=(0x[0-9a-f]+|\w+).*?, nlmsg_flags=([^,]+), nlmsg_seq=(\d+), nlmsg_pid=(\d+)", line)
flags = 0
for f in h.group(3).split("|"):
    f = f.strip()
    flags |= int(f, 16) if f.startswith("0x") else {"NLM_F_REQUEST": 1, "NLM_F_MULTI": 2, "NLM_F_ACK": 4, "NLM_F_ECHO": 8, "NLM_F_DUMP": 0x300}[f]
payload = bytes(int(b, 16) for b in re.findall(r"\\x([0-9a-f]{2})", line.split("}, \"", 1)[1].split("\"]", 1)[0]))
header = struct.pack("=IHHII", int(h.group(1)), int(h.group(2), 16), flags, int(h.group(4)), int(h.group(5)))
print(sys.argv[1], (header + payload).hex())
' "$name"
}

capture addr-add-ipv4-brd addr add 192.0.2.11/24 brd + dev veth0
capture addr-add-ipv4-noprefixroute addr add 192.0.2.12/32 dev veth0 noprefixroute
capture addr-add-ipv4-label addr add 192.0.2.13/24 brd + dev veth0 label veth0:vip
capture addr-add-ipv6-nodad addr add 2001:db8::10/64 dev veth0 nodad
capture addr-del-ipv4 addr del 192.0.2.13/24 dev veth0
capture addr-del-ipv6 addr del 2001:db8::10/64 dev veth0
capture link-set-down link set veth0 down
capture link-set-up link set veth0 up
capture link-add-macvlan-bridge link add mv1 link veth0 address 00:00:5e:00:01:34 type macvlan mode bridge
capture link-add-macvlan-private link add mv2 link veth0 address 00:00:5e:00:01:35 type macvlan mode private
capture link-del link del mv1
capture link-set-address link set mv0 address 00:00:5e:00:01:36
capture route-add-default route add default via 192.0.2.1 dev veth0
capture route-del-default route del default via 192.0.2.1 dev veth0
capture route-add-ipv6-default route add default via 2001:db8::1 dev veth0
capture route-add-prefix-metric route add 198.51.100.0/24 via 192.0.2.1 metric 20 dev veth0
