using System.Diagnostics;
using Appliance.Linux.Host;

namespace Appliance.Supervisor.Init;

/// <summary>The machine as PID 1 sees it at its end: /proc for the processes, kill(2), mount(2), sync(2), reboot(2).</summary>
internal sealed class LinuxMachine : IEndingMachine
{
    // include/linux/sched.h: set in the flags of every kernel thread (/proc/PID/stat field 9).
    private const uint PF_KTHREAD = 0x00200000;

    public TimeSpan Now => Stopwatch.GetElapsedTime(0);

    public void Sleep(TimeSpan duration) => Thread.Sleep(duration);

    public void SignalAll(int signal) => SystemControl.SignalAll(signal);

    public IReadOnlyList<int> Remaining()
    {
        var self = Environment.ProcessId;
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != self && IsUserProcess(pid))
            {
                pids.Add(pid);
            }
        }

        pids.Sort();
        return pids;
    }

    public bool IsMounted(string path) => Mounts.MountPoints().Contains(path);

    public void RemountReadOnly(string path) => Mounts.Remount(path, readOnly: true);

    public void Sync() => SystemControl.Sync();

    public void Reboot(bool powerOff) => SystemControl.Reboot(powerOff);

    /// <summary>A live process of user space: not a kernel thread, not a zombie waiting for its parent to reap it.</summary>
    private static bool IsUserProcess(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false; // gone meanwhile
        }

        // "PID (COMM) STATE PPID PGRP SESSION TTY_NR TPGID FLAGS ...": COMM may hold spaces and parentheses, so
        // the fields are counted from the last ')'.
        var end = stat.LastIndexOf(')');
        var fields = end < 0 ? [] : stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 7 || !uint.TryParse(fields[6], out var flags))
        {
            return false;
        }

        return fields[0] is not ("Z" or "X") && (flags & PF_KTHREAD) == 0;
    }
}
