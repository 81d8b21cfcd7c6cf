using System.Diagnostics;
using System.Net;
using Appliance.Config;
using Appliance.Control;
using Appliance.Lab;
using Xunit.Abstractions;

namespace Appliance.ConsoleUi.Tests.Support;

/// <summary>
/// A lab (boxes in namespaces, each running the real <c>appliance run</c>) and consoles on ptys against it. On
/// failure the output holds every process's log and the last screen of every console; the lab is torn down in any
/// case.
/// </summary>
public abstract class ConsoleLabTest : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly List<ConsoleDriver> _consoles = [];

    protected ConsoleLabTest(ITestOutputHelper output, int boxes = 2)
    {
        _output = output;
        Lab = Lan.Create(boxes);
    }

    protected Lan Lab { get; }

    protected ITestOutputHelper Output => _output;

    protected LabBox B1 => Lab[0];

    protected LabBox B2 => Lab[1];

    /// <summary>Quick adverts: a backup takes over within half a second.</summary>
    protected static readonly PairSettings Settings = new() { AdvertInterval = TimeSpan.FromMilliseconds(100) };

    protected static string Ini(LabBox box, int priority, IEnumerable<LabBox> peers, Action<ConfigDocument>? change = null)
    {
        var document = ConfigDocument.Parse(ApplianceIni.For(box, priority, Settings, peers));
        change?.Invoke(document);
        return document.ToString();
    }

    protected void Start(LabBox box, int priority, Action<ConfigDocument>? change = null) =>
        box.StartAppliance(Ini(box, priority, Lab.Boxes.Where(b => b != box), change));

    protected void StartPair(int first = 150, int second = 100)
    {
        Start(B1, first);
        Start(B2, second);
        WaitForState(B1, "master", TimeSpan.FromSeconds(15));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(15));
    }

    private protected ConsoleDriver OpenConsole(LabBox box, string term = "vt100", int columns = 80, int rows = 24, (int Columns, int Rows)? ptySize = null, params string[] extra)
    {
        var console = ConsoleDriver.Start(Lab, box, term, columns, rows, ptySize, extra);
        _consoles.Add(console);
        return console;
    }

    protected static void WaitForState(LabBox box, string state, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        string? last = null;
        while (watch.Elapsed < timeout)
        {
            try
            {
                last = box.VrrpState();
                if (last == state)
                {
                    return;
                }
            }
            catch (ControlException)
            {
                // Not listening yet.
            }

            Thread.Sleep(20);
        }

        throw new Xunit.Sdk.XunitException($"{box} is {last ?? "not answering"}, not {state}, after {timeout.TotalSeconds:0.#} s");
    }

    protected void WaitForHolder(LabBox holder, IPAddress vip, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (Lab.Boxes.All(b => b.Has(vip) == (b == holder)))
            {
                return;
            }

            Thread.Sleep(20);
        }

        throw new Xunit.Sdk.XunitException($"after {timeout.TotalSeconds:0.#} s the VIP is on {string.Join(", ", Lab.Boxes.Where(b => b.Has(vip)))}, not only {holder}");
    }

    /// <summary>What the supervisor has staged (null: nothing), read over its control socket.</summary>
    protected static string? Staged(LabBox box)
    {
        var response = box.Control(new ControlRequest { Command = "config.get" });
        return response.Staged is { } staged && staged != response.Text ? staged : null;
    }

    protected static int Priority(LabBox box) => box.Status().Vrrp.Single().Priority;

    public void Dispose()
    {
        foreach (var console in _consoles)
        {
            _output.WriteLine($"--- console {console.Process.Name} (exited: {console.HasExited}) ---\n{console.Screen}\n--- its log ---\n{console.Process.Log()}");
            console.Dispose();
        }

        foreach (var box in Lab.Boxes)
        {
            if (box.Appliance is { } appliance)
            {
                _output.WriteLine($"--- {appliance.Name} ---\n{string.Join('\n', appliance.Log().Split('\n').TakeLast(40))}");
            }
        }

        Lab.Dispose();
        GC.SuppressFinalize(this);
    }
}
