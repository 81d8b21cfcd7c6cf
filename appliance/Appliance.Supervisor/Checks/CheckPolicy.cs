namespace Appliance.Supervisor.Checks;

/// <summary>An input of <see cref="CheckPolicy"/>.</summary>
internal abstract record CheckEvent
{
    /// <summary>The check's timer reached <see cref="CheckPolicy.NextDeadline"/>.</summary>
    public sealed record Timer : CheckEvent;

    /// <summary>The running probe ended on its own: it succeeded, or failed for <paramref name="Detail"/>.</summary>
    public sealed record Finished(bool Success, string Detail) : CheckEvent;
}

/// <summary>An output of <see cref="CheckPolicy"/>, carried out by the edge in order.</summary>
internal abstract record CheckAction
{
    /// <summary>Start one probe (an HTTP GET, a TCP connect, a program).</summary>
    public sealed record StartProbe : CheckAction;

    /// <summary>The running probe is past its timeout: stop it (close the socket, kill the process group).</summary>
    public sealed record AbortProbe : CheckAction;

    /// <summary>The check went up or down (after rise successes or fall failures in a row).</summary>
    public sealed record StateChanged(bool Up, string Reason) : CheckAction;
}

/// <summary>
/// One health check's schedule and hysteresis, with no I/O and no clock: time arrives as <c>now</c>.
/// <list type="bullet">
/// <item>Probes start every interval on a fixed cadence (a slow probe does not push the next one later); a probe
/// still running at its timeout is aborted and counts as a failure. Timeout is less than the interval, so at most
/// one probe runs.</item>
/// <item>The check starts up, as keepalived's scripts do: a box does not lose priority before a first result.
/// <c>fall</c> failures in a row take it down, <c>rise</c> successes in a row bring it back.</item>
/// </list>
/// </summary>
internal sealed class CheckPolicy
{
    private readonly Queue<CheckAction> _actions = new();
    private TimeSpan _nextStart;
    private TimeSpan _probeDeadline;
    private TimeSpan _probeStarted;

    public CheckPolicy(TimeSpan now, TimeSpan interval, TimeSpan timeout, int rise, int fall)
    {
        if (timeout >= interval || rise < 1 || fall < 1)
        {
            throw new ArgumentException("a check needs timeout < interval and rise, fall >= 1");
        }

        Interval = interval;
        Timeout = timeout;
        Rise = rise;
        Fall = fall;
        _nextStart = now;
        Since = now;
    }

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    public int Rise { get; }

    public int Fall { get; }

    public bool Up { get; private set; } = true;

    public bool Probing { get; private set; }

    /// <summary>When <see cref="Up"/> last changed (or the check was created).</summary>
    public TimeSpan Since { get; private set; }

    public int ConsecutiveSuccesses { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    public long Successes { get; private set; }

    public long Failures { get; private set; }

    public long TimedOut { get; private set; }

    public long Transitions { get; private set; }

    /// <summary>"ok, DETAIL" or why the last probe failed; null before the first result.</summary>
    public string? LastResult { get; private set; }

    public TimeSpan? LastDuration { get; private set; }

    /// <summary>When the edge must send <see cref="CheckEvent.Timer"/>: the running probe's timeout, else the next start.</summary>
    public TimeSpan NextDeadline => Probing ? _probeDeadline : _nextStart;

    public bool TryDequeueAction(out CheckAction action) => _actions.TryDequeue(out action!);

    public void Handle(TimeSpan now, CheckEvent input)
    {
        switch (input)
        {
            case CheckEvent.Timer when Probing && now >= _probeDeadline:
                Probing = false;
                TimedOut++;
                _actions.Enqueue(new CheckAction.AbortProbe());
                Record(now, false, $"timed out after {Appliance.Config.Durations.Format(Timeout)}");
                break;
            case CheckEvent.Timer when !Probing && now >= _nextStart:
                Probing = true;
                _probeStarted = now;
                _probeDeadline = now + Timeout;

                // Fixed cadence; after a stall of the loop, the next start is one interval from now, not a burst.
                _nextStart += Interval;
                if (_nextStart <= now)
                {
                    _nextStart = now + Interval;
                }

                _actions.Enqueue(new CheckAction.StartProbe());
                break;
            case CheckEvent.Finished finished when Probing:
                Probing = false;
                Record(now, finished.Success, finished.Success ? $"ok, {finished.Detail}" : finished.Detail);
                break;
        }
    }

    private void Record(TimeSpan now, bool success, string result)
    {
        LastResult = result;
        LastDuration = now - _probeStarted;
        if (success)
        {
            Successes++;
            ConsecutiveFailures = 0;
            ConsecutiveSuccesses++;
            if (!Up && ConsecutiveSuccesses >= Rise)
            {
                Change(now, true, $"{Plural(ConsecutiveSuccesses, "success")} in a row");
            }
        }
        else
        {
            Failures++;
            ConsecutiveSuccesses = 0;
            ConsecutiveFailures++;
            if (Up && ConsecutiveFailures >= Fall)
            {
                Change(now, false, $"{Plural(ConsecutiveFailures, "failure")} in a row, last: {result}");
            }
        }
    }

    private void Change(TimeSpan now, bool up, string reason)
    {
        Up = up;
        Since = now;
        Transitions++;
        _actions.Enqueue(new CheckAction.StateChanged(up, reason));
    }

    private static string Plural(int count, string word) => count == 1 ? $"1 {word}" : $"{count} {word}{(word.EndsWith('s') ? "es" : "s")}";
}
