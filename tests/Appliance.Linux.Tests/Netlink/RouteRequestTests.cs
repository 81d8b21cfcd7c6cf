using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using Appliance.Linux.Netlink;
using static Appliance.Linux.Tests.Captures;

namespace Appliance.Linux.Tests.Netlink;

/// <summary>Each request is byte for byte what iproute2 6.1 sent for the same command (TestData/ip-requests.txt).</summary>
public sealed class RouteRequestTests
{
    private delegate int Build(byte[] buffer, uint sequence);

    // ifindexes as in the capture: veth0 3, mv0 4, mv1 5.
    private static readonly Dictionary<string, Build> Builders = new()
    {
        ["addr-add-ipv4-brd"] = (b, s) => RouteRequest.NewAddress(b, s, 3, IPAddress.Parse("192.0.2.11"), 24, AddressScope.Universe, AddressFlags.None, null),
        ["addr-add-ipv4-noprefixroute"] = (b, s) => RouteRequest.NewAddress(b, s, 3, IPAddress.Parse("192.0.2.12"), 32, AddressScope.Universe, AddressFlags.NoPrefixRoute, null),
        ["addr-add-ipv4-label"] = (b, s) => RouteRequest.NewAddress(b, s, 3, IPAddress.Parse("192.0.2.13"), 24, AddressScope.Universe, AddressFlags.None, "veth0:vip"),
        ["addr-add-ipv6-nodad"] = (b, s) => RouteRequest.NewAddress(b, s, 3, IPAddress.Parse("2001:db8::10"), 64, AddressScope.Universe, AddressFlags.NoDad, null),
        ["addr-del-ipv4"] = (b, s) => RouteRequest.DeleteAddress(b, s, 3, IPAddress.Parse("192.0.2.13"), 24),
        ["addr-del-ipv6"] = (b, s) => RouteRequest.DeleteAddress(b, s, 3, IPAddress.Parse("2001:db8::10"), 64),
        ["link-set-down"] = (b, s) => RouteRequest.SetLinkUp(b, s, 3, up: false),
        ["link-set-up"] = (b, s) => RouteRequest.SetLinkUp(b, s, 3, up: true),
        ["link-add-macvlan-bridge"] = (b, s) => RouteRequest.NewMacvlan(b, s, 3, "mv1", PhysicalAddress.Parse("00:00:5e:00:01:34"), MacvlanMode.Bridge),
        ["link-add-macvlan-private"] = (b, s) => RouteRequest.NewMacvlan(b, s, 3, "mv2", PhysicalAddress.Parse("00:00:5e:00:01:35"), MacvlanMode.Private),
        ["link-del"] = (b, s) => RouteRequest.DeleteLink(b, s, 5),
        ["link-set-address"] = (b, s) => RouteRequest.SetLinkAddress(b, s, 4, PhysicalAddress.Parse("00:00:5e:00:01:36")),
        ["route-add-default"] = (b, s) => RouteRequest.NewRoute(b, s, RouteSpec.Default(IPAddress.Parse("192.0.2.1"), 3), replace: false),
        ["route-del-default"] = (b, s) => RouteRequest.DeleteRoute(b, s, RouteSpec.Default(IPAddress.Parse("192.0.2.1"), 3)),
        ["route-add-ipv6-default"] = (b, s) => RouteRequest.NewRoute(b, s, RouteSpec.Default(IPAddress.Parse("2001:db8::1"), 3), replace: false),
        ["route-add-prefix-metric"] = (b, s) => RouteRequest.NewRoute(b, s, new RouteSpec(IPAddress.Parse("198.51.100.0"), 24, IPAddress.Parse("192.0.2.1"), 3, metric: 20), replace: false),
    };

    public static TheoryData<string> CapturedRequests => [.. IpRequests.Keys];

    [Theory]
    [MemberData(nameof(CapturedRequests))]
    public void Request_matches_the_bytes_ip_sends(string capture)
    {
        var expected = IpRequests[capture];
        var sequence = MemoryMarshal.Read<uint>(expected.AsSpan(8));
        Assert.True(Builders.ContainsKey(capture), $"no builder for the captured request {capture}");
        var buffer = new byte[RouteRequest.MaxSize];

        var length = Builders[capture](buffer, sequence);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void Get_link_by_name_asks_without_statistics()
    {
        var buffer = new byte[RouteRequest.MaxSize];

        var length = RouteRequest.GetLink(buffer, 7, "veth0");

        // iproute2 asks with IFLA_EXT_MASK 9 (VF info too); we need neither VF info nor statistics.
        Assert.Equal(
            Hex("34000000 1200 0100 07000000 00000000  00000000 00000000 00000000 00000000  0800 1d00 08000000  0a00 0300 7665746830 000000"),
            buffer[..length]);
    }

    [Fact]
    public void Address_dump_asks_for_one_family()
    {
        var buffer = new byte[RouteRequest.MaxSize];

        var length = RouteRequest.DumpAddresses(buffer, 9, Interop.AF_INET6);

        Assert.Equal(Hex("18000000 1600 0103 09000000 00000000  0a 00 00 00 00000000"), buffer[..length]);
    }

    [Theory]
    [InlineData("192.0.2.10", 24, "192.0.2.255")]
    [InlineData("198.51.100.7", 30, "198.51.100.7")]
    [InlineData("203.0.113.1", 16, "203.0.255.255")]
    [InlineData("192.0.2.10", 0, "255.255.255.255")]
    public void Broadcast_sets_every_host_bit(string address, int prefixLength, string broadcast) =>
        Assert.Equal(IPAddress.Parse(broadcast), RouteRequest.Broadcast(IPAddress.Parse(address), prefixLength));

    [Fact]
    public void Routes_reject_a_gateway_of_the_other_family() =>
        Assert.Throws<ArgumentException>(() => new RouteSpec(IPAddress.Any, 0, IPAddress.Parse("2001:db8::1")));
}
