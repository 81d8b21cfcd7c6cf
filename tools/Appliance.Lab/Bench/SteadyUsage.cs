using System.Globalization;

namespace Appliance.Lab.Bench;

/// <summary>
/// What a box's VRRP daemon costs while nothing happens: CPU time over a window (every thread of every process of
/// the daemon, from schedstat's nanoseconds) and wake-ups (voluntary plus involuntary context switches of the same
/// threads), read from /proc before and after. Our supervisor is one process; keepalived is a parent and its VRRP
/// child. Children that ended inside the window (keepalived's check script) are reported apart from the daemon, from
/// the daemon's waited-for children's time (stat's cutime and cstime, 10 ms ticks).
/// </summary>
internal readonly record struct SteadyUsage(double CpuMilliseconds, double WakeupsPerSecond, double ReapedChildrenMilliseconds)
{
    /// <summary>A reading of the counters at one moment; subtract two to get a window.</summary>
    internal readonly record struct Reading(long CpuNanoseconds, long ContextSwitches, long ChildTicks, long At);

    public static Reading Read(IEnumerable<int> pids)
    {
        long cpu = 0, switches = 0, children = 0;
        foreach (var pid in pids)
        {
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    cpu += long.Parse(File.ReadAllText($"{task}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture);
                    foreach (var line in File.ReadLines($"{task}/status"))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                            || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            switches += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (IOException)
                {
                    // A thread that ended between the listing and the read: its time is gone with it.
                }
            }

            // stat: "pid (comm) state ..." with cutime and cstime the 16th and 17th fields; comm may hold spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            children += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }

        return new Reading(cpu, switches, children, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    public static SteadyUsage Between(Reading before, Reading after)
    {
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(before.At, after.At).TotalSeconds;
        // USER_HZ is 100 on every Linux this runs on.
        return new SteadyUsage(
            (after.CpuNanoseconds - before.CpuNanoseconds) / 1e6,
            (after.ContextSwitches - before.ContextSwitches) / seconds,
            (after.ChildTicks - before.ChildTicks) * 10.0);
    }
}
