using Appliance.Supervisor.Upgrade;

namespace Appliance.Supervisor.Tests.Upgrade;

/// <summary>A trial boot's verdict on a virtual clock: confirmed after an unbroken healthy stretch, or given up at the timeout.</summary>
public sealed class TrialPolicyTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ConfirmAfter = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    /// <summary>Checks at every NextCheck while <paramref name="healthyAt"/> says so, until a decision or <paramref name="until"/>.</summary>
    private static (TrialDecision Decision, TimeSpan At) Run(TrialPolicy policy, Func<TimeSpan, bool> healthyAt, TimeSpan until)
    {
        while (policy.NextCheck is { } next && next <= until)
        {
            var decision = policy.Check(next, healthyAt(next - Start), ConfirmAfter, Timeout);
            if (decision != TrialDecision.Wait)
            {
                return (decision, next - Start);
            }
        }

        return (TrialDecision.Wait, until - Start);
    }

    [Fact]
    public void A_box_healthy_from_its_first_check_is_confirmed_after_confirm_after()
    {
        var policy = new TrialPolicy(Start);

        var (decision, at) = Run(policy, _ => true, Start + Timeout);

        Assert.Equal((TrialDecision.Confirm, TimeSpan.FromSeconds(61)), (decision, at));
        Assert.Null(policy.NextCheck);
    }

    [Fact]
    public void A_break_in_health_starts_the_healthy_stretch_again()
    {
        var policy = new TrialPolicy(Start);

        var (decision, at) = Run(policy, t => t != TimeSpan.FromSeconds(50), Start + Timeout);

        Assert.Equal((TrialDecision.Confirm, TimeSpan.FromSeconds(111)), (decision, at));
    }

    [Fact]
    public void A_trial_boot_that_never_gets_healthy_gives_up_at_the_timeout_and_its_deadline_is_gone()
    {
        var policy = new TrialPolicy(Start);
        Assert.Equal(Start + Timeout, policy.Deadline(Timeout));

        var (decision, at) = Run(policy, _ => false, Start + Timeout + TimeSpan.FromMinutes(1));

        Assert.Equal((TrialDecision.GiveUp, Timeout), (decision, at));
        Assert.True(policy.GaveUp);
        Assert.Null(policy.Deadline(Timeout));
        Assert.Null(policy.NextCheck);
    }

    [Fact]
    public void A_confirmation_that_could_not_be_written_is_tried_at_the_next_check()
    {
        var policy = new TrialPolicy(Start);
        var (decision, at) = Run(policy, _ => true, Start + Timeout);
        Assert.Equal(TrialDecision.Confirm, decision);

        policy.ConfirmFailed(Start + at);

        Assert.Equal(Start + at + TrialPolicy.CheckEvery, policy.NextCheck);
        Assert.Equal(TrialDecision.Confirm, policy.Check(policy.NextCheck!.Value, true, ConfirmAfter, Timeout));
    }
}
