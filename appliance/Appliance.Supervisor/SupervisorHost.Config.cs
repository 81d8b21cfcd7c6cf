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
    private ConfigStore? _store;
    private ConfigSession? _session;
    private LoopTimer? _confirmTimer;
    private bool _writing;

    private ConfigEnvironment CurrentEnvironment() =>
        new() { KnownInterfaces = _node?.Interfaces.Links.Select(l => l.Name).ToArray() ?? [] };

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
            case "config.factory-reset":
                respond(Answer(session.StageText(FactoryDefaults.Text)));
                break;
            case "config.commit":
                Commit(request.ConfirmSeconds, respond);
                break;
            case "config.confirm":
                if (session.Pending is null)
                {
                    respond(ControlResponse.Failure("no commit is waiting for confirmation"));
                    break;
                }

                session.Confirmed();
                _confirmTimer?.Set(null);
                _log.Information("configuration change confirmed");
                respond(new ControlResponse { Ok = true, Messages = ["confirmed: the change stays"] });
                break;
            case "config.rollback":
                if (session.Pending is { } pending)
                {
                    RollBack(pending.PreviousText, "rollback requested", respond);
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
        Write(text, error =>
        {
            if (error is not null)
            {
                respond(ControlResponse.Failure($"could not write {_store!.Path}: {error}; nothing changed"));
                return;
            }

            var confirm = confirmSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            session.Committed(text, confirm, EventLoop.Now);
            var applied = Apply(config);
            _log.Information("configuration committed{Confirm}: {Changes}", confirm is null ? string.Empty : $" (confirm within {confirmSeconds} s)", string.Join("; ", diff));
            if (session.Pending is { } pending)
            {
                _confirmTimer ??= _loop!.CreateTimer(ConfirmationExpired);
                _confirmTimer.Set(pending.Deadline);
            }

            var messages = diff.Concat(applied).ToList();
            if (confirm is not null)
            {
                messages.Add($"confirm within {confirmSeconds} s (config confirm), or the previous configuration comes back");
            }

            respond(new ControlResponse { Ok = true, Messages = messages });
        });
    }

    private void ConfirmationExpired()
    {
        if (_session!.Pending is { } pending)
        {
            RollBack(pending.PreviousText, "the commit was not confirmed in time", _ => { });
        }
    }

    private void RollBack(string previous, string reason, Action<ControlResponse> respond)
    {
        var load = ApplianceConfigLoader.Load(previous, CurrentEnvironment());
        if (load.Config is null)
        {
            // Cannot happen for a text that was in force, unless the kernel's links changed under it.
            respond(ControlResponse.Failure($"the previous configuration no longer validates: {load.Format()}"));
            return;
        }

        Write(previous, error =>
        {
            _confirmTimer?.Set(null);
            _session!.RolledBack(previous);
            var applied = Apply(load.Config);
            _log.Warning("configuration rolled back: {Reason}{Failure}", reason, error is null ? string.Empty : $" (writing the file failed: {error}; in force until restart)");
            respond(new ControlResponse { Ok = true, Messages = [$"rolled back: {reason}", .. applied] });
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
        _confirmTimer?.Set(null);
        var applied = Apply(load.Config);
        _log.Information("reload: {Changes}; {Applied}", string.Join("; ", diff), string.Join("; ", applied));
    }

    /// <summary>Puts a validated configuration in force on the running parts; returns what it did.</summary>
    private List<string> Apply(ApplianceConfig config)
    {
        var done = new List<string>();
        var old = _config;
        _config = config;
        done.AddRange(_node!.Apply(config));
        if (old.Nginx != config.Nginx)
        {
            done.AddRange(_nginx!.Reconfigure(config.Nginx));
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

        if (old.System.StateDir != config.System.StateDir)
        {
            done.Add("system state_dir: takes effect at the next start");
        }

        if (old.System.Watchdog != config.System.Watchdog || old.System.WatchdogTimeout != config.System.WatchdogTimeout)
        {
            done.Add("system watchdog: takes effect at the next start");
        }

        done.AddRange(ApplySystem(old, config));
        return done;
    }

    private void Write(string text, Action<string?> completed) 
    {
        _writing = true;
        var store = _store!;
        Task.Run(() =>
        {
            try
            {
                store.WriteAtomic(text);
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

    private PendingCommit? PendingStatus() => _session?.Pending is { } pending
        ? new PendingCommit(Math.Max(0, (pending.Deadline - EventLoop.Now).TotalSeconds), pending.Changes)
        : null;
}
