using System.Net;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;
using static Appliance.Vrrp.Tests.Router.RouterHarness;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>Live configuration changes apply without dropping mastership needlessly.</summary>
public sealed class ReconfigureTests
{
    private static readonly VirtualAddress Second = new(IPAddress.Parse("192.0.2.20"), 24);

    [Fact]
    public void A_priority_change_on_the_master_is_advertised_at_once_without_a_transition()
    {
        var r = Master(Options(priority: 150));

        var actions = r.Do(new RouterEvent.Reconfigured(r.Router.Options with { Priority = 200 }));

        Assert.Equal("send:200", actions.Describe());
        Assert.Equal(VirtualRouterState.Master, r.State);
    }

    [Fact]
    public void Adding_an_address_on_the_master_adds_and_announces_only_that_one()
    {
        var r = Master(Options());

        var actions = r.Do(new RouterEvent.Reconfigured(r.Router.Options with { VirtualAddresses = [Vip, Second] }));

        Assert.Equal("add, announce, send:100", actions.Describe());
        Assert.Equal([Second], actions.OfType<RouterAction.AddVirtualAddresses>().Single().Addresses);
        Assert.Equal(2, actions.Sent().Single().Addresses.Count);
    }

    [Fact]
    public void Removing_an_address_on_the_master_removes_only_that_one()
    {
        var r = Master(Options() with { VirtualAddresses = [Vip, Second] });

        var actions = r.Do(new RouterEvent.Reconfigured(r.Router.Options with { VirtualAddresses = [Vip] }));

        Assert.Equal("remove, send:100", actions.Describe());
        Assert.Equal([Second], actions.OfType<RouterAction.RemoveVirtualAddresses>().Single().Addresses);
    }

    [Fact]
    public void A_new_interval_on_the_master_takes_effect_at_the_next_advertisement()
    {
        var r = Master(Options(intervalMs: 1000));

        r.Do(new RouterEvent.Reconfigured(r.Router.Options with { AdvertisementInterval = TimeSpan.FromMilliseconds(100) }));
        var actions = r.AdvanceBy(TimeSpan.FromMilliseconds(1000));

        Assert.Equal(10, actions.Sent().Count());
        Assert.All(actions.Sent(), a => Assert.Equal(TimeSpan.FromMilliseconds(100), a.Interval));
    }

    [Fact]
    public void A_backup_given_a_higher_priority_preempts_by_the_normal_rules()
    {
        var r = Started(Options(priority: 100));
        r.Receive(150);

        Assert.Empty(r.Do(new RouterEvent.Reconfigured(r.Router.Options with { Priority = 200 })));
        r.Receive(150);

        // The master down timer armed by the last accepted advertisement (at the old priority) runs out.
        r.AdvanceBy(TimeSpan.FromMilliseconds(3610));
        Assert.Equal(VirtualRouterState.Master, r.State);
    }

    [Fact]
    public void Adding_a_fault_track_whose_object_is_down_later_faults_the_master()
    {
        var r = Master(Options());
        r.Do(new RouterEvent.Reconfigured(r.Router.Options with { Track = [TrackedObject.FaultWhenDown("nginx")] }));

        var actions = r.Do(new RouterEvent.TrackedObjectChanged("nginx", false));

        Assert.Equal(VirtualRouterState.Fault, r.State);
        Assert.Contains("send:0", actions.Describe());
    }

    [Fact]
    public void Dropping_a_track_of_a_down_object_clears_its_fault()
    {
        var r = Started(Options() with { Track = [TrackedObject.FaultWhenDown("nginx")] });
        r.Do(new RouterEvent.TrackedObjectChanged("nginx", false));

        var actions = r.Do(new RouterEvent.Reconfigured(r.Router.Options with { Track = [] }));

        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.Equal("configuration changed, fault cleared", actions.Transitions().Single().Reason);
    }

    [Fact]
    public void Changes_that_need_a_new_instance_are_refused()
    {
        var r = Master(Options());

        Assert.Throws<ArgumentException>(() => r.Do(new RouterEvent.Reconfigured(r.Router.Options with { VirtualRouterId = 52 })));
        Assert.Throws<ArgumentException>(() => r.Do(new RouterEvent.Reconfigured(r.Router.Options with { Version = VrrpVersion.V2 })));
        Assert.Equal(VirtualRouterState.Master, r.State);
    }

    [Fact]
    public void A_backup_made_address_owner_becomes_master_at_once()
    {
        var r = Started(Options(priority: 100));

        var actions = r.Do(new RouterEvent.Reconfigured(r.Router.Options with { Priority = 255 }));

        Assert.Equal("state:Backup->Master, add, announce, send:255", actions.Describe());
    }
}
