using Appliance.Vrrp.Router;
using Appliance.Vrrp.Tests.Simulation;
using static Appliance.Vrrp.Tests.Router.RouterHarness;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>garp_refresh: a master announces every virtual address again at a fixed interval, and only a master.</summary>
public sealed class AnnounceRefreshTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(10);

    [Fact]
    public void Without_a_refresh_a_master_announces_only_on_becoming_master()
    {
        var r = Master(Options() with { AnnounceCount = 1 });

        var actions = r.AdvanceBy(TimeSpan.FromMinutes(5));

        Assert.Empty(actions.OfType<RouterAction.Announce>());
        Assert.Null(r.Router.Timers.Refresh);
    }

    [Fact]
    public void A_master_announces_every_address_again_at_each_refresh()
    {
        var r = Master(Options() with { AnnounceCount = 1, AnnounceRefresh = Refresh });
        var became = r.Now;
        Assert.Equal(became + Refresh, r.Router.Timers.Refresh);

        var announced = new List<TimeSpan>();
        var end = became + TimeSpan.FromSeconds(35);
        while (r.Router.NextDeadline is { } next && next <= end)
        {
            if (r.AdvanceTo(next).OfType<RouterAction.Announce>().SingleOrDefault() is { } announce)
            {
                Assert.Equal([Vip], announce.Addresses);
                announced.Add(r.Now - became);
            }
        }

        Assert.Equal([Refresh, 2 * Refresh, 3 * Refresh], announced);
        Assert.Equal(3, r.Router.Counters.AnnounceRefreshes);
    }

    [Fact]
    public void A_backup_never_refreshes_and_stepping_down_disarms_the_refresh()
    {
        var r = Master(Options(priority: 100) with { AnnounceRefresh = Refresh });

        r.Receive(200);

        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.Null(r.Router.Timers.Refresh);
        r.AdvanceBy(TimeSpan.FromSeconds(3));
        r.Receive(200);
        Assert.Empty(r.AdvanceBy(TimeSpan.FromSeconds(3)).OfType<RouterAction.Announce>());
    }

    [Fact]
    public void Turning_the_refresh_on_live_arms_it_from_now_and_off_disarms_it()
    {
        var r = Master(Options());
        r.AdvanceBy(TimeSpan.FromSeconds(2));

        r.Do(new RouterEvent.Reconfigured(r.Router.Options with { AnnounceRefresh = Refresh }));
        Assert.Equal(r.Now + Refresh, r.Router.Timers.Refresh);

        r.Do(new RouterEvent.Reconfigured(r.Router.Options with { AnnounceRefresh = null }));
        Assert.Null(r.Router.Timers.Refresh);
    }

    [Fact]
    public void On_a_simulated_lan_only_the_master_refreshes()
    {
        var lan = new SimulatedLan();
        var master = lan.Add(200, configure: o => o with { AnnounceCount = 1, AnnounceRefresh = Refresh });
        var backup = lan.Add(100, configure: o => o with { AnnounceCount = 1, AnnounceRefresh = Refresh });
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal([master], lan.Masters);
        var before = master.Announces;

        lan.RunFor(TimeSpan.FromSeconds(60));

        Assert.Equal(6, master.Announces - before);
        Assert.Equal(0, backup.Announces);
    }
}
