using System.Buffers.Binary;
using System.Net.Sockets;

namespace Appliance.Vrrp.Wire;

/// <summary>
/// Wraps a VRRP message in an IPv4 or IPv6 header, as the kernel would send it. For captures, test vectors, the
/// hostile-packet tests, and IPv6 advertisements with the virtual MAC (sent as whole frames); otherwise the node lets
/// the kernel build its headers.
/// </summary>
public static class IpPacketWriter
{
    public const int IPv4HeaderLength = 20;
    public const int IPv6HeaderLength = 40;

    public static int Write(ReadOnlySpan<byte> vrrpMessage, in PacketMetadata metadata, Span<byte> buffer, ushort identification = 0)
    {
        if (metadata.Source.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var length = IPv6HeaderLength + vrrpMessage.Length;
            var header = buffer[..IPv6HeaderLength];
            header.Clear();
            header[0] = 0x6C; // version 6, traffic class CS6 (0xC0) across the nibble boundary
            BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)vrrpMessage.Length);
            header[6] = VrrpProtocol.IpProtocol;
            header[7] = metadata.HopLimit;
            metadata.Source.TryWriteBytes(header[8..], out _);
            metadata.Destination.TryWriteBytes(header[24..], out _);
            vrrpMessage.CopyTo(buffer[IPv6HeaderLength..]);
            return length;
        }
        else
        {
            var length = IPv4HeaderLength + vrrpMessage.Length;
            var header = buffer[..IPv4HeaderLength];
            header.Clear();
            header[0] = 0x45;
            header[1] = 0xC0; // DSCP CS6 (network control), as Linux VRRP speakers mark their advertisements
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)length);
            BinaryPrimitives.WriteUInt16BigEndian(header[4..], identification);
            header[8] = metadata.HopLimit;
            header[9] = VrrpProtocol.IpProtocol;
            metadata.Source.TryWriteBytes(header[12..], out _);
            metadata.Destination.TryWriteBytes(header[16..], out _);
            BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.ComputeIPv4Header(header));
            vrrpMessage.CopyTo(buffer[IPv4HeaderLength..]);
            return length;
        }
    }
}
