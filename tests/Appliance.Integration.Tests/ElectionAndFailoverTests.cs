using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>Two appliance boxes on the lab LAN: election, link loss, return, SIGTERM, equal priorities, split brain.</summary>
public sealed class ElectionAndFailoverTests(ITestOutputHelper output) : LabTest(output)
{
    // Master_Down_Interval of a priority-100 backup at 100 ms adverts: 3 * 100 + 156 * 100 / 256 ms.
    private static readonly TimeSpan MasterDown100 = TimeSpan.FromMilliseconds(360.9375);

    // A bound for what is not the protocol: process start, a netlink round trip, a loaded two-core machine.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(400);

    [RootFact]
    public void The_higher_priority_is_elected_and_only_it_holds_the_VIP()
    {
        var settings = new PairSettings { AdvertInterval = Fast };
        StartAppliances(settings, 200, 100);

        // Both start as backups; the better one's master down timer (3 x 100 + 21.9 ms) runs out first.
        var elected = WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(2));

        Assert.True(elected < TimeSpan.FromMilliseconds(322) + TimeSpan.FromSeconds(1), $"elected after {elected}");
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        Assert.Equal("b1", Fetch($"http://{Lan.Vip4}/"));
        Assert.Equal("192.0.2.11", B2.Status().Vrrp[0].MasterAddress);
    }

    [RootFact]
    public void Cutting_the_masters_link_moves_the_VIP_within_master_down_interval()
    {
        StartAppliances(new PairSettings { AdvertInterval = Fast }, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        var probe = Lab.StartProbe();
        Thread.Sleep(300);

        var cut = Lan.Now();
        Lab.CutLink(B1);
        var served = probe.Timeline.WaitForAnswer(cut, a => a.Detail == "b2", TimeSpan.FromSeconds(5));

        Assert.NotNull(served);
        var outage = probe.Timeline.GapAround(cut, served.Value.End);
        Assert.True(outage.Gap < MasterDown100 + Slack, $"client outage {outage}; bound {MasterDown100 + Slack}\n{Logs()}");
        Assert.Equal("master", B2.VrrpState());
        Assert.Equal("fault", B1.VrrpState());
        Assert.False(B1.Has(Lan.Vip4));
    }

    [RootFact]
    public void A_returning_master_preempts_after_its_preempt_delay()
    {
        var settings = new PairSettings { AdvertInterval = Fast, PreemptDelay = TimeSpan.FromSeconds(1) };
        StartAppliances(settings, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        Lab.CutLink(B1);
        WaitForState(B2, "master", TimeSpan.FromSeconds(3));

        Lab.RestoreLink(B1);
        var back = WaitForState(B1, "master", TimeSpan.FromSeconds(5));

        // Not before the delay; at most delay + master down interval (at priority 200) later.
        Assert.InRange(back, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(322) + Slack + Slack);
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        Assert.Equal("backup", B2.VrrpState());
    }

    [RootFact]
    public void Without_preemption_the_returning_box_stays_backup()
    {
        // b1 first: without preemption, a b2 that a slow machine let become master before b1 started would rightly
        // keep it, and the claim here is about b1 returning.
        var settings = new PairSettings { AdvertInterval = Fast, Preempt = false };
        StartAppliance(B1, settings, 200);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        StartAppliance(B2, settings, 100);
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        Lab.CutLink(B1);
        WaitForState(B2, "master", TimeSpan.FromSeconds(3));

        Lab.RestoreLink(B1);
        WaitForState(B1, "backup", TimeSpan.FromSeconds(3));
        Thread.Sleep(2000);

        Assert.Equal("backup", B1.VrrpState());
        Assert.Equal("master", B2.VrrpState());
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(1));
    }

    [RootFact]
    public void SIGTERM_on_the_master_hands_over_in_skew_time_without_dropping_requests()
    {
        // 1 s adverts: Master_Down_Interval of the backup is 3.61 s, its Skew_Time 0.61 s.
        StartAppliances(new PairSettings(), 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(8));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        var probe = Lab.StartProbe();
        Thread.Sleep(500);

        var term = Lan.Now();
        B1.Appliance!.Signal(Signals.SIGTERM);
        var tookOver = WaitForState(B2, "master", TimeSpan.FromSeconds(5));

        Assert.True(tookOver < TimeSpan.FromSeconds(1.5), $"backup became master after {tookOver}, not in about its skew time");
        Assert.Contains("resigned (priority 0)", B2.Status().Vrrp[0].LastTransition!.Reason);
        Assert.True(B1.Appliance.WaitForExit(TimeSpan.FromSeconds(5)), "the old master did not exit");
        Assert.Equal(0, B1.Appliance.ExitCode);
        Assert.False(B1.Has(Lan.Vip4));
        var served = probe.Timeline.WaitForAnswer(term, a => a.Detail == "b2", TimeSpan.FromSeconds(3));
        Assert.NotNull(served);
        var outage = probe.Timeline.GapAround(term, served.Value.End);
        // No request is refused: the new master holds the VIP before the old one lets go. A connection that is open
        // while the client's neighbour entry flips from b1's MAC to b2's (b2's gratuitous ARP) is answered by b2 with
        // a reset, whichever box it began on; that one request is the documented price of a MAC flip (the planned
        // switchover test in SupervisorDutiesTests allows the same), and whether a request is in flight at that
        // instant is chance, not behaviour.
        var failures = probe.Timeline.Snapshot().Where(a => !a.Ok && a.End > term && a.End <= served.Value.End).ToArray();
        Assert.True(
            failures.Length <= 1 && failures.All(a => !a.Detail.Contains("refused", StringComparison.OrdinalIgnoreCase)) && outage.Gap < TimeSpan.FromMilliseconds(100),
            $"client saw {outage}: {string.Join("; ", failures.Select(a => a.Detail))}");
    }

    [RootFact]
    public void Equal_priorities_elect_the_higher_primary_address()
    {
        // The address breaks a tie only between two masters (RFC 9568 6.4.3). A backup that hears an equal priority
        // stays backup (6.4.2), so from a common start whichever Master_Down_Timer runs out first wins, and that is
        // a race, not the rule. Both boxes therefore become master apart from each other, then meet.
        Lab.Isolate(B1);
        StartAppliances(new PairSettings { AdvertInterval = Fast }, 100, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "master", TimeSpan.FromSeconds(5));

        Lab.Rejoin(B1);

        // 192.0.2.12 > 192.0.2.11: b1 hears the greater address at its own priority and steps down; b2 keeps going.
        WaitForState(B1, "backup", TimeSpan.FromSeconds(3));
        Assert.Equal("master", B2.VrrpState());
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(2));
        Assert.Equal("192.0.2.12", B1.Status().Vrrp[0].MasterAddress);
    }

    [RootFact]
    public void A_split_brain_heals_to_one_master_and_one_VIP_holder()
    {
        StartAppliances(new PairSettings { AdvertInterval = Fast }, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));

        Lab.Isolate(B2);
        WaitForState(B2, "master", TimeSpan.FromSeconds(3));
        Assert.Equal("master", B1.VrrpState());
        Assert.True(B1.Has(Lan.Vip4) && B2.Has(Lan.Vip4));

        Lab.Rejoin(B2);
        WaitForState(B2, "backup", TimeSpan.FromSeconds(3));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        Assert.Equal("master", B1.VrrpState());

        // The client is sent back to the master that stayed: it answered the other with an announcement.
        Thread.Sleep(300);
        Assert.Equal("b1", Fetch($"http://{Lan.Vip4}/"));
    }
}
