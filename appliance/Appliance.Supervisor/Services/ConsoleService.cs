using Appliance.Linux.Events;
using Appliance.Linux.Processes;
using Appliance.Supervisor.Hooks;
using Appliance.Supervisor.Processes;
using Serilog;

namespace Appliance.Supervisor.Services;

/// <summary>
/// As init, appliance is also the getty: it keeps <c>appliance console</c> running on the serial console named in
/// <c>[system] console</c> (and on tty1 when the box has a virtual terminal), each in a session of its own with the
/// line as its controlling terminal. A console that exits (logout, a pulled cable) is started again.
/// </summary>
internal sealed class ConsoleService
{
    private static readonly TimeSpan QuickExit = TimeSpan.FromSeconds(5);
    private readonly EventLoop _loop;
    private readonly ProcessHost _processes;
    private readonly ILogger _log;
    private readonly string _socket;
    private readonly Dictionary<string, Line> _lines = new(StringComparer.Ordinal);
    private bool _stopping;

    public ConsoleService(EventLoop loop, ProcessHost processes, ILogger log, string controlSocket)
    {
        _loop = loop;
        _processes = processes;
        _log = log;
        _socket = controlSocket;
    }

    /// <summary>The devices to run a console on: the configured serial line, and tty1 if it exists.</summary>
    public static IEnumerable<string> Devices(string? configured)
    {
        if (configured is { Length: > 0 })
        {
            yield return configured.StartsWith("/dev/", StringComparison.Ordinal) ? configured : $"/dev/{configured}";
        }

        if (File.Exists("/dev/tty1") && configured is not ("tty1" or "/dev/tty1"))
        {
            yield return "/dev/tty1";
        }
    }

    /// <summary>Runs consoles on exactly these devices (a changed [system] console moves it).</summary>
    public void Apply(IEnumerable<string> devices)
    {
        var wanted = devices.Where(File.Exists).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _lines.Keys.Where(d => !wanted.Contains(d)).ToArray())
        {
            _lines.Remove(gone, out var line);
            line!.Timer.Set(null);
            line.Child?.Process.Signal(Signals.SIGHUP);
        }

        foreach (var device in wanted.Where(d => !_lines.ContainsKey(d)))
        {
            var line = new Line(device, _loop.CreateTimer(() => Start(device)));
            _lines[device] = line;
            Start(device);
        }
    }

    /// <summary>Hangs the consoles up at shutdown; they are not started again.</summary>
    public void Stop()
    {
        _stopping = true;
        foreach (var line in _lines.Values)
        {
            line.Timer.Set(null);
            line.Child?.Process.Signal(Signals.SIGHUP);
        }
    }

    private void Start(string device)
    {
        if (_stopping || !_lines.TryGetValue(device, out var line))
        {
            return;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = ChildPath.Search,
            ["HOME"] = "/root",

            // A serial line may end in anything; vt100 is what nearly every terminal program understands.
            ["TERM"] = Path.GetFileName(device).StartsWith("ttyS", StringComparison.Ordinal) ? "vt100" : "linux",
        };
        try
        {
            line.Child = _processes.Start(
                new SpawnOptions
                {
                    File = Environment.ProcessPath ?? "/usr/sbin/appliance",
                    Arguments = ["console", "--socket", _socket],
                    Environment = environment,
                    Terminal = device,
                },
                $"console {Path.GetFileName(device)}",
                (child, exit) => OnExit(line, child, exit));
        }
        catch (Linux.SystemCallException e)
        {
            _log.Warning("console on {Device} could not start: {Error}", device, e.Message);
            Again(line, quick: true);
        }
    }

    private void OnExit(Line line, HostedChild child, ChildExit exit)
    {
        line.Child = null;
        if (_stopping || !_lines.ContainsValue(line))
        {
            return;
        }

        var quick = EventLoop.Now - child.Started < QuickExit;
        if (quick)
        {
            _log.Warning("console on {Device} exited after {Seconds:0.0} s: {Exit}", line.Device, (EventLoop.Now - child.Started).TotalSeconds, exit.ToString());
        }

        Again(line, quick);
    }

    private void Again(Line line, bool quick)
    {
        // A console that dies at once (no terminal, a broken line) is retried slowly, never in a busy loop.
        line.Delay = quick ? TimeSpan.FromTicks(Math.Min(line.Delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)) : TimeSpan.FromSeconds(1);
        line.Timer.Set(EventLoop.Now + line.Delay);
    }

    private sealed class Line(string device, LoopTimer timer)
    {
        public string Device { get; } = device;

        public LoopTimer Timer { get; } = timer;

        public HostedChild? Child { get; set; }

        public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);
    }
}
