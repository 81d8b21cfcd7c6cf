using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Host;
using Serilog;

namespace Appliance.Supervisor.Watchdog;

/// <summary>
/// The edge of <see cref="WatchdogPolicy"/>: opens <c>[system] watchdog</c>, sets its timeout, and carries out the
/// policy's actions from a timer of the event loop, so only the loop's own thread ever feeds it. A missing or
/// refusing device is logged and leaves the box without a watchdog; it never stops the supervisor.
/// </summary>
internal sealed class WatchdogService
{
    private readonly ILogger _log;
    private readonly Func<TimeSpan?> _trialDeadline;
    private readonly HardwareWatchdog? _device;
    private readonly WatchdogPolicy? _policy;
    private readonly LoopTimer? _timer;

    public WatchdogService(EventLoop loop, ILogger log, string? path, TimeSpan timeout, Func<TimeSpan?> trialDeadline)
    {
        _log = log;
        _trialDeadline = trialDeadline;
        if (path is null)
        {
            return;
        }

        try
        {
            _device = HardwareWatchdog.Open(path);
        }
        catch (SystemCallException e)
        {
            _log.Warning("watchdog: {Error}; this box runs without a hardware watchdog", e.Message);
            return;
        }

        var seconds = (int)timeout.TotalSeconds;
        try
        {
            var granted = _device.SetTimeout(seconds);
            if (granted != seconds)
            {
                _log.Warning("watchdog: {Path} asked for {Asked} s, the driver set {Granted} s", path, seconds, granted);
            }
        }
        catch (SystemCallException e)
        {
            _log.Warning("watchdog: {Error}; keeping the driver's own timeout", e.Message);
        }

        // Read back what is in force: the policy's feed interval follows the hardware, not the request.
        int actual;
        try
        {
            actual = _device.GetTimeout();
        }
        catch (SystemCallException e)
        {
            _log.Warning("watchdog: {Error}; assuming {Seconds} s", e.Message, seconds);
            actual = seconds;
        }

        TimeoutSeconds = actual;
        _policy = new WatchdogPolicy(TimeSpan.FromSeconds(actual));
        _timer = loop.CreateTimer(Turn);
        _log.Information("watchdog: {Path} ({Identity}) armed, timeout {Seconds} s, fed every {Interval} s by the event loop",
            path, _device.Identity() ?? "unnamed driver", actual, _policy.Interval.TotalSeconds);
        Turn();
    }

    public bool Armed => _policy is not null;

    public string? Path => _device?.Path;

    public int TimeoutSeconds { get; }

    /// <summary>
    /// Stops the event loop for good, on purpose: the watchdog self-test. The caller's thread is the loop's, so
    /// nothing feeds the watchdog any more, and the box resets within the timeout.
    /// </summary>
    public void HangLoop()
    {
        _log.Warning("watchdog self-test: the event loop stops now; the watchdog resets the box within {Seconds} s", TimeoutSeconds);
        Console.Out.WriteLine($"appliance: watchdog self-test: event loop stopped, reset expected within {TimeoutSeconds} s");
        Thread.Sleep(Timeout.Infinite);
    }

    /// <summary>
    /// A start-up that failed half-way hands over to safe mode: the device is closed without the magic character,
    /// so it stays armed and counting, and the next start opens it again and feeds it.
    /// </summary>
    public void Release()
    {
        _timer?.Set(null);
        _device?.Dispose();
    }

    /// <summary>After the loop has ended, on its thread: keep the watchdog armed for the reboot, or disarm it.</summary>
    public void End(bool ownsMachine)
    {
        if (_policy is null)
        {
            return;
        }

        _timer!.Set(null);
        _policy.Handle(EventLoop.Now, new WatchdogEvent.End(ownsMachine));
        CarryOut();
    }

    private void Turn()
    {
        _policy!.Handle(EventLoop.Now, new WatchdogEvent.Turn(_trialDeadline()));
        CarryOut();
        _timer!.Set(_policy.NextDeadline);
    }

    private void CarryOut()
    {
        while (_policy!.TryDequeueAction(out var action))
        {
            try
            {
                switch (action)
                {
                    case WatchdogAction.Feed:
                        _device!.Keepalive();
                        break;
                    case WatchdogAction.StopFeeding stop:
                        _log.Error("watchdog: no longer fed: {Reason}", stop.Reason);
                        break;
                    case WatchdogAction.ResumeFeeding resume:
                        _log.Warning("watchdog: fed again: {Reason}", resume.Reason);
                        break;
                    case WatchdogAction.KeepArmed:
                        _log.Information("watchdog: left armed through the reboot ({Seconds} s)", TimeoutSeconds);
                        _device!.Dispose();
                        break;
                    case WatchdogAction.MagicClose:
                        _device!.MagicClose();
                        _log.Information("watchdog: disarmed (magic close)");
                        break;
                }
            }
            catch (SystemCallException e)
            {
                _log.Error("watchdog: {Error}", e.Message);
            }
        }
    }
}
