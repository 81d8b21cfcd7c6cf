using Appliance.Supervisor.Checks;

namespace Appliance.Supervisor.Tests.Checks;

/// <summary>A health check's schedule and rise/fall hysteresis, on a virtual clock.</summary>
public sealed class CheckPolicyTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(100);

    private static CheckPolicy Policy(int rise = 2, int fall = 3) => new(Start, Interval, Timeout, rise, fall);

    private static List<CheckAction> Drain(CheckPolicy policy)
    {
        var actions = new List<CheckAction>();
        while (policy.TryDequeueAction(out var action))
        {
            actions.Add(action);
        }

        return actions;
    }

    /// <summary>Runs one probe at its due time that ends after 10 ms with <paramref name="success"/>.</summary>
    private static List<CheckAction> Probe(CheckPolicy policy, bool success, string detail = "connection refused")
    {
        var at = policy.NextDeadline;
        policy.Handle(at, new CheckEvent.Timer());
        Assert.Equal([new CheckAction.StartProbe()], Drain(policy));
        policy.Handle(at + TimeSpan.FromMilliseconds(10), new CheckEvent.Finished(success, detail));
        return Drain(policy);
    }

    [Fact]
    public void A_check_starts_up_and_probes_at_once_then_every_interval_on_a_fixed_cadence()
    {
        var policy = Policy();
        Assert.True(policy.Up);
        Assert.Equal(Start, policy.NextDeadline);
        policy.Handle(Start, new CheckEvent.Timer());
        Assert.Equal([new CheckAction.StartProbe()], Drain(policy));
        Assert.Equal(Start + Timeout, policy.NextDeadline);

        // A slow answer does not push the next probe later.
        policy.Handle(Start + TimeSpan.FromMilliseconds(350), new CheckEvent.Finished(true, "status 200"));
        Assert.Empty(Drain(policy));
        Assert.Equal(Start + Interval, policy.NextDeadline);
        Assert.Equal(("ok, status 200", TimeSpan.FromMilliseconds(350)), (policy.LastResult, policy.LastDuration));
    }

    [Fact]
    public void Fall_failures_in_a_row_take_it_down_and_a_success_in_between_starts_the_count_again()
    {
        var policy = Policy(fall: 3);
        Assert.Empty(Probe(policy, false));
        Assert.Empty(Probe(policy, false));
        Assert.Empty(Probe(policy, true));
        Assert.Empty(Probe(policy, false));
        Assert.Empty(Probe(policy, false));
        var down = Assert.Single(Probe(policy, false, "status 503"));
        Assert.Equal(new CheckAction.StateChanged(false, "3 failures in a row, last: status 503"), down);
        Assert.False(policy.Up);
        Assert.Equal((1L, 5L, 1L), (policy.Successes, policy.Failures, policy.Transitions));
    }

    [Fact]
    public void Rise_successes_in_a_row_bring_it_back_up()
    {
        var policy = Policy(rise: 2, fall: 1);
        Assert.IsType<CheckAction.StateChanged>(Assert.Single(Probe(policy, false)));
        Assert.Empty(Probe(policy, true));
        Assert.Empty(Probe(policy, false));
        Assert.Empty(Probe(policy, true));
        Assert.Equal(new CheckAction.StateChanged(true, "2 successes in a row"), Assert.Single(Probe(policy, true)));
        Assert.True(policy.Up);
        Assert.Empty(Probe(policy, true));
    }

    [Fact]
    public void A_probe_past_its_timeout_is_aborted_and_counts_as_a_failure()
    {
        var policy = Policy(fall: 1);
        policy.Handle(Start, new CheckEvent.Timer());
        Drain(policy);

        // The timer fires early (a loop turn before the deadline): nothing happens yet.
        policy.Handle(Start + Timeout - TimeSpan.FromMilliseconds(1), new CheckEvent.Timer());
        Assert.Empty(Drain(policy));
        policy.Handle(Start + Timeout, new CheckEvent.Timer());
        Assert.Equal(
            [new CheckAction.AbortProbe(), new CheckAction.StateChanged(false, "1 failure in a row, last: timed out after 400ms")],
            Drain(policy));
        Assert.Equal((1L, 1L, false), (policy.TimedOut, policy.Failures, policy.Probing));
        Assert.Equal(Start + Interval, policy.NextDeadline);

        // The aborted probe's late answer is not counted.
        policy.Handle(Start + TimeSpan.FromMilliseconds(500), new CheckEvent.Finished(true, "exit 0"));
        Assert.Empty(Drain(policy));
        Assert.Equal(0L, policy.Successes);
    }

    [Fact]
    public void After_a_stall_of_the_loop_the_next_probe_is_an_interval_away_not_a_burst()
    {
        var policy = Policy();
        Probe(policy, true);
        var late = Start + TimeSpan.FromSeconds(10);
        policy.Handle(late, new CheckEvent.Timer());
        Assert.Equal([new CheckAction.StartProbe()], Drain(policy));
        policy.Handle(late + TimeSpan.FromMilliseconds(5), new CheckEvent.Finished(true, "exit 0"));
        Assert.Equal(late + Interval, policy.NextDeadline);
    }

    [Fact]
    public void A_timeout_not_below_the_interval_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CheckPolicy(Start, Interval, Interval, 1, 1));
        Assert.Throws<ArgumentException>(() => new CheckPolicy(Start, Interval, Timeout, 0, 1));
    }
}
