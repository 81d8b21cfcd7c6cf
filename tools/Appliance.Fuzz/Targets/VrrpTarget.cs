using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Receive;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;

namespace Appliance.Fuzz;

/// <summary>
/// A whole captured packet (IPv4 or IPv6 header, optionally behind Ethernet) through the receive path the edge runs:
/// <see cref="IpPacketReader"/>, then <see cref="AdvertisementReceiver.Receive"/> with its decode, its checks of
/// RFC 9568 7.1 and the virtual router's handling of what passes. Nothing may throw: every rejection is a
/// <see cref="DecodeError"/>. Random bytes almost never carry a right checksum, so each input runs twice: as it
/// came, and with the IPv4 header checksum and the VRRP checksum set right, which takes mutations past both checks.
/// </summary>
internal static class VrrpTarget
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(10);

    public static void Run(ReadOnlySpan<byte> input)
    {
        Receive(input);
        var repaired = input.ToArray();
        if (RepairChecksums(repaired))
        {
            Receive(repaired);
        }
    }

    private static void Receive(ReadOnlySpan<byte> packet)
    {
        if (!IpPacketReader.TryRead(packet, out var metadata, out var range, out _, new AddressInterner()))
        {
            return;
        }

        // Fresh routers per input: the same input must give the same path (afl measures that), whatever came before.
        var message = packet[range];
        foreach (var receiver in Receivers(metadata.Source.AddressFamily))
        {
            var outcome = receiver.Receive(Now, message, metadata);
            FuzzFinding.Require((outcome.Dropped is null) == (outcome.Router is not null), "an outcome is either a drop or a router's advertisement");
        }
    }

    /// <summary>The routers of the captures in tests/Appliance.Vrrp.Tests/TestData (VRID 51), as v3 and v2, multicast and unicast.</summary>
    private static IEnumerable<AdvertisementReceiver> Receivers(AddressFamily family)
    {
        if (family == AddressFamily.InterNetworkV6)
        {
            yield return Receiver(family, VrrpVersion.V3, IPAddress.Parse("fe80::1"), new VirtualAddress(IPAddress.Parse("2001:db8::10"), 64), ReceivePolicy.Multicast);
            yield break;
        }

        var vip = new VirtualAddress(IPAddress.Parse("192.0.2.10"), 24);
        yield return Receiver(family, VrrpVersion.V3, IPAddress.Parse("192.0.2.11"), vip, ReceivePolicy.Multicast);
        yield return Receiver(family, VrrpVersion.V2, IPAddress.Parse("192.0.2.11"), vip,
            new ReceivePolicy { UnicastPeers = [IPAddress.Parse("192.0.2.12")] });
        yield return Receiver(family, VrrpVersion.V3, IPAddress.Parse("192.0.2.11"), vip,
            new ReceivePolicy { ChecksumMode = ChecksumMode.V3AsV2 });
    }

    private static AdvertisementReceiver Receiver(AddressFamily family, VrrpVersion version, IPAddress primary, VirtualAddress vip, ReceivePolicy policy)
    {
        var router = new VirtualRouter(new VirtualRouterOptions
        {
            Name = "web",
            VirtualRouterId = 51,
            Priority = 100,
            Version = version,
            PrimaryAddress = primary,
            VirtualAddresses = [vip],
        });
        router.Handle(TimeSpan.Zero, RouterEvent.Start);
        var receiver = new AdvertisementReceiver(family);
        receiver.Add(router, policy);
        return receiver;
    }

    /// <summary>Sets the IPv4 header checksum and the VRRP checksum (RFC 9568 5.2.8) of an IP packet without Ethernet.</summary>
    private static bool RepairChecksums(byte[] packet)
    {
        if (packet.Length >= 20 && packet[0] >> 4 == 4)
        {
            var headerLength = (packet[0] & 0x0F) * 4;
            if (headerLength < 20 || headerLength > packet.Length)
            {
                return false;
            }

            packet[10] = packet[11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), InternetChecksum.ComputeIPv4Header(packet.AsSpan(0, headerLength)));
        }

        if (!IpPacketReader.TryRead(packet, out var metadata, out var range, out _) || packet.AsSpan(range) is not { Length: >= VrrpProtocol.HeaderLength } message
            || (message[0] >> 4) is not (2 or 3))
        {
            return false;
        }

        message[6] = message[7] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], InternetChecksum.Compute(message, (VrrpVersion)(message[0] >> 4), metadata.Source, metadata.Destination, ChecksumMode.Standard));
        return true;
    }
}
