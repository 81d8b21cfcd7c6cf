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
}
