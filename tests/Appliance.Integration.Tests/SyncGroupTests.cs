using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>[group:NAME] with the real binary: a dual-stack site moves whole.</summary>
public sealed class SyncGroupTests(ITestOutputHelper output) : LabTest(output)
{
    /// <summary>An IPv6 instance next to the lab's IPv4 "web", tracking eth1 (one end of a veth pair), both in one group.</summary>
    private static string DualStack(int priority) => $"""
        [interface:eth1]
        manage = false

        [vrrp:web6]
        interface = eth0
        vrid = 52
        priority = {priority}
        advert_interval = 100ms
        virtual_ip = {Lan.Vip6}/64

        [vrrp:web6:track]
        eth1 = fault

        [group:site]
        instances = web, web6
        """;

    [RootFact]
    public void When_the_IPv6_instances_tracked_link_goes_down_both_instances_move_to_the_peer_and_come_back()
    {
        StartDualStackPair();

        // Only web6 tracks eth1; the group takes web (IPv4) along.
        B1.Namespace.SetDown("eth1");
        WaitForState(B2, "master", TimeSpan.FromSeconds(5), "web");
        WaitForState(B2, "master", TimeSpan.FromSeconds(5), "web6");
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(2));
        WaitForHolder(B2, Lan.Vip6, TimeSpan.FromSeconds(2));
        var b1 = B1.Status().Vrrp.ToDictionary(v => v.Name);
        Assert.Equal(("fault", "fault"), (b1["web"].State, b1["web6"].State));
        Assert.Contains("group:site", b1["web"].TrackedDown);
        Assert.Contains("eth1", b1["web6"].TrackedDown);
        Assert.True(B1.Appliance!.WaitForLog("sync group site is in fault: web6 is in fault (tracked eth1 down)", TimeSpan.FromSeconds(2)), Logs());

        B1.Namespace.SetUp("eth1");
        WaitForState(B1, "master", TimeSpan.FromSeconds(5), "web");
        WaitForState(B1, "master", TimeSpan.FromSeconds(5), "web6");
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        WaitForHolder(B1, Lan.Vip6, TimeSpan.FromSeconds(2));
    }

    private void StartDualStackPair()
    {
        foreach (var box in Lab.Boxes)
        {
            box.Namespace.CreateVethPair("eth1", "eth1p");
            box.Namespace.SetUp("eth1p");
            box.Namespace.SetUp("eth1");
        }

        var settings = new PairSettings { AdvertInterval = Fast };
        StartAppliance(B1, settings, 200, DualStack(200));
        StartAppliance(B2, settings, 100, DualStack(100));
        BothOn(B1, B2, TimeSpan.FromSeconds(10));
    }

    /// <summary>Both instances master on <paramref name="master"/>, backup on the other box, and their VIPs there.</summary>
    private void BothOn(LabBox master, LabBox backup, TimeSpan timeout)
    {
        foreach (var instance in new[] { "web", "web6" })
        {
            WaitForState(master, "master", timeout, instance);
            WaitForState(backup, "backup", timeout, instance);
        }

        WaitForHolder(master, Lan.Vip4, TimeSpan.FromSeconds(2));
        WaitForHolder(master, Lan.Vip6, TimeSpan.FromSeconds(2));
    }

    [RootFact]
    public void The_site_never_splits_when_the_peer_outranks_one_member_and_moves_whole_when_it_outranks_both()
    {
        StartDualStackPair();

        // Without the group, b2 would take web (250 against 200) and leave web6 on b1 (100 against 200).
        Assert.Equal(0, Appliance(B2, "config", "set", "vrrp:web:priority=250").ExitCode);
        Assert.True(B2.Appliance!.WaitForLog("web wants master; sync group site waits until every member does", TimeSpan.FromSeconds(5)), Logs());
        Thread.Sleep(TimeSpan.FromSeconds(1));
        BothOn(B1, B2, TimeSpan.FromMilliseconds(100));

        Assert.Equal(0, Appliance(B2, "config", "set", "vrrp:web6:priority=250").ExitCode);
        BothOn(B2, B1, TimeSpan.FromSeconds(5));
        Assert.True(B2.Appliance!.WaitForLog("sync group site: every member wants master", TimeSpan.FromSeconds(2)), Logs());
    }

    [RootFact]
    public void A_planned_failover_of_one_member_hands_over_the_whole_group()
    {
        StartDualStackPair();

        var failover = Appliance(B1, "failover", "web");

        Assert.Equal(0, failover.ExitCode);
        BothOn(B2, B1, TimeSpan.FromSeconds(5));
    }
}
