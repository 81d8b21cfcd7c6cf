using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// An appliance box and a keepalived box (the Debian package) as one pair: they must elect and fail over in both
/// directions, for VRRPv3 and VRRPv2, whichever has the higher priority. The client's answers say who holds the VIP.
/// </summary>
public sealed class KeepalivedInteropTests(ITestOutputHelper output) : LabTest(output)
{
    [RootTheory]
    [InlineData(3, true)]
    [InlineData(3, false)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void Appliance_and_keepalived_elect_and_fail_over_in_both_directions(int version, bool applianceHigher)
    {
        var settings = new PairSettings { Version = version };
        var (applianceBox, keepalivedBox) = (B1, B2);
        var (appliancePriority, keepalivedPriority) = applianceHigher ? (200, 100) : (100, 200);
        StartAppliance(applianceBox, settings, appliancePriority);
        StartKeepalived(keepalivedBox, settings, keepalivedPriority);
        var (higher, lower) = applianceHigher ? (applianceBox, keepalivedBox) : (keepalivedBox, applianceBox);

        // Election: the higher priority holds the VIP, whoever speaks for it.
        WaitForHolder(higher, Lan.Vip4, TimeSpan.FromSeconds(10));
        Assert.Equal(applianceHigher ? "master" : "backup", applianceBox.VrrpState());
        Assert.Equal(higher.Name, Fetch($"http://{Lan.Vip4}/"));

        // Failover to the lower priority: the higher one's link goes.
        Lab.CutLink(higher);
        WaitForHolder(lower, Lan.Vip4, TimeSpan.FromSeconds(6));
        Assert.Equal(applianceHigher ? "fault" : "master", applianceBox.VrrpState());
        Assert.Equal(lower.Name, Fetch($"http://{Lan.Vip4}/"));

        // And back: the higher one returns and preempts.
        Lab.RestoreLink(higher);
        WaitForHolder(higher, Lan.Vip4, TimeSpan.FromSeconds(8));
        Assert.Equal(applianceHigher ? "master" : "backup", applianceBox.VrrpState());
        Assert.Equal(higher.Name, Fetch($"http://{Lan.Vip4}/"));

        // Nothing keepalived sent was refused as malformed.
        var drops = applianceBox.Status().Vrrp[0].Counters.Dropped;
        Assert.True(drops.Keys.All(k => k is "hop_limit" or "address_list_mismatch") || drops.Count == 0, $"dropped: {string.Join(", ", drops)}");
    }

    [RootTheory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void With_the_virtual_MAC_on_both_sides_one_holds_the_VIP_and_failover_keeps_the_clients_neighbour_entry(bool ipv6, bool applianceHigher)
    {
        var settings = new PairSettings { VirtualMac = true, IPv6 = ipv6 };
        var vip = ipv6 ? Lan.Vip6 : Lan.Vip4;
        var url = ipv6 ? $"http://[{vip}]/" : $"http://{vip}/";
        var (appliancePriority, keepalivedPriority) = applianceHigher ? (200, 100) : (100, 200);
        StartAppliance(B1, settings, appliancePriority);
        StartKeepalived(B2, settings, keepalivedPriority);
        var (higher, lower) = applianceHigher ? (B1, B2) : (B2, B1);

        // Both boxes' macvlans carry the same MAC; each must still hear the other, so exactly one holds the VIP.
        WaitForHolder(higher, vip, TimeSpan.FromSeconds(10));
        Thread.Sleep(TimeSpan.FromSeconds(3.5)); // longer than a master down interval at 1 s adverts
        Assert.False(lower.Has(vip), $"{lower} holds {vip} as well");
        Assert.Equal(applianceHigher ? "master" : "backup", B1.VrrpState());
        Assert.Equal(higher.Name, Fetch(url));
        var mac = ipv6 ? "00:00:5e:00:02:33" : "00:00:5e:00:01:33";

        // Whenever the appliance holds the VIP the client knows it by the virtual MAC. (keepalived 2.2.7's box
        // teaches the client its base MAC here: replies leave by the base interface, whose ARP names the VIP.)
        if (applianceHigher)
        {
            Assert.Equal(mac, ClientNeighbour(vip));
        }

        Lab.CutLink(higher);
        WaitForHolder(lower, vip, TimeSpan.FromSeconds(6));
        Assert.Equal(lower.Name, FetchWithin(url, TimeSpan.FromSeconds(3)));
        if (!applianceHigher)
        {
            Assert.Equal(mac, ClientNeighbour(vip));
        }
    }

    [RootFact]
    public void A_keepalived_master_that_stops_hands_over_to_the_appliance()
    {
        var settings = new PairSettings();
        StartKeepalived(B1, settings, 200);
        StartAppliance(B2, settings, 100);
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(10));
        Assert.Equal("backup", B2.VrrpState());

        // keepalived's graceful stop sends priority 0: we take over after our skew time, not master down interval.
        B1.Keepalived!.Signal(Signals.SIGTERM);
        var tookOver = WaitForState(B2, "master", TimeSpan.FromSeconds(5));

        Assert.True(tookOver < TimeSpan.FromSeconds(2), $"took over after {tookOver}");
        Assert.Contains("resigned (priority 0)", B2.Status().Vrrp[0].LastTransition!.Reason);
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(2));
    }

    private string? ClientNeighbour(System.Net.IPAddress address)
    {
        var entries = Lab.Client.IpJson("neigh", "show", address.ToString(), "dev", "eth0");
        return entries.GetArrayLength() > 0 && entries[0].TryGetProperty("lladdr", out var mac) ? mac.GetString() : null;
    }
}
