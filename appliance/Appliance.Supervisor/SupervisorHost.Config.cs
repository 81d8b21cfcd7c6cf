using Appliance.Config;
using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Logging;
using Appliance.Supervisor.Configuration;

namespace Appliance.Supervisor;

/// <summary>
/// Configuration at run time: staged edits, commit and commit-confirmed over the control socket, SIGHUP reload,
/// and live apply of a new configuration to the running parts. The file is written off the loop (fsync may be slow
/// on a flash card) and the result comes back to the loop.
/// </summary>
public sealed partial class SupervisorHost
{
    private readonly ConfirmWindow _window = new();
    private ConfigStore? _store;
    private ConfigSession? _session;
    private LoopTimer? _confirmTimer;
    private bool _writing;
    private string _bootId = "unknown";

    private ConfigEnvironment CurrentEnvironment() =>
        new() { KnownInterfaces = _node?.Interfaces.Links.Select(l => l.Name).ToArray() ?? [] };

    /// <summary>A rollback goes back to what was in force; a link it names may have gone meanwhile: then it waits.</summary>
    private ConfigEnvironment RollbackEnvironment() => CurrentEnvironment() with { LinksMayAppear = true };

    private void HandleConfig(ControlRequest request, Action<ControlResponse> respond)
    {
        var session = _session!;
        switch (request.Command)
        {
            case "config.get":
                respond(new ControlResponse { Ok = true, Text = session.RunningText, Staged = session.StagedText });
                break;
            case "config.set":
                respond(Answer(session.Set(request.Set ?? [])));
                break;
            case "config.load":
                respond(request.Text is null
                    ? ControlResponse.Failure("config.load needs the text of a configuration file")
                    : Answer(session.StageText(request.Text)));
                break;
            case "config.factory-reset":
                respond(Answer(session.StageText(FactoryDefaults.Text)));
                break;
            case "config.commit":
                Commit(request.ConfirmSeconds, respond);
                break;
            case "config.confirm":
                Confirm(respond);
                break;
            case "config.rollback":
                if (_window.Handle(DateTimeOffset.UtcNow, new ConfirmInput.RollBackRequested()) is ConfirmAction.RollBack back)
                {
                    RollBack(back, respond);
                }
                else
                {
                    respond(session.DiscardStaged()
                        ? new ControlResponse { Ok = true, Messages = ["staged changes discarded"] }
                        : ControlResponse.Failure("nothing to roll back: no staged changes and no unconfirmed commit"));
                }

                break;
        }
    }

    private void Confirm(Action<ControlResponse> respond)
    {
        if (_writing)
        {
            respond(ControlResponse.Failure("a commit is being written; try again"));
            return;
        }

        var action = _window.Handle(DateTimeOffset.UtcNow, new ConfirmInput.Confirm());
        if (action is not ConfirmAction.Clear)
        {
            respond(ControlResponse.Failure("no commit is waiting for confirmation"));
            return;
        }

        ArmConfirmTimer();
        Write(null, action, keepLastGood: true, error =>
        {
            _log.Information("configuration change confirmed{Failure}", error is null ? string.Empty : $" (removing the pending record failed: {error}; the next start rolls back)");
            respond(error is null
                ? new ControlResponse { Ok = true, Messages = ["confirmed: the change stays"] }
                : ControlResponse.Failure($"confirmed here, but {_store!.PendingPath} could not be removed: {error}; a restart would roll back"));
        });
    }

    private void Commit(int? confirmSeconds, Action<ControlResponse> respond)
    {
        var session = _session!;
        if (_writing)
        {
            respond(ControlResponse.Failure("another commit is being written; try again"));
            return;
        }

        if (confirmSeconds is < 10 or > 3600)
        {
            respond(ControlResponse.Failure("commit confirmed takes 10 to 3600 seconds"));
            return;
        }

        var prepared = session.PrepareCommit();
        if (!prepared.Ok)
        {
            respond(Answer(prepared));
            return;
        }

        var text = session.StagedText!;
        var config = prepared.Load!.Config!;
        var diff = ConfigDiff.Compute(session.RunningText, text).Select(c => c.ToString()).ToArray();
        var confirm = confirmSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var before = _window.Pending;

        // The window is persisted before the file is written and long before the change is applied (Write's order).
        var window = _window.Handle(DateTimeOffset.UtcNow, new ConfirmInput.Commit(session.RunningText, confirm, diff, _bootId));
        Write(text, window, keepLastGood: true, error =>
        {
            if (error is not null)
            {
                _window.Restore(before);
                respond(ControlResponse.Failure($"could not write {_store!.Path}: {error}; nothing changed"));
                return;
            }

            session.Committed(text);
            var applied = Apply(config);
            _log.Information("configuration committed{Confirm}: {Changes}", confirm is null ? string.Empty : $" (confirm within {confirmSeconds} s)", string.Join("; ", diff));
            ArmConfirmTimer();
            var messages = diff.Concat(applied).ToList();
            if (confirm is not null)
            {
                messages.Add($"confirm within {confirmSeconds} s (config confirm), or the previous configuration comes back, even across a crash or reboot");
            }

            respond(new ControlResponse { Ok = true, Messages = messages });
        });
    }

    /// <summary>The loop's timer stands for the wall-clock deadline; a clock step is caught when it fires.</summary>
    private void ArmConfirmTimer()
    {
        _confirmTimer ??= _loop!.CreateTimer(ConfirmationDue);
        _confirmTimer.Set(_window.NextDeadline is { } deadline
            ? EventLoop.Now + TimeSpan.FromTicks(Math.Max(0, (deadline - DateTimeOffset.UtcNow).Ticks))
            : null);
    }

    private void ConfirmationDue()
    {
        if (_writing)
        {
            _confirmTimer!.Set(EventLoop.Now + TimeSpan.FromMilliseconds(100));
            return;
        }

        if (_window.Handle(DateTimeOffset.UtcNow, new ConfirmInput.Tick()) is ConfirmAction.RollBack back)
        {
            RollBack(back, _ => { });
            return;
        }

        ArmConfirmTimer(); // not yet (the wall clock was stepped back): wait the rest
    }

    private void RollBack(ConfirmAction.RollBack back, Action<ControlResponse> respond)
    {
        var previous = back.PreviousText;
        var load = ApplianceConfigLoader.Load(previous, RollbackEnvironment());
        ArmConfirmTimer();
        if (load.Config is null)
        {
            // Cannot happen for a text that was in force; the pending record goes so a restart does not loop on it.
            _log.Error("rollback impossible: the previous configuration no longer validates: {Errors}", load.Format());
            Write(null, ConfirmAction.ClearPending, keepLastGood: false, _ => { });
            respond(ControlResponse.Failure($"the previous configuration no longer validates: {load.Format()}"));
            return;
        }

        // keepLastGood: false, the unconfirmed text that goes must not become last-good.
        Write(previous, back, keepLastGood: false, error =>
        {
            _session!.RolledBack(previous);
            var applied = Apply(load.Config);
            _log.Warning("configuration rolled back: {Reason}{Failure}", back.Reason, error is null ? string.Empty : $" (writing the file failed: {error}; in force until restart)");
            respond(new ControlResponse { Ok = true, Messages = [$"rolled back: {back.Reason}", .. applied] });
        });
    }

    /// <summary>SIGHUP: the file was edited; an invalid file leaves everything as it is and says why.</summary>
    private void Reload()
    {
        string text;
        try
        {
            text = _store!.Read();
        }
        catch (IOException e)
        {
            _log.Error("reload: cannot read {Path}: {Error}; keeping the running configuration", _store!.Path, e.Message);
            return;
        }

        if (text == _session!.RunningText)
        {
            _log.Information("reload: {Path} is unchanged", _store.Path);
            return;
        }

        var load = ApplianceConfigLoader.Load(text, CurrentEnvironment());
        if (load.Config is null)
        {
            foreach (var diagnostic in load.Diagnostics)
            {
                _log.Error("reload refused: {Diagnostic}", diagnostic.Format(_store.Path));
            }

            _log.Error("reload: {Path} has errors; the running configuration stays in force", _store.Path);
            return;
        }

        var diff = ConfigDiff.Compute(_session.RunningText, text).Select(c => c.ToString()).ToArray();
        _session.Reloaded(text);
        var window = _window.Handle(DateTimeOffset.UtcNow, new ConfirmInput.Replaced());
        ArmConfirmTimer();
        if (window is ConfirmAction.Clear)
        {
            Write(null, window, keepLastGood: true, _ => { });
        }

        var applied = Apply(load.Config);
        _log.Information("reload: {Changes}; {Applied}", string.Join("; ", diff), string.Join("; ", applied));
    }

    /// <summary>Puts a validated configuration in force on the running parts; returns what it did.</summary>
    private List<string> Apply(ApplianceConfig config)
    {
        var done = new List<string>();
        var old = _config;
        _config = config;

        // Checks first: an instance that starts tracking a new check finds it (up until it fails).
        done.AddRange(_checks!.Apply(config.Checks));
        done.AddRange(_node!.Apply(config));
        _acceptFilter!.Apply(config);
        if (old.Nginx != config.Nginx)
        {
            done.AddRange(_nginx!.Reconfigure(config.Nginx));
        }

        if (old.Bgp != config.Bgp || old.Anycast != config.Anycast)
        {
            done.Add("bgp and anycast: the running BIRD keeps its configuration until the supervisor restarts");
        }

        if (old.Hooks != config.Hooks)
        {
            _hooks!.Reconfigure(config.Hooks);
            done.Add("hooks: applied live");
        }

        if (old.Log != config.Log || old.System.Hostname != config.System.Hostname)
        {
            _logging!.Reconfigure(LogSettingsFor(config));
            done.Add("log: applied live");
        }

        if (old.Metrics != config.Metrics && ApplyMetrics(config.Metrics) is { } metrics)
        {
            done.Add(metrics);
        }

        if (old.System.StateDir != config.System.StateDir)
        {
            done.Add("system state_dir: takes effect at the next start");
        }

        if (old.System.Watchdog != config.System.Watchdog || old.System.WatchdogTimeout != config.System.WatchdogTimeout)
        {
            done.Add("system watchdog: takes effect at the next start");
        }

        done.AddRange(ApplySystem(old, config));
        if (_safeMode is not null || _bootProblem is not null)
        {
            // A valid configuration is in force: whatever was refused at boot is behind us.
            done.Add(_safeMode is null ? "the configuration refused at boot is replaced" : "safe mode: left; the configuration is in force");
            _log.Warning("{What}", _safeMode is null ? "the configuration refused at boot is replaced" : "safe mode left: a valid configuration is in force");
            _safeMode = null;
            _bootProblem = null;
        }

        return done;
    }

    /// <summary>
    /// Off the loop (fsync may be slow on a flash card), in the order that survives a crash at any point: a pending
    /// record first, then the file, then the removal of a pending record that is no longer needed.
    /// </summary>
    private void Write(string? text, ConfirmAction window, bool keepLastGood, Action<string?> completed)
    {
        _writing = true;
        var store = _store!;
        Task.Run(() =>
        {
            try
            {
                if (window is ConfirmAction.Persist persist)
                {
                    store.WritePending(persist.Pending);
                }

                if (text is not null)
                {
                    store.WriteAtomic(text, keepLastGood);
                }

                if (window is ConfirmAction.Clear or ConfirmAction.RollBack)
                {
                    store.ClearPending();
                }

                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigStoreException)
            {
                return e.Message;
            }
        }).ContinueWith(t => _loop!.Post(() =>
        {
            _writing = false;
            completed(t.Result);
        }), TaskScheduler.Default);
    }

    private static ControlResponse Answer(SessionResult result) => result.Ok
        ? new ControlResponse { Ok = true, Messages = result.Messages }
        : ControlResponse.Failure(result.Error ?? "refused", result.Messages);

    private static LogSettings LogSettingsFor(ApplianceConfig config) => new()
    {
        Level = (Serilog.Events.LogEventLevel)(int)config.Log.Level,
        SyslogPath = config.Log.Syslog,
        Remote = config.Log.Remote is { } remote
            ? new SyslogRemote(remote.Host, remote.Port, remote.Protocol == RemoteProtocol.Tcp ? SyslogProtocol.Tcp : SyslogProtocol.Udp)
            : null,
        Facility = (SyslogFacility)config.Log.Facility,
        // Standard output is the log stream of a service or container; for the init of a booted kernel it is
        // /dev/console, the serial line the operator's console UI shares, where only warnings and worse belong.
        Console = true,
        ConsoleLevel = Init.InitDuties.OwnsMachine ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Verbose,
        Hostname = config.System.Hostname,
    };

    private PendingCommit? PendingStatus() => _window.Pending is { } pending
        ? new PendingCommit(Math.Max(0, (pending.Deadline - DateTimeOffset.UtcNow).TotalSeconds), pending.Changes)
        : null;
}
