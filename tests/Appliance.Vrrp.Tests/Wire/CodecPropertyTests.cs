using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Wire;
using CsCheck;

namespace Appliance.Vrrp.Tests.Wire;

public sealed class CodecPropertyTests
{
    private static readonly Gen<IPAddress> GenV4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));
    private static readonly Gen<IPAddress> GenV6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));

    internal static readonly Gen<Advertisement> GenAdvertisement =
        Gen.Select(Gen.Int[0, 2], Gen.Byte[1, 255], Gen.Byte, Gen.Int[0, 40])
            .SelectMany(t =>
            {
                var (kind, vrid, priority, count) = t;
                var version = kind == 0 ? VrrpVersion.V2 : VrrpVersion.V3;
                var ipv6 = kind == 2;
                var interval = version == VrrpVersion.V2
                    ? Gen.Int[1, 255].Select(s => TimeSpan.FromSeconds(s))
                    : Gen.Int[1, VrrpProtocol.V3MaxIntervalCentiseconds].Select(cs => TimeSpan.FromMilliseconds(cs * 10));
                return Gen.Select(interval, (ipv6 ? GenV6 : GenV4).Array[count], (ipv6 ? GenV6 : GenV4), (i, a, s) => (Advertisement: new Advertisement
                {
                    Version = version,
                    VirtualRouterId = vrid,
                    Priority = priority,
                    Interval = i,
                    Family = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
                    Addresses = a,
                }, Source: s));
            })
            .Select(t => t.Advertisement);

    [Fact]
    public void Decode_of_encode_is_identity()
    {
        GenAdvertisement.Sample(ad =>
        {
            var message = Packets.Message(ad);
            Assert.True(AdvertisementReader.TryRead(message, Packets.Metadata(ad), ChecksumMode.Standard, out var decoded, out var error), error.Message);
            Assert.Equal(ad, decoded);
        }, iter: 2000);
    }

    [Fact]
    public void Whole_packets_round_trip_through_the_ip_reader()
    {
        GenAdvertisement.Sample(ad =>
        {
            var packet = Packets.IpPacket(ad);
            Assert.True(IpPacketReader.TryRead(packet, out var metadata, out var range, out var ipError), ipError.Message);
            Assert.True(AdvertisementReader.TryRead(packet.AsSpan(range), metadata, ChecksumMode.Standard, out var decoded, out var error), error.Message);
            Assert.Equal(ad, decoded);
        }, iter: 500);
    }

    [Fact]
    public void Random_bytes_never_throw_and_are_accepted_only_with_a_correct_checksum()
    {
        Gen.Select(Gen.Byte.Array[0, 80], Gen.Byte, Gen.Bool).Sample((bytes, hopLimit, ipv6) =>
        {
            var metadata = new PacketMetadata(ipv6 ? Packets.SourceV6 : Packets.SourceV4,
                ipv6 ? VrrpProtocol.MulticastGroupV6 : VrrpProtocol.MulticastGroupV4, hopLimit);
            if (AdvertisementReader.TryRead(bytes, metadata, ChecksumMode.Standard, out var ad, out _))
            {
                Assert.Equal(0, InternetChecksum.Compute(bytes, ad.Version, metadata.Source, metadata.Destination, ChecksumMode.Standard));
                Assert.Equal(bytes.Length, ad.MessageLength);
            }

            IpPacketReader.TryRead(bytes, out _, out _, out _);
        }, iter: 20000);
    }

    [Fact]
    public void Any_single_bit_flip_is_rejected()
    {
        GenAdvertisement.Where(a => a.Addresses.Count > 0).SelectMany(a => Gen.Int[0, (a.MessageLength * 8) - 1].Select(bit => (a, bit)))
            .Sample(t =>
            {
                var (ad, bit) = t;
                var message = Packets.Message(ad);
                message[bit / 8] ^= (byte)(1 << (bit % 8));
                var accepted = AdvertisementReader.TryRead(message, Packets.Metadata(ad), ChecksumMode.Standard, out var decoded, out _);

                // RFC 1071 sums catch every single-bit error, reserved bits included.
                Assert.False(accepted, $"bit {bit} flipped yet accepted as {decoded}");
            }, iter: 2000);
    }
}
