using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Vrrp.Wire;

/// <summary>Encodes an advertisement into the caller's buffer, checksum included.</summary>
public static class AdvertisementWriter
{
    /// <summary>Largest message: 255 IPv6 addresses.</summary>
    public const int MaxMessageLength = VrrpProtocol.HeaderLength + 255 * 16;

    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The advertisement cannot be encoded: a bug in the caller, not bad input.</exception>
    public static int Write(Advertisement advertisement, IPAddress source, IPAddress destination, ChecksumMode mode, Span<byte> buffer)
    {
        Validate(advertisement, source, destination);
        var length = advertisement.MessageLength;
        if (buffer.Length < length)
        {
            throw new ArgumentException($"buffer of {buffer.Length} bytes is too small for a {length}-byte advertisement", nameof(buffer));
        }

        var message = buffer[..length];
        message.Clear();
        message[0] = (byte)(((int)advertisement.Version << 4) | VrrpProtocol.TypeAdvertisement);
        message[1] = advertisement.VirtualRouterId;
        message[2] = advertisement.Priority;
        message[3] = (byte)advertisement.Addresses.Count;
        if (advertisement.Version == VrrpVersion.V3)
        {
            BinaryPrimitives.WriteUInt16BigEndian(message[4..], (ushort)(advertisement.Interval.Ticks / TimeSpan.TicksPerMillisecond / 10));
        }
        else
        {
            message[4] = advertisement.AuthenticationType;
            message[5] = (byte)advertisement.Interval.TotalSeconds;
        }

        // Index loops: a foreach over the IReadOnlyList would allocate an enumerator per advertisement sent.
        var offset = VrrpProtocol.HeaderLength;
        var addresses = advertisement.Addresses;
        for (var i = 0; i < addresses.Count; i++)
        {
            addresses[i].TryWriteBytes(message[offset..], out var written);
            offset += written;
        }

        // Authentication Data of VRRPv2 stays zero: we send Auth Type 0 (RFC 3768 5.3.10).
        var checksum = InternetChecksum.Compute(message, advertisement.Version, source, destination, mode);
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], checksum);
        return length;
    }

    private static void Validate(Advertisement advertisement, IPAddress source, IPAddress destination)
    {
        if (advertisement.VirtualRouterId == 0)
        {
            throw new ArgumentException("VRID 0 is not valid (RFC 9568 5.2.3)", nameof(advertisement));
        }

        if (advertisement.Addresses.Count > 255)
        {
            throw new ArgumentException("at most 255 addresses fit in an advertisement", nameof(advertisement));
        }

        if (source.AddressFamily != advertisement.Family || destination.AddressFamily != advertisement.Family)
        {
            throw new ArgumentException("source, destination and advertisement must be of one address family", nameof(source));
        }

        var addresses = advertisement.Addresses;
        for (var i = 0; i < addresses.Count; i++)
        {
            if (addresses[i].AddressFamily != advertisement.Family)
            {
                throw new ArgumentException($"address {addresses[i]} is not of the advertisement's family", nameof(advertisement));
            }
        }

        if (advertisement.Version == VrrpVersion.V2)
        {
            if (advertisement.Family != AddressFamily.InterNetwork)
            {
                throw new ArgumentException("VRRPv2 is IPv4 only", nameof(advertisement));
            }

            if (advertisement.Interval.Ticks % TimeSpan.TicksPerSecond != 0
                || advertisement.Interval < TimeSpan.FromSeconds(1) || advertisement.Interval > VrrpProtocol.V2MaximumInterval)
            {
                throw new ArgumentException($"VRRPv2 interval {advertisement.Interval} is not 1-255 whole seconds", nameof(advertisement));
            }
        }
        else if (advertisement.Interval.Ticks % (10 * TimeSpan.TicksPerMillisecond) != 0
            || advertisement.Interval < VrrpProtocol.V3MinimumInterval || advertisement.Interval > VrrpProtocol.V3MaximumInterval)
        {
            throw new ArgumentException($"VRRPv3 interval {advertisement.Interval} is not 10ms-40.95s in 10 ms steps", nameof(advertisement));
        }
    }
}
