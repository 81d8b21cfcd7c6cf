namespace Appliance.Supervisor.Watchdog;

/// <summary>An input of <see cref="WatchdogPolicy"/>.</summary>
internal abstract record WatchdogEvent
{
    /// <summary>
    /// The event loop turned and reached the watchdog's timer. <paramref name="TrialDeadline"/>: when an undecided
    /// trial boot must have been confirmed or given up (image/BOOT.md); null when there is no trial or it is decided.
    /// </summary>
    public sealed record Turn(TimeSpan? TrialDeadline) : WatchdogEvent;

    /// <summary>The loop has ended; what happens to the device depends on who we are.</summary>
    public sealed record End(bool OwnsMachine) : WatchdogEvent;
}

/// <summary>An output of <see cref="WatchdogPolicy"/>, carried out by the edge in order.</summary>
internal abstract record WatchdogAction
{
    /// <summary>Restart the hardware countdown (WDIOC_KEEPALIVE).</summary>
    public sealed record Feed : WatchdogAction;

    /// <summary>From now on the box is left to the watchdog; the reason goes to the log.</summary>
    public sealed record StopFeeding(string Reason) : WatchdogAction;

    public sealed record ResumeFeeding(string Reason) : WatchdogAction;

    /// <summary>Close without the magic character: the countdown runs on through the reboot.</summary>
    public sealed record KeepArmed : WatchdogAction;

    /// <summary>Write 'V' and close: the watchdog is disarmed.</summary>
    public sealed record MagicClose : WatchdogAction;
}

/// <summary>
/// When the supervisor feeds the hardware watchdog, with no I/O and no clock: time arrives as <c>now</c>.
/// <list type="bullet">
/// <item>It feeds only from a turn of the event loop, every third of the timeout: a hung loop stops feeding, and the
/// box resets one timeout after the last feed, between two thirds of the timeout and the whole of it after the
/// loop stopped.</item>
/// <item>A trial boot that is still undecided one feed interval after its deadline stops the feeding: the trial
/// monitor's own decision at the deadline comes first, the watchdog is the backstop for a trial that cannot make
/// it (the reset then boots the confirmed slot). A decision after that resumes the feeding.</item>
/// <item>At the end, a machine we own (PID 1 about to reboot or power off) keeps the watchdog armed, fed one last
/// time so that the kill sweep, remount and sync get a whole timeout: a hang during shutdown still resets the
/// box. A service or container that exits disarms it with the magic close, or the machine would reset under a
/// host that goes on running.</item>
/// </list>
/// </summary>
internal sealed class WatchdogPolicy
{
    private readonly Queue<WatchdogAction> _actions = new();
    private bool _stopped;
    private bool _ended;

    public WatchdogPolicy(TimeSpan timeout)
    {
        Timeout = timeout;
        Interval = timeout / 3;
    }

    public TimeSpan Timeout { get; }

    /// <summary>How often a turning loop feeds.</summary>
    public TimeSpan Interval { get; }

    public TimeSpan? LastFed { get; private set; }

    /// <summary>Whether turns of the loop feed the watchdog now.</summary>
    public bool Feeding => !_stopped && !_ended;

    /// <summary>When the next <see cref="WatchdogEvent.Turn"/> is due; null once ended.</summary>
    public TimeSpan? NextDeadline { get; private set; } = TimeSpan.Zero;

    public bool TryDequeueAction(out WatchdogAction action) => _actions.TryDequeue(out action!);

    public void Handle(TimeSpan now, WatchdogEvent input)
    {
        if (_ended)
        {
            return;
        }

        switch (input)
        {
            case WatchdogEvent.Turn turn:
                OnTurn(now, turn.TrialDeadline);
                break;
            case WatchdogEvent.End end:
                _ended = true;
                NextDeadline = null;
                if (!end.OwnsMachine)
                {
                    _actions.Enqueue(new WatchdogAction.MagicClose());
                    break;
                }

                if (!_stopped)
                {
                    Feed(now);
                }

                _actions.Enqueue(new WatchdogAction.KeepArmed());
                break;
        }
    }

    private void OnTurn(TimeSpan now, TimeSpan? trialDeadline)
    {
        var giveUpAt = trialDeadline + Interval;
        if (now >= giveUpAt)
        {
            if (!_stopped)
            {
                _stopped = true;
                _actions.Enqueue(new WatchdogAction.StopFeeding(
                    $"the trial boot is still undecided {(int)(now - trialDeadline!.Value).TotalSeconds} s after its deadline; the watchdog resets the box within {(int)Timeout.TotalSeconds} s"));
            }

            // Keep turning: a decision that comes late still resumes the feeding.
            NextDeadline = now + Interval;
            return;
        }

        if (_stopped)
        {
            _stopped = false;
            _actions.Enqueue(new WatchdogAction.ResumeFeeding(trialDeadline is null ? "the trial boot was decided" : "the trial boot's deadline moved later"));
        }

        Feed(now);
        NextDeadline = giveUpAt is { } at && at < now + Interval ? at : now + Interval;
    }

    private void Feed(TimeSpan now)
    {
        LastFed = now;
        _actions.Enqueue(new WatchdogAction.Feed());
    }
}
