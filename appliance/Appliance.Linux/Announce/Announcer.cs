using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Appliance.Linux.Sockets;
using Tmds.Linux;

namespace Appliance.Linux.Announce;

/// <summary>
/// Sends the announcements of a new master on one interface: gratuitous ARP through an AF_PACKET socket, unsolicited
/// neighbour advertisements through a raw ICMPv6 socket. The sockets open on first use and stay open.
/// </summary>
public sealed unsafe class Announcer : IDisposable
{
    private static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");
    private readonly byte[] _frame = new byte[64];
    private PacketSocket? _packet;
    private SafeFd? _icmp;

    public Announcer(string interfaceName, int interfaceIndex, PhysicalAddress mac)
    {
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        Mac = mac;
    }

    public string InterfaceName { get; }

    public int InterfaceIndex { get; }

    /// <summary>The source MAC the announcements carry: the interface's, or the virtual MAC of a macvlan.</summary>
    public PhysicalAddress Mac { get; }

    /// <summary>Whether unsolicited NAs set the Router flag; a web appliance is a host (RFC 4861 4.4).</summary>
    public bool IsRouter { get; init; }

    public void Announce(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            SendArp(address);
        }
        else
        {
            SendNeighborAdvertisement(address);
        }
    }

    public void Dispose()
    {
        _packet?.Dispose();
        _icmp?.Dispose();
    }

    private void SendArp(IPAddress address)
    {
        _packet ??= PacketSocket.Open(InterfaceName, InterfaceIndex, AnnouncementFrames.EtherTypeArp);
        var length = AnnouncementFrames.GratuitousArp(Mac, address, _frame);
        _packet.Send(_frame.AsSpan(0, length), $"gratuitous ARP for {address}");
    }

    private void SendNeighborAdvertisement(IPAddress address)
    {
        _icmp ??= OpenIcmpSocket();
        var length = AnnouncementFrames.UnsolicitedNeighborAdvertisement(Mac, address, IsRouter, _frame);
        var to = new sockaddr_in6 { sin6_family = LibC.AF_INET6, sin6_scope_id = (uint)InterfaceIndex };
        RawIpSocket.WriteAddress(AllNodes, to.sin6_addr.s6_addr, 16);
        using var lease = _icmp.Borrow();
        long sent;
        fixed (byte* data = _frame)
        {
            do
            {
                sent = LibC.sendto(lease.Value, data, length, 0, (sockaddr*)&to, (uint)sizeof(sockaddr_in6));
            }
            while (Interop.Interrupted(sent));
        }

        if (sent == -1)
        {
            throw Interop.Failure($"send unsolicited neighbour advertisement for {address} on {InterfaceName}");
        }
    }

    private SafeFd OpenIcmpSocket()
    {
        var fd = LibC.socket(LibC.AF_INET6, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMPV6);
        if (fd == -1)
        {
            throw Interop.Failure($"socket(ICMPv6) for neighbour advertisements on {InterfaceName}");
        }

        var handle = SafeFd.Own(fd);
        try
        {
            var what = $"ICMPv6 socket on {InterfaceName}";
            RawIpSocket.BindToDevice(fd, InterfaceName, what);

            // RFC 4861 7.1.2: a receiver discards neighbour discovery messages whose hop limit is not 255.
            RawIpSocket.SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS, 255, $"{what}: IPV6_MULTICAST_HOPS");
            RawIpSocket.SetInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF, InterfaceIndex, $"{what}: IPV6_MULTICAST_IF");

            // ICMP6_FILTER: block everything; the socket never reads.
            var filter = stackalloc uint[8];
            for (var i = 0; i < 8; i++)
            {
                filter[i] = uint.MaxValue;
            }

            RawIpSocket.Set(fd, LibC.IPPROTO_ICMPV6, 1, filter, 32, $"{what}: ICMP6_FILTER");
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
