namespace Appliance.Supervisor.Upgrade;

/// <summary>What <see cref="TrialPolicy"/> decided at a check.</summary>
internal enum TrialDecision
{
    /// <summary>Not decided yet: check again at <see cref="TrialPolicy.NextCheck"/>.</summary>
    Wait,

    /// <summary>Healthy for long enough: make the running slot the confirmed one.</summary>
    Confirm,

    /// <summary>Not healthy within the timeout: reboot, and the boot loader falls back to the confirmed slot.</summary>
    GiveUp,
}

/// <summary>
/// A trial boot's verdict (image/BOOT.md), with no I/O and no clock: checked every second, a box that has been healthy
/// without a break for <c>confirm_after</c> is confirmed; one still not confirmed at <c>timeout</c> after the start
/// gives up. A confirmation that could not be written is tried again at the next check.
/// </summary>
internal sealed class TrialPolicy(TimeSpan started)
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private TimeSpan? _healthySince;

    public TimeSpan Started { get; } = started;

    public TimeSpan? NextCheck { get; private set; } = started + CheckEvery;

    /// <summary>Given up: the box is on its way to a reboot, and nothing is checked any more.</summary>
    public bool GaveUp { get; private set; }

    /// <summary>When the trial must be decided by: the watchdog is no longer fed past it while undecided.</summary>
    public TimeSpan? Deadline(TimeSpan timeout) => GaveUp ? null : Started + timeout;

    public TrialDecision Check(TimeSpan now, bool healthy, TimeSpan confirmAfter, TimeSpan timeout)
    {
        _healthySince = healthy ? _healthySince ?? now : null;
        if (_healthySince is { } since && now - since >= confirmAfter)
        {
            NextCheck = null;
            return TrialDecision.Confirm;
        }

        if (now - Started >= timeout)
        {
            GaveUp = true;
            NextCheck = null;
            return TrialDecision.GiveUp;
        }

        NextCheck = now + CheckEvery;
        return TrialDecision.Wait;
    }

    /// <summary>The confirmation could not be written (the boot partition, a remount): try again at the next check.</summary>
    public void ConfirmFailed(TimeSpan now) => NextCheck = now + CheckEvery;
}
