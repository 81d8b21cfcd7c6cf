using System.Net;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// An AF_PACKET socket that sends whole Ethernet frames of one EtherType on one interface: gratuitous ARP, and IPv6
/// advertisements that must carry the virtual MAC as their source. It never reads.
/// </summary>
public sealed unsafe class PacketSocket : IDisposable
{
    private readonly SafeFd _handle;

    private PacketSocket(SafeFd handle, string interfaceName, int interfaceIndex, ushort etherType)
    {
        _handle = handle;
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        EtherType = etherType;
    }

    public string InterfaceName { get; }

    public int InterfaceIndex { get; }

    public ushort EtherType { get; }

    public static PacketSocket Open(string interfaceName, int interfaceIndex, ushort etherType)
    {
        var protocol = (ushort)IPAddress.HostToNetworkOrder((short)etherType);
        var fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        if (fd == -1)
        {
            throw Interop.Failure($"socket(AF_PACKET, 0x{etherType:x4}) on {interfaceName}");
        }

        var handle = SafeFd.Own(fd);
        var bind = new sockaddr_ll { sll_family = (ushort)LibC.AF_PACKET, sll_protocol = protocol, sll_ifindex = interfaceIndex };
        if (LibC.bind(fd, (sockaddr*)&bind, (uint)sizeof(sockaddr_ll)) == -1)
        {
            var failure = Interop.Failure($"bind AF_PACKET socket to {interfaceName}");
            handle.Dispose();
            throw failure;
        }

        // A packet socket bound to an EtherType would also queue every such frame it sees; we only send.
        RawIpSocket.SetInt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, 0, $"AF_PACKET on {interfaceName}: SO_RCVBUF");
        return new PacketSocket(handle, interfaceName, interfaceIndex, etherType);
    }

    /// <summary>Sends a frame that already holds its Ethernet header (destination in its first 6 bytes).</summary>
    public void Send(ReadOnlySpan<byte> frame, string what)
    {
        var to = new sockaddr_ll
        {
            sll_family = (ushort)LibC.AF_PACKET,
            sll_protocol = (ushort)IPAddress.HostToNetworkOrder((short)EtherType),
            sll_ifindex = InterfaceIndex,
            sll_halen = 6,
        };
        for (var i = 0; i < 6; i++)
        {
            to.sll_addr[i] = frame[i];
        }

        using var lease = _handle.Borrow();
        long sent;
        fixed (byte* data = frame)
        {
            do
            {
                sent = LibC.sendto(lease.Value, data, frame.Length, 0, (sockaddr*)&to, (uint)sizeof(sockaddr_ll));
            }
            while (Interop.Interrupted(sent));
        }

        if (sent == -1)
        {
            throw Interop.Failure($"send {what} on {InterfaceName}");
        }
    }

    public void Dispose() => _handle.Dispose();
}
