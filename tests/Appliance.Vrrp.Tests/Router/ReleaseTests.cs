using Appliance.Vrrp.Router;
using static Appliance.Vrrp.Tests.Router.RouterHarness;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>Planned moves (shutdown, failover) are make-before-break: announce priority 0, keep serving, then let go.</summary>
public sealed class ReleaseTests
{
    [Fact]
    public void Shutdown_with_handover_keeps_the_addresses_until_the_successor_is_heard()
    {
        var r = Master(Options(priority: 150));

        var leaving = r.Do(new RouterEvent.Shutdown(Handover: true));
        Assert.Equal("state:Master->Releasing, send:0", leaving.Describe());
        Assert.True(r.Router.HoldsVirtualAddresses);

        r.AdvanceBy(TimeSpan.FromMilliseconds(600));
        Assert.Empty(r.Receive(100));

        // Both hold the address for the linger, so clients slow to follow the successor's announcement are served.
        Assert.True(r.Router.HoldsVirtualAddresses);
        Assert.Empty(r.AdvanceBy(TimeSpan.FromMilliseconds(49)));
        var handedOver = r.AdvanceBy(TimeSpan.FromMilliseconds(1));

        Assert.Equal("remove, state:Releasing->Initialize", handedOver.Describe());
        Assert.Equal($"shutdown: new master {Peer} heard", handedOver.Transitions().Single().Reason);
        Assert.Null(r.Router.NextDeadline);
    }

    [Fact]
    public void Further_advertisements_of_the_successor_do_not_extend_the_linger()
    {
        var r = Master(Options(intervalMs: 10));
        r.Do(new RouterEvent.Shutdown(Handover: true));
        r.Receive(100, intervalMs: 10);
        var heard = r.Now;

        for (var i = 0; i < 4; i++)
        {
            r.AdvanceBy(TimeSpan.FromMilliseconds(10));
            r.Receive(100, intervalMs: 10);
        }

        r.AdvanceTo(heard + TimeSpan.FromMilliseconds(50));
        Assert.Equal(VirtualRouterState.Initialize, r.State);
    }

    [Fact]
    public void A_releasing_router_repeats_priority_zero_each_interval()
    {
        var r = Master(Options(intervalMs: 100));
        r.Do(new RouterEvent.Shutdown(Handover: true));

        var actions = r.AdvanceBy(TimeSpan.FromMilliseconds(250));

        Assert.Equal([0, 0], actions.Sent().Select(a => (int)a.Priority));
    }

    [Fact]
    public void A_lone_router_lets_go_when_the_release_deadline_passes()
    {
        var r = Master(Options(intervalMs: 1000));
        var start = r.Now;
        r.Do(new RouterEvent.Shutdown(Handover: true));

        var actions = r.AdvanceBy(TimeSpan.FromSeconds(3));

        Assert.Equal(VirtualRouterState.Initialize, r.State);
        Assert.Contains("no new master heard within 2100ms", actions.Transitions().Single().Reason);
        Assert.Equal(start + TimeSpan.FromMilliseconds(2100), r.Router.LastTransition!.Value.At);
    }

    [Fact]
    public void Priority_zero_from_another_releasing_router_does_not_end_the_release()
    {
        var r = Master(Options());
        r.Do(new RouterEvent.Shutdown(Handover: true));

        Assert.Empty(r.Receive(0));
        Assert.Equal(VirtualRouterState.Releasing, r.State);
    }

    [Fact]
    public void Failover_hands_over_then_holds_back_from_preempting()
    {
        var r = Master(Options(priority: 200));

        var leaving = r.Do(new RouterEvent.Resign(HoldFor: TimeSpan.FromSeconds(60)));
        Assert.Equal("state:Master->Releasing, send:0", leaving.Describe());
        r.Receive(100);
        var handedOver = r.AdvanceBy(TimeSpan.FromMilliseconds(50));
        Assert.Equal("state:Releasing->Backup, remove", handedOver.Describe());

        // For the hold, the lower-priority successor is accepted as master.
        for (var t = 1; t <= 50; t++)
        {
            r.AdvanceBy(TimeSpan.FromSeconds(1));
            r.Receive(100);
        }

        Assert.Equal(VirtualRouterState.Backup, r.State);

        // After it, normal preemption returns the role.
        r.AdvanceBy(TimeSpan.FromSeconds(11));
        r.Receive(100);
        r.AdvanceBy(r.Router.MasterDownInterval);
        Assert.Equal(VirtualRouterState.Master, r.State);
    }

    [Fact]
    public void A_held_back_router_still_takes_over_when_the_successor_dies()
    {
        var r = Master(Options(priority: 200));
        r.Do(new RouterEvent.Resign(TimeSpan.FromMinutes(10)));
        r.Receive(100);
        r.AdvanceBy(TimeSpan.FromMilliseconds(50));

        r.AdvanceBy(r.Router.MasterDownInterval + TimeSpan.FromMilliseconds(1));

        Assert.Equal(VirtualRouterState.Master, r.State);
    }

    [Fact]
    public void Failover_is_ignored_by_a_backup()
    {
        var r = Started(Options());

        Assert.Empty(r.Do(new RouterEvent.Resign(TimeSpan.FromMinutes(1))));
        Assert.Equal(VirtualRouterState.Backup, r.State);
    }

    [Fact]
    public void Shutdown_during_a_failover_release_ends_in_initialize()
    {
        var r = Master(Options());
        r.Do(new RouterEvent.Resign(TimeSpan.FromMinutes(1)));

        r.Do(new RouterEvent.Shutdown(Handover: true));
        r.Receive(100);
        var actions = r.AdvanceBy(TimeSpan.FromMilliseconds(50));

        Assert.Equal("remove, state:Releasing->Initialize", actions.Describe());
    }

    [Fact]
    public void Immediate_shutdown_during_a_release_lets_go_at_once()
    {
        var r = Master(Options());
        r.Do(new RouterEvent.Shutdown(Handover: true));

        var actions = r.Do(new RouterEvent.Shutdown(Handover: false));

        Assert.Equal("remove, state:Releasing->Initialize", actions.Describe());
    }

    [Fact]
    public void Link_loss_during_a_shutdown_release_finishes_the_shutdown()
    {
        var r = Master(Options());
        r.Do(new RouterEvent.Shutdown(Handover: true));

        var actions = r.Do(new RouterEvent.LinkChanged(false));

        Assert.Equal("remove, state:Releasing->Initialize", actions.Describe());
    }

    [Fact]
    public void Link_loss_during_a_failover_release_ends_in_fault()
    {
        var r = Master(Options());
        r.Do(new RouterEvent.Resign(TimeSpan.FromMinutes(1)));

        var actions = r.Do(new RouterEvent.LinkChanged(false));

        Assert.Equal("state:Releasing->Fault, remove", actions.Describe());
    }
}
