using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Vrrp.Wire;

/// <summary>The 16-bit one's complement sum of RFC 1071, with the VRRP pseudo-headers of RFC 9568 5.2.8.</summary>
public static class InternetChecksum
{
    /// <summary>
    /// Checksum of a VRRP message. <paramref name="message"/> must hold zero in the checksum field when computing
    /// a checksum to send; over a received message with its checksum in place the result is zero when it is correct.
    /// </summary>
    public static ushort Compute(ReadOnlySpan<byte> message, VrrpVersion version, IPAddress source, IPAddress destination, ChecksumMode mode)
    {
        uint sum = 0;
        if (IncludesPseudoHeader(version, source.AddressFamily, mode))
        {
            sum = AddPseudoHeader(sum, source, destination, message.Length);
        }

        sum = Add(sum, message);
        return Finish(sum);
    }

    /// <summary>VRRPv2 covers the message only (RFC 3768 5.3.8); VRRPv3 adds the pseudo-header unless told not to.</summary>
    public static bool IncludesPseudoHeader(VrrpVersion version, AddressFamily family, ChecksumMode mode) =>
        version == VrrpVersion.V3 && (family == AddressFamily.InterNetworkV6 || mode == ChecksumMode.Standard);

    /// <summary>The IPv4 header checksum (RFC 791), used when we build whole packets for tests and captures.</summary>
    public static ushort ComputeIPv4Header(ReadOnlySpan<byte> header) => Finish(Add(0, header));

    private static uint AddPseudoHeader(uint sum, IPAddress source, IPAddress destination, int upperLayerLength)
    {
        Span<byte> address = stackalloc byte[16];
        source.TryWriteBytes(address, out var written);
        sum = Add(sum, address[..written]);
        destination.TryWriteBytes(address, out written);
        sum = Add(sum, address[..written]);

        Span<byte> tail = stackalloc byte[8];
        if (source.AddressFamily == AddressFamily.InterNetwork)
        {
            // RFC 768 style: zero, protocol, 16-bit length.
            tail[0] = 0;
            tail[1] = VrrpProtocol.IpProtocol;
            BinaryPrimitives.WriteUInt16BigEndian(tail[2..], (ushort)upperLayerLength);
            return Add(sum, tail[..4]);
        }

        // RFC 8200 8.1: 32-bit length, 24 zero bits, next header.
        BinaryPrimitives.WriteUInt32BigEndian(tail, (uint)upperLayerLength);
        tail[4] = 0;
        tail[5] = 0;
        tail[6] = 0;
        tail[7] = VrrpProtocol.IpProtocol;
        return Add(sum, tail);
    }

    private static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        return sum;
    }

    private static ushort Finish(uint sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
