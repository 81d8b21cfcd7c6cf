using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Appliance.Config;
using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Linux.Netlink;
using Appliance.Linux.Processes;
using Appliance.Logging;
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
    private Services.NginxService? _nginx;
    private bool _nginxStopped;
    private bool _rebootRequested;
    private Upgrade.TrialMonitor? _trial;
    private Services.ConsoleService? _consoles;
    private ApplianceConfig _config = new();
    private string? _shutdownReason;
    private LoopTimer? _shutdownTimer;
    private TimeSpan _shutdownDeadline;

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

        _netlink = RouteNetlinkSocket.Open();
        var environment = new ConfigEnvironment { KnownInterfaces = _netlink.DumpLinks().Select(l => l.Name).ToArray() };
        var store = new ConfigStore(_options.ConfigPath, environment);
        if (LoadConfiguration(store, environment, pid1, early) is not { } config)
        {
            return 1;
        }

        _config = config;
        _store = store;
        _session = new Configuration.ConfigSession(store.Read(), CurrentEnvironment);
        (_log, _logging) = ApplianceLogging.Create(LogSettingsFor(_config));
        foreach (var line in early)
        {
            _log.Information("init: {What}", line);
        }

        Directory.CreateDirectory(_config.System.StateDir);
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
        _processes = new ProcessHost(_loop, _log);
        _hooks = new HookRunner(_loop, _processes, _log, _config.Hooks);
        _node = new VrrpNode(_loop, _netlink, _config, _hooks, _log);
        _nginx = new Services.NginxService(_loop, _processes, _log, _config.Nginx,
            up => _node.SetObjectState(Config.TrackSpec.Nginx, up), IsMasterTrackingNginx, DerivedRecoveryGrace);
        InstallSignalHandlers();

        _log.Information("appliance {Version} starting as {Hostname} (pid {Pid}) with {Instances} VRRP instance(s)",
            AppVersion, _config.System.Hostname, Environment.ProcessId, _config.Vrrp.Count);

        // nginx first: its tracked object is down until it answers, so no instance becomes master without it.
        _nginx.Start();
        _node.Start();
        StartControl();
        if (pid1)
        {
            // As init we are the getty too; a host that keeps its own init runs its own consoles.
            _consoles = new Services.ConsoleService(_loop, _processes, _log, ControlProtocol.ConsoleSocketPath(_config.System.StateDir));
            _consoles.Apply(Services.ConsoleService.Devices(_config.System.Console));
        }

        if (Upgrade.BootEnvironment.Read() is { } boot)
        {
            _trial = new Upgrade.TrialMonitor(_loop, _log, boot, TrialHealth,
                () => (_config.System.UpgradeConfirmAfter, _config.System.UpgradeTrialTimeout),
                reason =>
                {
                    _rebootRequested = true;
                    BeginShutdown(reason);
                });
        }

        _log.Information("appliance ready");
        if (pid1)
        {
            // The ready banner on the console, for operators and for the image tests that wait for it.
            Console.Out.WriteLine($"appliance {AppVersion} ready: {_config.System.Hostname}");
        }

        _loop.Run();
        _log.Information("appliance stopped: {Reason}", _shutdownReason ?? "loop ended");
        if (Init.InitDuties.OwnsMachine)
        {
            _logging?.Dispose();
            Linux.Host.SystemControl.Reboot(powerOff: !_rebootRequested);
        }

        return 0;
    }

    /// <summary>
    /// The configuration to start with. As a service, a missing or invalid file refuses to start. As PID 1 there is
    /// nobody to refuse to: an empty data partition gets the factory defaults (first boot), and an invalid file
    /// falls back to the last good one, then to the factory defaults, loudly.
    /// </summary>
    private ApplianceConfig? LoadConfiguration(ConfigStore store, ConfigEnvironment environment, bool pid1, List<string> notes)
    {
        if (!store.Exists)
        {
            if (!pid1)
            {
                Console.Error.WriteLine($"appliance run: {_options.ConfigPath} does not exist");
                return null;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(store.Path)!);
            store.WriteAtomic(FactoryDefaults.Text);
            notes.Add($"first boot: wrote the factory default configuration to {store.Path}");
        }

        var result = ApplianceConfigLoader.Load(store.Read(), environment);
        foreach (var diagnostic in result.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic.Format(_options.ConfigPath));
            notes.Add(diagnostic.Format(_options.ConfigPath));
        }

        if (result.Config is not null)
        {
            return result.Config;
        }

        Console.Error.WriteLine($"appliance run: {result.Errors.Count()} error(s) in {_options.ConfigPath}; not starting");
        if (!pid1)
        {
            return null;
        }

        if (store.RestoreLastGood() && ApplianceConfigLoader.Load(store.Read(), environment).Config is { } lastGood)
        {
            notes.Add($"{store.Path} had errors; the last good configuration was restored");
            return lastGood;
        }

        store.WriteAtomic(FactoryDefaults.Text);
        notes.Add($"{store.Path} had errors and no last good copy; the factory defaults are in force");
        return ApplianceConfigLoader.Load(FactoryDefaults.Text, environment).Config;
    }

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
        Hostname = _config.System.Hostname,
        UptimeS = (long)_uptime.Elapsed.TotalSeconds,
        Version = AppVersion,
        Pid1 = Environment.ProcessId == 1,
        Vrrp = _node?.Status() ?? [],
        Services = _nginx is null ? [] : [_nginx.Status()],
        Unattributed = _node?.UnattributedDrops ?? [],
        PendingCommit = PendingStatus(),
        Boot = _trial?.Boot is { } boot ? new BootStatus(boot.Slot, boot.ConfirmedSlot, boot.Trial) : null,
    };

    /// <summary>What a trial boot must show before its slot is confirmed: nginx answers and every instance runs.</summary>
    private (bool Healthy, string Why) TrialHealth()
    {
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
        _log.Information("shutting down: {Reason}", reason);
        _consoles?.Stop();
        _node!.Shutdown(handover: true);
        var release = _config.Vrrp.Count == 0 ? TimeSpan.Zero : _config.Vrrp.Max(v => (2 * v.AdvertInterval) + TimeSpan.FromMilliseconds(100));
        _shutdownDeadline = EventLoop.Now + release + _config.Nginx.StopTimeout + ShutdownMargin;
        _shutdownTimer = _loop!.CreateTimer(CheckShutdown);
        CheckShutdown();
    }

    private void CheckShutdown()
    {
        // Make-before-break: nginx keeps serving until every instance has handed over its addresses.
        if (_node!.AllStopped && !_nginxStopped && _nginx!.State != Services.NginxState.Stopping)
        {
            _nginx.Shutdown(() => _nginxStopped = true);
        }

        var done = _node.AllStopped && _nginxStopped && _hooks!.Idle;
        if (done || EventLoop.Now >= _shutdownDeadline)
        {
            if (!done)
            {
                _log.Warning("shutdown deadline reached; stopping anyway");
            }

            _control?.Dispose();
            _consoleControl?.Dispose();
            _node.Dispose();
            _loop!.Stop();
            return;
        }

        _shutdownTimer!.Set(EventLoop.Now + TimeSpan.FromMilliseconds(20));
    }

    private void InstallSignalHandlers()
    {
        // Without explicit registrations a service dies at SIGTERM without cleanup, and as PID 1 the kernel drops
        // SIGTERM altogether (PLATFORM.md). Handlers only post to the loop.
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

    public void Dispose()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        _processes?.Dispose();
        _loop?.Dispose();
        _netlink?.Dispose();
        _logging?.Dispose();
    }
}

/// <summary>What <c>appliance run</c> was asked to do.</summary>
public sealed record RunOptions(string ConfigPath);
