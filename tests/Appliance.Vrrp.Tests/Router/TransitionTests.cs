using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;
using static Appliance.Vrrp.Tests.Router.RouterHarness;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>Every transition of RFC 9568 6.4 (6.4.1 Initialize, 6.4.2 Backup, 6.4.3 Active/Master), one test each.</summary>
public sealed class TransitionTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    // 6.4.1 Initialize

    [Fact]
    public void Startup_of_a_non_owner_enters_backup_and_arms_master_down_interval()
    {
        var r = new RouterHarness(Options(priority: 100));

        var actions = r.Do(RouterEvent.Start);

        Assert.Equal("state:Initialize->Backup, remove", actions.Describe());
        Assert.Equal(TimeSpan.FromMilliseconds(3609.375), r.Router.Timers.MasterDown);
        Assert.Null(r.Router.Timers.Advertisement);
        Assert.Equal(TimeSpan.FromSeconds(1), r.Router.MasterAdverInterval);
    }

    [Fact]
    public void Startup_of_the_address_owner_becomes_master_at_once()
    {
        var r = new RouterHarness(Options(priority: 255));

        var actions = r.Do(RouterEvent.Start);

        Assert.Equal("state:Initialize->Master, add, announce, send:255", actions.Describe());
        Assert.Equal(TimeSpan.FromSeconds(1), r.Router.Timers.Advertisement);
        Assert.Null(r.Router.Timers.MasterDown);
    }

    [Fact]
    public void Startup_with_the_link_down_enters_fault()
    {
        var r = new RouterHarness(Options());
        r.Do(new RouterEvent.LinkChanged(false));

        var actions = r.Do(RouterEvent.Start);

        Assert.Equal("state:Initialize->Fault, remove", actions.Describe());
        Assert.Null(r.Router.NextDeadline);
    }

    [Fact]
    public void Initialize_ignores_advertisements_and_timers()
    {
        var r = new RouterHarness(Options());

        Assert.Empty(r.Receive(200));
        Assert.Empty(r.AdvanceBy(TimeSpan.FromSeconds(10)));
        Assert.Equal(VirtualRouterState.Initialize, r.State);
    }

    // 6.4.2 Backup

    [Fact]
    public void Backup_becomes_master_when_master_down_timer_fires()
    {
        var r = Started(Options(priority: 100));

        Assert.Empty(r.AdvanceTo(TimeSpan.FromMilliseconds(3609)));
        var actions = r.AdvanceTo(TimeSpan.FromMilliseconds(3610));

        Assert.Equal("state:Backup->Master, add, announce, send:100", actions.Describe());
        Assert.Equal("master down timer expired", actions.Transitions().Single().Reason);
        Assert.Equal(r.Now - TimeSpan.FromTicks(6250) + TimeSpan.FromSeconds(1), r.Router.Timers.Advertisement);
    }

    [Fact]
    public void Backup_hearing_a_higher_priority_master_resets_master_down_timer()
    {
        var r = Started(Options(priority: 100));
        r.AdvanceTo(TimeSpan.FromSeconds(3));

        Assert.Empty(r.Receive(200));

        Assert.Equal(TimeSpan.FromSeconds(3) + r.Router.MasterDownInterval, r.Router.Timers.MasterDown);
        Assert.Empty(r.AdvanceTo(TimeSpan.FromSeconds(6.5)));
        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.Equal(Peer, r.Router.MasterAddress);
        Assert.Equal((byte)200, r.Router.MasterPriority);
    }

    [Fact]
    public void Backup_learns_the_masters_advertisement_interval_in_v3()
    {
        var r = Started(Options(priority: 100, intervalMs: 1000));

        r.Receive(200, intervalMs: 100);

        Assert.Equal(TimeSpan.FromMilliseconds(100), r.Router.MasterAdverInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(300 + 60.9375), r.Router.MasterDownInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(360.9375), r.Router.Timers.MasterDown);
    }

    [Fact]
    public void Backup_hearing_priority_zero_takes_over_after_skew_time()
    {
        var r = Started(Options(priority: 100));
        r.Receive(200);
        r.AdvanceTo(TimeSpan.FromSeconds(1));

        r.Receive(0);

        Assert.Equal(TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(609.375), r.Router.Timers.MasterDown);
        var actions = r.AdvanceTo(TimeSpan.FromMilliseconds(1610));
        Assert.Equal("state:Backup->Master, add, announce, send:100", actions.Describe());
        Assert.Contains("resigned (priority 0)", actions.Transitions().Single().Reason);
    }

    [Fact]
    public void Preempting_backup_discards_a_lower_priority_master_and_takes_over()
    {
        var r = Started(Options(priority: 200));
        r.AdvanceTo(TimeSpan.FromSeconds(1));
        var deadline = r.Router.Timers.MasterDown;

        Assert.Empty(r.Receive(100));

        Assert.Equal(deadline, r.Router.Timers.MasterDown);
        Assert.Equal(1, r.Router.Counters.LowerPriorityIgnored);
        var actions = r.AdvanceTo(deadline!.Value);
        Assert.Equal(VirtualRouterState.Master, r.State);
        Assert.Equal($"preempted lower priority 100 master {Peer}", actions.Transitions().Single().Reason);
    }

    [Fact]
    public void Non_preempting_backup_accepts_a_lower_priority_master()
    {
        var r = Started(Options(priority: 200) with { Preempt = false });

        for (var t = 1; t <= 10; t++)
        {
            r.AdvanceTo(TimeSpan.FromSeconds(t));
            r.Receive(100);
        }

        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.Equal(Peer, r.Router.MasterAddress);
    }

    [Fact]
    public void Backup_accepts_an_equal_priority_master_whatever_its_address()
    {
        var r = Started(Options(priority: 100));

        for (var t = 1; t <= 10; t++)
        {
            r.AdvanceTo(TimeSpan.FromSeconds(t));
            r.Receive(100, from: LowerPeer);
        }

        Assert.Equal(VirtualRouterState.Backup, r.State);
    }

    [Fact]
    public void Preempt_delay_accepts_a_lower_priority_master_until_it_has_passed()
    {
        var r = Started(Options(priority: 200) with { PreemptDelay = TimeSpan.FromSeconds(5) });

        for (var t = 1; t <= 4; t++)
        {
            r.AdvanceTo(TimeSpan.FromSeconds(t));
            r.Receive(100);
        }

        Assert.Equal(VirtualRouterState.Backup, r.State);
        r.AdvanceTo(TimeSpan.FromSeconds(5));
        r.Receive(100);
        Assert.Equal(1, r.Router.Counters.LowerPriorityIgnored);
        r.AdvanceTo(TimeSpan.FromSeconds(4) + r.Router.MasterDownInterval);
        Assert.Equal(VirtualRouterState.Master, r.State);
    }

    [Fact]
    public void Shutdown_in_backup_returns_to_initialize_and_cancels_timers()
    {
        var r = Started(Options());

        var actions = r.Do(new RouterEvent.Shutdown(Handover: true));

        Assert.Equal("state:Backup->Initialize", actions.Describe());
        Assert.Null(r.Router.NextDeadline);
    }

    // 6.4.3 Master (Active)

    [Fact]
    public void Master_sends_an_advertisement_every_interval()
    {
        var r = Master(Options(priority: 100, intervalMs: 100));
        var start = r.Now;

        var actions = r.AdvanceTo(start + TimeSpan.FromMilliseconds(1000));

        Assert.Equal(10, actions.Sent().Count());
        Assert.All(actions.Sent(), a => Assert.Equal(100, a.Priority));
        Assert.All(actions.Sent(), a => Assert.Equal(TimeSpan.FromMilliseconds(100), a.Interval));
    }

    [Fact]
    public void Master_answers_a_priority_zero_advertisement_at_once()
    {
        var r = Master(Options(priority: 100));
        r.AdvanceBy(TimeSpan.FromMilliseconds(300));

        var actions = r.Receive(0);

        Assert.Equal("send:100", actions.Describe());
        Assert.Equal(r.Now + TimeSpan.FromSeconds(1), r.Router.Timers.Advertisement);
    }

    [Fact]
    public void Master_hearing_a_higher_priority_steps_down_and_releases_the_addresses()
    {
        var r = Master(Options(priority: 100));

        var actions = r.Receive(200, intervalMs: 500);

        Assert.Equal("state:Master->Backup, remove", actions.Describe());
        Assert.Equal($"higher priority 200 from {Peer}", actions.Transitions().Single().Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(500), r.Router.MasterAdverInterval);
        Assert.Equal(r.Now + r.Router.MasterDownInterval, r.Router.Timers.MasterDown);
        Assert.Null(r.Router.Timers.Advertisement);
    }

    [Fact]
    public void Master_with_equal_priority_yields_to_a_higher_primary_address()
    {
        var r = Master(Options(priority: 100));

        var actions = r.Receive(100, from: Peer);

        Assert.Equal(VirtualRouterState.Backup, r.State);
        Assert.Equal($"equal priority 100 from higher address {Peer}", actions.Transitions().Single().Reason);
    }

    [Fact]
    public void Master_with_equal_priority_keeps_its_role_against_a_lower_address_and_reasserts()
    {
        var r = Master(Options(priority: 100));
        r.AdvanceBy(TimeSpan.FromMilliseconds(400));

        var actions = r.Receive(100, from: LowerPeer);

        Assert.Equal(VirtualRouterState.Master, r.State);
        Assert.Equal("send:100, announce", actions.Describe());
    }

    [Fact]
    public void Master_answers_a_lower_priority_master_at_most_once_per_interval()
    {
        var r = Master(Options(priority: 200, intervalMs: 1000) with { AnnounceCount = 1 });
        r.AdvanceBy(TimeSpan.FromMilliseconds(100));

        var first = r.Receive(100);
        var flood = Enumerable.Range(0, 50).SelectMany(_ => r.Receive(100)).ToList();
        r.AdvanceBy(TimeSpan.FromMilliseconds(1000));
        var later = r.Receive(100);

        Assert.Equal("send:200, announce", first.Describe());
        Assert.Empty(flood);
        Assert.Equal("send:200, announce", later.Describe());
        Assert.Equal(2, r.Router.Counters.LowerPriorityMasterAnswered);
    }

    [Fact]
    public void Master_announces_announce_count_times_announce_interval_apart()
    {
        var r = Started(Options(priority: 100) with { AnnounceCount = 4, AnnounceInterval = TimeSpan.FromMilliseconds(250) });
        r.AdvanceTo(r.Router.Timers.MasterDown!.Value);
        var became = r.Now;

        var announces = new List<TimeSpan> { became };
        while (r.Router.Timers.Announce is { } next)
        {
            r.AdvanceTo(next);
            announces.Add(r.Now);
        }

        Assert.Equal([became, became + 250 * Ms, became + 500 * Ms, became + 750 * Ms], announces);
    }

    [Fact]
    public void Zero_announce_count_sends_no_gratuitous_arp()
    {
        var r = Started(Options() with { AnnounceCount = 0 });

        var actions = r.AdvanceBy(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(actions, a => a is RouterAction.Announce);
    }

    [Fact]
    public void Shutdown_of_a_master_without_handover_resigns_and_releases_at_once()
    {
        var r = Master(Options());

        var actions = r.Do(new RouterEvent.Shutdown(Handover: false));

        Assert.Equal("send:0, remove, state:Master->Initialize", actions.Describe());
        Assert.Null(r.Router.NextDeadline);
        Assert.Equal(1, r.Router.Counters.ResignationsSent);
    }

    [Fact]
    public void A_second_startup_is_ignored_and_a_restart_after_shutdown_works()
    {
        var r = Master(Options());
        Assert.Empty(r.Do(RouterEvent.Start));

        r.Do(new RouterEvent.Shutdown(Handover: false));
        var actions = r.Do(RouterEvent.Start);

        Assert.Equal("state:Initialize->Backup, remove", actions.Describe());
    }

    [Fact]
    public void V2_backup_keeps_its_own_interval_whatever_the_master_says()
    {
        var r = Started(Options(priority: 100, intervalMs: 2000, version: VrrpVersion.V2));

        r.Receive(200, intervalMs: 2000, version: VrrpVersion.V2);

        Assert.Equal(TimeSpan.FromSeconds(2), r.Router.MasterAdverInterval);
        Assert.Equal(TimeSpan.FromSeconds(6) + TimeSpan.FromMilliseconds(609.375), r.Router.MasterDownInterval);
    }

    [Fact]
    public void Ten_millisecond_adverts_fail_over_within_master_down_interval()
    {
        var r = Started(Options(priority: 100, intervalMs: 10));
        for (var t = 0; t < 100; t++)
        {
            r.AdvanceBy(10 * Ms);
            r.Receive(200, intervalMs: 10);
        }

        var lastHeard = r.Now;
        r.AdvanceTo(lastHeard + TimeSpan.FromMilliseconds(36));
        Assert.Equal(VirtualRouterState.Backup, r.State);
        r.AdvanceTo(lastHeard + TimeSpan.FromMilliseconds(37));
        Assert.Equal(VirtualRouterState.Master, r.State);

        // 3 * 10 ms + (256 - 100) * 10 ms / 256 = 36.09375 ms
        Assert.Equal(TimeSpan.FromMilliseconds(36.09375), r.Router.MasterDownInterval);
    }
}
