using System.Net;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>IPv6, unicast peers across a switch that drops multicast, and the RFC virtual MAC.</summary>
public sealed class FamiliesAndModesTests(ITestOutputHelper output) : LabTest(output)
{
    [RootFact]
    public void An_IPv6_instance_elects_announces_with_an_unsolicited_NA_and_fails_over()
    {
        var settings = new PairSettings { AdvertInterval = Fast, IPv6 = true };
        using var capture = Lab.Capture(Lab.Client, "icmp6");
        StartAppliances(settings, 200, 100);

        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForHolder(B1, Lan.Vip6, TimeSpan.FromSeconds(2));
        Assert.Equal("b1", Fetch($"http://[{Lan.Vip6}]/"));
        Thread.Sleep(500); // announce_count (3) NAs, announce_interval (100 ms) apart

        // Unsolicited (S clear) to all nodes, with Override, hop limit 255, announce_count of them; the client's own
        // neighbour solicitations get solicited answers besides, from the kernel. b1's only: on a slow machine b2 may
        // have been master, and announced, before b1 started.
        var macB1 = B1.Namespace.IpJson("link", "show", "dev", "eth0")[0].GetProperty("address").GetString();
        var advertisements = capture.Decode($"icmpv6.type == 136 && icmpv6.nd.na.target_address == {Lan.Vip6} && icmpv6.nd.na.flag.s == 0 && eth.src == {macB1}",
            "icmpv6.nd.na.flag.o", "ipv6.dst", "ipv6.hlim");
        Assert.Equal(3, advertisements.Count);
        Assert.All(advertisements, na => Assert.Equal(["1", "ff02::1", "255"], na));

        Lab.CutLink(B1);
        WaitForState(B2, "master", TimeSpan.FromSeconds(3));
        WaitForHolder(B2, Lan.Vip6, TimeSpan.FromSeconds(2));
        Assert.Equal("b2", Fetch($"http://[{Lan.Vip6}]/"));
    }

    [RootFact]
    public void Unicast_peers_elect_and_fail_over_where_the_switch_drops_VRRP_multicast()
    {
        Lab.BlockVrrpMulticast();
        var settings = new PairSettings { AdvertInterval = Fast, Unicast = true };
        StartAppliances(settings, 200, 100);

        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(2));
        Thread.Sleep(500);
        Assert.Equal("backup", B2.VrrpState()); // it keeps hearing b1, by unicast
        Assert.Equal("192.0.2.11", B2.Status().Vrrp[0].MasterAddress);

        Lab.CutLink(B1);
        WaitForState(B2, "master", TimeSpan.FromSeconds(3));
        Assert.Equal("b2", Fetch($"http://{Lan.Vip4}/"));
        Lab.RestoreLink(B1);
        WaitForState(B1, "master", TimeSpan.FromSeconds(3));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
    }

    [RootFact]
    public void Multicast_pairs_do_not_hear_each_other_when_the_switch_drops_it()
    {
        // The contrast that makes the unicast test meaningful: the filter really drops VRRP multicast.
        Lab.BlockVrrpMulticast();
        StartAppliances(new PairSettings { AdvertInterval = Fast }, 200, 100);

        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "master", TimeSpan.FromSeconds(5));
    }

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_the_virtual_MAC_one_box_is_master_and_the_clients_neighbour_entry_survives_failover(bool ipv6)
    {
        var vip = ipv6 ? Lan.Vip6 : Lan.Vip4;
        var mac = ipv6 ? "00:00:5e:00:02:33" : "00:00:5e:00:01:33";
        var url = ipv6 ? $"http://[{vip}]/" : $"http://{vip}/";
        StartAppliances(new PairSettings { AdvertInterval = Fast, VirtualMac = true, IPv6 = ipv6 }, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        WaitForHolder(B1, vip, TimeSpan.FromSeconds(2));

        // Each box's macvlan carries the same MAC: the backup must still hear the master's advertisements, which
        // leave with that MAC as their source (RFC 9568 7.2) and the master's own address as the IP source. The
        // capture starts once the election is over: on a slow machine b2 may have been master for a moment before
        // b1 started, and its advertisements then are not the claim.
        using var capture = Lab.Capture(Lab.Client, "vrrp or ip6 proto 112");
        Thread.Sleep(500);
        Assert.Equal("backup", B2.VrrpState());
        capture.Stop();
        var adverts = capture.Decode("vrrp", "eth.src", ipv6 ? "ipv6.src" : "ip.src");
        Assert.NotEmpty(adverts);
        Assert.All(adverts, advert => Assert.Equal(mac, advert[0]));
        var masterAddress = B2.Status().Vrrp[0].MasterAddress;
        Assert.All(adverts, advert => Assert.Equal(masterAddress, advert[1]));
        Assert.Equal(ipv6 ? "fe80:" : B1.Address4.ToString(), ipv6 ? masterAddress?[..5] : masterAddress);

        Assert.Equal("b1", Fetch(url));
        Assert.Equal(mac, ClientNeighbour(vip));

        Lab.CutLink(B1);
        WaitForState(B2, "master", TimeSpan.FromSeconds(3));
        Assert.Equal("b2", Fetch(url));
        Assert.Equal(mac, ClientNeighbour(vip));
    }

    private string? ClientNeighbour(IPAddress address)
    {
        var entries = Lab.Client.IpJson("neigh", "show", address.ToString(), "dev", "eth0");
        return entries.GetArrayLength() > 0 && entries[0].TryGetProperty("lladdr", out var mac) ? mac.GetString() : null;
    }
}
