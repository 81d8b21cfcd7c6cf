using System.Globalization;
using Appliance.Lab.Probe;

namespace Appliance.Lab.Bench;

/// <summary>
/// Client-side outage of failover events, for our pair and for a keepalived pair on the same topology and timers,
/// side by side in one run. Every round is a fresh lab; each case is repeated and the median reported, and the
/// outage is the gap around the event (a busy or shared machine stalls probes at random, so the longest gap of a
/// run says little). Each round also reads CPU time and peak resident memory of each box's VRRP daemon.
/// The steady cases (<c>--steady</c>) trigger nothing: they measure what each box's daemon costs over 10 s of a
/// settled pair, CPU time and wake-ups per second (<see cref="SteadyUsage"/>).
/// </summary>
public static class FailoverBenchmark
{
    public static int Run(string[] args)
    {
        var rounds = 3;
        var only = (string[]?)null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rounds":
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--cases":
                    only = args[++i].Split(',');
                    break;
                case "--steady":
                    only = Cases.Where(c => c.Event == Event.Steady).Select(c => c.Name).ToArray();
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; cases: {string.Join(", ", Cases.Select(c => c.Name))}");
                    return 2;
            }
        }

        // Without a choice: the outage cases, as before the steady ones existed.
        var cases = Cases.Where(c => only is null ? c.Event != Event.Steady : only.Contains(c.Name)).ToArray();
        Console.WriteLine($"failover benchmark: {rounds} rounds per case and implementation, medians; outage = gap around the event seen by a client");
        Console.WriteLine($"client: a new TCP connection and GET every 2 ms, 20 ms timeout (nginx-crash: 1 s, so that a connection waiting in a held accept queue counts as answered late, not failed; a refusal fails at once whatever the timeout); boxes: priorities 150 and 100; nginx on each box");
        Console.WriteLine("failed requests: every request that failed from the event until 1.5 s after the expected box answered again");
        Console.WriteLine("ours: appliance run with nginx supervised (tracked as fault, restart-first, listen = 80, [::]:80 held by the supervisor); keepalived 2.2.7: nginx beside it, the usual pid check script (interval 1, weight -60)");
        Console.WriteLine();
        var results = new List<CaseResult>();
        foreach (var benchCase in cases)
        {
            foreach (var implementation in new[] { Implementation.Appliance, Implementation.Keepalived })
            {
                var samples = new List<Sample>();
                for (var round = 1; round <= rounds; round++)
                {
                    var sample = RunRound(benchCase, implementation);
                    samples.Add(sample);
                    Console.Error.WriteLine($"  {benchCase.Name,-22} {implementation,-10} round {round}: {sample}");
                }

                results.Add(new CaseResult(benchCase, implementation, samples));
            }
        }

        Print(results, cases);
        return 0;
    }

    private static readonly BenchCase[] Cases =
    [
        new("link-cut-1s", "link of the master cut", TimeSpan.FromSeconds(1), Event.LinkCut, ExpectNewMaster: true),
        new("link-cut-100ms", "link of the master cut", TimeSpan.FromMilliseconds(100), Event.LinkCut, ExpectNewMaster: true),
        new("sigterm-1s", "SIGTERM of the master's daemon", TimeSpan.FromSeconds(1), Event.Terminate, ExpectNewMaster: true),
        new("sigterm-100ms", "SIGTERM of the master's daemon", TimeSpan.FromMilliseconds(100), Event.Terminate, ExpectNewMaster: true),
        new("nginx-crash-1s", "nginx master and workers SIGKILLed", TimeSpan.FromSeconds(1), Event.NginxCrash, ExpectNewMaster: true) { ClientTimeout = TimeSpan.FromSeconds(1) },
        new("switchover-1s", "planned switchover (failover / keepalived stop)", TimeSpan.FromSeconds(1), Event.Switchover, ExpectNewMaster: true),
        new("steady-10ms", "steady state, 10 ms adverts", TimeSpan.FromMilliseconds(10), Event.Steady, ExpectNewMaster: false),
        new("steady-100ms", "steady state, 100 ms adverts", TimeSpan.FromMilliseconds(100), Event.Steady, ExpectNewMaster: false),
        new("steady-1s", "steady state, 1 s adverts", TimeSpan.FromSeconds(1), Event.Steady, ExpectNewMaster: false),
    ];

    /// <summary>How long a steady case watches the settled pair.</summary>
    private static readonly TimeSpan SteadyWindow = TimeSpan.FromSeconds(10);

    private static Sample RunRound(BenchCase benchCase, Implementation implementation)
    {
        using var lab = Lan.Create(2);
        var settings = new PairSettings { AdvertInterval = benchCase.Interval, TrackNginx = true };
        var (master, backup) = (lab[0], lab[1]);
        // 150 and 100: keepalived's usual check script (weight -60) then really hands the VIP over when nginx dies.
        foreach (var (box, priority) in new[] { (master, 150), (backup, 100) })
        {
            if (implementation == Implementation.Appliance)
            {
                // Our supervisor runs nginx itself and knows at once when it dies (restart-first recovery).
                box.StartAppliance(ApplianceIni.For(box, priority, settings, lab.Boxes.Where(b => b != box), supervisedNginx: true));
            }
            else
            {
                // The classic setup: nginx beside keepalived, tied by the usual pid check script (interval 1, weight -60).
                box.StartNginx();
                box.StartKeepalived(KeepalivedConfig.For(box, priority, settings, lab.Boxes.Where(b => b != box)));
            }
        }

        if (!master.WaitFor(Lan.Vip4, present: true, TimeSpan.FromSeconds(20)))
        {
            return Sample.Failed("no master elected");
        }

        if (benchCase.Event == Event.Steady)
        {
            return MeasureSteady(lab, implementation);
        }

        var probe = lab.StartProbe(timeout: benchCase.ClientTimeout);
        Thread.Sleep(1500);
        var at = Lan.Now();
        Trigger(benchCase.Event, implementation, lab, master);
        // Our restart-first recovery heals an nginx crash in place; everything else moves the VIP to the backup.
        var inPlace = benchCase.Event == Event.NginxCrash && implementation == Implementation.Appliance;
        var expected = benchCase.ExpectNewMaster && !inPlace ? backup : master;
        var served = probe.Timeline.WaitForAnswer(at, a => a.Detail == expected.Name && a.End > at + (inPlace ? 300_000_000 : 0), TimeSpan.FromSeconds(15));
        if (served is null)
        {
            return Sample.Failed($"{expected} never answered");
        }

        // Settle, so a second disturbance (a flap back) would show in the window.
        Thread.Sleep(1500);
        // In place without a failure there is no failure to settle after: the window runs to the answer 300 ms on.
        var outage = probe.Timeline.GapAround(at, inPlace ? served.Value.End : probe.Timeline.Settled(at, served.Value.End));
        var failed = probe.Timeline.Failures(at, Lan.Now());
        var usage = lab.Boxes.Select(b => DaemonUsage.Of(b, implementation)).ToArray();

        // How the few failures of a planned move failed says why (a reset from the new master, a SYN lost).
        var failures = probe.Timeline.Snapshot().Where(a => !a.Ok && a.End > at && a.End <= served.Value.End + 1_000_000_000).ToArray();
        var detail = failures.Length is > 0 and <= 5
            ? string.Join("; ", failures.Select(f => $"+{(f.End - at) / 1e6:0} ms: {f.Detail}"))
            : null;
        return new Sample(outage.Gap, failed, usage, null) { Detail = detail };
    }

    /// <summary>
    /// A settled pair left alone: announcements over and nginx answering (2 s), then each box's daemon read before
    /// and after the window. No client: nginx is not what is measured. The VIP must not have moved.
    /// </summary>
    private static Sample MeasureSteady(Lan lab, Implementation implementation)
    {
        Thread.Sleep(2000);
        var pids = lab.Boxes.Select(b => DaemonUsage.Pids(b, implementation)).ToArray();
        var before = pids.Select(SteadyUsage.Read).ToArray();
        Thread.Sleep(SteadyWindow);
        var after = pids.Select(SteadyUsage.Read).ToArray();
        if (!lab[0].Has(Lan.Vip4) || lab[1].Has(Lan.Vip4))
        {
            return Sample.Failed("the VIP moved during the steady window");
        }

        var steady = before.Zip(after, SteadyUsage.Between).ToArray();
        return new Sample(null, 0, null, null) { Steady = steady };
    }

    private static void Trigger(Event what, Implementation implementation, Lan lab, LabBox master)
    {
        var daemon = implementation == Implementation.Appliance ? master.Appliance! : master.Keepalived!;
        switch (what)
        {
            case Event.LinkCut:
                lab.CutLink(master);
                break;
            case Event.Terminate:
                daemon.Signal(Signals.SIGTERM);
                break;
            case Event.NginxCrash:
                var pid = implementation == Implementation.Appliance
                    ? master.Status().Services.Single(s => s.Name == "nginx").Pid!.Value
                    : int.Parse(File.ReadAllText(Path.Combine(master.Directory, "nginx.pid")).Trim(), CultureInfo.InvariantCulture);
                if (implementation == Implementation.Appliance)
                {
                    // Our supervisor runs nginx in a process group of its own: master and workers together.
                    Cmd.Run("kill", "-KILL", "--", $"-{pid}");
                }
                else
                {
                    // nginx started beside keepalived is no group leader: its workers, then the master, as a crash takes them.
                    var workers = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    Cmd.Run("kill", ["-KILL", .. workers, pid.ToString(CultureInfo.InvariantCulture)]);
                }

                break;
            case Event.Switchover:
                if (implementation == Implementation.Appliance)
                {
                    Cmd.Run(lab.ApplianceBinary, "failover", "web", "--socket", master.ControlSocket);
                }
                else
                {
                    daemon.Signal(Signals.SIGTERM);
                }

                break;
        }
    }

    private static void Print(List<CaseResult> results, BenchCase[] cases)
    {
        var outageCases = cases.Where(c => c.Event != Event.Steady).ToArray();
        if (outageCases.Length > 0)
        {
            PrintOutages(results, outageCases);
        }

        var steadyCases = cases.Where(c => c.Event == Event.Steady).ToArray();
        if (steadyCases.Length > 0)
        {
            Console.WriteLine();
            PrintSteady(results, steadyCases);
        }
    }

    private static void PrintSteady(List<CaseResult> results, BenchCase[] cases)
    {
        Console.WriteLine($"steady state: CPU time of the VRRP daemon per box over {SteadyWindow.TotalSeconds:0} s (all threads; keepalived: all its processes), wake-ups per second (voluntary + involuntary context switches), medians of rounds; ratio = ours / keepalived (at most 1.0 is the goal)");
        Console.WriteLine($"{"case",-14} {"box",-9} {"CPU ours",10} {"keepalived",11} {"ratio",6}  {"wake-ups/s ours",15} {"keepalived",11} {"ratio",6}  keepalived's check script (reaped children)");
        foreach (var benchCase in cases)
        {
            var ours = results.Single(r => r.Case == benchCase && r.Implementation == Implementation.Appliance).SteadyMedians();
            var theirs = results.Single(r => r.Case == benchCase && r.Implementation == Implementation.Keepalived).SteadyMedians();
            for (var box = 0; box < 2; box++)
            {
                var (a, k) = (ours[box], theirs[box]);
                Console.WriteLine($"{benchCase.Name,-14} {(box == 0 ? "master" : "backup"),-9} {a.CpuMilliseconds,7:0.0} ms {k.CpuMilliseconds,8:0.0} ms {Ratio(a.CpuMilliseconds, k.CpuMilliseconds),6}  {a.WakeupsPerSecond,15:0.0} {k.WakeupsPerSecond,11:0.0} {Ratio(a.WakeupsPerSecond, k.WakeupsPerSecond),6}  {k.ReapedChildrenMilliseconds:0} ms");
            }
        }
    }

    private static string Ratio(double ours, double theirs) =>
        double.IsFinite(ours) && double.IsFinite(theirs) && theirs > 0 ? $"{ours / theirs:0.00}" : "-";

    private static void PrintOutages(List<CaseResult> results, BenchCase[] cases)
    {
        Console.WriteLine($"{"case",-16} {"event",-46} {"appliance",12} {"keepalived",12} {"ratio",7}  failed requests (ours / keepalived)");
        foreach (var benchCase in cases)
        {
            var ours = results.Single(r => r.Case == benchCase && r.Implementation == Implementation.Appliance);
            var theirs = results.Single(r => r.Case == benchCase && r.Implementation == Implementation.Keepalived);
            var (a, k) = (ours.MedianGap, theirs.MedianGap);
            var ratio = a is { } x && k is { } y && x.TotalMilliseconds > 0 ? $"{y / x:0.0}x" : "-";
            Console.WriteLine($"{benchCase.Name,-16} {benchCase.Description,-46} {Ms(a),12} {Ms(k),12} {ratio,7}  {ours.MedianFailed} / {theirs.MedianFailed}");
        }

        Console.WriteLine();
        Console.WriteLine("resource use per box, median over all rounds: CPU time of the VRRP daemon during the round, peak resident memory");
        foreach (var implementation in new[] { Implementation.Appliance, Implementation.Keepalived })
        {
            var usages = results.Where(r => r.Implementation == implementation).SelectMany(r => r.Samples).Where(s => s.Usage is not null).Select(s => s.Usage!).ToArray();
            for (var box = 0; box < 2; box++)
            {
                // A daemon that the round stopped (SIGTERM, switchover) has nothing left to read.
                var cpu = Median(usages.Select(u => u[box].CpuMilliseconds).Where(double.IsFinite).ToArray());
                var rss = Median(usages.Select(u => u[box].PeakRssKilobytes).Where(double.IsFinite).ToArray());
                Console.WriteLine($"  {implementation,-10} b{box + 1} ({(box == 0 ? "master" : "backup")}): CPU {cpu:0.0} ms, peak RSS {rss / 1024.0:0.0} MiB ({usages.FirstOrDefault(u => double.IsFinite(u[box].CpuMilliseconds))?[box].What})");
            }
        }
    }

    private static string Ms(TimeSpan? value) => value is { } v ? $"{v.TotalMilliseconds:0.0} ms" : "n/a";

    internal static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private enum Implementation
    {
        Appliance,
        Keepalived,
    }

    private enum Event
    {
        LinkCut,
        Terminate,
        NginxCrash,
        Switchover,
        Steady,
    }

    private sealed record BenchCase(string Name, string Description, TimeSpan Interval, Event Event, bool ExpectNewMaster)
    {
        /// <summary>How long the client waits for one request before it counts as failed.</summary>
        public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromMilliseconds(20);
    }

    private sealed record Sample(TimeSpan? Gap, int FailedRequests, DaemonUsage[]? Usage, string? Error)
    {
        public string? Detail { get; init; }

        /// <summary>Per box, for the steady cases.</summary>
        public SteadyUsage[]? Steady { get; init; }

        public static Sample Failed(string error) => new(null, 0, null, error);

        public override string ToString() =>
            Error ?? (Steady is { } s
                ? string.Join("; ", s.Select((u, i) => $"b{i + 1}: CPU {u.CpuMilliseconds:0.0} ms, {u.WakeupsPerSecond:0.0} wake-ups/s, reaped children {u.ReapedChildrenMilliseconds:0} ms"))
                : null) ?? $"gap {Gap?.TotalMilliseconds:0.0} ms, {FailedRequests} failed requests{(Detail is null ? string.Empty : $" ({Detail})")}";
    }

    private sealed record CaseResult(BenchCase Case, Implementation Implementation, List<Sample> Samples)
    {
        public TimeSpan? MedianGap
        {
            get
            {
                var gaps = Samples.Where(s => s.Gap is not null).Select(s => s.Gap!.Value.TotalMilliseconds).ToArray();
                return gaps.Length == 0 ? null : TimeSpan.FromMilliseconds(Median(gaps));
            }
        }

        /// <summary>Per box, the median of each figure over the rounds that measured.</summary>
        public SteadyUsage[] SteadyMedians()
        {
            var rounds = Samples.Where(s => s.Steady is not null).Select(s => s.Steady!).ToArray();
            return Enumerable.Range(0, 2).Select(box => new SteadyUsage(
                Median(rounds.Select(r => r[box].CpuMilliseconds).ToArray()),
                Median(rounds.Select(r => r[box].WakeupsPerSecond).ToArray()),
                Median(rounds.Select(r => r[box].ReapedChildrenMilliseconds).ToArray()))).ToArray();
        }

        public double MedianFailed => Median(Samples.Where(s => s.Gap is not null).Select(s => (double)s.FailedRequests).ToArray());
    }

    /// <summary>CPU time and peak RSS of a box's VRRP daemon: our supervisor, or keepalived's processes.</summary>
    private sealed record DaemonUsage(double CpuMilliseconds, double PeakRssKilobytes, string What)
    {
        public static DaemonUsage Of(LabBox box, Implementation implementation)
        {
            var daemon = implementation == Implementation.Appliance ? box.Appliance : box.Keepalived;
            if (daemon is null || daemon.HasExited)
            {
                return new DaemonUsage(double.NaN, double.NaN, "exited");
            }

            var pids = Pids(box, implementation);
            double cpu = 0, rss = 0;
            foreach (var pid in pids)
            {
                // schedstat's first field: nanoseconds on a CPU, per thread (stat's ticks are 10 ms coarse).
                cpu += Directory.GetDirectories($"/proc/{pid}/task")
                    .Sum(task => double.Parse(File.ReadAllText($"{task}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture)) / 1e6;
                var hwm = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                rss += hwm is null ? 0 : double.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }

            return new DaemonUsage(cpu, rss, implementation == Implementation.Appliance ? "appliance supervisor, nginx not counted" : $"keepalived, {pids.Count} processes");
        }

        /// <summary>Our supervisor; keepalived's parent and its VRRP child (not a check script that runs just now).</summary>
        public static List<int> Pids(LabBox box, Implementation implementation)
        {
            var daemon = (implementation == Implementation.Appliance ? box.Appliance : box.Keepalived)
                ?? throw new InvalidOperationException($"{box}: no daemon");
            var pids = new List<int> { daemon.Pid };
            var children = $"/proc/{daemon.Pid}/task/{daemon.Pid}/children";
            if (implementation == Implementation.Keepalived && File.Exists(children))
            {
                pids.AddRange(File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
                    .Where(p => File.ReadAllText($"/proc/{p}/comm").Trim() == "keepalived"));
            }

            return pids;
        }
    }
}
