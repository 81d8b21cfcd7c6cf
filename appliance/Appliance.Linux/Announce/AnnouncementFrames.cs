using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Appliance.Linux.Announce;

/// <summary>
/// The bytes of the announcements a new master sends (RFC 9568 6.4.2, 8.1.2, 8.2.2): a gratuitous ARP for each IPv4
/// address and an unsolicited neighbour advertisement for each IPv6 address. Pure, so they are tested as bytes.
/// </summary>
public static class AnnouncementFrames
{
    public const int ArpFrameLength = 42;
    public const int NeighborAdvertisementLength = 32;
    public const ushort EtherTypeArp = 0x0806;

    /// <summary>
    /// An Ethernet broadcast ARP request whose sender and target are both the address (RFC 5227 "ARP
    /// Announcement"): every host updates an existing cache entry, none answers.
    /// </summary>
    public static int GratuitousArp(PhysicalAddress mac, IPAddress address, Span<byte> frame)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not IPv4", nameof(address));
        }

        var sender = mac.GetAddressBytes();
        if (sender.Length != 6)
        {
            throw new ArgumentException($"{mac} is not an Ethernet address", nameof(mac));
        }

        frame = frame[..ArpFrameLength];
        frame.Clear();
        frame[..6].Fill(0xFF);                                   // destination: broadcast
        sender.CopyTo(frame[6..]);                               // source
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherTypeArp);
        BinaryPrimitives.WriteUInt16BigEndian(frame[14..], 1);  // hardware type: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(frame[16..], 0x0800);
        frame[18] = 6;
        frame[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame[20..], 1);  // request
        sender.CopyTo(frame[22..]);
        address.TryWriteBytes(frame[28..], out _);
        address.TryWriteBytes(frame[38..], out _);               // target hardware address stays zero
        return ArpFrameLength;
    }

    /// <summary>
    /// An ICMPv6 neighbour advertisement (RFC 4861 4.4) for the target, Override set and Solicited clear, with the
    /// target link-layer address option, to be sent to ff02::1 with hop limit 255. The kernel fills the checksum.
    /// </summary>
    public static int UnsolicitedNeighborAdvertisement(PhysicalAddress mac, IPAddress target, bool router, Span<byte> message)
    {
        if (target.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"{target} is not IPv6", nameof(target));
        }

        message = message[..NeighborAdvertisementLength];
        message.Clear();
        message[0] = 136;                                         // type: neighbour advertisement
        message[4] = (byte)((router ? 0x80 : 0) | 0x20);          // R, S=0, O=1
        target.TryWriteBytes(message[8..], out _);
        message[24] = 2;                                          // option: target link-layer address
        message[25] = 1;                                          // length in units of 8 bytes
        mac.GetAddressBytes().CopyTo(message[26..]);
        return NeighborAdvertisementLength;
    }

    public const ushort EtherTypeIPv6 = 0x86DD;

    /// <summary>
    /// An Ethernet frame around a whole IPv6 packet, to an IPv6 multicast group (33:33 and the group's low 32 bits,
    /// RFC 2464 7), from <paramref name="source"/>.
    /// </summary>
    public static int IPv6Multicast(PhysicalAddress source, IPAddress group, ReadOnlySpan<byte> ipPacket, Span<byte> frame)
    {
        Span<byte> bytes = stackalloc byte[16];
        group.TryWriteBytes(bytes, out _);
        frame[0] = 0x33;
        frame[1] = 0x33;
        bytes[12..16].CopyTo(frame[2..]);
        source.GetAddressBytes().CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherTypeIPv6);
        ipPacket.CopyTo(frame[14..]);
        return 14 + ipPacket.Length;
    }

    /// <summary>The virtual router MAC of RFC 9568 7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6.</summary>
    public static PhysicalAddress VirtualRouterMac(byte vrid, AddressFamily family) =>
        new([0x00, 0x00, 0x5E, 0x00, family == AddressFamily.InterNetworkV6 ? (byte)0x02 : (byte)0x01, vrid]);
}
