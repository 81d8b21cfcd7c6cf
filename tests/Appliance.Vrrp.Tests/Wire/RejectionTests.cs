using System.Net;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Tests.Wire;

/// <summary>Every way a packet is invalid gets its own reason and a sentence that names the problem.</summary>
public sealed class RejectionTests
{
    public static TheoryData<string, DropReason, string> MessageCases() => new()
    {
        { "truncated header", DropReason.Truncated, "truncated: the VRRP header needs 8 bytes, 5 present" },
        { "version 4", DropReason.UnsupportedVersion, "VRRP version 4 is not supported; expected 2 or 3" },
        { "version 1", DropReason.UnsupportedVersion, "VRRP version 1 is not supported" },
        { "type 2", DropReason.UnknownType, "VRRP type 2 is unknown; only 1 (ADVERTISEMENT) is defined" },
        { "count 2 with one address", DropReason.AddressCountMismatch, "address count 2 implies a 16-byte message, but it is 12 bytes" },
        { "count 0 with one address", DropReason.AddressCountMismatch, "address count 0 implies a 8-byte message, but it is 12 bytes" },
        { "trailing bytes", DropReason.AddressCountMismatch, "address count 1 implies a 12-byte message, but it is 16 bytes" },
        { "flipped checksum", DropReason.BadChecksum, "bad checksum 0x" },
        { "flipped address", DropReason.BadChecksum, "bad checksum" },
        { "zero interval", DropReason.ZeroInterval, "advertisement interval is 0" },
        { "v2 auth type 1", DropReason.UnsupportedAuthentication, "simple text password" },
        { "v2 auth type 2", DropReason.UnsupportedAuthentication, "IP Authentication Header" },
        { "v2 over IPv6", DropReason.FamilyMismatch, "VRRPv2 over IPv6" },
        { "ttl 64", DropReason.HopLimit, "IPv4 TTL is 64; must be 255 (RFC 9568 7.1)" },
        { "hop limit 1", DropReason.HopLimit, "IPv6 hop limit is 1; must be 255" },
    };

    [Theory]
    [MemberData(nameof(MessageCases))]
    public void Invalid_messages_are_rejected_with_a_specific_reason(string mutation, DropReason reason, string message)
    {
        var (bytes, metadata) = Mutate(mutation);

        var accepted = AdvertisementReader.TryRead(bytes, metadata, ChecksumMode.Standard, out _, out var error);

        Assert.False(accepted);
        Assert.Equal(reason, error.Reason);
        Assert.Contains(message, error.Message);
        Assert.True(reason.IsInvalidPacket());
    }

    public static TheoryData<string, DropReason, string> PacketCases() => new()
    {
        { "empty", DropReason.Truncated, "an IP header" },
        { "not ip", DropReason.NotIp, "IP version nibble is 5" },
        { "short ipv4", DropReason.Truncated, "an IPv4 header needs 20 bytes" },
        { "ihl 4", DropReason.IpHeaderInvalid, "IPv4 header length 16 is below 20" },
        { "total length beyond capture", DropReason.Truncated, "the IPv4 packet needs" },
        { "header checksum", DropReason.IpHeaderInvalid, "IPv4 header checksum is wrong" },
        { "fragment", DropReason.Fragmented, "IPv4 fragment" },
        { "udp", DropReason.NotVrrp, "IPv4 protocol is 17, not 112 (VRRP)" },
        { "ipv6 next header tcp", DropReason.NotVrrp, "IPv6 next header is 6" },
        { "ipv6 payload beyond capture", DropReason.Truncated, "the IPv6 packet needs" },
    };

    [Theory]
    [MemberData(nameof(PacketCases))]
    public void Invalid_ip_packets_are_rejected_with_a_specific_reason(string mutation, DropReason reason, string message)
    {
        var packet = MutatePacket(mutation);

        Assert.False(IpPacketReader.TryRead(packet, out _, out _, out var error));
        Assert.Equal(reason, error.Reason);
        Assert.Contains(message, error.Message);
    }

    private static (byte[] Message, PacketMetadata Metadata) Mutate(string mutation)
    {
        var v3 = Packets.V3();
        var message = Packets.Message(v3);
        var metadata = Packets.Metadata(v3);
        switch (mutation)
        {
            case "truncated header":
                return (message[..5], metadata);
            case "version 4":
                message[0] = 0x41;
                break;
            case "version 1":
                message[0] = 0x11;
                break;
            case "type 2":
                message[0] = 0x32;
                break;
            case "count 2 with one address":
                message[3] = 2;
                break;
            case "count 0 with one address":
                message[3] = 0;
                break;
            case "trailing bytes":
                return ([.. message, 0, 0, 0, 0], metadata);
            case "flipped checksum":
                message[7] ^= 0x01;
                break;
            case "flipped address":
                message[^1] ^= 0x80;
                break;
            case "zero interval":
                message[4] = 0;
                message[5] = 0;
                AdvertisementCodecTests.Recompute(message, v3.Family);
                break;
            case "v2 auth type 1":
            case "v2 auth type 2":
                var v2 = Packets.V2();
                message = Packets.Message(v2);
                message[4] = (byte)(mutation.EndsWith('1') ? 1 : 2);
                AdvertisementCodecTests.Recompute(message, v2.Family, VrrpVersion.V2);
                return (message, Packets.Metadata(v2));
            case "v2 over IPv6":
                var v6 = Packets.V3(addresses: "2001:db8::10");
                message = Packets.Message(v6);
                message[0] = 0x21;
                return (message, Packets.Metadata(v6));
            case "ttl 64":
                return (message, metadata with { HopLimit = 64 });
            case "hop limit 1":
                var ipv6 = Packets.V3(addresses: "2001:db8::10");
                return (Packets.Message(ipv6), Packets.Metadata(ipv6, hopLimit: 1));
            default:
                throw new ArgumentException(mutation);
        }

        return (message, metadata);
    }

    private static byte[] MutatePacket(string mutation)
    {
        var packet = Packets.IpPacket(Packets.V3());
        switch (mutation)
        {
            case "empty":
                return [];
            case "not ip":
                packet[0] = 0x55;
                break;
            case "short ipv4":
                return packet[..12];
            case "ihl 4":
                packet[0] = 0x44;
                break;
            case "total length beyond capture":
                return packet[..^2];
            case "header checksum":
                packet[10] ^= 0xFF;
                break;
            case "fragment":
                packet[6] = 0x20; // more fragments
                FixIPv4Header(packet);
                break;
            case "udp":
                packet[9] = 17;
                FixIPv4Header(packet);
                break;
            case "ipv6 next header tcp":
                packet = Packets.IpPacket(Packets.V3(addresses: "2001:db8::10"));
                packet[6] = 6;
                break;
            case "ipv6 payload beyond capture":
                packet = Packets.IpPacket(Packets.V3(addresses: "2001:db8::10"))[..^1];
                break;
            default:
                throw new ArgumentException(mutation);
        }

        return packet;
    }

    private static void FixIPv4Header(byte[] packet)
    {
        packet[10] = 0;
        packet[11] = 0;
        var sum = InternetChecksum.ComputeIPv4Header(packet.AsSpan(0, 20));
        packet[10] = (byte)(sum >> 8);
        packet[11] = (byte)sum;
    }

    [Fact]
    public void Bad_checksum_names_both_values()
    {
        var ad = Packets.V3();
        var message = Packets.Message(ad);
        var good = (ushort)(message[6] << 8 | message[7]);
        message[7] ^= 0x01;

        AdvertisementReader.TryRead(message, Packets.Metadata(ad), ChecksumMode.Standard, out _, out var error);

        Assert.Equal($"bad checksum 0x{good ^ 1:x4}, expected 0x{good:x4}", error.Message);
    }

    [Fact]
    public void The_same_bytes_from_another_source_fail_the_v3_checksum()
    {
        var ad = Packets.V3();
        var message = Packets.Message(ad);

        Assert.False(AdvertisementReader.TryRead(message, Packets.Metadata(ad, IPAddress.Parse("192.0.2.99")), ChecksumMode.Standard, out _, out var error));
        Assert.Equal(DropReason.BadChecksum, error.Reason);
    }
}
