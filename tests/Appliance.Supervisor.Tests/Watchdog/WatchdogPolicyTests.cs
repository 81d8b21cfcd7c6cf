using Appliance.Supervisor.Watchdog;

namespace Appliance.Supervisor.Tests.Watchdog;

/// <summary>When the event loop feeds the hardware watchdog, on a virtual clock.</summary>
public sealed class WatchdogPolicyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly WatchdogPolicy _policy = new(Timeout);

    [Fact]
    public void A_turning_loop_feeds_every_third_of_the_timeout()
    {
        Assert.Equal(Interval, _policy.Interval);
        Assert.Equal(TimeSpan.Zero, _policy.NextDeadline);
        var fed = new List<TimeSpan>();
        var now = TimeSpan.FromSeconds(100);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal([new WatchdogAction.Feed()], Turn(now));
            fed.Add(now);
            Assert.Equal(now + Interval, _policy.NextDeadline);
            now = _policy.NextDeadline!.Value;
        }

        Assert.All(fed.Zip(fed.Skip(1)), pair => Assert.Equal(Interval, pair.Second - pair.First));
    }

    [Fact]
    public void A_loop_that_stops_turning_stops_feeding_and_the_hardware_runs_out()
    {
        // The policy feeds only when it is handed a turn: the last feed is the last turn, and a timeout later the box
        // resets. Nothing feeds in between, whatever time it is.
        Turn(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(10), _policy.LastFed);
        Assert.Equal(TimeSpan.FromSeconds(15), _policy.NextDeadline);
        Assert.False(_policy.TryDequeueAction(out _));
    }

    [Fact]
    public void An_undecided_trial_boot_is_fed_until_its_deadline_then_left_to_the_watchdog()
    {
        var deadline = TimeSpan.FromSeconds(300);

        // Up to one interval after the deadline the trial monitor's own decision (an orderly reboot) comes first.
        var now = TimeSpan.FromSeconds(282);
        while (now < deadline + Interval)
        {
            Assert.Equal([new WatchdogAction.Feed()], Turn(now, deadline));
            now = _policy.NextDeadline!.Value;
        }

        Assert.Equal(TimeSpan.FromSeconds(305), now);
        var stop = Assert.IsType<WatchdogAction.StopFeeding>(Assert.Single(Turn(now, deadline)));
        Assert.Contains("trial boot is still undecided 5 s after its deadline", stop.Reason, StringComparison.Ordinal);
        Assert.False(_policy.Feeding);
        var lastFed = _policy.LastFed;
        Assert.Equal(TimeSpan.FromSeconds(302), lastFed);

        // The loop still turns, but nothing feeds any more: the box resets a timeout after the last feed.
        for (var i = 0; i < 5; i++)
        {
            now = _policy.NextDeadline!.Value;
            Assert.Empty(Turn(now, deadline));
        }

        Assert.Equal(lastFed, _policy.LastFed);
    }

    [Fact]
    public void A_trial_decided_after_its_deadline_is_fed_again()
    {
        var deadline = TimeSpan.FromSeconds(60);
        Turn(TimeSpan.FromSeconds(70), deadline);
        Assert.False(_policy.Feeding);

        var actions = Turn(TimeSpan.FromSeconds(72), trialDeadline: null);
        Assert.Equal([new WatchdogAction.ResumeFeeding("the trial boot was decided"), new WatchdogAction.Feed()], actions);
        Assert.True(_policy.Feeding);
        Assert.Equal(TimeSpan.FromSeconds(77), _policy.NextDeadline);
    }

    [Fact]
    public void A_confirmed_trial_boot_feeds_like_any_boot()
    {
        Turn(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300));
        Assert.Equal([new WatchdogAction.Feed()], Turn(TimeSpan.FromSeconds(15), trialDeadline: null));
        Assert.Equal([new WatchdogAction.Feed()], Turn(TimeSpan.FromSeconds(1000), trialDeadline: null));
    }

    [Fact]
    public void A_trial_deadline_moved_later_live_moves_the_end_of_feeding_with_it()
    {
        Assert.IsType<WatchdogAction.StopFeeding>(Assert.Single(Turn(TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(290))));
        Assert.Equal(
            [new WatchdogAction.ResumeFeeding("the trial boot's deadline moved later"), new WatchdogAction.Feed()],
            Turn(TimeSpan.FromSeconds(301), TimeSpan.FromSeconds(600)));
        Assert.True(_policy.Feeding);
    }

    [Fact]
    public void The_machines_init_keeps_the_watchdog_armed_through_the_reboot_fed_once_more()
    {
        Turn(TimeSpan.FromSeconds(10));
        _policy.Handle(TimeSpan.FromSeconds(12), new WatchdogEvent.End(OwnsMachine: true));
        Assert.Equal([new WatchdogAction.Feed(), new WatchdogAction.KeepArmed()], Drain());
        Assert.Equal(TimeSpan.FromSeconds(12), _policy.LastFed);
        Assert.Null(_policy.NextDeadline);

        // Ended: a late turn feeds nothing.
        Assert.Empty(Turn(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void The_end_of_an_abandoned_trial_is_not_fed_once_more()
    {
        Turn(TimeSpan.FromSeconds(400), TimeSpan.FromSeconds(300));
        _policy.Handle(TimeSpan.FromSeconds(401), new WatchdogEvent.End(OwnsMachine: true));
        Assert.Equal([new WatchdogAction.KeepArmed()], Drain());
    }

    [Fact]
    public void A_service_that_exits_disarms_the_watchdog_with_the_magic_close()
    {
        Turn(TimeSpan.FromSeconds(10));
        _policy.Handle(TimeSpan.FromSeconds(12), new WatchdogEvent.End(OwnsMachine: false));
        Assert.Equal([new WatchdogAction.MagicClose()], Drain());
        Assert.False(_policy.Feeding);
    }

    private List<WatchdogAction> Turn(TimeSpan now, TimeSpan? trialDeadline = null)
    {
        _policy.Handle(now, new WatchdogEvent.Turn(trialDeadline));
        return Drain();
    }

    private List<WatchdogAction> Drain()
    {
        var actions = new List<WatchdogAction>();
        while (_policy.TryDequeueAction(out var action))
        {
            actions.Add(action);
        }

        return actions;
    }
}
