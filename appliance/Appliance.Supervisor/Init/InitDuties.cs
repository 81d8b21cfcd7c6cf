using Appliance.Linux;
using Appliance.Linux.Host;

namespace Appliance.Supervisor.Init;

/// <summary>
/// What appliance does as PID 1 before anything else: the kernel's file systems, Ctrl-Alt-Del as a signal, and
/// whether the machine is ours to reboot. Everything here is idempotent and tolerant: in a container most of it is
/// already done (or not allowed), and a failure is reported, not fatal.
/// </summary>
internal static class InitDuties
{
    public static bool IsPid1 => Environment.ProcessId == 1;

    /// <summary>
    /// True when we are PID 1 of a kernel booted from the appliance image (its command line names the slot): then
    /// the end of appliance is the end of the machine, and reboot(2) replaces exit. In a container or a test's PID
    /// namespace we exit with a status instead.
    /// </summary>
    public static bool OwnsMachine =>
        IsPid1 && File.Exists("/proc/cmdline") && File.ReadAllText("/proc/cmdline").Contains("appliance.slot=", StringComparison.Ordinal);

    /// <summary>
    /// The container manager that runs us, from the <c>container</c> variable it sets (docker, podman, lxc,
    /// systemd-nspawn: the convention of systemd's container interface; the image sets it for docker import, which
    /// sets nothing itself), or null on a box, a VM or a host. A container's links belong to its manager.
    /// </summary>
    public static string? ContainerManager =>
        Environment.GetEnvironmentVariable("container") is { Length: > 0 } manager ? manager : null;

    /// <summary>
    /// The last resort of a PID 1 that cannot run even in safe mode: it reaps orphans and never returns, because an
    /// exit of PID 1 is a kernel panic and a boot loop. The console has said why; a reset is the way out.
    /// </summary>
    public static void Idle()
    {
        var reaper = new Linux.Processes.ChildReaper();
        var exited = new List<Linux.Processes.ChildProcess>();
        while (true)
        {
            reaper.ReapAll(exited);
            exited.Clear();
            Thread.Sleep(1000);
        }
    }

    /// <summary>Mounts what is missing; returns one line per mount done or refused.</summary>
    public static List<string> MountFileSystems()
    {
        var done = new List<string>();
        if (!File.Exists("/proc/self/mountinfo"))
        {
            TryMount(done, "proc", "/proc", "proc", Mounts.NoSuid | Mounts.NoDev | Mounts.NoExec);
        }

        var mounted = Mounts.MountPoints();
        var readOnlyRoot = RootIsReadOnly();
        foreach (var (source, target, type, flags, data) in new (string, string, string, ulong, string?)[]
        {
            ("sysfs", "/sys", "sysfs", Mounts.NoSuid | Mounts.NoDev | Mounts.NoExec, null),
            ("devtmpfs", "/dev", "devtmpfs", Mounts.NoSuid, "mode=0755"),
            ("devpts", "/dev/pts", "devpts", Mounts.NoSuid | Mounts.NoExec, "gid=5,mode=0620,ptmxmode=0666"),
        })
        {
            if (!mounted.Contains(target))
            {
                TryMount(done, source, target, type, flags, data);
            }
        }

        // Writable places on a read-only root (the image's squashfs); a writable root keeps its own.
        if (readOnlyRoot)
        {
            foreach (var (target, mode) in new[] { ("/run", "0755"), ("/tmp", "1777") })
            {
                if (!mounted.Contains(target))
                {
                    TryMount(done, "tmpfs", target, "tmpfs", Mounts.NoSuid | Mounts.NoDev, $"mode={mode}");
                }
            }
        }

        return done;
    }

    public static void LoadModules(IEnumerable<string> names, Action<string> report)
    {
        var list = names.ToArray();
        if (list.Length == 0)
        {
            return;
        }

        var modules = KernelModules.ForRunningKernel();
        foreach (var name in list)
        {
            try
            {
                modules.Load(name);
                report($"kernel module {name} loaded");
            }
            catch (SystemCallException e)
            {
                report($"kernel module {name} not loaded: {e.Message}");
            }
        }
    }

    private static bool RootIsReadOnly()
    {
        // "22 1 0:19 / / ro,relatime - squashfs /dev/vda2 ro": mount options in field 6.
        var root = File.Exists("/proc/self/mountinfo")
            ? File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).LastOrDefault(f => f.Length > 5 && f[4] == "/")
            : null;
        return root is not null && root[5].Split(',').Contains("ro");
    }

    private static void TryMount(List<string> done, string source, string target, string type, ulong flags, string? data = null)
    {
        try
        {
            Mounts.Mount(source, target, type, flags, data);
            done.Add($"mounted {type} on {target}");
        }
        catch (SystemCallException e)
        {
            done.Add($"could not mount {type} on {target}: {e.Message}");
        }
    }
}
