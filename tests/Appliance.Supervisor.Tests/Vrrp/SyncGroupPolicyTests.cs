using Appliance.Supervisor.Vrrp;
using Appliance.Vrrp.Router;
using static Appliance.Vrrp.Router.VirtualRouterState;

namespace Appliance.Supervisor.Tests.Vrrp;

/// <summary>
/// Sync groups: one member in fault of its own takes every member to fault, and they come back together; members
/// become master only when all want it, and one going to backup takes the others along.
/// </summary>
public sealed class SyncGroupPolicyTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(5);
    private readonly SyncGroupPolicy _policy = new([("site", ["web4", "web6"]), ("other", ["a", "b", "c"])]);

    private List<GroupChanged> Report(string instance, bool faulted, string reason = "interface eth1 down")
    {
        _policy.Handle(Now, new MemberHealth(instance, faulted, reason));
        return Drain().Cast<GroupChanged>().ToList();
    }

    private List<GroupAction> Drain()
    {
        var actions = new List<GroupAction>();
        while (_policy.TryDequeueAction(out var action))
        {
            actions.Add(action);
        }

        return actions;
    }

    private List<GroupAction> Member(string instance, VirtualRouterState from, VirtualRouterState state, bool wants = false, string reason = "test")
    {
        _policy.Handle(Now, new MemberElection(instance, from, state, wants, reason));
        return Drain();
    }

    [Fact]
    public void Members_become_master_only_when_every_member_wants_it()
    {
        Member("a", Initialize, Backup);
        Member("b", Initialize, Backup);
        Member("c", Initialize, Backup);

        Assert.Empty(Member("a", Backup, Backup, wants: true));
        Assert.Empty(Member("b", Backup, Backup, wants: true));
        var elect = Assert.IsType<ElectMembers>(Assert.Single(Member("c", Backup, Backup, wants: true)));

        Assert.Equal("other", elect.Group);
        Assert.Equal(["a", "b", "c"], elect.Members.Order());
        Assert.Equal("sync group other: every member wants master", elect.Reason);
    }

    [Fact]
    public void A_member_that_hears_a_better_master_again_holds_the_whole_group_back()
    {
        Member("web4", Initialize, Backup);
        Member("web6", Initialize, Backup);
        Member("web4", Backup, Backup, wants: true);

        Assert.Empty(Member("web6", Backup, Backup, wants: false));
        Assert.Empty(Member("web4", Backup, Backup, wants: true));
    }

    [Fact]
    public void A_wanting_backup_joins_members_that_are_already_master()
    {
        Member("web4", Initialize, Backup);
        Member("web6", Initialize, Backup);
        Member("web4", Backup, Master);

        var elect = Assert.IsType<ElectMembers>(Assert.Single(Member("web6", Backup, Backup, wants: true)));

        Assert.Equal(["web6"], elect.Members);
    }

    [Fact]
    public void A_master_that_goes_to_backup_takes_the_other_masters_with_it()
    {
        Member("a", Initialize, Master);
        Member("b", Initialize, Master);
        Member("c", Initialize, Backup);

        var yield = Assert.IsType<YieldMembers>(Assert.Single(Member("a", Master, Backup, reason: "higher priority 200 from 192.0.2.12")));

        Assert.Equal(["b"], yield.Members);
        Assert.Equal("sync group other: a went to backup (higher priority 200 from 192.0.2.12)", yield.Reason);

        // The follower's own step down finds no master left to take along, and no one is elected.
        Assert.Empty(Member("b", Master, Backup));
    }

    [Fact]
    public void A_member_leaving_fault_or_initialize_for_backup_takes_no_one_along()
    {
        Member("web4", Initialize, Master);
        Member("web6", Initialize, Fault);

        Assert.Empty(Member("web6", Fault, Backup));
    }

    [Fact]
    public void A_group_starts_up_and_stays_up_while_its_members_are_healthy()
    {
        Assert.True(_policy.IsUp("site"));
        Assert.Empty(Report("web4", false, "healthy"));
        Assert.Empty(Report("web6", false, "healthy"));
        Assert.Equal("group:site", SyncGroupPolicy.ObjectName("site"));
    }

    [Fact]
    public void One_member_in_fault_takes_the_group_down_and_only_that_group()
    {
        Assert.Equal([new GroupChanged("site", false, "web6 is in fault (tracked eth1 down)")], Report("web6", true, "tracked eth1 down"));
        Assert.False(_policy.IsUp("site"));
        Assert.True(_policy.IsUp("other"));

        // A second member's fault changes nothing more; the group is back only when both recovered.
        Assert.Empty(Report("web4", true, "interface eth0 down"));
        Assert.Empty(Report("web6", false, "healthy"));
        Assert.False(_policy.IsUp("site"));
        Assert.Equal([new GroupChanged("site", true, "web4 recovered and no member is in fault")], Report("web4", false, "healthy"));
    }

    [Fact]
    public void The_same_fault_reported_again_is_no_change()
    {
        Report("a", true);
        Assert.Empty(Report("a", true));
        Assert.Empty(Report("b", false));
        Assert.False(_policy.IsUp("other"));
    }

    [Fact]
    public void An_instance_in_no_group_is_ignored()
    {
        Assert.Empty(Report("web", true));
        Assert.True(_policy.IsUp("site") && _policy.IsUp("other"));
    }
}
