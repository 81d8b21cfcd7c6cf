using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Linux.Host;

namespace Appliance.Supervisor;

/// <summary>
/// Under systemd (<c>Type=notify</c>, <c>WatchdogSec=</c>): READY when the box is up, STATUS with the monitoring
/// verdict, WATCHDOG from a timer of the event loop (so a hung loop stops the pings and systemd restarts the
/// service), STOPPING at the start of an orderly stop. Nothing of this exists without NOTIFY_SOCKET.
/// </summary>
public sealed partial class SupervisorHost
{
    private static readonly TimeSpan StatusRefresh = TimeSpan.FromSeconds(5);

    private ServiceManagerNotifier? _notifier;
    private LoopTimer? _serviceWatchdogTimer;
    private string? _lastNotifiedStatus;

    private void NotifyReady()
    {
        _notifier = ServiceManagerNotifier.FromEnvironment(Environment.GetEnvironmentVariable, Environment.ProcessId);

        // Children (nginx, hooks) are not the service: they must not notify systemd in our name (sd_notify(3)).
        foreach (var variable in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID" })
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        if (_notifier is null)
        {
            return;
        }

        _lastNotifiedStatus = StatusLine();
        _notifier.Send(("READY", "1"), ("STATUS", _lastNotifiedStatus));
        // Half the watchdog interval, as sd_watchdog_enabled(3) advises (one late turn of the loop is not a restart);
        // without a watchdog, only STATUS is kept current, at a pace nobody reading `systemctl status` notices.
        var watchdog = _notifier.WatchdogInterval;
        var every = watchdog is { } interval ? interval / 2 : StatusRefresh;
        if (watchdog is not null)
        {
            _log.Information("systemd watchdog: pinging every {Milliseconds} ms from the event loop", (int)every.TotalMilliseconds);
        }

        _serviceWatchdogTimer = _loop!.CreateTimer(() =>
        {
            var status = StatusLine();
            var changed = status != _lastNotifiedStatus;
            _lastNotifiedStatus = status;
            if (watchdog is not null)
            {
                _notifier.Send(changed ? [("WATCHDOG", "1"), ("STATUS", status)] : [("WATCHDOG", "1")]);
            }
            else if (changed)
            {
                _notifier.Send(("STATUS", status));
            }

            _serviceWatchdogTimer!.Set(EventLoop.Now + every);
        });
        _serviceWatchdogTimer.Set(EventLoop.Now + every);
    }

    private void NotifyStopping(string reason)
    {
        _serviceWatchdogTimer?.Set(null);
        _notifier?.Send(("STOPPING", "1"), ("STATUS", $"stopping: {reason}"));
    }

    private void ReleaseNotifier()
    {
        _serviceWatchdogTimer?.Set(null);
        _notifier?.Dispose();
        _notifier = null;
    }

    private string StatusLine() => StatusCheck.Evaluate(Status()).Line;
}
