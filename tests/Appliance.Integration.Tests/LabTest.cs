using System.Diagnostics;
using System.Net;
using Appliance.Lab;
using Appliance.Lab.Probe;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// A test on a fresh lab: real `appliance run`, nginx and keepalived processes in namespaces, a client that
/// requests the VIP. On failure the logs of every process are in the output; the lab is torn down in any case.
/// Tests of this assembly run one at a time: they measure time, and two cores are shared.
/// </summary>
public abstract class LabTest : IDisposable
{
    private readonly ITestOutputHelper _output;

    protected LabTest(ITestOutputHelper output, int boxes = 2)
    {
        _output = output;
        Lab = Lan.Create(boxes);
    }

    protected Lan Lab { get; }

    protected ITestOutputHelper Output => _output;

    protected LabBox B1 => Lab[0];

    protected LabBox B2 => Lab[1];

    protected static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(100);

    /// <summary>nginx (run by the lab) and the appliance on each box, with the given priorities.</summary>
    protected void StartAppliances(PairSettings settings, params int[] priorities)
    {
        for (var i = 0; i < priorities.Length; i++)
        {
            StartAppliance(Lab[i], settings, priorities[i]);
        }
    }

    protected void StartAppliance(LabBox box, PairSettings settings, int priority, string? extra = null)
    {
        if (box.Nginx is null || box.Nginx.HasExited)
        {
            box.StartNginx();
        }

        box.StartAppliance(ApplianceIni.For(box, priority, settings, Lab.Boxes.Where(b => b != box), extra: extra));
    }

    protected void StartKeepalived(LabBox box, PairSettings settings, int priority)
    {
        if (box.Nginx is null || box.Nginx.HasExited)
        {
            box.StartNginx();
        }

        box.StartKeepalived(KeepalivedConfig.For(box, priority, settings, Lab.Boxes.Where(b => b != box)));
    }

    /// <summary>The command line against <paramref name="box"/>'s supervisor, as an operator runs it.</summary>
    protected CmdResult Appliance(LabBox box, params string[] args) =>
        Cmd.TryRun(TimeSpan.FromSeconds(60), Lab.ApplianceBinary, [.. args, "--socket", box.ControlSocket]);

    /// <summary>Polls the box's control socket until the instance is in <paramref name="state"/>.</summary>
    protected TimeSpan WaitForState(LabBox box, string state, TimeSpan timeout, string instance = "web")
    {
        var watch = Stopwatch.StartNew();
        string? last = null;
        while (watch.Elapsed < timeout)
        {
            try
            {
                last = box.VrrpState(instance);
                if (last == state)
                {
                    return watch.Elapsed;
                }
            }
            catch (Appliance.Control.ControlException)
            {
                // Not listening yet.
            }

            Thread.Sleep(10);
        }

        throw new Xunit.Sdk.XunitException($"{box} is {last ?? "not answering"}, not {state}, after {timeout.TotalSeconds:0.#} s\n{Logs()}");
    }

    /// <summary>Waits until exactly <paramref name="holder"/> holds the address, as the kernel of each box says.</summary>
    protected void WaitForHolder(LabBox holder, IPAddress vip, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (Lab.Boxes.All(b => b.Has(vip) == (b == holder)))
            {
                return;
            }

            Thread.Sleep(10);
        }

        throw new Xunit.Sdk.XunitException($"after {timeout.TotalSeconds:0.#} s the VIP is on {string.Join(", ", Lab.Boxes.Where(b => b.Has(vip)))}, not only {holder}\n{Logs()}");
    }

    /// <summary>One request from the client: the name of the box that answered, or null.</summary>
    protected string? Fetch(string url)
    {
        var result = Lab.Client.TryExec(Lab.ApplianceBinary, "probe", url, "--count", "1", "--timeout", "1s", "--timeline");
        return result.StandardOutput.Split('\n').Select(l => Attempt.TryParse(l, out var a) ? a : (Attempt?)null)
            .FirstOrDefault(a => a is { Ok: true })?.Detail;
    }

    /// <summary>
    /// Requests until a box answers or the time is up: right after a takeover the client may still send its first
    /// SYN to the old holder's MAC (the new master's gratuitous ARP is on its way), and TCP retries a lost SYN only
    /// after a second, which one request with a 1 s timeout never sees.
    /// </summary>
    protected string? FetchWithin(string url, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var answer = Fetch(url);
        while (answer is null && DateTime.UtcNow < until)
        {
            answer = Fetch(url);
        }

        return answer;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the time is up; true when it held.</summary>
    protected static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return condition();
    }

    protected string Logs() =>
        string.Join('\n', Lab.Boxes.SelectMany(b => new[] { b.Appliance, b.Keepalived }.OfType<LabProcess>()).Select(p => $"--- {p.Name} ---\n{Tail(p.Log(), 60)}"));

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    public void Dispose()
    {
        _output.WriteLine(Logs());
        Lab.Dispose();
        GC.SuppressFinalize(this);
    }
}
