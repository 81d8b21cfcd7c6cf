using Appliance.Linux.Events;
using Appliance.Linux.Host;
using Serilog;

namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// A trial boot of a newly installed slot (image/BOOT.md): once the box has been healthy for a while, the running
/// slot becomes the confirmed one (slot.cfg, written atomically on the boot partition); a box that does not get
/// healthy in time reboots, and the boot loader falls back to the confirmed slot. The verdict is the pure
/// <see cref="TrialPolicy"/>'s; this is its edge (the timer, the health, slot.cfg on the boot partition).
/// </summary>
internal sealed class TrialMonitor
{
    private readonly ILogger _log;
    private readonly Func<(bool Healthy, string Why)> _health;
    private readonly Func<(TimeSpan ConfirmAfter, TimeSpan Timeout)> _settings;
    private readonly Action<string> _giveUp;
    private readonly LoopTimer _timer;
    private readonly TrialPolicy _policy = new(EventLoop.Now);
    private readonly string _environmentPath;
    private readonly string _bootMount;

    public TrialMonitor(EventLoop loop, ILogger log, BootEnvironment boot, Func<(bool, string)> health,
        Func<(TimeSpan, TimeSpan)> settings, Action<string> giveUp, string environmentPath = BootEnvironment.DefaultPath, string bootMount = "/boot")
    {
        _log = log;
        Boot = boot;
        _health = health;
        _settings = settings;
        _giveUp = giveUp;
        _environmentPath = environmentPath;
        _bootMount = bootMount;
        _timer = loop.CreateTimer(Check);
        if (boot.Trial)
        {
            _log.Warning("trial boot of slot {Slot} (confirmed slot {Confirmed}): it is confirmed once healthy", boot.Slot, boot.ConfirmedSlot);
            _timer.Set(_policy.NextCheck);
        }
    }

    public BootEnvironment Boot { get; private set; }

    /// <summary>
    /// When this trial boot must be confirmed or given up by; null when there is no trial or it is decided. The
    /// watchdog stops being fed when a trial is still undecided past it (a trial boot that cannot make progress).
    /// </summary>
    public TimeSpan? Deadline => Boot.Trial ? _policy.Deadline(_settings().Timeout) : null;

    private void Check()
    {
        var (confirmAfter, timeout) = _settings();
        var (healthy, why) = _health();
        switch (_policy.Check(EventLoop.Now, healthy, confirmAfter, timeout))
        {
            case TrialDecision.Confirm:
                Confirm();
                break;
            case TrialDecision.GiveUp:
                _log.Error("trial boot of slot {Slot} not healthy after {Seconds} s ({Why}); rebooting into slot {Confirmed}", Boot.Slot, (int)timeout.TotalSeconds, why, Boot.ConfirmedSlot);
                _giveUp($"trial boot of slot {Boot.Slot} not healthy: {why}");
                break;
            default:
                _timer.Set(_policy.NextCheck);
                break;
        }
    }

    private void Confirm()
    {
        var slot = Boot.Slot;
        try
        {
            Mounts.Remount(_bootMount, readOnly: false);
            try
            {
                var directory = Path.Combine(_bootMount, "extlinux");
                var next = Path.Combine(directory, "slot.cfg.new");
                using (var file = new FileStream(next, FileMode.Create, FileAccess.Write))
                {
                    file.Write(System.Text.Encoding.ASCII.GetBytes($"DEFAULT {slot}\n"));
                    file.Flush(flushToDisk: true);
                }

                File.Move(next, Path.Combine(directory, "slot.cfg"), overwrite: true);
                FileSync.Directory(directory);
            }
            finally
            {
                Mounts.Remount(_bootMount, readOnly: true);
            }

            Boot = Boot.With(_environmentPath, ("confirmed_slot", slot), ("trial", "no"));
            _log.Information("slot {Slot} confirmed: it boots from now on", slot);
        }
        catch (Exception e) when (e is IOException or Linux.SystemCallException or UnauthorizedAccessException)
        {
            _log.Error("confirming slot {Slot} failed: {Error}; trying again", slot, e.Message);
            _policy.ConfirmFailed(EventLoop.Now);
            _timer.Set(_policy.NextCheck);
        }
    }
}
