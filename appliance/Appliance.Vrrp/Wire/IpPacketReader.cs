using System.Buffers.Binary;
using System.Net;

namespace Appliance.Vrrp.Wire;

/// <summary>
/// Finds the VRRP message inside a whole captured packet (IPv4 or IPv6, optionally behind an Ethernet header) and
/// reads the metadata the decoder needs. The Linux edge does not use this: its sockets hand over the metadata.
/// </summary>
public static class IpPacketReader
{
    private const int EthernetHeaderLength = 14;
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const int IPv6HeaderLength = 40;

    /// <param name="interner">Where addresses seen before are taken from rather than allocated again (the receive path).</param>
    public static bool TryRead(ReadOnlySpan<byte> packet, out PacketMetadata metadata, out Range vrrpMessage, out DecodeError error, AddressInterner? interner = null)
    {
        var offset = SkipEthernet(packet);
        var result = TryReadIp(packet[offset..], out metadata, out var inner, out error, interner);
        var (start, length) = inner.GetOffsetAndLength(packet.Length - offset);
        vrrpMessage = (offset + start)..(offset + start + length);
        return result;
    }

    /// <summary>Accepts a frame as tshark's "copy as hex" gives it: an Ethernet header before the IP header.</summary>
    private static int SkipEthernet(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > EthernetHeaderLength && packet[0] >> 4 is not (4 or 6))
        {
            var etherType = BinaryPrimitives.ReadUInt16BigEndian(packet[12..]);
            if (etherType is EtherTypeIPv4 or EtherTypeIPv6)
            {
                return EthernetHeaderLength;
            }
        }

        return 0;
    }

    private static bool TryReadIp(ReadOnlySpan<byte> packet, out PacketMetadata metadata, out Range message, out DecodeError error, AddressInterner? interner)
    {
        metadata = default;
        message = default;
        if (packet.IsEmpty)
        {
            error = DecodeError.Truncated("an IP header", 20, 0);
            return false;
        }

        return (packet[0] >> 4) switch
        {
            4 => TryReadIPv4(packet, out metadata, out message, out error, interner),
            6 => TryReadIPv6(packet, out metadata, out message, out error, interner),
            var version => Fail(new DecodeError(DropReason.NotIp, $"not an IP packet: IP version nibble is {version}"), out error),
        };
    }

    private static bool TryReadIPv4(ReadOnlySpan<byte> packet, out PacketMetadata metadata, out Range message, out DecodeError error, AddressInterner? interner)
    {
        metadata = default;
        message = default;
        if (packet.Length < 20)
        {
            return Fail(DecodeError.Truncated("an IPv4 header", 20, packet.Length), out error);
        }

        var headerLength = (packet[0] & 0x0F) * 4;
        if (headerLength < 20)
        {
            return Fail(new DecodeError(DropReason.IpHeaderInvalid, $"IPv4 header length {headerLength} is below 20"), out error);
        }

        if (packet.Length < headerLength)
        {
            return Fail(DecodeError.Truncated("the IPv4 header with options", headerLength, packet.Length), out error);
        }

        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength < headerLength)
        {
            return Fail(new DecodeError(DropReason.IpHeaderInvalid, $"IPv4 total length {totalLength} is shorter than its header"), out error);
        }

        if (packet.Length < totalLength)
        {
            return Fail(DecodeError.Truncated("the IPv4 packet", totalLength, packet.Length), out error);
        }

        if (InternetChecksum.ComputeIPv4Header(packet[..headerLength]) != 0)
        {
            return Fail(new DecodeError(DropReason.IpHeaderInvalid, "IPv4 header checksum is wrong"), out error);
        }

        var fragment = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        if ((fragment & 0x3FFF) != 0)
        {
            return Fail(new DecodeError(DropReason.Fragmented, "IPv4 fragment: VRRP messages are never fragmented"), out error);
        }

        if (packet[9] != VrrpProtocol.IpProtocol)
        {
            return Fail(new DecodeError(DropReason.NotVrrp, $"IPv4 protocol is {packet[9]}, not 112 (VRRP)"), out error);
        }

        metadata = new PacketMetadata(Address(packet.Slice(12, 4), interner), Address(packet.Slice(16, 4), interner), packet[8]);
        message = headerLength..totalLength;
        error = default;
        return true;
    }

    private static bool TryReadIPv6(ReadOnlySpan<byte> packet, out PacketMetadata metadata, out Range message, out DecodeError error, AddressInterner? interner)
    {
        metadata = default;
        message = default;
        if (packet.Length < IPv6HeaderLength)
        {
            return Fail(DecodeError.Truncated("an IPv6 header", IPv6HeaderLength, packet.Length), out error);
        }

        var end = IPv6HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        if (packet.Length < end)
        {
            return Fail(DecodeError.Truncated("the IPv6 packet", end, packet.Length), out error);
        }

        // Walk the extension headers a VRRP packet may legitimately carry (RFC 8200 4).
        var nextHeader = packet[6];
        var offset = IPv6HeaderLength;
        while (nextHeader is 0 or 43 or 60)
        {
            if (end - offset < 8)
            {
                return Fail(DecodeError.Truncated("an IPv6 extension header", 8, end - offset), out error);
            }

            var extensionLength = (packet[offset + 1] + 1) * 8;
            if (end - offset < extensionLength)
            {
                return Fail(DecodeError.Truncated("an IPv6 extension header", extensionLength, end - offset), out error);
            }

            nextHeader = packet[offset];
            offset += extensionLength;
        }

        if (nextHeader == 44)
        {
            return Fail(new DecodeError(DropReason.Fragmented, "IPv6 fragment: VRRP messages are never fragmented"), out error);
        }

        if (nextHeader != VrrpProtocol.IpProtocol)
        {
            return Fail(new DecodeError(DropReason.NotVrrp, $"IPv6 next header is {nextHeader}, not 112 (VRRP)"), out error);
        }

        metadata = new PacketMetadata(Address(packet.Slice(8, 16), interner), Address(packet.Slice(24, 16), interner), packet[7]);
        message = offset..end;
        error = default;
        return true;
    }

    private static IPAddress Address(ReadOnlySpan<byte> bytes, AddressInterner? interner) =>
        interner is null ? new IPAddress(bytes) : interner.Intern(bytes);

    private static bool Fail(DecodeError reason, out DecodeError error)
    {
        error = reason;
        return false;
    }
}
