using Appliance.Config;
using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Linux.Processes;
using Appliance.Supervisor.Health;
using Appliance.Supervisor.Hooks;
using Appliance.Supervisor.Processes;
using Serilog;

namespace Appliance.Supervisor.Services;

/// <summary>
/// nginx under our care. We own its process, so we know the moment it dies (its pidfd on the event loop) and do not
/// wait for a polling script; an HTTP probe catches an nginx that lives but does not answer (stopped, wedged).
/// Its health is the tracked object <c>nginx</c> of the VRRP instances.
/// </summary>
/// <remarks>
/// This is the edge: the process, its held sockets, the probe and the timer. What to do after an exit, when to probe
/// and when nginx counts as healthy is the pure <see cref="NginxPolicy"/>, whose actions this class carries out.
/// </remarks>
internal sealed partial class NginxService
{
    private readonly EventLoop _loop;
    private readonly ProcessHost _processes;
    private readonly ILogger _log;
    private readonly Action<bool> _setTracked;
    private readonly Func<bool> _isMaster;
    private readonly Func<TimeSpan> _derivedGrace;
    private readonly NginxPolicy _policy;
    private readonly LoopTimer _policyTimer;
    private readonly LoopTimer _stopTimer;
    private readonly LoopTimer _outgoingTimer;
    private NginxOptions _options;
    private readonly LoopProbe _prober;
    private HttpProbe? _probe;
    private HostedChild? _child;
    private bool _stopping;
    private Action? _onStopped;

    public NginxService(EventLoop loop, ProcessHost processes, ILogger log, NginxOptions options, Action<bool> setTracked, Func<bool> isMaster, Func<TimeSpan> derivedGrace)
    {
        _loop = loop;
        _processes = processes;
        _log = log.ForContext("Service", "nginx");
        _options = options;
        _setTracked = setTracked;
        _isMaster = isMaster;
        _derivedGrace = derivedGrace;
        _policy = new NginxPolicy(options);
        _policyTimer = loop.CreateTimer(() =>
        {
            _policy.Timer(EventLoop.Now);
            CarryOut();
        });
        _stopTimer = loop.CreateTimer(StopDeadline);
        _outgoingTimer = loop.CreateTimer(OutgoingDeadline);
        _probe = options.HealthUrl is { } url ? new HttpProbe(url, options.HealthTimeout) : null;
        _prober = new LoopProbe(loop, OnProbe);
    }

    public NginxState State
    {
        get => _policy.State;
        private set => _policy.State = value;
    }

    public bool Healthy => _policy.Healthy;

    public long Restarts => _policy.Restarts;

    public string? LastExit { get; private set; }

    public string? LastError { get; private set; }

    public int? Pid => _child?.Pid;

    /// <summary>How long a crashed master's new nginx gets to answer before the box resigns.</summary>
    public TimeSpan RecoveryGrace => _options.RecoveryGrace ?? _derivedGrace();

    public void Start()
    {
        if (!_options.Enabled)
        {
            State = NginxState.Disabled;
            Report(up: true, "nginx is disabled in the configuration");
            return;
        }

        Report(up: false, "not started yet");
        OpenHeld(new ListenPlan(_options.Listen, [], _options.Listen, false, ListenHandover.None));
        StartProcess("start");
    }

    /// <summary>SIGQUIT (in-flight requests finish), SIGKILL of the group at the stop timeout; then <paramref name="stopped"/>.</summary>
    public void Stop(Action stopped)
    {
        _stopping = true;
        _onStopped = stopped;
        _policy.Stopping();
        _policyTimer.Set(null);
        _prober.Cancel();
        if (_child is null)
        {
            State = _options.Enabled ? NginxState.Stopped : NginxState.Disabled;
            stopped();
            return;
        }

        State = NginxState.Stopping;
        _log.Information("nginx: stopping gracefully (SIGQUIT), {Timeout} s at most", (int)_options.StopTimeout.TotalSeconds);
        _child.Process.Signal(Signals.SIGQUIT);
        _stopTimer.Set(EventLoop.Now + _options.StopTimeout);
    }

    /// <summary>
    /// The supervisor's own end: nginx stops gracefully and the held sockets close with it. A client that still
    /// reaches this box is then refused at once, as before sockets were held, instead of waiting in an accept queue
    /// that no nginx will serve again.
    /// </summary>
    public void Shutdown(Action stopped)
    {
        Stop(stopped);
        _held.Close([.. _held.Handed]);
    }

    /// <summary><c>nginx -t</c> with the same arguments, then SIGHUP; on failure nginx keeps running and the error is nginx's own.</summary>
    public void Reload(Action<ControlResponse> respond)
    {
        if (_child is null || State is NginxState.Stopping)
        {
            respond(ControlResponse.Failure($"nginx is not running ({State.Name()}); nothing to reload"));
            return;
        }

        var started = EventLoop.Now;
        TestConfiguration(
            () =>
            {
                if (_child?.Process.Signal(Signals.SIGHUP) != true)
                {
                    respond(ControlResponse.Failure("nginx exited before it could be told to reload"));
                    return;
                }

                _log.Information("nginx: configuration tested and reloaded (SIGHUP) in {Milliseconds} ms", (int)(EventLoop.Now - started).TotalMilliseconds);
                respond(new ControlResponse { Ok = true, Messages = ["nginx -t: ok", "nginx reloaded"] });
            },
            (why, tail) =>
            {
                _log.Error("nginx reload refused, the running nginx keeps its configuration: {Error}", LastError ?? why);
                respond(ControlResponse.Failure($"{why}; the running nginx keeps its configuration", tail));
            });
    }

    /// <summary>
    /// The gate before nginx takes a configuration: <c>nginx -t</c> with the arguments nginx runs with, killed at the
    /// reload timeout. <paramref name="failed"/> gets the reason and nginx's last lines.
    /// </summary>
    private void TestConfiguration(Action passed, Action<string, IReadOnlyList<string>> failed)
    {
        var args = Arguments().Append("-t").ToArray();
        HostedChild test;
        try
        {
            test = _processes.Start(new SpawnOptions { File = _options.Binary, Arguments = args, NewProcessGroup = true }, "nginx -t",
                (finished, exit) =>
                {
                    if (exit.Success)
                    {
                        passed();
                        return;
                    }

                    LastError = string.Join("\n", finished.Tail.Where(l => l.Contains("emerg", StringComparison.Ordinal) || l.Contains("failed", StringComparison.Ordinal)).DefaultIfEmpty(string.Join("\n", finished.Tail)));
                    failed($"nginx -t failed ({exit})", finished.Tail);
                }, Serilog.Events.LogEventLevel.Information);
        }
        catch (Linux.SystemCallException e)
        {
            failed($"cannot run nginx -t: {e.Message}", []);
            return;
        }

        // nginx -t gets the reload timeout; a hung test is killed and reported.
        var deadline = _loop.CreateTimer(() =>
        {
            if (!test.Process.HasExited)
            {
                test.Process.SignalGroup(Signals.SIGKILL);
            }
        });
        deadline.Set(EventLoop.Now + _options.ReloadTimeout);
    }

    /// <summary>SIGUSR1: nginx reopens its log files (after a rotation).</summary>
    public bool Reopen() => _child?.Process.Signal(Signals.SIGUSR1) == true;

    /// <summary>
    /// A planned restart: graceful stop, then start, without counting as a crash. Held sockets stay open throughout:
    /// connections that arrive meanwhile wait for the new nginx. <paramref name="beforeStart"/> runs between the two.
    /// </summary>
    public void Restart(Action<ControlResponse> respond, Action? beforeStart = null)
    {
        if (!_options.Enabled)
        {
            respond(ControlResponse.Failure("nginx is disabled in the configuration"));
            return;
        }

        Stop(() =>
        {
            _stopping = false;
            _policy.PlannedRestart();
            beforeStart?.Invoke();
            StartProcess("restart requested");
            respond(new ControlResponse { Ok = true, Messages = [$"nginx restarted (pid {_child?.Pid})"] });
        });
    }

    /// <summary>
    /// A changed [nginx] section: probe settings apply at once; binary or config files restart nginx; a changed
    /// listen set opens its new sockets before nginx moves onto it and closes the old ones after (<see cref="ListenPlan"/>).
    /// </summary>
    public IEnumerable<string> Reconfigure(NginxOptions options)
    {
        var old = _options;
        _options = options;
        _policy.Reconfigure(options);
        _probe = options.HealthUrl is { } url ? new HttpProbe(url, options.HealthTimeout) : null;
        if (old.Enabled != options.Enabled || old.Binary != options.Binary || old.Config != options.Config)
        {
            if (!options.Enabled)
            {
                Stop(() =>
                {
                    State = NginxState.Disabled;
                    _held.Close([.. _held.Handed]);
                    Report(up: true, "nginx disabled");
                });
                return ["nginx: stopping (disabled)"];
            }

            var plan = ListenPlan.Between(_held.Handed, _held.Backlog, options.Listen, options.ListenBacklog, nginxRunning: false);
            Restart(_ => { }, () => OpenHeld(plan));
            return ["nginx: restarting (binary, configuration file or enabled changed)"];
        }

        var done = ApplyListen(options).ToList();
        if (old with { Listen = options.Listen, ListenBacklog = options.ListenBacklog } != options)
        {
            done.Add("nginx: health and restart settings applied live");
        }

        return done;
    }

    public ServiceStatus Status() => new()
    {
        Name = "nginx",
        State = State.Name() + (_policy.CrashLooping ? " (crash loop)" : string.Empty),
        Pid = _child?.Pid,
        Healthy = Healthy,
        Restarts = Restarts,
        LastExit = LastExit,
        OutputLinesDropped = _processes.DroppedLines("nginx"),
        Detail = _policy.CrashLooping
            ? $"{_policy.RecentExits} exits within {_policy.Window.TotalSeconds:0} s; next start in {Math.Max(0, ((_policy.RestartAt ?? EventLoop.Now) - EventLoop.Now).TotalSeconds):0.0} s{(LastError is null ? string.Empty : $": {LastError}")}"
            : LastError,
    };

    /// <summary>Carries out what the policy asked for, in order, then re-arms its timer.</summary>
    private void CarryOut()
    {
        while (_policy.TryDequeueAction(out var action))
        {
            switch (action)
            {
                case NginxAction.Start start:
                    StartProcess(start.Why);
                    break;
                case NginxAction.Probe:
                    Probe();
                    break;
                case NginxAction.Report report:
                    Report(report.Up, report.Why);
                    break;
                case NginxAction.Log line:
                    _log.Write(line.Level, line.Template, line.Values);
                    break;
            }
        }

        _policyTimer.Set(_policy.NextDeadline);
    }

    private void StartProcess(string why)
    {
        if (_stopping)
        {
            return;
        }

        try
        {
            _child = _processes.Start(
                new SpawnOptions
                {
                    File = _options.Binary,
                    Arguments = Arguments(),
                    NewProcessGroup = true,
                    PassDescriptors = _held.Descriptors,
                    Environment = NginxEnvironment(),
                },
                "nginx",
                OnExit);
            _adoptionChecked = _held.Handed.Count == 0;
        }
        catch (Linux.SystemCallException e)
        {
            LastError = e.Message;
            _log.Error("nginx could not start: {Error}", e.Message);
            _policy.StartFailed(EventLoop.Now, LastError);
            CarryOut();
            return;
        }

        _policy.Started(EventLoop.Now);
        _log.Information("nginx started (pid {Pid}): {Why}", _child.Pid, why);
        CarryOut();
    }

    private void OnExit(HostedChild child, ChildExit exit)
    {
        if (child == _outgoing)
        {
            FinishHandOver(child, exit);
            return;
        }

        if (child != _child)
        {
            return;
        }

        _child = null;

        // The master is gone; workers it leaves behind would keep the sockets and go on serving old state.
        try
        {
            child.Process.SignalGroup(Signals.SIGKILL);
        }
        catch (Linux.SystemCallException e)
        {
            // Without CAP_KILL over nginx's users (a service with too few capabilities) the workers live on: say
            // so, and still recover, rather than leave nginx down because the clean-up failed.
            _log.Warning("nginx: its workers could not be killed: {Error}", e.Message);
        }
        _prober.Cancel(); // an answer still under way is about the nginx that is gone
        LastExit = $"{exit} at {DateTime.Now:HH:mm:ss}";
        if (_stopping)
        {
            _stopTimer.Set(null);
            _policy.Stopped();
            _policyTimer.Set(_policy.NextDeadline);
            _log.Information("nginx stopped: {Exit}", exit.ToString());
            var stopped = _onStopped;
            _onStopped = null;
            stopped?.Invoke();
            return;
        }

        _policy.Exited(EventLoop.Now, exit.ToString(), _isMaster(), RecoveryGrace, LastError);
        CarryOut();
    }

    private void Probe()
    {
        if (_child is null || _stopping)
        {
            return;
        }

        if (_probe is null)
        {
            // No URL: a running process is all that is checked.
            OnProbe(new ProbeResult(true, 0, null, null));
            return;
        }

        if (_prober.Busy)
        {
            return;
        }

        // On the loop, no thread involved; the result comes back to OnProbe on the loop.
        _prober.Start(_probe);
    }

    private void OnProbe(ProbeResult result)
    {
        if (_child is null || _stopping)
        {
            return;
        }

        if (result.Healthy)
        {
            CheckAdoption();
        }
        else
        {
            LastError = result.Failure;
        }

        _policy.Probed(EventLoop.Now, result, _child.Pid);
        CarryOut();
    }

    private void StopDeadline()
    {
        if (_child is { } child)
        {
            _log.Warning("nginx did not stop within {Timeout} s; killing its process group", (int)_options.StopTimeout.TotalSeconds);
            child.Process.SignalGroup(Signals.SIGKILL);
        }
    }

    private void Report(bool up, string why)
    {
        _log.Debug("tracked object nginx {State}: {Why}", up ? "up" : "down", why);
        _setTracked(up);
    }

    /// <summary>
    /// nginx in the foreground: <c>daemon off;</c> on the command line, unless the file itself says so (nginx then
    /// refuses the duplicate). Startup errors go to stderr, which we log.
    /// </summary>
    private string[] Arguments()
    {
        var args = new List<string> { "-e", "stderr", "-c", _options.Config };
        if (!DeclaresDaemonOff(_options.Config))
        {
            args.Add("-g");
            args.Add("daemon off;");
        }

        return [.. args];
    }

    private static bool DeclaresDaemonOff(string path)
    {
        try
        {
            return File.ReadLines(path).Select(l => l.Split('#')[0].Trim())
                .Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^daemon\s+off\s*;"));
        }
        catch (IOException)
        {
            return false;
        }
    }
}

internal enum NginxState
{
    Disabled,
    Stopped,
    Starting,
    Running,
    Unhealthy,
    BackingOff,
    Stopping,
}

internal static class NginxStateNames
{
    public static string Name(this NginxState state) => state switch
    {
        NginxState.BackingOff => "backing-off",
        _ => state.ToString().ToLowerInvariant(),
    };
}
