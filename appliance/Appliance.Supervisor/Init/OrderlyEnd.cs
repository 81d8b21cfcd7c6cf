using Appliance.Linux;
using Appliance.Supervisor.Hooks;

namespace Appliance.Supervisor.Init;

/// <summary>What <see cref="OrderlyEnd"/> does to the machine; <see cref="LinuxMachine"/> on a box, a fake in tests.</summary>
internal interface IEndingMachine
{
    TimeSpan Now { get; }

    void Sleep(TimeSpan duration);

    /// <summary>Every process but us and the kernel's threads (kill(-1, signal) from PID 1).</summary>
    void SignalAll(int signal);

    /// <summary>The pids of the processes still alive, ours and the kernel's threads excluded, zombies too.</summary>
    IReadOnlyList<int> Remaining();

    bool IsMounted(string path);

    void RemountReadOnly(string path);

    void Sync();

    void Reboot(bool powerOff);
}

/// <summary>
/// The end of the machine, by the init that owns it, after the services have stopped in order: SIGTERM to every
/// process that is left (consoles, shells, anything an operator started), a deadline, SIGKILL for the rest, the
/// data partition remounted read-only (its ext4 journal is then clean: the next mount needs no recovery), sync,
/// and reboot(2). Every step is reported; a failing step is reported and the next one runs, because the one thing
/// that must happen is the reboot.
/// </summary>
internal static class OrderlyEnd
{
    public static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>The data partition's mount point (image/BOOT.md); its binds (/etc/appliance, /var/log) share its file system.</summary>
    public const string DataMount = "/data";

    public static void Run(IEndingMachine machine, bool powerOff, Action<string> report)
    {
        Sweep(machine, Signals.SIGTERM, "SIGTERM", TermGrace, report);
        if (machine.Remaining().Count > 0)
        {
            Sweep(machine, Signals.SIGKILL, "SIGKILL", KillGrace, report);
        }

        var left = machine.Remaining();
        if (left.Count > 0)
        {
            report($"{left.Count} process(es) survived SIGKILL: {Pids(left)}");
        }

        Step(report, () =>
        {
            if (!machine.IsMounted(DataMount))
            {
                return $"{DataMount} is not mounted; nothing to remount";
            }

            machine.RemountReadOnly(DataMount);
            return $"{DataMount} remounted read-only";
        });
        Step(report, () =>
        {
            machine.Sync();
            return "file systems synced";
        });
        report(powerOff ? "powering off" : "rebooting");
        Step(report, () =>
        {
            machine.Reboot(powerOff);
            return null; // on a machine it does not return
        });
    }

    private static void Sweep(IEndingMachine machine, int signal, string name, TimeSpan grace, Action<string> report)
    {
        var before = machine.Remaining();
        if (before.Count == 0)
        {
            report("no processes left to stop");
            return;
        }

        report($"sending {name} to {before.Count} process(es): {Pids(before)}");
        Step(report, () =>
        {
            machine.SignalAll(signal);
            return null;
        });
        var deadline = machine.Now + grace;
        var left = machine.Remaining();
        while (left.Count > 0 && machine.Now < deadline)
        {
            machine.Sleep(Poll);
            left = machine.Remaining();
        }

        report(left.Count == 0
            ? $"all processes ended after {name}"
            : $"{left.Count} process(es) still running {grace.TotalSeconds:0.#} s after {name}: {Pids(left)}");
    }

    private static void Step(Action<string> report, Func<string?> step)
    {
        try
        {
            if (step() is { } done)
            {
                report(done);
            }
        }
        catch (Exception e) when (e is SystemCallException or IOException or UnauthorizedAccessException)
        {
            report($"failed: {e.Message}");
        }
    }

    // Bounded: a box has a few dozen processes, but the log line must not grow with a fork bomb.
    private static string Pids(IReadOnlyList<int> pids) =>
        string.Join(' ', pids.Take(20)) + (pids.Count > 20 ? $" and {pids.Count - 20} more" : "");
}
