using Appliance.Config;
using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Supervisor.Processes;
using Serilog;

namespace Appliance.Supervisor.Checks;

/// <summary>
/// The <c>[check:NAME]</c> health checks on the event loop: each is a <see cref="CheckPolicy"/> with a timer and a
/// probe; a change of state goes to the log and to the VRRP instances that track the check (through
/// <c>setTracked</c>, as nginx's state does). Nothing here waits: sockets are polled by the loop, programs are
/// children watched by their pidfds.
/// </summary>
internal sealed class CheckRunner : IDisposable
{
    private readonly EventLoop _loop;
    private readonly ProcessHost _processes;
    private readonly ILogger _log;
    private readonly Action<string, bool> _setTracked;
    private readonly List<RunningCheck> _checks = [];

    public CheckRunner(EventLoop loop, ProcessHost processes, ILogger log, Action<string, bool> setTracked)
    {
        _loop = loop;
        _processes = processes;
        _log = log;
        _setTracked = setTracked;
    }

    /// <summary>
    /// Starts, replaces or stops checks to match the configuration. An unchanged check keeps its state and
    /// counters; a changed one starts afresh (up, as at boot). Returns what was done.
    /// </summary>
    public IReadOnlyList<string> Apply(IReadOnlyList<CheckOptions> checks)
    {
        var done = new List<string>();
        foreach (var running in _checks.ToArray())
        {
            var next = checks.FirstOrDefault(c => string.Equals(c.Name, running.Options.Name, StringComparison.OrdinalIgnoreCase));
            if (next == running.Options)
            {
                continue;
            }

            running.Dispose();
            _checks.Remove(running);
            done.Add(next is null ? $"check {running.Options.Name}: removed" : $"check {running.Options.Name}: restarted with the new settings");
        }

        foreach (var options in checks.Where(c => !_checks.Any(r => r.Options == c)))
        {
            var check = new RunningCheck(this, options);
            _checks.Add(check);
            _setTracked(options.Name, true);
            check.Run(EventLoop.Now);
            if (!done.Any(d => d.StartsWith($"check {options.Name}:", StringComparison.Ordinal)))
            {
                done.Add($"check {options.Name}: started");
            }
        }

        return done;
    }

    /// <summary>Whether every check is up (for a trial boot's health and status --check).</summary>
    public bool AllUp => _checks.All(c => c.Policy.Up);

    public IReadOnlyList<CheckStatus> Status()
    {
        var now = EventLoop.Now;
        return _checks.Select(c => new CheckStatus
        {
            Name = c.Options.Name,
            Type = c.Options.Type.ToString().ToLowerInvariant(),
            Target = c.Options.Target,
            State = c.Policy.Up ? "up" : "down",
            SinceS = Math.Round((now - c.Policy.Since).TotalSeconds, 1),
            LastResult = c.Policy.LastResult,
            LastDurationMs = c.Policy.LastDuration is { } d ? Math.Round(d.TotalMilliseconds, 1) : null,
            Successes = c.Policy.Successes,
            Failures = c.Policy.Failures,
            TimedOut = c.Policy.TimedOut,
            Transitions = c.Policy.Transitions,
        }).ToArray();
    }

    public void Dispose()
    {
        foreach (var check in _checks)
        {
            check.Dispose();
        }

        _checks.Clear();
    }

    /// <summary>One check: the policy decides, this carries out its actions.</summary>
    private sealed class RunningCheck : IDisposable
    {
        private readonly CheckRunner _runner;
        private readonly LoopTimer _timer;
        private readonly CheckProbe _probe;
        private bool _disposed;

        public RunningCheck(CheckRunner runner, CheckOptions options)
        {
            _runner = runner;
            Options = options;
            Policy = new CheckPolicy(EventLoop.Now, options.Interval, options.Timeout, options.Rise, options.Fall);
            _probe = CheckProbe.For(options, runner._loop, runner._processes);
            _timer = runner._loop.CreateTimer(() => Run(EventLoop.Now));
        }

        public CheckOptions Options { get; }

        public CheckPolicy Policy { get; }

        public void Run(TimeSpan now) => Handle(now, new CheckEvent.Timer());

        public void Dispose()
        {
            _disposed = true;
            _timer.Set(null);
            _probe.Dispose();
        }

        private void Handle(TimeSpan now, CheckEvent input)
        {
            if (_disposed)
            {
                return;
            }

            Policy.Handle(now, input);
            while (Policy.TryDequeueAction(out var action))
            {
                switch (action)
                {
                    case CheckAction.StartProbe:
                        _probe.Start((success, detail) => Handle(EventLoop.Now, new CheckEvent.Finished(success, detail)));
                        break;
                    case CheckAction.AbortProbe:
                        _probe.Abort();
                        break;
                    case CheckAction.StateChanged changed:
                        if (changed.Up)
                        {
                            _runner._log.Information("check {Check} is up: {Reason}", Options.Name, changed.Reason);
                        }
                        else
                        {
                            _runner._log.Warning("check {Check} is down: {Reason}", Options.Name, changed.Reason);
                        }

                        _runner._setTracked(Options.Name, changed.Up);
                        break;
                }
            }

            _timer.Set(Policy.NextDeadline);
        }
    }
}
