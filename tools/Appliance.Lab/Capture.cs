namespace Appliance.Lab;

/// <summary>
/// tcpdump on eth0 of a namespace, written to a pcap that tshark reads afterwards: what really went over the wire.
/// </summary>
public sealed class Capture : IDisposable
{
    private readonly LabProcess _process;

    private Capture(LabProcess process, string path)
    {
        _process = process;
        Path = path;
    }

    public string Path { get; }

    public static Capture Start(NetworkNamespace ns, string directory, string filter)
    {
        var path = System.IO.Path.Combine(directory, $"capture-{Guid.NewGuid():N}.pcap");
        var process = LabProcess.Start($"{ns}/tcpdump", ns, path + ".log", "/usr/bin/tcpdump",
            // -Z root: tcpdump would otherwise drop to its own user and fail to write into the lab directory.
            // --immediate-mode: without it packets wait in the capture ring for up to a second and a stop loses them.
            ["-Z", "root", "--immediate-mode", "-i", "eth0", "-U", "-n", "-w", path, .. filter.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        // tcpdump says "listening on" once the capture runs; packets before that are not in the file.
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!File.ReadAllText(process.LogPath).Contains("listening on", StringComparison.Ordinal) && DateTime.UtcNow < until)
        {
            Thread.Sleep(10);
        }

        return new Capture(process, path);
    }

    /// <summary>Stops the capture and decodes it: one line per packet matching the display filter, fields separated by ';'.</summary>
    public IReadOnlyList<string[]> Decode(string displayFilter, params string[] fields)
    {
        Stop();
        var args = new List<string> { "-r", Path, "-Y", displayFilter, "-T", "fields", "-E", "separator=;" };
        foreach (var field in fields)
        {
            args.Add("-e");
            args.Add(field);
        }

        return Cmd.Run("tshark", [.. args]).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(';'))
            .ToArray();
    }

    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Signal(Signals.SIGINT);
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }
}
