using Appliance.Vrrp.Router;
using static Appliance.Vrrp.Tests.Router.RouterHarness;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>The Fault state and tracked objects: interfaces and nginx, as "fault" or as a priority weight.</summary>
public sealed class FaultAndTrackingTests
{
    private static VirtualRouterOptions Tracking(byte priority = 150) => Options(priority) with
    {
        Track = [TrackedObject.FaultWhenDown("nginx"), TrackedObject.WeightWhenDown("eth1", -60)],
    };

    [Fact]
    public void Master_whose_link_goes_down_enters_fault_and_drops_its_addresses()
    {
        var r = Master(Options());

        var actions = r.Do(new RouterEvent.LinkChanged(false));

        // No advertisement: there is no link to send it on.
        Assert.Equal("state:Master->Fault, remove", actions.Describe());
        Assert.Equal("interface down", actions.Transitions().Single().Reason);
        Assert.Null(r.Router.NextDeadline);
    }

    [Fact]
    public void Fault_is_left_for_backup_when_the_link_returns()
    {
        var r = Master(Options());
        r.Do(new RouterEvent.LinkChanged(false));
        r.AdvanceBy(TimeSpan.FromSeconds(5));

        var actions = r.Do(new RouterEvent.LinkChanged(true));

        Assert.Equal("state:Fault->Backup, remove", actions.Describe());
        Assert.Equal(r.Now + r.Router.MasterDownInterval, r.Router.Timers.MasterDown);
    }

    [Fact]
    public void Fault_ignores_advertisements_and_sends_nothing()
    {
        var r = Started(Options());
        r.Do(new RouterEvent.LinkChanged(false));

        Assert.Empty(r.Receive(200));
        Assert.Empty(r.AdvanceBy(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_fault_tracked_object_down_makes_the_master_resign_with_priority_zero()
    {
        var r = Master(Tracking());

        var actions = r.Do(new RouterEvent.TrackedObjectChanged("nginx", Up: false));

        Assert.Equal("state:Master->Fault, send:0, remove", actions.Describe());
        Assert.Equal("tracked nginx down", actions.Transitions().Single().Reason);
    }

    [Fact]
    public void The_router_stays_in_fault_until_every_fault_object_is_up()
    {
        var r = Started(Tracking() with { Track = [TrackedObject.FaultWhenDown("nginx"), TrackedObject.FaultWhenDown("eth1")] });
        r.Do(new RouterEvent.TrackedObjectChanged("nginx", false));
        r.Do(new RouterEvent.TrackedObjectChanged("eth1", false));

        Assert.Empty(r.Do(new RouterEvent.TrackedObjectChanged("nginx", true)));
        Assert.Equal(VirtualRouterState.Fault, r.State);
        var actions = r.Do(new RouterEvent.TrackedObjectChanged("eth1", true));

        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.Equal("tracked eth1 up, fault cleared", actions.Transitions().Single().Reason);
    }

    [Fact]
    public void A_weight_lowers_the_priority_and_a_master_advertises_it_at_once()
    {
        var r = Master(Tracking(priority: 150));
        r.AdvanceBy(TimeSpan.FromMilliseconds(300));

        var actions = r.Do(new RouterEvent.TrackedObjectChanged("eth1", Up: false));

        Assert.Equal(90, r.Router.EffectivePriority);
        Assert.Equal("send:90", actions.Describe());
        Assert.Equal(r.Now + TimeSpan.FromSeconds(1), r.Router.Timers.Advertisement);
        r.Do(new RouterEvent.TrackedObjectChanged("eth1", Up: true));
        Assert.Equal(150, r.Router.EffectivePriority);
    }

    [Fact]
    public void Lowered_priority_lets_a_preempting_backup_take_over_and_the_master_yield()
    {
        var a = Master(Tracking(priority: 150));
        a.Do(new RouterEvent.TrackedObjectChanged("eth1", Up: false));

        var actions = a.Receive(120);

        Assert.Equal(VirtualRouterState.Backup, a.State);
        Assert.Equal($"higher priority 120 from {Peer}", actions.Transitions().Single().Reason);
    }

    [Fact]
    public void Effective_priority_is_clamped_to_1_to_254_and_the_owner_keeps_255()
    {
        var low = Started(Options(priority: 10) with { Track = [TrackedObject.WeightWhenDown("eth1", -100)] });
        var high = Started(Options(priority: 250) with { Track = [TrackedObject.WeightWhenDown("eth1", 100)] });
        var owner = Started(Options(priority: 255) with { Track = [TrackedObject.WeightWhenDown("eth1", -100)] });

        foreach (var r in new[] { low, high, owner })
        {
            r.Do(new RouterEvent.TrackedObjectChanged("eth1", false));
        }

        Assert.Equal(1, low.Router.EffectivePriority);
        Assert.Equal(254, high.Router.EffectivePriority);
        Assert.Equal(255, owner.Router.EffectivePriority);
    }

    [Fact]
    public void Untracked_objects_and_repeated_reports_change_nothing()
    {
        var r = Master(Tracking());

        Assert.Empty(r.Do(new RouterEvent.TrackedObjectChanged("eth7", false)));
        Assert.Empty(r.Do(new RouterEvent.TrackedObjectChanged("nginx", true)));
        r.Do(new RouterEvent.TrackedObjectChanged("eth1", false));
        Assert.Empty(r.Do(new RouterEvent.TrackedObjectChanged("eth1", false)));
    }

    [Fact]
    public void Tracked_names_match_without_regard_to_case()
    {
        var r = Master(Tracking());

        r.Do(new RouterEvent.TrackedObjectChanged("NGINX", false));

        Assert.Equal(VirtualRouterState.Fault, r.State);
    }

    [Fact]
    public void The_owner_returns_straight_to_master_when_its_fault_clears()
    {
        var r = Started(Options(priority: 255) with { Track = [TrackedObject.FaultWhenDown("nginx")] });
        r.Do(new RouterEvent.TrackedObjectChanged("nginx", false));

        var actions = r.Do(new RouterEvent.TrackedObjectChanged("nginx", true));

        Assert.Equal("state:Fault->Master, add, announce, send:255", actions.Describe());
    }
}
