namespace Appliance.Lab.Probe;

/// <summary>
/// The client of the lab: <c>appliance probe --timeline</c> in the client namespace, a new TCP connection and an HTTP
/// request every few milliseconds. The native binary keeps JIT and GC pauses out of the measurement.
/// </summary>
public sealed class Prober : IDisposable
{
    private readonly LabProcess _process;

    private Prober(LabProcess process, Timeline timeline)
    {
        _process = process;
        Timeline = timeline;
    }

    public Timeline Timeline { get; }

    internal static Prober Start(Lan lab, string url, TimeSpan every, TimeSpan timeout) =>
        Start(lab.Client, lab.ApplianceBinary, url, every, timeout, Path.Combine(lab.WorkDirectory, $"probe-{Guid.NewGuid():N}.log"));

    /// <summary>The probe in any client namespace (a VM LAN's too), its output kept in <paramref name="log"/>.</summary>
    public static Prober Start(NetworkNamespace client, string applianceBinary, string url, TimeSpan every, TimeSpan timeout, string log)
    {
        var timeline = new Timeline();
        var process = LabProcess.Start("client/probe", client, log, applianceBinary,
            ["probe", url, "--every", $"{every.TotalMilliseconds:0}ms", "--timeout", $"{timeout.TotalMilliseconds:0}ms", "--timeline"],
            line =>
            {
                if (Attempt.TryParse(line, out var attempt))
                {
                    timeline.Add(attempt);
                }
            });
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (timeline.Count == 0 && !process.HasExited && DateTime.UtcNow < until)
        {
            Thread.Sleep(5);
        }

        if (timeline.Count == 0)
        {
            process.Dispose();
            throw new InvalidOperationException($"the probe made no request:\n{process.Log()}");
        }

        return new Prober(process, timeline);
    }

    public void Dispose() => _process.Dispose();
}
