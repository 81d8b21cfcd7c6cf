using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>How a <see cref="RawIpSocket"/> is opened: the protocol it carries and how its packets leave.</summary>
/// <param name="Protocol">The IP protocol number (VRRP: 112).</param>
/// <param name="HopLimit">TTL / hop limit of every packet sent, unicast and multicast.</param>
/// <param name="TrafficClass">IPv4 TOS / IPv6 traffic class of every packet sent.</param>
/// <param name="Group">A multicast group to join on the interface, or null to hear only what is sent to us.</param>
public readonly record struct RawIpSocketOptions(byte Protocol, byte HopLimit, int TrafficClass, IPAddress? Group);

/// <summary>
/// One datagram as the kernel gave it. IPv4: the buffer starts with the IP header (where addresses and TTL are).
/// IPv6: the buffer is the payload alone, and the addresses and hop limit come from the ancillary data.
/// </summary>
public readonly record struct RawIpDatagram(int Length, bool Truncated, UInt128 Ipv6Source, UInt128? Ipv6Destination, byte Ipv6HopLimit)
{
    /// <summary>Writes a 128-bit address as the 16 bytes of its network order.</summary>
    public static void WriteAddress(UInt128 address, Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, address);
}

/// <summary>
/// A raw IP socket for one protocol on one interface and one address family: bound to the device, our own multicast
/// not looped back, optionally joined to a multicast group on that interface only. It knows the kernel, not the
/// protocol: the VRRP edge (RFC 9568 5.1.1, 5.1.2) chooses protocol 112, hop limit 255 and the group, and parses what
/// arrives.
/// </summary>
public sealed unsafe class RawIpSocket : IDisposable
{
    private const int ControlBufferLength = 256;

    private RawIpSocket(SafeFd handle, string interfaceName, int interfaceIndex, AddressFamily family)
    {
        Handle = handle;
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        Family = family;
    }

    public SafeFd Handle { get; }

    public string InterfaceName { get; }

    public int InterfaceIndex { get; }

    public AddressFamily Family { get; }

    public static RawIpSocket Open(string interfaceName, int interfaceIndex, AddressFamily family, RawIpSocketOptions options)
    {
        var ipv6 = family == AddressFamily.InterNetworkV6;
        var fd = LibC.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, options.Protocol);
        if (fd == -1)
        {
            throw Interop.Failure($"socket(raw, protocol {options.Protocol}) for {interfaceName}");
        }

        var handle = SafeFd.Own(fd);
        try
        {
            var what = $"raw socket (protocol {options.Protocol}) on {interfaceName}";
            BindToDevice(fd, interfaceName, what);
            if (ipv6)
            {
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS, options.HopLimit, $"{what}: IPV6_MULTICAST_HOPS");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_UNICAST_HOPS, options.HopLimit, $"{what}: IPV6_UNICAST_HOPS");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_LOOP, 0, $"{what}: IPV6_MULTICAST_LOOP");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF, interfaceIndex, $"{what}: IPV6_MULTICAST_IF");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVPKTINFO, 1, $"{what}: IPV6_RECVPKTINFO");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVHOPLIMIT, 1, $"{what}: IPV6_RECVHOPLIMIT");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_TCLASS, options.TrafficClass, $"{what}: IPV6_TCLASS");
                if (options.Group is { } group)
                {
                    var membership = new ipv6_mreq { ipv6mr_interface = (uint)interfaceIndex };
                    WriteAddress(group, membership.ipv6mr_multiaddr.s6_addr, 16);
                    Set(fd, LibC.IPPROTO_IPV6, LibC.IPV6_ADD_MEMBERSHIP, &membership, sizeof(ipv6_mreq), $"{what}: join {group}");
                }
            }
            else
            {
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, options.HopLimit, $"{what}: IP_MULTICAST_TTL");
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_TTL, options.HopLimit, $"{what}: IP_TTL");
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, 0, $"{what}: IP_MULTICAST_LOOP");
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_PKTINFO, 1, $"{what}: IP_PKTINFO");
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_TOS, options.TrafficClass, $"{what}: IP_TOS");
                var outgoing = new ip_mreqn { imr_ifindex = interfaceIndex };
                Set(fd, LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, &outgoing, sizeof(ip_mreqn), $"{what}: IP_MULTICAST_IF");
                if (options.Group is { } group)
                {
                    var membership = new ip_mreqn { imr_ifindex = interfaceIndex };
                    WriteAddress(group, membership.imr_multiaddr.s_addr, 4);
                    Set(fd, LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP, &membership, sizeof(ip_mreqn), $"{what}: join {group}");
                }
            }

            return new RawIpSocket(handle, interfaceName, interfaceIndex, family);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads one datagram into <paramref name="buffer"/>. Returns false when nothing is queued.</summary>
    public bool TryReceive(byte[] buffer, out RawIpDatagram datagram)
    {
        datagram = default;
        using var lease = Handle.Borrow();
        var control = stackalloc byte[ControlBufferLength];
        var from = default(sockaddr_in6);
        long length;
        fixed (byte* data = buffer)
        {
            var iov = new iovec { iov_base = data, iov_len = buffer.Length };
            var header = new msghdr
            {
                msg_name = &from,
                msg_namelen = sizeof(sockaddr_in6),
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = control,
                msg_controllen = ControlBufferLength,
            };
            do
            {
                length = LibC.recvmsg(lease.Value, &header, 0);
            }
            while (Interop.Interrupted(length));

            if (length == -1)
            {
                var errno = Interop.LastErrno;
                return errno == Errno.EAGAIN ? false : throw new SystemCallException(errno, $"receive on the raw socket of {InterfaceName}");
            }

            var truncated = (header.msg_flags & LibC.MSG_TRUNC) != 0;
            if (Family == AddressFamily.InterNetwork)
            {
                datagram = new RawIpDatagram((int)length, truncated, 0, null, 0);
                return true;
            }

            byte hopLimit = 0;
            UInt128? destination = null;
            for (var cmsg = LibC.CMSG_FIRSTHDR(&header); cmsg != null; cmsg = LibC.CMSG_NXTHDR(&header, cmsg))
            {
                if (cmsg->cmsg_level != LibC.IPPROTO_IPV6)
                {
                    continue;
                }

                if (cmsg->cmsg_type == LibC.IPV6_HOPLIMIT)
                {
                    hopLimit = (byte)*(int*)LibC.CMSG_DATA(cmsg);
                }
                else if (cmsg->cmsg_type == LibC.IPV6_PKTINFO)
                {
                    var info = (in6_pktinfo*)LibC.CMSG_DATA(cmsg);
                    destination = BinaryPrimitives.ReadUInt128BigEndian(new ReadOnlySpan<byte>(info->ipi6_addr.s6_addr, 16));
                }
            }

            // No scope id: the socket is bound to one interface, and configured peers carry none either.
            var source = BinaryPrimitives.ReadUInt128BigEndian(new ReadOnlySpan<byte>(from.sin6_addr.s6_addr, 16));
            datagram = new RawIpDatagram((int)length, truncated, source, destination, hopLimit);
            return true;
        }
    }

    /// <summary>Sends a payload from <paramref name="source"/> (which must be ours on the interface) to a group or a peer.</summary>
    public void Send(ReadOnlySpan<byte> message, IPAddress source, IPAddress destination)
    {
        using var lease = Handle.Borrow();
        var control = stackalloc byte[ControlBufferLength];
        new Span<byte>(control, ControlBufferLength).Clear();
        long sent;
        fixed (byte* data = message)
        {
            var iov = new iovec { iov_base = data, iov_len = message.Length };
            var header = new msghdr { msg_iov = &iov, msg_iovlen = 1, msg_control = control };
            if (Family == AddressFamily.InterNetworkV6)
            {
                var to = new sockaddr_in6 { sin6_family = LibC.AF_INET6, sin6_scope_id = (uint)InterfaceIndex };
                WriteAddress(destination, to.sin6_addr.s6_addr, 16);
                header.msg_name = &to;
                header.msg_namelen = sizeof(sockaddr_in6);
                header.msg_controllen = LibC.CMSG_SPACE(sizeof(in6_pktinfo));
                var cmsg = LibC.CMSG_FIRSTHDR(&header);
                cmsg->cmsg_level = LibC.IPPROTO_IPV6;
                cmsg->cmsg_type = LibC.IPV6_PKTINFO;
                cmsg->cmsg_len = Interop.CMSG_LEN(sizeof(in6_pktinfo));
                var info = (in6_pktinfo*)LibC.CMSG_DATA(cmsg);
                info->ipi6_ifindex = (uint)InterfaceIndex;
                WriteAddress(source, info->ipi6_addr.s6_addr, 16);
                sent = SendMessage(lease.Value, &header);
            }
            else
            {
                var to = new sockaddr_in { sin_family = LibC.AF_INET };
                WriteAddress(destination, to.sin_addr.s_addr, 4);
                header.msg_name = &to;
                header.msg_namelen = sizeof(sockaddr_in);
                header.msg_controllen = LibC.CMSG_SPACE(sizeof(in_pktinfo));
                var cmsg = LibC.CMSG_FIRSTHDR(&header);
                cmsg->cmsg_level = LibC.IPPROTO_IP;
                cmsg->cmsg_type = LibC.IP_PKTINFO;
                cmsg->cmsg_len = Interop.CMSG_LEN(sizeof(in_pktinfo));
                var info = (in_pktinfo*)LibC.CMSG_DATA(cmsg);
                info->ipi_ifindex = InterfaceIndex;
                WriteAddress(source, info->ipi_spec_dst.s_addr, 4);
                sent = SendMessage(lease.Value, &header);
            }
        }

        if (sent == -1)
        {
            throw Interop.Failure($"send on {InterfaceName} to {destination}");
        }
    }

    public void Dispose() => Handle.Dispose();

    private static long SendMessage(int fd, msghdr* header)
    {
        long sent;
        do
        {
            sent = LibC.sendmsg(fd, header, 0);
        }
        while (Interop.Interrupted(sent));
        return sent;
    }

    internal static void BindToDevice(int fd, string interfaceName, string what)
    {
        var name = Encoding.ASCII.GetBytes(interfaceName + "\0");
        fixed (byte* bytes = name)
        {
            Set(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, bytes, name.Length, $"{what}: SO_BINDTODEVICE {interfaceName}");
        }
    }

    internal static void SetInt(int fd, int level, int name, int value, string operation) => Set(fd, level, name, &value, sizeof(int), operation);

    internal static void Set(int fd, int level, int name, void* value, int length, string operation)
    {
        if (LibC.setsockopt(fd, level, name, value, (uint)length) == -1)
        {
            throw Interop.Failure(operation);
        }
    }

    internal static void WriteAddress(IPAddress address, byte* destination, int length)
    {
        if (!address.TryWriteBytes(new Span<byte>(destination, length), out var written) || written != length)
        {
            throw new ArgumentException($"{address} is not a {length * 8}-bit address");
        }
    }
}
