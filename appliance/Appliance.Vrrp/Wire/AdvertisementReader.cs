using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Vrrp.Wire;

/// <summary>
/// Decodes the VRRP message of a received packet and applies the checks of RFC 9568 7.1 and RFC 3768 7.1 that
/// need nothing but the packet. Whether the packet is for one of our virtual routers is decided afterwards
/// (<see cref="Receive.AdvertisementReceiver"/>), because "invalid" and "not for us" are different outcomes.
/// </summary>
public static class AdvertisementReader
{
    /// <param name="message">The VRRP message: what follows the IPv4 header, or the IPv6 payload.</param>
    /// <param name="metadata">Source, destination and TTL / hop limit, from the IP layer.</param>
    /// <param name="mode">How a VRRPv3-over-IPv4 checksum is expected to be computed.</param>
    public static bool TryRead(
        ReadOnlySpan<byte> message,
        in PacketMetadata metadata,
        ChecksumMode mode,
        out Advertisement advertisement,
        out DecodeError error)
    {
        advertisement = null!;
        var family = metadata.Source.AddressFamily;
        var ipv6 = family == AddressFamily.InterNetworkV6;

        // RFC 9568 7.1: "MUST verify that the IPv4 TTL / IPv6 Hop Limit is 255".
        if (metadata.HopLimit != VrrpProtocol.HopLimit)
        {
            error = DecodeError.HopLimit(ipv6, metadata.HopLimit);
            return false;
        }

        if (message.Length < VrrpProtocol.HeaderLength)
        {
            error = DecodeError.Truncated("the VRRP header", VrrpProtocol.HeaderLength, message.Length);
            return false;
        }

        var versionNumber = message[0] >> 4;
        var type = message[0] & 0x0F;
        if (versionNumber is not (2 or 3))
        {
            error = DecodeError.UnsupportedVersion(versionNumber);
            return false;
        }

        var version = (VrrpVersion)versionNumber;
        if (version == VrrpVersion.V2 && ipv6)
        {
            error = DecodeError.V2OverIPv6();
            return false;
        }

        if (type != VrrpProtocol.TypeAdvertisement)
        {
            error = DecodeError.UnknownType(type);
            return false;
        }

        var vrid = message[1];
        var priority = message[2];
        var count = message[3];
        var addressLength = ipv6 ? 16 : 4;
        var authLength = version == VrrpVersion.V2 ? VrrpProtocol.V2AuthenticationDataLength : 0;
        var expectedLength = VrrpProtocol.HeaderLength + count * addressLength + authLength;

        // RFC 9568 7.1: "MUST verify that the received packet contains the complete VRRP packet (including fixed
        // fields, and IPvX address(es))". A longer packet is refused as well: its count cannot be trusted.
        if (message.Length != expectedLength)
        {
            error = DecodeError.AddressCount(count, expectedLength, message.Length);
            return false;
        }

        var received = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        if (InternetChecksum.Compute(message, version, metadata.Source, metadata.Destination, mode) != 0)
        {
            error = DecodeError.BadChecksum(received, ExpectedChecksum(message, version, metadata, mode), ChecksumHint(message, version, metadata, mode));
            return false;
        }

        TimeSpan interval;
        byte authType = 0;
        if (version == VrrpVersion.V3)
        {
            // The top 4 bits are reserved: "MUST be set to zero on transmission and ignored on reception".
            var centiseconds = BinaryPrimitives.ReadUInt16BigEndian(message[4..]) & VrrpProtocol.V3MaxIntervalCentiseconds;
            interval = TimeSpan.FromMilliseconds(centiseconds * 10);
        }
        else
        {
            authType = message[4];
            interval = TimeSpan.FromSeconds(message[5]);
            if (authType != 0)
            {
                error = DecodeError.UnsupportedAuthentication(authType);
                return false;
            }
        }

        if (interval == TimeSpan.Zero)
        {
            error = DecodeError.ZeroInterval();
            return false;
        }

        var addresses = new IPAddress[count];
        var offset = VrrpProtocol.HeaderLength;
        for (var i = 0; i < count; i++, offset += addressLength)
        {
            addresses[i] = new IPAddress(message.Slice(offset, addressLength));
        }

        advertisement = new Advertisement
        {
            Version = version,
            VirtualRouterId = vrid,
            Priority = priority,
            Interval = interval,
            Family = family,
            Addresses = addresses,
            AuthenticationType = authType,
        };
        error = default;
        return true;
    }

    private static ushort ExpectedChecksum(ReadOnlySpan<byte> message, VrrpVersion version, in PacketMetadata metadata, ChecksumMode mode)
    {
        Span<byte> copy = stackalloc byte[message.Length];
        message.CopyTo(copy);
        copy[6] = 0;
        copy[7] = 0;
        return InternetChecksum.Compute(copy, version, metadata.Source, metadata.Destination, mode);
    }

    /// <summary>Names the usual cause: a peer that computes the VRRPv3 IPv4 checksum the other way.</summary>
    private static string? ChecksumHint(ReadOnlySpan<byte> message, VrrpVersion version, in PacketMetadata metadata, ChecksumMode mode)
    {
        if (version != VrrpVersion.V3 || metadata.Source.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }

        var other = mode == ChecksumMode.Standard ? ChecksumMode.V3AsV2 : ChecksumMode.Standard;
        if (InternetChecksum.Compute(message, version, metadata.Source, metadata.Destination, other) != 0)
        {
            return null;
        }

        return other == ChecksumMode.V3AsV2
            ? " (it is correct without the IPv4 pseudo-header, as some vendors compute it: set v3_checksum_as_v2 = true)"
            : " (it is correct with the IPv4 pseudo-header of RFC 9568: set v3_checksum_as_v2 = false)";
    }
}
