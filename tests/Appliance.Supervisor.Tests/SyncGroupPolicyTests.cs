using Appliance.Supervisor.Vrrp;

namespace Appliance.Supervisor.Tests;

/// <summary>Sync groups: one member in fault of its own takes every member to fault, and they come back together.</summary>
public sealed class SyncGroupPolicyTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(5);
    private readonly SyncGroupPolicy _policy = new([("site", ["web4", "web6"]), ("other", ["a", "b", "c"])]);

    private List<GroupChanged> Report(string instance, bool faulted, string reason = "interface eth1 down")
    {
        _policy.Handle(Now, new MemberHealth(instance, faulted, reason));
        var actions = new List<GroupChanged>();
        while (_policy.TryDequeueAction(out var action))
        {
            actions.Add(action);
        }

        return actions;
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
