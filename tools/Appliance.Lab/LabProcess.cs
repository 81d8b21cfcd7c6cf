using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Appliance.Lab;

/// <summary>
/// A long-running process started by the lab inside a namespace (`ip netns exec` execs, so the pid is the
/// program's own). Its output goes to a log file line by line, and optionally to a line handler.
/// </summary>
public sealed partial class LabProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Action<string>? _onLine;
    private readonly Task _pumps;
    private bool _disposed;

    private LabProcess(string name, Process process, string logPath, Action<string>? onLine)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        _onLine = onLine;
        _pumps = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError));
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _disposed || _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static LabProcess Start(string name, NetworkNamespace ns, string logPath, string file, IEnumerable<string> args, Action<string>? onLine = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in new[] { "netns", "exec", ns.Name, file }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        File.AppendAllText(logPath, $"# {DateTime.UtcNow:O} {string.Join(' ', args.Prepend(file))}\n");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        return new LabProcess(name, process, logPath, onLine);
    }

    public void Signal(int signal)
    {
        if (!HasExited && kill(_process.Id, signal) != 0 && Marshal.GetLastPInvokeError() != Esrch)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        _pumps.Wait(TimeSpan.FromSeconds(5));
        return true;
    }

    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    /// <summary>Waits until the process has printed <paramref name="text"/> (output travels through a pipe and a queue).</summary>
    public bool WaitForLog(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Log().Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Signal(Signals.SIGKILL);
            _process.WaitForExit(5000);
        }

        _disposed = true;
        _pumps.Wait(TimeSpan.FromSeconds(2));
        _process.Dispose();
        _log.Dispose();
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }

            _onLine?.Invoke(line);
        }
    }

    private const int Esrch = 3;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}

public static class Signals
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;
}
