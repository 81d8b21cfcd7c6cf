using System.Net;
using Appliance.Config;
using Appliance.Supervisor.Services;

namespace Appliance.Supervisor.Tests.Services;

/// <summary>What a change of the held listen set does: open before nginx moves, close after, and when nginx must restart.</summary>
public sealed class ListenPlanTests
{
    private static readonly NginxListen Any80 = new(IPAddress.Any, 80);
    private static readonly NginxListen Any6_80 = new(IPAddress.IPv6Any, 80);
    private static readonly NginxListen Any443 = new(IPAddress.Any, 443);
    private static readonly NginxListen Vip80 = new(IPAddress.Parse("192.0.2.10"), 80);

    [Fact]
    public void The_same_set_and_backlog_is_no_change()
    {
        var plan = ListenPlan.Between([Any80, Any6_80], 4096, [Any80, Any6_80], 4096, nginxRunning: true);
        Assert.True(plan.IsEmpty);
        Assert.Equal(ListenHandover.None, plan.Handover);
    }

    [Fact]
    public void An_added_socket_is_opened_and_a_running_nginx_is_handed_over_to_a_new_master()
    {
        var plan = ListenPlan.Between([Any80], 4096, [Any80, Any443], 4096, nginxRunning: true);
        Assert.Equal([Any443], plan.Open);
        Assert.Empty(plan.Close);
        Assert.Equal([Any80, Any443], plan.Wanted);
        Assert.Equal(ListenHandover.HandOver, plan.Handover);
        Assert.False(plan.Relisten);
    }

    [Fact]
    public void A_removed_socket_is_closed_after_the_handover_not_before()
    {
        var plan = ListenPlan.Between([Any80, Any443], 4096, [Any80], 4096, nginxRunning: true);
        Assert.Empty(plan.Open);
        Assert.Equal([Any443], plan.Close);
        Assert.Equal(ListenHandover.HandOver, plan.Handover);
    }

    [Fact]
    public void Without_a_running_nginx_the_set_changes_at_once()
    {
        var plan = ListenPlan.Between([Any80], 4096, [Any443], 4096, nginxRunning: false);
        Assert.Equal([Any443], plan.Open);
        Assert.Equal([Any80], plan.Close);
        Assert.Equal(ListenHandover.None, plan.Handover);
    }

    [Fact]
    public void A_new_entry_that_overlaps_one_that_goes_needs_a_restart()
    {
        // 192.0.2.10:80 cannot be bound while 0.0.0.0:80 is open anywhere, in the old nginx too.
        var plan = ListenPlan.Between([Any80, Any6_80], 4096, [Vip80, Any6_80], 4096, nginxRunning: true);
        Assert.Equal([Vip80], plan.Open);
        Assert.Equal([Any80], plan.Close);
        Assert.Equal(ListenHandover.Restart, plan.Handover);
    }

    [Fact]
    public void A_backlog_change_relistens_the_kept_sockets_and_leaves_nginx_alone()
    {
        var plan = ListenPlan.Between([Any80, Any6_80], 4096, [Any80, Any6_80], 1024, nginxRunning: true);
        Assert.True(plan.Relisten);
        Assert.False(plan.IsEmpty);
        Assert.Equal(ListenHandover.None, plan.Handover);
    }

    [Fact]
    public void A_backlog_change_with_nothing_kept_needs_no_relisten()
    {
        var plan = ListenPlan.Between([Any80], 4096, [Any443], 1024, nginxRunning: false);
        Assert.False(plan.Relisten);
    }

    [Fact]
    public void The_first_set_on_an_empty_one_only_opens()
    {
        var plan = ListenPlan.Between([], 4096, [Any80, Any6_80], 4096, nginxRunning: false);
        Assert.Equal([Any80, Any6_80], plan.Open);
        Assert.Empty(plan.Close);
        Assert.Equal(ListenHandover.None, plan.Handover);
    }

    [Fact]
    public void A_reordered_set_opens_and_closes_nothing()
    {
        var plan = ListenPlan.Between([Any80, Any6_80], 4096, [Any6_80, Any80], 4096, nginxRunning: true);
        Assert.True(plan.IsEmpty);
        Assert.Equal([Any6_80, Any80], plan.Wanted);
    }
}
