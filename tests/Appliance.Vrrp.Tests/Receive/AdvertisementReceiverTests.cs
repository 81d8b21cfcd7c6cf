using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Receive;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;

using Appliance.Vrrp.Tests.Router;

namespace Appliance.Vrrp.Tests.Receive;

/// <summary>Receive checks that need our configuration: each drop has a reason, a counter, and leaves the role alone.</summary>
public sealed class AdvertisementReceiverTests
{
    private readonly AdvertisementReceiver _receiver = new(AddressFamily.InterNetwork);
    private readonly VirtualRouter _router = new(RouterHarness.Options(priority: 100));

    public AdvertisementReceiverTests()
    {
        _router.Handle(TimeSpan.Zero, RouterEvent.Start);
    }

    [Fact]
    public void A_valid_advertisement_reaches_its_router()
    {
        _receiver.Add(_router, ReceivePolicy.Multicast);
        var ad = Packets.V3(priority: 200);

        var outcome = _receiver.Receive(TimeSpan.FromSeconds(1), Packets.Message(ad), Packets.Metadata(ad));

        Assert.Same(_router, outcome.Router);
        Assert.Null(outcome.Dropped);
        Assert.Equal(RouterHarness.Peer, _router.MasterAddress);
        Assert.Equal(1, _router.Counters.AdvertisementsReceived);
    }

    public static TheoryData<string, DropReason> Cases() => new()
    {
        { "other vrid", DropReason.UnknownVirtualRouter },
        { "ttl 254", DropReason.HopLimit },
        { "bad checksum", DropReason.BadChecksum },
        { "v2 to a v3 router", DropReason.VersionMismatch },
        { "own address", DropReason.OwnAdvertisement },
        { "not a unicast peer", DropReason.NotUnicastPeer },
        { "ipv6 on the ipv4 path", DropReason.FamilyMismatch },
        { "truncated", DropReason.Truncated },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_refused_packet_is_counted_by_reason_and_changes_nothing(string mutation, DropReason reason)
    {
        _receiver.Add(_router, mutation == "not a unicast peer"
            ? new ReceivePolicy { UnicastPeers = [IPAddress.Parse("192.0.2.13")] }
            : ReceivePolicy.Multicast);
        var deadline = _router.NextDeadline;
        var ad = Packets.V3(priority: 254);
        var message = Packets.Message(ad);
        var metadata = Packets.Metadata(ad);
        switch (mutation)
        {
            case "other vrid":
                ad = Packets.V3(vrid: 99, priority: 254);
                message = Packets.Message(ad);
                break;
            case "ttl 254":
                metadata = metadata with { HopLimit = 254 };
                break;
            case "bad checksum":
                message[6] ^= 0xFF;
                break;
            case "v2 to a v3 router":
                ad = Packets.V2(priority: 254);
                message = Packets.Message(ad);
                break;
            case "own address":
                message = Packets.Message(ad, RouterHarness.Primary);
                metadata = Packets.Metadata(ad, RouterHarness.Primary);
                break;
            case "ipv6 on the ipv4 path":
                var v6 = Packets.V3(priority: 254, addresses: "2001:db8::10");
                message = Packets.Message(v6);
                metadata = Packets.Metadata(v6);
                break;
            case "truncated":
                message = message[..7];
                break;
        }

        var outcome = _receiver.Receive(TimeSpan.FromSeconds(1), message, metadata);

        Assert.Null(outcome.Router);
        Assert.Equal(reason, outcome.Dropped!.Value.Reason);
        var counters = reason == DropReason.UnknownVirtualRouter ? _receiver.UnattributedDrops : _receiver.DropsByRouter[51];
        Assert.Equal(1, counters[reason]);
        Assert.Equal(VirtualRouterState.Backup, _router.State);
        Assert.Equal(deadline, _router.NextDeadline);
        Assert.Equal(0, _router.Counters.AdvertisementsReceived);
    }

    [Fact]
    public void A_router_that_owns_its_addresses_ignores_advertisements()
    {
        var owner = new VirtualRouter(RouterHarness.Options(priority: 255));
        owner.Handle(TimeSpan.Zero, RouterEvent.Start);
        _receiver.Add(owner, ReceivePolicy.Multicast);
        var ad = Packets.V3(priority: 255);

        var outcome = _receiver.Receive(TimeSpan.Zero, Packets.Message(ad), Packets.Metadata(ad));

        Assert.Equal(DropReason.LocalOwner, outcome.Dropped!.Value.Reason);
        Assert.Equal(VirtualRouterState.Master, owner.State);
    }

    [Fact]
    public void V2_refuses_a_different_interval()
    {
        var v2 = new VirtualRouter(RouterHarness.Options(version: VrrpVersion.V2));
        v2.Handle(TimeSpan.Zero, RouterEvent.Start);
        _receiver.Add(v2, ReceivePolicy.Multicast);
        var ad = Packets.V2(priority: 200, intervalSeconds: 3);

        var outcome = _receiver.Receive(TimeSpan.Zero, Packets.Message(ad), Packets.Metadata(ad));

        Assert.Equal(DropReason.IntervalMismatch, outcome.Dropped!.Value.Reason);
        Assert.Equal("advertisement interval 3s from 192.0.2.12 differs from ours (1s)", outcome.Dropped.Value.Message);
    }

    [Fact]
    public void V2_drops_a_different_address_list_unless_it_comes_from_the_owner()
    {
        var v2 = new VirtualRouter(RouterHarness.Options(version: VrrpVersion.V2));
        v2.Handle(TimeSpan.Zero, RouterEvent.Start);
        _receiver.Add(v2, ReceivePolicy.Multicast);
        var other = Packets.V2(priority: 200, addresses: "192.0.2.99");
        var owner = Packets.V2(priority: 255, addresses: "192.0.2.99");

        Assert.Equal(DropReason.AddressListMismatch, _receiver.Receive(TimeSpan.Zero, Packets.Message(other), Packets.Metadata(other)).Dropped!.Value.Reason);
        Assert.Same(v2, _receiver.Receive(TimeSpan.Zero, Packets.Message(owner), Packets.Metadata(owner)).Router);
    }

    [Fact]
    public void V3_uses_a_different_address_list_and_counts_it()
    {
        _receiver.Add(_router, ReceivePolicy.Multicast);
        var ad = Packets.V3(priority: 200, addresses: "192.0.2.99");

        var outcome = _receiver.Receive(TimeSpan.Zero, Packets.Message(ad), Packets.Metadata(ad));

        Assert.Same(_router, outcome.Router);
        Assert.Equal(1, _router.Counters.AddressListMismatches);
        Assert.Equal("192.0.2.12 advertises 192.0.2.99, we have 192.0.2.10", _router.Counters.LastAddressListMismatch);
    }

    [Fact]
    public void Unicast_peers_are_heard()
    {
        _receiver.Add(_router, new ReceivePolicy { UnicastPeers = [RouterHarness.Peer] });
        var ad = Packets.V3(priority: 200);

        Assert.Same(_router, _receiver.Receive(TimeSpan.Zero, Packets.Message(ad), Packets.Metadata(ad)).Router);
    }

    [Fact]
    public void The_checksum_mode_of_the_instance_is_used()
    {
        _receiver.Add(_router, new ReceivePolicy { ChecksumMode = ChecksumMode.V3AsV2 });
        var ad = Packets.V3(priority: 200);

        Assert.Same(_router, _receiver.Receive(TimeSpan.Zero, Packets.Message(ad, mode: ChecksumMode.V3AsV2), Packets.Metadata(ad)).Router);
        Assert.Equal(DropReason.BadChecksum, _receiver.Receive(TimeSpan.Zero, Packets.Message(ad), Packets.Metadata(ad)).Dropped!.Value.Reason);
    }

    [Fact]
    public void Snapshot_names_counters_for_scripts()
    {
        _receiver.Add(_router, ReceivePolicy.Multicast);
        var ad = Packets.V3(priority: 200);
        _receiver.Receive(TimeSpan.Zero, Packets.Message(ad), Packets.Metadata(ad) with { HopLimit = 1 });
        _receiver.Receive(TimeSpan.Zero, Packets.Message(ad), Packets.Metadata(ad) with { HopLimit = 2 });

        Assert.Equal(new Dictionary<string, long> { ["hop_limit"] = 2 }, _receiver.DropsByRouter[51].Snapshot());
        Assert.Equal("IPv4 TTL is 2; must be 255 (RFC 9568 7.1)", _receiver.DropsByRouter[51].Last!.Value.Message);
    }
}
