using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Vrrp.Wire;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// A raw IP socket for protocol 112 on one interface and one address family (RFC 9568 5.1.1, 5.1.2): bound to the
/// device, TTL / hop limit 255, our own multicast not looped back, and, for multicast mode, joined to 224.0.0.18 or
/// ff02::12 on that interface only. Receiving yields the VRRP message with the metadata the core's decoder needs.
/// </summary>
public sealed unsafe class VrrpSocket : IDisposable
{
    private const int IpTosNetworkControl = 0xC0; // DSCP CS6, as other VRRP speakers mark advertisements
    private const int ControlBufferLength = 256;

    private VrrpSocket(SafeFd handle, string interfaceName, int interfaceIndex, AddressFamily family)
    {
        Handle = handle;
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        Family = family;
    }

    // The peers and the group, heard with every advertisement: their addresses are allocated once, not per packet.
    private readonly AddressInterner _addresses = new();

    public SafeFd Handle { get; }

    public string InterfaceName { get; }

    public int InterfaceIndex { get; }

    public AddressFamily Family { get; }

    /// <param name="joinGroup">Multicast mode: join the VRRP group. Unicast mode receives what is sent to our address.</param>
    public static VrrpSocket Open(string interfaceName, int interfaceIndex, AddressFamily family, bool joinGroup)
    {
        var ipv6 = family == AddressFamily.InterNetworkV6;
        var fd = LibC.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, VrrpProtocol.IpProtocol);
        if (fd == -1)
        {
            throw Interop.Failure($"socket(raw, protocol 112) for {interfaceName}");
        }

        var handle = SafeFd.Own(fd);
        try
        {
            var what = $"VRRP socket on {interfaceName}";
            BindToDevice(fd, interfaceName, what);
            if (ipv6)
            {
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS, VrrpProtocol.HopLimit, $"{what}: IPV6_MULTICAST_HOPS");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_UNICAST_HOPS, VrrpProtocol.HopLimit, $"{what}: IPV6_UNICAST_HOPS");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_LOOP, 0, $"{what}: IPV6_MULTICAST_LOOP");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF, interfaceIndex, $"{what}: IPV6_MULTICAST_IF");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVPKTINFO, 1, $"{what}: IPV6_RECVPKTINFO");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVHOPLIMIT, 1, $"{what}: IPV6_RECVHOPLIMIT");
                SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_TCLASS, IpTosNetworkControl, $"{what}: IPV6_TCLASS");
                if (joinGroup)
                {
                    var membership = new ipv6_mreq { ipv6mr_interface = (uint)interfaceIndex };
                    WriteAddress(VrrpProtocol.MulticastGroupV6, membership.ipv6mr_multiaddr.s6_addr, 16);
                    Set(fd, LibC.IPPROTO_IPV6, LibC.IPV6_ADD_MEMBERSHIP, &membership, sizeof(ipv6_mreq), $"{what}: join ff02::12");
                }
            }
            else
            {
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, VrrpProtocol.HopLimit, $"{what}: IP_MULTICAST_TTL");
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_TTL, VrrpProtocol.HopLimit, $"{what}: IP_TTL");
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, 0, $"{what}: IP_MULTICAST_LOOP");
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_PKTINFO, 1, $"{what}: IP_PKTINFO");
                SetInt(fd, LibC.IPPROTO_IP, LibC.IP_TOS, IpTosNetworkControl, $"{what}: IP_TOS");
                var outgoing = new ip_mreqn { imr_ifindex = interfaceIndex };
                Set(fd, LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, &outgoing, sizeof(ip_mreqn), $"{what}: IP_MULTICAST_IF");
                if (joinGroup)
                {
                    var membership = new ip_mreqn { imr_ifindex = interfaceIndex };
                    WriteAddress(VrrpProtocol.MulticastGroupV4, membership.imr_multiaddr.s_addr, 4);
                    Set(fd, LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP, &membership, sizeof(ip_mreqn), $"{what}: join 224.0.0.18");
                }
            }

            return new VrrpSocket(handle, interfaceName, interfaceIndex, family);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads one packet. Returns false when nothing is queued. <paramref name="message"/> is the VRRP message within
    /// <paramref name="buffer"/>; for IPv4 the kernel hands over the IP header, which is where TTL and addresses are read.
    /// </summary>
    public bool TryReceive(byte[] buffer, out Range message, out PacketMetadata metadata, out DecodeError? error)
    {
        message = default;
        metadata = default;
        error = null;
        using var lease = Handle.Borrow();
        var control = stackalloc byte[ControlBufferLength];
        var from = default(sockaddr_in6);
        long length;
        int flags;
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
                return errno == Errno.EAGAIN ? false : throw new SystemCallException(errno, $"receive on the VRRP socket of {InterfaceName}");
            }

            flags = header.msg_flags;
            if (Family == AddressFamily.InterNetwork)
            {
                if (!IpPacketReader.TryRead(buffer.AsSpan(0, (int)length), out metadata, out message, out var ipError, _addresses))
                {
                    error = ipError;
                }

                return true;
            }

            byte hopLimit = 0;
            IPAddress? destination = null;
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
                    destination = _addresses.Intern(new ReadOnlySpan<byte>(info->ipi6_addr.s6_addr, 16));
                }
            }

            // No scope id: the socket is bound to one interface, and configured peers carry none either.
            var source = _addresses.Intern(new ReadOnlySpan<byte>(from.sin6_addr.s6_addr, 16));
            metadata = new PacketMetadata(source, destination ?? VrrpProtocol.MulticastGroupV6, hopLimit);
            message = 0..(int)length;
        }

        if ((flags & LibC.MSG_TRUNC) != 0)
        {
            error = new DecodeError(DropReason.Truncated, $"a packet longer than {buffer.Length} bytes was cut");
        }

        return true;
    }

    /// <summary>Sends a VRRP message from <paramref name="source"/> (which must be ours on the interface) to the group or a peer.</summary>
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
            throw Interop.Failure($"send VRRP advertisement on {InterfaceName} to {destination}");
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
