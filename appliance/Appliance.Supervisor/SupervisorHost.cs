using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Appliance.Config;
using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Linux.Netlink;
using Appliance.Linux.Processes;
using Appliance.Logging;
using Appliance.Supervisor.Configuration;
using Appliance.Supervisor.Hooks;
using Appliance.Supervisor.Processes;
using Appliance.Supervisor.Vrrp;
using Serilog;

namespace Appliance.Supervisor;

/// <summary>
/// <c>appliance run</c>: the supervisor. One event loop owns all state; the VRRP node, children, hooks and the
/// control socket hang off it. Shutdown is a designed path with a deadline for every step.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class SupervisorHost : IDisposable
{
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a stopping box keeps BIRD running after withdrawing its anycast groups: the router has long moved new
    /// flows (a BGP UPDATE, milliseconds), and BIRD's own end then closes the sessions cleanly (Cease).
    /// </summary>
    private static readonly TimeSpan AnycastDrain = TimeSpan.FromSeconds(1);
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly RunOptions _options;
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private ILogger _log = Serilog.Core.Logger.None;
    private LoggingHandles? _logging;
    private EventLoop? _loop;
    private RouteNetlinkSocket? _netlink;
    private ProcessHost? _processes;
    private HookRunner? _hooks;
    private VrrpNode? _node;
    private AcceptFilter? _acceptFilter;
    private bool _acceptFilterRemoved;
    private Checks.CheckRunner? _checks;
    private Services.NginxService? _nginx;
    private Anycast.AnycastService? _anycast;
    private bool _anycastStopped = true;
    private bool _nginxStopped;
    private bool _rebootRequested;
    private Upgrade.TrialMonitor? _trial;
    private Watchdog.WatchdogService? _watchdog;
    private Services.ConsoleService? _consoles;
    private ApplianceConfig _config = new();
    private string? _shutdownReason;
    private LoopTimer? _shutdownTimer;
    private TimeSpan _shutdownDeadline;
    private string? _safeMode;
    private string? _bootProblem;

    public SupervisorHost(RunOptions options)
    {
        _options = options;
    }

    public static string AppVersion { get; set; } = "unknown";

    /// <returns>The process exit code: 0 after an orderly shutdown, 1 when it cannot start.</returns>
    public int Run()
    {
        var pid1 = Init.InitDuties.IsPid1;
        var early = pid1 ? Init.InitDuties.MountFileSystems() : [];
        if (pid1)
        {
            Linux.Host.SystemControl.TryDisableCtrlAltDel();
        }

        if (!pid1)
        {
            try
            {
                return Start(pid1, early, failure: null);
            }
            catch (StartupException e)
            {
                Console.Error.WriteLine($"appliance run: {e.Message}");
                return 1;
            }
        }

        // As PID 1 nothing may escape: the kernel would panic and the box would boot-loop. Safe mode instead.
        try
        {
            return Start(pid1, early, failure: null);
        }
        catch (Exception e)
        {
            var failure = e is StartupException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            Console.Out.WriteLine($"appliance: start-up failed: {failure}; entering safe mode");
            TearDown();
            try
            {
                return Start(pid1, [], failure);
            }
            catch (Exception again)
            {
                Console.Out.WriteLine($"appliance: safe mode failed too: {again.GetType().Name}: {again.Message}; idle until the box is reset");
                TearDown();
                Init.InitDuties.Idle();
                return 1;
            }
        }
    }

    /// <param name="failure">Set when an earlier attempt failed: start in safe mode with this reason.</param>
    private int Start(bool pid1, List<string> early, string? failure)
    {
        _netlink = RouteNetlinkSocket.Open();
        _bootId = ReadBootId();
        var environment = new ConfigEnvironment { KnownInterfaces = _netlink.DumpLinks().Select(l => l.Name).ToArray(), LinksMayAppear = true };
        var store = new ConfigStore(_options.ConfigPath, environment);
        var boot = failure is null ? DecideBoot(store, environment, pid1, early) : BootPolicy.SafeModeAfter(failure, TryRead(store));
        if (boot.Config is not { } config)
        {
            Console.Error.WriteLine($"appliance run: {_options.ConfigPath}: {boot.Reason}");
            return 1;
        }

        PrepareStateDirectory(config.System.StateDir);
        _config = config;
        _store = store;
        _safeMode = boot.SafeMode ? boot.Reason : null;
        _bootProblem = boot.Choice == BootChoice.LastGood ? boot.Reason : null;
        _session = new Configuration.ConfigSession(boot.RunningText!, CurrentEnvironment);
        (_log, _logging) = ApplianceLogging.Create(LogSettingsFor(_config));
        foreach (var line in early)
        {
            _log.Information("init: {What}", line);
        }

        if (boot.Reason is not null && boot.Choice != BootChoice.FirstBoot)
        {
            // The console gets it from the logger too (warnings and worse); the reason is also in status.
            _log.Error("{Reason}", boot.Reason);
        }

        if (pid1)
        {
            TrySetHostname(_config.System.Hostname);
            Init.InitDuties.LoadModules(_config.System.Modules, line => _log.Information("init: {What}", line));
        }
        else
        {
            // Orphans of our children (nginx workers whose master died) come to us, not to init.
            ChildReaper.BecomeSubreaper();
        }

        foreach (var line in Init.ManagedInterfaces.Apply(_netlink, _config))
        {
            _log.Information("init: {What}", line);
        }

        _loop = new EventLoop((what, e) => _log.Error(e, "unhandled error in {What}", what));
        // Early, so that a start-up that hangs is reset too; fed only from turns of the loop.
        _watchdog = new Watchdog.WatchdogService(_loop, _log, WatchdogDevice(pid1), _config.System.WatchdogTimeout, () => _trial?.Deadline);
        _processes = new ProcessHost(_loop, _log);
        _hooks = new HookRunner(_loop, _processes, _log, _config.Hooks);
        _node = new VrrpNode(_loop, _netlink, _config, _hooks, _log);
        _acceptFilter = new AcceptFilter(_processes, _log, _config.System.StateDir);
        _acceptFilter.Apply(_config);
        _node.LinkAppeared += OnLinkAppeared;
        _checks = new Checks.CheckRunner(_loop, _processes, _log, _node.SetObjectState);
        _nginx = new Services.NginxService(_loop, _processes, _log, _config.Nginx,
            up => _node.SetObjectState(Config.TrackSpec.Nginx, up), IsMasterTrackingNginx, DerivedRecoveryGrace);
        if (_config.Bgp is { } bgp)
        {
            _anycast = new Anycast.AnycastService(_loop, _processes, _netlink, _log, bgp, _config.Anycast, _config.System.StateDir);
            _node.ObjectChanged += _anycast.OnObjectChanged;
        }

        InstallSignalHandlers();

        _log.Information("appliance {Version} starting as {Hostname} (pid {Pid}) with {Instances} VRRP instance(s)",
            AppVersion, _config.System.Hostname, Environment.ProcessId, _config.Vrrp.Count);

        // nginx first: its tracked object is down until it answers, so no instance becomes master without it.
        _nginx.Start();

        // Before the instances: a tracked check exists (up, as keepalived's scripts start) when they first look.
        _checks.Apply(_config.Checks);
        _node.Start();

        // After the node: links are known, and nginx and the checks have said what they are.
        _anycastStopped = _anycast is null;
        _anycast?.Start(_node.IsObjectUp);
        StartControl();
        if (_config.Metrics.Listen is not null)
        {
            ApplyMetrics(_config.Metrics);
        }

        ArmConfirmTimer();
        if (pid1)
        {
            // As init we are the getty too; a host that keeps its own init runs its own consoles.
            _consoles = new Services.ConsoleService(_loop, _processes, _log, ControlProtocol.ConsoleSocketPath(_config.System.StateDir));
            _consoles.Apply(Services.ConsoleService.Devices(_config.System.Console));
        }

        if (Upgrade.BootEnvironment.Read() is { } bootEnvironment)
        {
            _trial = new Upgrade.TrialMonitor(_loop, _log, bootEnvironment, TrialHealth,
                () => (_config.System.UpgradeConfirmAfter, _config.System.UpgradeTrialTimeout),
                reason =>
                {
                    _rebootRequested = true;
                    BeginShutdown(reason);
                });
        }

        _log.Information("appliance ready{SafeMode}", _safeMode is null ? string.Empty : " in SAFE MODE");
        NotifyReady();
        if (pid1)
        {
            // The ready banner on the console, for operators and for the image tests that wait for it.
            Console.Out.WriteLine($"appliance {AppVersion} ready: {_config.System.Hostname}{(_safeMode is null ? string.Empty : $" -- {_safeMode}")}");
        }

        _loop.Run();
        _log.Information("appliance stopped: {Reason}", _shutdownReason ?? "loop ended");
        var ownsMachine = Init.InitDuties.OwnsMachine;
        _watchdog.End(ownsMachine);
        if (ownsMachine)
        {
            // The log's sinks are memory and sockets (nothing on /data); the steps go to the console, where an
            // operator watching the box go down reads them.
            _logging?.Dispose();
            Init.OrderlyEnd.Run(new Init.LinuxMachine(), powerOff: !_rebootRequested, line => Console.Out.WriteLine($"appliance: shutdown: {line}"));
        }

        return 0;
    }

    /// <summary>
    /// The configured watchdog; in safe mode, on a box of our own, the image's device all the same: safe mode's
    /// built-in configuration names none, and a box waiting for its operator must still reset if its loop hangs
    /// (and must keep feeding a device that an earlier, failed start had armed).
    /// </summary>
    private string? WatchdogDevice(bool pid1) =>
        _config.System.Watchdog ?? (_safeMode is not null && pid1 && Init.InitDuties.OwnsMachine ? "/dev/watchdog" : null);

    private void TrySetHostname(string hostname)
    {
        try
        {
            Linux.Host.SystemControl.SetHostname(hostname);
        }
        catch (Linux.SystemCallException e)
        {
            _log.Warning("init: could not set the hostname {Hostname}: {Error}", hostname, e.Message);
        }
    }

    /// <summary>The status report, built on the loop thread.</summary>
    public StatusReport Status() => new()
    {
        GeneratedAt = StatusTime.Format(DateTime.UtcNow),
        Hostname = _config.System.Hostname,
        UptimeS = (long)_uptime.Elapsed.TotalSeconds,
        Version = AppVersion,
        Pid1 = Environment.ProcessId == 1,
        Vrrp = _node?.Status(_acceptFilter) ?? [],
        Services = [.. new[] { _nginx?.Status(), _anycast?.ServiceStatus() }.OfType<ServiceStatus>()],
        Checks = _checks?.Status() ?? [],
        Anycast = _anycast?.Status() ?? [],
        Bgp = _anycast?.Sessions() ?? [],
        Unattributed = _node?.UnattributedDrops ?? [],
        PendingCommit = PendingStatus(),
        SafeMode = _safeMode,
        ConfigRejected = _bootProblem,
        ChildOutputLinesDropped = _processes?.OutputLinesDropped ?? 0,
        Boot = _trial?.Boot is { } boot ? new BootStatus(boot.Slot, boot.ConfirmedSlot, boot.Trial) : null,
        Hooks = _hooks is { } hooks ? new HookCounters(hooks.Started, hooks.Failed, hooks.TimedOut, hooks.Dropped) : null,
        LogSinks = _logging is { } logging
            ? [.. new[] { logging.Syslog, logging.Remote, logging.Console }.Select(c => new LogSinkStatus(c.Name, c.Accepted, c.Dropped, c.Sent, c.Failed))]
            : [],
    };

    /// <summary>What a trial boot must show before its slot is confirmed: nginx answers and every instance runs.</summary>
    private (bool Healthy, string Why) TrialHealth()
    {
        if (_safeMode is not null)
        {
            return (false, "safe mode: the configuration was refused");
        }

        if (_nginx!.State != Services.NginxState.Disabled && !_nginx.Healthy)
        {
            return (false, $"nginx is {Services.NginxStateNames.Name(_nginx.State)}");
        }

        var waiting = _node!.Instances.FirstOrDefault(i => i.Problem is not null);
        return waiting is null ? (true, "healthy") : (false, $"vrrp {waiting.Name}: {waiting.Problem}");
    }

    private bool IsMasterTrackingNginx() =>
        _node!.Instances.Any(i => i.Router?.State == Appliance.Vrrp.Router.VirtualRouterState.Master && i.Options.Track.Any(t => t.IsNginx));

    /// <summary>
    /// restart-first's default grace: never longer than the quickest takeover a backup could make if we resigned,
    /// the skew time of a peer one priority below us (RFC 9568 6.1), for the fastest instance tracking nginx.
    /// </summary>
    private TimeSpan DerivedRecoveryGrace()
    {
        var tracking = _config.Vrrp.Where(v => v.Track.Any(t => t.IsNginx)).ToArray();
        return tracking.Length == 0
            ? TimeSpan.Zero
            : tracking.Min(v => Appliance.Vrrp.Router.VrrpTiming.SkewTime(
                v.Version == 2 ? Appliance.Vrrp.Wire.VrrpVersion.V2 : Appliance.Vrrp.Wire.VrrpVersion.V3,
                (byte)Math.Max(1, v.Priority - 1), v.AdvertInterval));
    }

    /// <summary>
    /// Orderly shutdown: masters hand over (priority 0, then keep the addresses until a successor is heard or the
    /// release deadline passes), hooks finish or time out, then the loop ends. Never hangs: a deadline ends it.
    /// </summary>
    private void BeginShutdown(string reason)
    {
        if (_shutdownReason is not null)
        {
            _log.Information("shutdown already in progress ({Reason}); {Signal} ignored", _shutdownReason, reason);
            return;
        }

        _shutdownReason = reason;
        NotifyStopping(reason);
        _log.Information("shutting down: {Reason}", reason);
        KeepConfirmWindow();
        _consoles?.Stop();

        // No new probes while the instances hand over; a running exec check is killed.
        _checks?.Dispose();
        _node!.Shutdown(handover: true);

        // Anycast drains like VRRP hands over: withdrawn first, nginx serves what still arrives until BIRD stops.
        _anycast?.Shutdown(AnycastDrain, () => _anycastStopped = true);
        var release = _config.Vrrp.Count == 0 ? TimeSpan.Zero : _config.Vrrp.Max(v => (2 * v.AdvertInterval) + TimeSpan.FromMilliseconds(100));
        if (_anycast is not null)
        {
            release = TimeSpan.FromTicks(Math.Max(release.Ticks, (AnycastDrain + ShutdownMargin).Ticks));
        }

        _shutdownDeadline = EventLoop.Now + release + _config.Nginx.StopTimeout + ShutdownMargin;
        _shutdownTimer = _loop!.CreateTimer(CheckShutdown);
        CheckShutdown();
    }

    private void CheckShutdown()
    {
        // Make-before-break: nginx keeps serving until every instance has handed over its addresses.
        if (_node!.AllStopped && _anycastStopped && !_nginxStopped && _nginx!.State != Services.NginxState.Stopping)
        {
            _nginx.Shutdown(() => _nginxStopped = true);
        }

        if (_node.AllStopped && !_acceptFilterRemoved)
        {
            // After the addresses are gone: the table goes too, nothing of ours filters a box we no longer run.
            _acceptFilterRemoved = true;
            _acceptFilter!.Remove();
        }

        var done = _node.AllStopped && _anycastStopped && _nginxStopped && _hooks!.Idle && _acceptFilter!.Settled;
        if (done || EventLoop.Now >= _shutdownDeadline)
        {
            if (!done)
            {
                _log.Warning("shutdown deadline reached; stopping anyway");
            }

            _control?.Dispose();
            _control = null;
            _consoleControl?.Dispose();
            _consoleControl = null;
            StopMetrics();
            _node.Dispose();
            _loop!.Stop();
            return;
        }

        _shutdownTimer!.Set(EventLoop.Now + TimeSpan.FromMilliseconds(20));
    }

    private void InstallSignalHandlers()
    {
        // Without explicit registrations a service dies at SIGTERM without cleanup, and as PID 1 the kernel drops
        // SIGTERM altogether (a PID 1 gets only the signals it has handlers for). Handlers only post to the loop.
        Register(PosixSignal.SIGTERM, "SIGTERM");
        Register((PosixSignal)Signals.SIGPWR, "SIGPWR");

        // As init, Ctrl-Alt-Del arrives as SIGINT (reboot(RB_DISABLE_CAD)) and means reboot; otherwise it is a stop.
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            _loop!.Post(() =>
            {
                _rebootRequested = Init.InitDuties.IsPid1;
                BeginShutdown(_rebootRequested ? "SIGINT (Ctrl-Alt-Del): reboot" : "SIGINT");
            });
        }));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _loop!.Post(Reload);
        }));
    }

    private void Register(PosixSignal signal, string name) =>
        _signals.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            _loop!.Post(() => BeginShutdown(name));
        }));

    public void Dispose() => TearDown();

    /// <summary>Releases whatever was built, also after a start that failed half-way; safe to call twice.</summary>
    private void TearDown()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        _signals.Clear();
        _control?.Dispose();
        _control = null;
        StopMetrics();
        ReleaseNotifier();
        _consoleControl?.Dispose();
        _consoleControl = null;
        _watchdog?.Release();
        _watchdog = null;
        _checks?.Dispose();
        _checks = null;
        _node?.Dispose();
        _node = null;
        _processes?.Dispose();
        _processes = null;
        _loop?.Dispose();
        _loop = null;
        _confirmTimer = null;
        _netlink?.Dispose();
        _netlink = null;
        _logging?.Dispose();
        _logging = null;
        _log = Serilog.Core.Logger.None;
    }
}

/// <summary>What <c>appliance run</c> was asked to do.</summary>
public sealed record RunOptions(string ConfigPath);
