using System.Globalization;
using Appliance.Lab;
using Appliance.Lab.Bench;
using Appliance.Lab.Probe;
using Appliance.Lab.Vm;

// appliance-lab VERB: the namespace lab as a program, for the README demo and the benchmarks.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
return args switch
{
    ["demo", .. var rest] => Demo(rest),
    ["bench", .. var rest] => FailoverBenchmark.Run(rest),
    ["vm-pair", .. var rest] => VmPairDemo.Run(rest),
    ["bench-image", .. var rest] => ImageBenchmark.Run(rest),
    ["clean"] => Clean(),
    _ => Usage(),
};

static int Demo(string[] args)
{
    var interval = args is ["--advert", var text] ? TimeSpan.FromMilliseconds(int.Parse(text.TrimEnd('m', 's'), CultureInfo.InvariantCulture)) : TimeSpan.FromMilliseconds(100);
    var settings = new PairSettings { AdvertInterval = interval };
    using var lab = Lan.Create(boxes: 2);
    Console.WriteLine($"lab {lab.Id}: switch, client {Lan.Client4}, boxes {string.Join(", ", lab.Boxes.Select(b => $"{b.Name} {b.Address4}"))}, VIP {Lan.Vip4}");
    var (master, backup) = (lab[0], lab[1]);
    foreach (var (box, priority) in new[] { (master, 200), (backup, 100) })
    {
        box.StartNginx();
        box.StartAppliance(ApplianceIni.For(box, priority, settings, lab.Boxes.Where(b => b != box)));
    }

    if (!master.WaitFor(Lan.Vip4, present: true, TimeSpan.FromSeconds(15)))
    {
        Console.WriteLine($"{master} did not take the VIP:\n{master.Appliance!.Log()}");
        return 1;
    }

    var probe = lab.StartProbe();
    var origin = Lan.Now();
    Console.WriteLine($"{master} is master (priority 200), {backup} backup (priority 100), adverts every {interval.TotalMilliseconds} ms; client requests every 2 ms");
    Thread.Sleep(1000);

    Show(lab, probe.Timeline, origin, $"cut the link of {master}", () => lab.CutLink(master), backup);
    Show(lab, probe.Timeline, origin, $"restore the link of {master} (it preempts back)", () => lab.RestoreLink(master), master);
    Show(lab, probe.Timeline, origin, $"SIGTERM to the appliance on {master}", () => master.Appliance!.Signal(Signals.SIGTERM), backup);

    Console.WriteLine();
    Console.WriteLine("what the client saw:");
    foreach (var line in probe.Timeline.Describe(origin))
    {
        Console.WriteLine(line);
    }

    return 0;
}

static void Show(Lan lab, Timeline timeline, long origin, string what, Action act, LabBox expected)
{
    Thread.Sleep(500);
    var at = Lan.Now();
    act();
    var served = timeline.WaitForAnswer(at, a => a.Detail == expected.Name && a.End > at, TimeSpan.FromSeconds(15));
    Thread.Sleep(1500);
    Console.WriteLine($"{(at - origin) / 1e6,9:0.0} ms  {what}: {(served is { } s ? timeline.GapAround(at, s.End).ToString() : $"{expected} never answered")}");
}

static int Clean()
{
    NetworkNamespace.RemoveStale();
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: appliance-lab demo [--advert 100ms] | bench [--rounds 3] [--cases a,b] | vm-pair [--disk artifacts/image/disk.img] | bench-image [--images artifacts/image] [--rounds 3] | clean");
    return 2;
}
