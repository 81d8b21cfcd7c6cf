using Appliance.Config;
using Appliance.Supervisor.Health;
using Serilog.Events;

namespace Appliance.Supervisor.Services;

/// <summary>An output of <see cref="NginxPolicy"/>, carried out by <see cref="NginxService"/> in order.</summary>
internal abstract record NginxAction
{
    /// <summary>Start nginx now.</summary>
    public sealed record Start(string Why) : NginxAction;

    /// <summary>Probe nginx now (an HTTP GET on the loop, or, without a URL, only that the process runs).</summary>
    public sealed record Probe : NginxAction;

    /// <summary>The tracked object <c>nginx</c> of the VRRP instances goes up or down.</summary>
    public sealed record Report(bool Up, string Why) : NginxAction;

    /// <summary>A line for the log, as a Serilog template with its values.</summary>
    public sealed record Log(LogEventLevel Level, string Template, object?[] Values) : NginxAction;

    public static readonly Probe ProbeNow = new();
}

/// <summary>
/// nginx's recovery and health, with no I/O and no clock: time arrives as <c>now</c>, the process and the probe are
/// the edge's (<see cref="NginxService"/>).
/// <list type="bullet">
/// <item>After an unplanned exit, <c>resign</c> reports nginx down at once and restarts it after the back-off;
/// <c>restart-first</c> on a master restarts it at once and keeps mastership while the new nginx gets a recovery
/// grace to answer, since a local restart takes tens of milliseconds and a takeover the backup's skew time. A second
/// exit within the window, a failed start or an expired grace reports it down.</item>
/// <item>Back-off doubles from <c>restart_backoff_initial</c> to <c>restart_backoff_max</c> and starts afresh after
/// nginx has answered for longer than the maximum; three exits within the window are a crash loop, reported.</item>
/// <item>Probes run every <c>health_interval</c> (every 20 ms while starting, 5 ms in the grace);
/// <c>health_failures</c> failures in a row report nginx down, the first answer up.</item>
/// </list>
/// </summary>
internal sealed class NginxPolicy
{
    public const int CrashLoopCount = 3;
    public static readonly TimeSpan FastProbe = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan StartingProbe = TimeSpan.FromMilliseconds(20);

    private readonly Queue<TimeSpan> _recentExits = new();
    private readonly Queue<NginxAction> _actions = new();
    private NginxOptions _options;
    private int _failures;
    private TimeSpan _backoff;
    private TimeSpan? _healthySince;
    private TimeSpan _startedAt;

    public NginxPolicy(NginxOptions options)
    {
        _options = options;
        _backoff = options.RestartBackoffInitial;
    }

    public NginxState State { get; set; } = NginxState.Stopped;

    public bool Healthy { get; private set; }

    public long Restarts { get; private set; }

    /// <summary>A restart-first recovery is under way: the box keeps mastership until <see cref="GraceUntil"/>.</summary>
    public bool InGrace { get; private set; }

    public TimeSpan? ProbeAt { get; private set; }

    public TimeSpan? RestartAt { get; private set; }

    public TimeSpan? GraceUntil { get; private set; }

    public TimeSpan? NextDeadline => Min(Min(ProbeAt, RestartAt), GraceUntil);

    /// <summary>Exits this long apart are not one crash loop.</summary>
    public TimeSpan Window => _options.RestartBackoffMax + TimeSpan.FromSeconds(10);

    public bool CrashLooping => _recentExits.Count >= CrashLoopCount;

    public int RecentExits => _recentExits.Count;

    /// <summary>The delay before the next start after an exit that is not recovered in place.</summary>
    public TimeSpan Backoff => _backoff;

    public bool TryDequeueAction(out NginxAction action) => _actions.TryDequeue(out action!);

    /// <summary>Probe, restart and health settings changed; they apply from the next event.</summary>
    public void Reconfigure(NginxOptions options) => _options = options;

    /// <summary>nginx was started (by any of <see cref="NginxAction.Start"/>, a planned restart or a hand-over).</summary>
    public void Started(TimeSpan now)
    {
        _failures = 0;
        _healthySince = null;
        _startedAt = now;
        RestartAt = null;
        State = NginxState.Starting;
        ProbeAt = now + (InGrace ? FastProbe : StartingProbe);
    }

    /// <summary>nginx could not be started (posix_spawn failed); <paramref name="lastError"/> is what the edge knows of why.</summary>
    public void StartFailed(TimeSpan now, string? lastError) => ScheduleRestart(now, "could not start", lastError);

    /// <summary>A planned stop: nothing is probed or restarted until the next start.</summary>
    public void Stopping()
    {
        RestartAt = null;
        ProbeAt = null;
        GraceUntil = null;
    }

    /// <summary>nginx ended as asked: no crash.</summary>
    public void Stopped()
    {
        Healthy = false;
        ProbeAt = null;
        State = NginxState.Stopped;
    }

    /// <summary>A planned restart starts the back-off afresh.</summary>
    public void PlannedRestart() => _backoff = _options.RestartBackoffInitial;

    /// <summary>
    /// nginx's master exited without being asked; <paramref name="grace"/> is the recovery grace a master gets,
    /// <paramref name="lastError"/> nginx's last error line or probe failure, for a crash loop's report.
    /// </summary>
    public void Exited(TimeSpan now, string exit, bool isMaster, TimeSpan grace, string? lastError)
    {
        ProbeAt = null;
        Healthy = false;
        _recentExits.Enqueue(now);
        while (_recentExits.Count > 0 && now - _recentExits.Peek() > Window)
        {
            _recentExits.Dequeue();
        }

        Log(LogEventLevel.Warning, "nginx exited unexpectedly: {Exit}", exit);
        var repeated = _recentExits.Count > 1;
        if (_options.Recovery == Appliance.Config.NginxRecovery.RestartFirst && !repeated && !InGrace && isMaster)
        {
            // Restart at once and keep the VIP while the new nginx gets its grace to answer.
            InGrace = true;
            GraceUntil = now + grace;
            Log(LogEventLevel.Information, "nginx: restarting at once, keeping mastership for up to {Grace} ms", (int)grace.TotalMilliseconds);
            Restarts++;
            _actions.Enqueue(new NginxAction.Start("restart-first recovery"));
            return;
        }

        Report(false, repeated ? $"nginx exited again ({_recentExits.Count} times within {Window.TotalSeconds:0} s)" : "nginx exited");
        ScheduleRestart(now, exit, lastError);
    }

    /// <summary>The deadline in <see cref="NextDeadline"/> was reached.</summary>
    public void Timer(TimeSpan now)
    {
        if (GraceUntil <= now)
        {
            GraceUntil = null;
            if (InGrace)
            {
                InGrace = false;
                Log(LogEventLevel.Warning, "nginx did not answer within its recovery grace; resigning");
                Report(false, "restarted nginx did not answer within the recovery grace");
            }
        }

        if (RestartAt <= now)
        {
            RestartAt = null;
            _actions.Enqueue(new NginxAction.Start("restart"));
        }

        if (ProbeAt <= now)
        {
            ProbeAt = null;
            _actions.Enqueue(NginxAction.ProbeNow);
        }
    }

    /// <summary>A probe's answer about nginx <paramref name="pid"/>. The steady case (healthy, and already known so) enqueues nothing and allocates nothing.</summary>
    public void Probed(TimeSpan now, in ProbeResult result, int pid)
    {
        if (result.Healthy)
        {
            _failures = 0;
            if (!Healthy)
            {
                Healthy = true;
                State = NginxState.Running;
                _healthySince = now;
                if (InGrace)
                {
                    InGrace = false;
                    GraceUntil = null;
                    Log(LogEventLevel.Information, "nginx recovered in place: the restarted nginx answers (pid {Pid})", pid);
                }

                Report(true, "nginx answers");
            }
            else if (_healthySince is { } since && now - since > _options.RestartBackoffMax && _backoff != _options.RestartBackoffInitial)
            {
                // Stable for a while: the next crash starts the back-off afresh.
                _backoff = _options.RestartBackoffInitial;
                _recentExits.Clear();
            }
        }
        else
        {
            _failures++;
            if (Healthy && _failures >= _options.HealthFailures)
            {
                Healthy = false;
                State = NginxState.Unhealthy;
                Log(LogEventLevel.Warning, "nginx does not answer: {Failure} ({Count} probes in a row)", result.Failure, _failures);
                Report(false, $"health probe failed {_failures} times: {result.Failure}");
            }
            else if (State == NginxState.Starting && now - _startedAt > _options.StartTimeout)
            {
                Log(LogEventLevel.Warning, "nginx has not answered since it started {Seconds} s ago: {Failure}", (int)_options.StartTimeout.TotalSeconds, result.Failure);
            }
        }

        ProbeAt = now + (InGrace ? FastProbe : State == NginxState.Starting ? StartingProbe : _options.HealthInterval);
    }

    private void ScheduleRestart(TimeSpan now, string reason, string? lastError)
    {
        InGrace = false;
        GraceUntil = null;
        State = NginxState.BackingOff;
        var delay = _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.RestartBackoffMax.Ticks));
        Restarts++;
        if (CrashLooping)
        {
            Log(LogEventLevel.Error, "nginx is crash-looping ({Count} exits within {Window} s); next start in {Delay} ms: {Reason}",
                _recentExits.Count, (int)Window.TotalSeconds, (int)delay.TotalMilliseconds, lastError ?? reason);
        }
        else
        {
            Log(LogEventLevel.Information, "nginx: next start in {Delay} ms", (int)delay.TotalMilliseconds);
        }

        RestartAt = now + delay;
    }

    private void Report(bool up, string why) => _actions.Enqueue(new NginxAction.Report(up, why));

    private void Log(LogEventLevel level, string template, params object?[] values) => _actions.Enqueue(new NginxAction.Log(level, template, values));

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
