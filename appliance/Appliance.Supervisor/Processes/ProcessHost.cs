using System.Text;
using Appliance.Linux.Events;
using Appliance.Linux.Processes;
using Serilog;
using Serilog.Events;

namespace Appliance.Supervisor.Processes;

/// <summary>What the supervisor's own children (hooks, notify programs, exec checks, consoles) find on PATH.</summary>
internal static class ChildPath
{
    public const string Search = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

/// <summary>
/// Every child of the supervisor goes through here: started with posix_spawn, its exit seen through a pidfd on the
/// event loop, its output logged line by line with a prefix, its status collected by the one reaper, which also
/// reaps orphans that the kernel re-parents to us (as PID 1, or as a subreaper when we run as a service).
/// </summary>
internal sealed class ProcessHost : IDisposable
{
    private const int MaxReadsPerWakeup = 16;
    private static readonly TimeSpan OrphanSweep = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, long> _droppedBySource = new(StringComparer.Ordinal);
    private readonly EventLoop _loop;
    private readonly ILogger _log;
    private readonly ChildReaper _reaper = new();
    private readonly Dictionary<int, HostedChild> _children = [];
    private readonly List<ChildProcess> _exited = [];
    private readonly LoopTimer _sweep;

    public ProcessHost(EventLoop loop, ILogger log)
    {
        _loop = loop;
        _log = log;
        _sweep = loop.CreateTimer(Sweep);
        _sweep.Set(EventLoop.Now + OrphanSweep);
    }

    public long OrphansReaped => _reaper.OrphansReaped;

    public int Running => _children.Count;

    /// <summary>Lines of every child dropped by the rate limit, since start.</summary>
    public long OutputLinesDropped { get; private set; }

    /// <summary>Lines dropped for the children with this log prefix ("nginx"), over all their lives.</summary>
    public long DroppedLines(string logPrefix) => _droppedBySource.GetValueOrDefault(logPrefix);

    /// <param name="logPrefix">Goes before each line the child prints, e.g. "nginx".</param>
    /// <param name="onExit">Runs on the loop once the exit status is known and the output drained.</param>
    public HostedChild Start(SpawnOptions options, string logPrefix, Action<HostedChild, ChildExit> onExit, LogEventLevel outputLevel = LogEventLevel.Information)
    {
        var process = ChildProcess.Spawn(options);
        var child = new HostedChild(process, logPrefix, onExit, outputLevel);
        _reaper.Track(process);
        _children[process.Pid] = child;
        _loop.Register(process.ExitHandle, Reap);
        if (process.Output is { } output)
        {
            _loop.Register(output, () => Pump(child));
        }

        return child;
    }

    /// <summary>Collects every ended child; for ours, finishes their output and tells the owner.</summary>
    public void Reap()
    {
        _exited.Clear();
        _reaper.ReapAll(_exited);
        foreach (var process in _exited)
        {
            if (!_children.Remove(process.Pid, out var child))
            {
                continue;
            }

            _loop.Unregister(process.ExitHandle);
            Pump(child, final: true);
            process.Dispose();
            var exit = process.Exit!.Value;
            try
            {
                child.OnExit(child, exit);
            }
            catch (Exception e)
            {
                _log.Error(e, "handling the exit of {Child} failed", process.Description);
            }
        }
    }

    public void Dispose()
    {
        foreach (var child in _children.Values)
        {
            _loop.Unregister(child.Process.ExitHandle);
            if (child.Process.Output is { } output)
            {
                _loop.Unregister(output);
            }

            child.Process.Dispose();
        }

        _children.Clear();
    }

    private void Sweep()
    {
        Reap();
        _sweep.Set(EventLoop.Now + OrphanSweep);
    }

    /// <summary>
    /// Reads what the child printed, at most <see cref="MaxReadsPerWakeup"/> × 4 KiB per turn of the loop: the pipe
    /// is level-triggered, so the rest waits for the next turn, after the timers and the other descriptors. A child
    /// that writes without pause (nginx's workers share its stderr) therefore costs a bounded slice of each turn,
    /// never a loop that runs as long as it writes; its lines are rate-limited (<see cref="OutputRateLimit"/>).
    /// </summary>
    private void Pump(HostedChild child, bool final = false)
    {
        var process = child.Process;
        if (process.Output is null)
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[4096];
        for (var reads = 0; reads < MaxReadsPerWakeup; reads++)
        {
            var read = process.ReadOutput(buffer);
            if (read > 0)
            {
                child.Lines.Append(buffer[..read], line => Emit(child, line));
                continue;
            }

            if (read == 0 || final)
            {
                // End of output (or the child is gone and what is left has been read).
                Close(child);
            }

            return;
        }

        if (final)
        {
            // Gone, but others (orphaned workers) still write into the pipe: what is left is not ours to wait for.
            Close(child);
        }
    }

    private void Close(HostedChild child)
    {
        child.Lines.Flush(line => Emit(child, line));
        _loop.Unregister(child.Process.Output!);
        child.Process.CloseOutput();
    }

    private void Emit(HostedChild child, string line)
    {
        switch (child.Limit.Offer(EventLoop.Now))
        {
            case LineVerdict.Log:
                _log.Write(child.OutputLevel, "{Source}: {Line}", child.LogPrefix, line);
                break;
            case LineVerdict.LogAfterDrops:
                _log.Warning("{Source}: {Dropped} lines dropped (more than {PerSecond} a second)", child.LogPrefix, child.Limit.DroppedInGap, OutputRateLimit.PerSecond);
                _log.Write(child.OutputLevel, "{Source}: {Line}", child.LogPrefix, line);
                break;
            case LineVerdict.StartDropping:
                _log.Warning("{Source}: prints more than {PerSecond} lines a second; dropping lines until it slows down", child.LogPrefix, OutputRateLimit.PerSecond);
                Count(child);
                break;
            case LineVerdict.Drop:
                Count(child);
                break;
        }
    }

    private void Count(HostedChild child)
    {
        OutputLinesDropped++;
        _droppedBySource[child.LogPrefix] = _droppedBySource.GetValueOrDefault(child.LogPrefix) + 1;
    }
}

/// <summary>A running child and what its owner wants to know about it.</summary>
internal sealed class HostedChild
{
    public HostedChild(ChildProcess process, string logPrefix, Action<HostedChild, ChildExit> onExit, LogEventLevel outputLevel)
    {
        Process = process;
        LogPrefix = logPrefix;
        OnExit = onExit;
        OutputLevel = outputLevel;
        Started = EventLoop.Now;
    }

    public ChildProcess Process { get; }

    public string LogPrefix { get; }

    public Action<HostedChild, ChildExit> OnExit { get; }

    public LogEventLevel OutputLevel { get; }

    public TimeSpan Started { get; }

    public LineSplitter Lines { get; } = new();

    public OutputRateLimit Limit { get; } = new();

    /// <summary>The last lines the child printed, for error reports (nginx -t).</summary>
    public IReadOnlyList<string> Tail => Lines.Tail;

    public int Pid => Process.Pid;
}

/// <summary>Cuts a byte stream into lines (UTF-8, LF or CRLF), bounding what a line without end can cost.</summary>
internal sealed class LineSplitter
{
    private const int MaxLine = 4096;
    private const int TailLines = 20;
    private readonly List<byte> _partial = [];
    private readonly Queue<string> _tail = new();

    public IReadOnlyList<string> Tail => [.. _tail];

    public void Append(ReadOnlySpan<byte> data, Action<string> onLine)
    {
        foreach (var b in data)
        {
            if (b == (byte)'\n')
            {
                Emit(onLine);
            }
            else if (_partial.Count < MaxLine)
            {
                _partial.Add(b);
            }
        }
    }

    public void Flush(Action<string> onLine)
    {
        if (_partial.Count > 0)
        {
            Emit(onLine);
        }
    }

    private void Emit(Action<string> onLine)
    {
        var line = Encoding.UTF8.GetString([.. _partial]).TrimEnd('\r');
        _partial.Clear();
        _tail.Enqueue(line);
        if (_tail.Count > TailLines)
        {
            _tail.Dequeue();
        }

        onLine(line);
    }
}
