using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Host;
using Appliance.Linux.Processes;
using Appliance.Supervisor.Hooks;
using Appliance.Supervisor.Processes;

namespace Appliance.Supervisor.Anycast;

/// <summary>BIRD itself: its configuration file, the process, the control connection and the status poll.</summary>
internal sealed partial class AnycastService
{
    /// <summary>Beside its final name, flushed, renamed over it, directory synced: BIRD never reads half a file.</summary>
    private void WriteConfig(string text)
    {
        var next = _configPath + ".new";
        using (var file = new FileStream(next, FileMode.Create, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(text));
            file.Flush(flushToDisk: true);
        }

        File.Move(next, _configPath, overwrite: true);
        FileSync.Directory(Path.GetDirectoryName(_configPath)!);
    }

    private void StartBird(string why)
    {
        if (_policy.ShuttingDown)
        {
            return;
        }

        try
        {
            // -f: foreground, so its exit is ours to see; -s: the control socket under state_dir.
            _bird = _processes.Start(
                new SpawnOptions { File = BirdBinary, Arguments = ["-f", "-c", _configPath, "-s", _socketPath], NewProcessGroup = true },
                "bird",
                OnExit);
        }
        catch (SystemCallException e)
        {
            LastExit = $"could not start: {e.Message}";
            _log.Error("BIRD could not start: {Error}", e.Message);
            ScheduleRestart();
            return;
        }

        _log.Information("BIRD started (pid {Pid}): {Why}", _bird.Pid, why);
        _connectTimer.Set(EventLoop.Now + ConnectRetry);
    }

    private void OnExit(HostedChild child, ChildExit exit)
    {
        if (child != _bird)
        {
            return;
        }

        _bird = null;
        child.Process.SignalGroup(Signals.SIGKILL);
        _connectTimer.Set(null);
        _pollTimer.Set(null);
        _control?.Dispose();
        _control = null;
        LastExit = $"{exit} at {DateTime.Now:HH:mm:ss}";
        if (_policy.ShuttingDown)
        {
            _log.Information("BIRD stopped: {Exit}", exit.ToString());
            Finish();
            return;
        }

        _log.Warning("BIRD exited unexpectedly: {Exit}; nothing is announced until it is back", exit.ToString());
        if (EventLoop.Now - child.Started > StableAfter)
        {
            _backoff = BackoffInitial;
        }

        Handle(new AnycastEvent.BirdChanged(false, $"bird exited ({exit})"));
        ScheduleRestart();
    }

    private void ScheduleRestart()
    {
        var delay = _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, BackoffMax.Ticks));
        Restarts++;
        _log.Information("BIRD: next start in {Delay} ms", (int)delay.TotalMilliseconds);
        _restartTimer.Set(EventLoop.Now + delay);
    }

    /// <summary>BIRD makes its socket after reading its configuration; until then connect finds nothing and we retry.</summary>
    private void TryConnect()
    {
        if (_bird is null || _control is not null)
        {
            return;
        }

        _control = BirdControl.Connect(_loop, _socketPath, Greeted, ControlClosed, out var error);
        if (_control is null)
        {
            if (error is not (Errno.ENOENT or Errno.ECONNREFUSED or Errno.EAGAIN))
            {
                _log.Warning("BIRD: cannot connect to {Socket}: {Error}", _socketPath, error.ToString());
            }

            _connectTimer.Set(EventLoop.Now + ConnectRetry);
        }
    }

    private void Greeted(BirdReply greeting)
    {
        if (greeting.Code != 1)
        {
            ControlClosed($"unexpected greeting {greeting.Code} {greeting.Text}");
            return;
        }

        _log.Information("BIRD answers on {Socket}: {Greeting}", _socketPath, greeting.Text);
        Handle(new AnycastEvent.BirdChanged(true, "control socket answers"));
        Poll();
    }

    private void ControlClosed(string why)
    {
        _control?.Dispose();
        _control = null;
        _pollTimer.Set(null);
        if (_bird is null || _policy.ShuttingDown)
        {
            return;
        }

        // BIRD runs but its socket failed us: we cannot tell it to withdraw, so it must not announce on its own.
        _log.Error("BIRD's control connection failed ({Why}); restarting BIRD", why);
        _bird.Process.SignalGroup(Signals.SIGKILL);
    }

    /// <summary>
    /// <c>show protocols</c> once a second: the BGP session states for status, and a check that each group's static
    /// protocols are as the policy wants (someone's <c>birdc disable</c> is undone, and logged).
    /// </summary>
    private void Poll()
    {
        _pollTimer.Set(EventLoop.Now + PollInterval);
        if (_control is not { Waiting: 0 } control)
        {
            return; // the last poll is still unanswered: one at a time
        }

        control.Send("show protocols", reply =>
        {
            var rows = BirdProtocols.Parse(reply, out var skipped);
            if (skipped > 0)
            {
                _log.Debug("BIRD: {Skipped} rows of show protocols not understood", skipped);
            }

            foreach (var row in rows)
            {
                _sessionStates[row.Name] = row.SessionState;
            }

            Reconcile(rows);
        });
    }

    private void Reconcile(List<BirdProtocolRow> rows)
    {
        foreach (var group in _policy.Groups)
        {
            foreach (var protocol in Protocols(group.Name))
            {
                var row = rows.FirstOrDefault(r => r.Name == protocol);
                var up = row?.State == "up";
                if (row is not null && up != group.Announced)
                {
                    _log.Warning("BIRD: {Protocol} is {State} but the group is {Wanted}; telling BIRD again", protocol, row.State, group.Announced ? "announced" : "withdrawn");
                    Tell(group.Name, group.Announced);
                }
            }
        }
    }

    private void StopBird()
    {
        _restartTimer.Set(null);
        if (_bird is null)
        {
            Finish();
            return;
        }

        _log.Information("BIRD: stopping (SIGTERM)");
        _bird.Process.Signal(Signals.SIGTERM);
    }

    private void Finish()
    {
        var stopped = _onStopped;
        _onStopped = null;
        stopped?.Invoke();
    }
}
