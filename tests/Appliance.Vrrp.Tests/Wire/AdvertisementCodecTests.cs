using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Tests.Wire;

public sealed class AdvertisementCodecTests
{
    [Theory]
    [InlineData("keepalived-v3-ipv4.hex", 3, "192.0.2.12", 1000, "192.0.2.10")]
    [InlineData("keepalived-v2-ipv4.hex", 2, "192.0.2.12", 1000, "192.0.2.10")]
    [InlineData("keepalived-v3-ipv6.hex", 3, null, 1000, "2001:db8::10")]
    public void Real_keepalived_advertisements_decode_with_a_correct_checksum(string file, int version, string? source, int intervalMs, string address)
    {
        var packet = TestData.FirstPacket(file);

        Assert.True(IpPacketReader.TryRead(packet, out var metadata, out var range, out var ipError), ipError.Message);
        Assert.True(AdvertisementReader.TryRead(packet.AsSpan(range), metadata, ChecksumMode.Standard, out var ad, out var error), error.Message);

        Assert.Equal((VrrpVersion)version, ad.Version);
        Assert.Equal(51, ad.VirtualRouterId);
        Assert.Equal(150, ad.Priority);
        Assert.Equal(TimeSpan.FromMilliseconds(intervalMs), ad.Interval);
        Assert.Equal([IPAddress.Parse(address)], ad.Addresses);
        if (source is not null)
        {
            Assert.Equal(IPAddress.Parse(source), metadata.Source);
        }
        else
        {
            // RFC 9568 5.1.2.1: over IPv6 the source is the interface's link-local address.
            Assert.True(metadata.Source.IsIPv6LinkLocal);
        }
    }

    // Vectors laid out by hand from RFC 9568 5.1 / RFC 3768 5.1; their checksums were computed by a separate
    // RFC 1071 implementation (Python), not by the code under test.
    [Theory]
    [InlineData(3, "192.0.2.1", "224.0.0.18", 1, 100, 1000, new[] { "192.0.2.100" }, "31016401006405a4c0000264")]
    [InlineData(2, "192.0.2.1", "224.0.0.18", 1, 200, 3000, new[] { "192.0.2.10", "192.0.2.11" }, "2101c802000392e2c000020ac000020b0000000000000000")]
    [InlineData(3, "fe80::1", "ff02::12", 2, 254, 50, new[] { "2001:db8::10" }, "3102fe010005a50e20010db8000000000000000000000010")]
    public void Hand_built_vectors_encode_and_decode_exactly(int version, string source, string destination, int vrid, int priority, int intervalMs, string[] addresses, string hex)
    {
        var ad = new Advertisement
        {
            Version = (VrrpVersion)version,
            VirtualRouterId = (byte)vrid,
            Priority = (byte)priority,
            Interval = TimeSpan.FromMilliseconds(intervalMs),
            Family = IPAddress.Parse(source).AddressFamily,
            Addresses = addresses.Select(IPAddress.Parse).ToArray(),
        };
        var expected = Convert.FromHexString(hex);
        var buffer = new byte[AdvertisementWriter.MaxMessageLength];

        var length = AdvertisementWriter.Write(ad, IPAddress.Parse(source), IPAddress.Parse(destination), ChecksumMode.Standard, buffer);

        Assert.Equal(hex, Convert.ToHexStringLower(buffer[..length]));
        var metadata = new PacketMetadata(IPAddress.Parse(source), IPAddress.Parse(destination), 255);
        Assert.True(AdvertisementReader.TryRead(expected, metadata, ChecksumMode.Standard, out var decoded, out var error), error.Message);
        Assert.Equal(ad, decoded);
    }

    [Fact]
    public void V3_over_IPv4_checksum_without_pseudo_header_is_accepted_only_in_that_mode()
    {
        var ad = Packets.V3();
        var message = Packets.Message(ad, mode: ChecksumMode.V3AsV2);

        Assert.False(AdvertisementReader.TryRead(message, Packets.Metadata(ad), ChecksumMode.Standard, out _, out var error));
        Assert.Equal(DropReason.BadChecksum, error.Reason);
        Assert.Contains("set v3_checksum_as_v2 = true", error.Message);
        Assert.True(AdvertisementReader.TryRead(message, Packets.Metadata(ad), ChecksumMode.V3AsV2, out var decoded, out _));
        Assert.Equal(ad, decoded);
    }

    [Fact]
    public void Hand_built_v3_vector_without_pseudo_header_has_the_v2_style_checksum()
    {
        var ad = new Advertisement
        {
            Version = VrrpVersion.V3, VirtualRouterId = 1, Priority = 100, Interval = TimeSpan.FromSeconds(1),
            Family = AddressFamily.InterNetwork, Addresses = [IPAddress.Parse("192.0.2.100")],
        };
        var buffer = new byte[64];

        var length = AdvertisementWriter.Write(ad, IPAddress.Parse("192.0.2.1"), VrrpProtocol.MulticastGroupV4, ChecksumMode.V3AsV2, buffer);

        Assert.Equal("310164010064a834c0000264", Convert.ToHexStringLower(buffer[..length]));
    }

    [Fact]
    public void Reserved_bits_of_v3_are_ignored_on_reception()
    {
        var ad = Packets.V3(intervalMs: 200);
        var message = Packets.Message(ad);
        message[4] |= 0xF0;
        Recompute(message, ad.Family);

        Assert.True(AdvertisementReader.TryRead(message, Packets.Metadata(ad), ChecksumMode.Standard, out var decoded, out var error), error.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(200), decoded.Interval);
    }

    [Fact]
    public void A_full_packet_with_an_ethernet_header_is_found()
    {
        var ip = Packets.IpPacket(Packets.V3());
        var frame = new byte[14 + ip.Length];
        frame[12] = 0x08;
        frame[13] = 0x00;
        frame[0] = 0x01;
        ip.CopyTo(frame, 14);

        Assert.True(IpPacketReader.TryRead(frame, out var metadata, out var range, out _));
        Assert.Equal(Packets.SourceV4, metadata.Source);
        Assert.Equal(Packets.Message(Packets.V3()), frame[range]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    public void Address_counts_from_zero_to_255_round_trip(int count)
    {
        var addresses = Enumerable.Range(0, count).Select(i => new IPAddress(new byte[] { 198, 51, (byte)(i / 256 + 100), (byte)i })).ToArray();
        var ad = Packets.V3() with { Addresses = addresses };

        Assert.True(AdvertisementReader.TryRead(Packets.Message(ad), Packets.Metadata(ad), ChecksumMode.Standard, out var decoded, out var error), error.Message);
        Assert.Equal(ad, decoded);
    }

    [Fact]
    public void Writer_refuses_what_cannot_be_encoded()
    {
        var buffer = new byte[AdvertisementWriter.MaxMessageLength];
        var group = VrrpProtocol.MulticastGroupV4;
        Assert.Throws<ArgumentException>(() => AdvertisementWriter.Write(Packets.V3(intervalMs: 5), Packets.SourceV4, group, ChecksumMode.Standard, buffer));
        Assert.Throws<ArgumentException>(() => AdvertisementWriter.Write(Packets.V3(intervalMs: 41_000), Packets.SourceV4, group, ChecksumMode.Standard, buffer));
        Assert.Throws<ArgumentException>(() => AdvertisementWriter.Write(Packets.V3(intervalMs: 15), Packets.SourceV4, group, ChecksumMode.Standard, buffer));
        Assert.Throws<ArgumentException>(() => AdvertisementWriter.Write(Packets.V2() with { Interval = TimeSpan.FromMilliseconds(500) }, Packets.SourceV4, group, ChecksumMode.Standard, buffer));
        Assert.Throws<ArgumentException>(() => AdvertisementWriter.Write(Packets.V3(vrid: 0), Packets.SourceV4, group, ChecksumMode.Standard, buffer));
        Assert.Throws<ArgumentException>(() => AdvertisementWriter.Write(Packets.V3(), Packets.SourceV6, group, ChecksumMode.Standard, buffer));
        Assert.Throws<ArgumentException>(() => AdvertisementWriter.Write(Packets.V3(), Packets.SourceV4, group, ChecksumMode.Standard, new byte[4]));
    }

    [Fact]
    public void Minimum_v3_interval_is_one_centisecond_step_of_10ms()
    {
        var ad = Packets.V3(intervalMs: 10);
        var message = Packets.Message(ad);

        Assert.Equal(1, (message[4] << 8 | message[5]) & 0x0FFF);
        Assert.True(AdvertisementReader.TryRead(message, Packets.Metadata(ad), ChecksumMode.Standard, out var decoded, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(10), decoded.Interval);
    }

    internal static void Recompute(byte[] message, AddressFamily family, VrrpVersion version = VrrpVersion.V3)
    {
        message[6] = 0;
        message[7] = 0;
        var sum = InternetChecksum.Compute(message, version, Packets.SourceFor(family), Packets.GroupFor(family), ChecksumMode.Standard);
        message[6] = (byte)(sum >> 8);
        message[7] = (byte)sum;
    }
}
