#!/usr/bin/env python3
"""Captures netlink messages the kernel sends, as hex, for the decoder tests (kernel-messages.txt).

Run as root: ./capture-kernel-messages.py > kernel-messages.txt
Builds a throwaway namespace: veth0/veth1 (both up), a macvlan mv0 (private, 00:00:5e:00:01:33) on veth0,
192.0.2.10/24 with label veth0:vip and 2001:db8::10/64 nodad on veth0. Prints "NAME HEX" lines.
"""
import ctypes, os, socket, struct, subprocess, sys

NS = f"aplkm{os.getpid()}"
SOL_NETLINK, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 270, 10, 11
RTM_NEWLINK, RTM_GETLINK, RTM_NEWADDR, RTM_GETADDR = 16, 18, 20, 22
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP, NLM_F_EXCL, NLM_F_CREATE = 1, 4, 0x300, 0x200, 0x400


def ip(*args):
    subprocess.run(["ip", "-n", NS, *args], check=True)


def messages(sock):
    """Yields (type, flags, bytes) of every message until DONE or ERROR."""
    while True:
        data = sock.recv(65536)
        offset = 0
        while offset < len(data):
            length, kind, flags = struct.unpack_from("=IHH", data, offset)
            yield kind, flags, data[offset:offset + length]
            if kind in (NLMSG_DONE, NLMSG_ERROR):
                return
            offset += (length + 3) & ~3


def request(sock, kind, flags, payload, seq):
    sock.send(struct.pack("=IHHII", 16 + len(payload), kind, flags, seq, 0) + payload)
    return list(messages(sock))


def main():
    subprocess.run(["ip", "netns", "add", NS], check=True)
    try:
        ip("link", "add", "veth0", "type", "veth", "peer", "name", "veth1")
        ip("link", "set", "veth0", "up")
        ip("link", "set", "veth1", "up")
        ip("link", "add", "mv0", "link", "veth0", "address", "00:00:5e:00:01:33", "type", "macvlan", "mode", "private")
        ip("addr", "add", "192.0.2.10/24", "brd", "+", "dev", "veth0", "label", "veth0:vip")
        ip("addr", "add", "2001:db8::10/64", "dev", "veth0", "nodad")
        fd = os.open(f"/run/netns/{NS}", os.O_RDONLY)
        if ctypes.CDLL(None, use_errno=True).setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
            raise OSError(ctypes.get_errno(), "setns")
        os.close(fd)
        sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
        sock.bind((0, 0))
        ifinfomsg = struct.pack("=BBHiII", 0, 0, 0, 0, 0, 0)
        ext_mask = struct.pack("=HHI", 8, 29, 8)  # IFLA_EXT_MASK = RTEXT_FILTER_SKIP_STATS
        names = {1: "lo", 2: "veth1", 3: "veth0", 4: "mv0"}
        for kind, flags, data in request(sock, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, ifinfomsg + ext_mask, 100):
            if kind == RTM_NEWLINK:
                index = struct.unpack_from("=i", data, 20)[0]
                print(f"link-{names.get(index, index)}", data.hex())
            elif kind == NLMSG_DONE:
                print("done", data.hex())
        addresses = {2: "ipv4", 10: "ipv6"}
        for kind, flags, data in request(sock, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, struct.pack("=BBBBI", 0, 0, 0, 0, 0), 101):
            if kind == RTM_NEWADDR:
                family, plen, _, scope, index = struct.unpack_from("=BBBBI", data, 16)
                if index == 3:
                    print(f"addr-{addresses[family]}-{'link' if scope == 253 else 'global'}", data.hex())
        # A duplicate address: the plain error (whole request echoed), then capped with extended ack.
        add = struct.pack("=BBBBI", 2, 24, 0, 0, 3) + struct.pack("=HH4s", 8, 2, socket.inet_aton("192.0.2.10")) \
            + struct.pack("=HH4s", 8, 1, socket.inet_aton("192.0.2.10"))
        flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
        print("error-eexist", request(sock, RTM_NEWADDR, flags, add, 102)[-1][2].hex())
        sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        print("error-eexist-capped", request(sock, RTM_NEWADDR, flags, add, 103)[-1][2].hex())
        # An invalid prefix length, which the kernel explains in an extended ack.
        bad = struct.pack("=BBBBI", 2, 33, 0, 0, 3) + add[8:]
        print("error-einval-extack", request(sock, RTM_NEWADDR, flags, bad, 104)[-1][2].hex())
        print("ack", request(sock, RTM_NEWADDR, flags, struct.pack("=BBBBI", 2, 24, 0, 0, 3)
              + struct.pack("=HH4s", 8, 2, socket.inet_aton("192.0.2.20")) + struct.pack("=HH4s", 8, 1, socket.inet_aton("192.0.2.20")), 105)[-1][2].hex())
    finally:
        subprocess.run(["ip", "netns", "del", NS], check=True)


if __name__ == "__main__":
    sys.exit(main())
