using Appliance.Vrrp.Router;
using static Appliance.Vrrp.Tests.Router.RouterHarness;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>
/// A sync group member (ElectsWithGroup): its Master_Down_Timer only makes it want master, the group elects it, and
/// another member's step down takes it to backup with a priority-0 advertisement.
/// </summary>
public sealed class SyncGroupMemberTests
{
    private static VirtualRouterOptions Member(byte priority = 100) => Options(priority) with { ElectsWithGroup = true };

    private static RouterHarness ElectedMaster()
    {
        var r = Started(Member());
        r.AdvanceBy(r.Router.MasterDownInterval);
        r.Do(new RouterEvent.GroupElected("elected"));
        Assert.Equal(VirtualRouterState.Master, r.State);
        return r;
    }

    [Fact]
    public void The_master_down_timer_only_makes_a_member_want_master_until_its_group_elects_it()
    {
        var r = Started(Member());

        var actions = r.AdvanceBy(TimeSpan.FromSeconds(10));

        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.True(r.Router.WantsMaster);
        Assert.Equal([new RouterAction.MasterWanted(true)], actions.OfType<RouterAction.MasterWanted>());
        Assert.Empty(actions.Sent());
        Assert.Null(r.Router.Timers.MasterDown);

        var elected = r.Do(new RouterEvent.GroupElected("sync group site: every member wants master"));

        Assert.Equal(VirtualRouterState.Master, r.State);
        Assert.False(r.Router.WantsMaster);
        Assert.Equal("sync group site: every member wants master", Assert.Single(elected.Transitions()).Reason);
        Assert.Contains(elected, a => a is RouterAction.AddVirtualAddresses);
        Assert.Equal(100, Assert.Single(elected.Sent()).Priority);
    }

    [Fact]
    public void A_member_that_hears_a_master_it_accepts_wants_no_more_and_an_election_then_changes_nothing()
    {
        var r = Started(Member());
        r.AdvanceBy(TimeSpan.FromSeconds(10));

        var heard = r.Receive(200);

        Assert.False(r.Router.WantsMaster);
        Assert.Equal([new RouterAction.MasterWanted(false)], heard.OfType<RouterAction.MasterWanted>());
        Assert.NotNull(r.Router.Timers.MasterDown);
        Assert.Empty(r.Do(new RouterEvent.GroupElected("late")));
        Assert.Equal(VirtualRouterState.Backup, r.State);
    }

    [Fact]
    public void A_wanting_member_keeps_wanting_while_it_preempts_a_lower_master_or_hears_a_resignation()
    {
        var r = Started(Member(priority: 150));
        r.AdvanceBy(TimeSpan.FromSeconds(10));

        Assert.Empty(r.Receive(100).OfType<RouterAction.MasterWanted>());
        Assert.Empty(r.Receive(0).OfType<RouterAction.MasterWanted>());

        Assert.True(r.Router.WantsMaster);
        Assert.Null(r.Router.Timers.MasterDown);
    }

    [Fact]
    public void A_master_told_to_yield_resigns_with_priority_0_and_goes_to_backup()
    {
        var r = ElectedMaster();

        var yielded = r.Do(new RouterEvent.GroupYielded("sync group site: web4 went to backup"));

        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.Equal(0, Assert.Single(yielded.Sent()).Priority);
        Assert.Contains(yielded, a => a is RouterAction.RemoveVirtualAddresses);
        Assert.Equal("sync group site: web4 went to backup", Assert.Single(yielded.Transitions()).Reason);
        Assert.Empty(r.Do(new RouterEvent.GroupYielded("again")));
    }

    [Fact]
    public void An_address_owner_becomes_master_at_startup_without_its_group()
    {
        var r = Started(Member(priority: 255));

        Assert.Equal(VirtualRouterState.Master, r.State);
    }

    [Fact]
    public void Leaving_the_group_while_wanting_master_lets_the_fired_timer_decide_alone()
    {
        var r = Started(Member());
        r.AdvanceBy(TimeSpan.FromSeconds(10));

        r.Do(new RouterEvent.Reconfigured(r.Router.Options with { ElectsWithGroup = false }));
        r.AdvanceBy(TimeSpan.Zero);

        Assert.Equal(VirtualRouterState.Master, r.State);
        Assert.False(r.Router.WantsMaster);
    }

    [Fact]
    public void Without_a_group_the_master_down_timer_makes_a_backup_master_as_before()
    {
        var r = Started(Options());

        var actions = r.AdvanceBy(TimeSpan.FromSeconds(10));

        Assert.Equal(VirtualRouterState.Master, r.State);
        Assert.Empty(actions.OfType<RouterAction.MasterWanted>());
    }
}
