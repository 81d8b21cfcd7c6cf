using Appliance.Vrrp.Router;
using Appliance.Vrrp.Tests.Simulation;
using Appliance.Vrrp.Wire;
using static Appliance.Vrrp.Tests.Router.RouterHarness;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>The Master_Adver_Interval a backup adopts (RFC 9568 6.4.2) stays within 4 x its own configuration.</summary>
public sealed class LearnedIntervalTests
{
    [Fact]
    public void A_backup_adopts_a_master_interval_up_to_four_times_its_own_without_counting_it()
    {
        var r = Started(Options(priority: 100, intervalMs: 1000));

        r.Receive(200, intervalMs: 4000);

        Assert.Equal(TimeSpan.FromSeconds(4), r.Router.MasterAdverInterval);
        Assert.Equal(0, r.Router.Counters.IntervalOutOfBounds);
        Assert.Null(r.Router.Counters.LastIntervalOutOfBounds);
    }

    [Fact]
    public void A_longer_advertised_interval_is_capped_counted_and_described()
    {
        var r = Started(Options(priority: 100, intervalMs: 1000));

        r.Receive(200, intervalMs: 40950);

        Assert.Equal(TimeSpan.FromSeconds(4), r.Router.MasterAdverInterval);
        Assert.Equal(TimeSpan.FromSeconds(12) + TimeSpan.FromMilliseconds(2437.5), r.Router.MasterDownInterval);
        Assert.Equal(r.Now + r.Router.MasterDownInterval, r.Router.Timers.MasterDown);
        Assert.Equal(1, r.Router.Counters.IntervalOutOfBounds);
        Assert.Equal($"{Peer} advertised 40950ms, above 4 x our 1s: using 4s", r.Router.Counters.LastIntervalOutOfBounds);
        Assert.Equal(Peer, r.Router.MasterAddress);
    }

    [Fact]
    public void A_master_stepping_down_for_a_long_interval_caps_it_too()
    {
        var r = Master(Options(priority: 100, intervalMs: 100));

        r.Receive(200, intervalMs: 5000);

        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.Equal(TimeSpan.FromMilliseconds(400), r.Router.MasterAdverInterval);
        Assert.Equal(1, r.Router.Counters.IntervalOutOfBounds);
    }

    [Fact]
    public void The_bound_never_exceeds_what_the_field_can_carry()
    {
        var r = Started(Options(priority: 100, intervalMs: 20000));

        r.Receive(200, intervalMs: 40950);

        Assert.Equal(VrrpProtocol.V3MaximumInterval, r.Router.MaxLearnedInterval);
        Assert.Equal(VrrpProtocol.V3MaximumInterval, r.Router.MasterAdverInterval);
        Assert.Equal(0, r.Router.Counters.IntervalOutOfBounds);
    }

    [Fact]
    public void A_shorter_advertised_interval_is_adopted_as_it_is()
    {
        var r = Started(Options(priority: 100, intervalMs: 1000));

        r.Receive(200, intervalMs: 10);

        Assert.Equal(TimeSpan.FromMilliseconds(10), r.Router.MasterAdverInterval);
        Assert.Equal(0, r.Router.Counters.IntervalOutOfBounds);
    }

    [Fact]
    public void A_master_advertising_forty_seconds_cannot_stretch_failover_beyond_the_bound()
    {
        var lan = new SimulatedLan();
        var slow = lan.Add(255, intervalMs: 40950);
        var backup = lan.Add(100, intervalMs: 1000);
        lan.StartAll();
        lan.RunFor(TimeSpan.FromMilliseconds(10));
        Assert.Equal([slow], lan.Masters);
        Assert.Equal(1, backup.Router.Counters.IntervalOutOfBounds);

        lan.Crash(slow);
        var crashed = lan.Now;
        lan.RunFor(TimeSpan.FromSeconds(15));

        // 3 x 4 s + skew 2.4375 s after the last advertisement (1 ms before the crash), not 3 x 40.95 s.
        Assert.Equal([backup], lan.Masters);
        var tookOver = backup.Router.LastTransition!.Value.At - crashed;
        Assert.InRange(tookOver, TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(14.44));
    }
}
