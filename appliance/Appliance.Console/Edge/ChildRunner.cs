using System.ComponentModel;
using System.Diagnostics;

namespace Appliance.ConsoleUi.Edge;

/// <summary>
/// Runs ping or <c>appliance probe</c> for the console: output captured line by line, no terminal of its own (its
/// stdin is an empty pipe), ended after a timeout or on ^C. The console is not PID 1, so System.Diagnostics.Process
/// reaping its own children is fine here.
/// </summary>
internal sealed class ChildRunner(string selfPath, Action<Action> post) : IDisposable
{
    private readonly Dictionary<int, Process> _running = [];

    public void Start(int token, IReadOnlyList<string> command, TimeSpan timeout, Action<string> line, Action<string> exited)
    {
        var argv = Resolve(command);
        if (argv is null)
        {
            post(() => exited($"{command[0]} is not installed"));
            return;
        }

        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        var started = Stopwatch.StartNew();
        process.Exited += (_, _) =>
        {
            // Let the output readers reach the end of the pipes before the exit is reported.
            process.WaitForExit();
            var outcome = started.Elapsed >= timeout ? $"stopped after {timeout.TotalSeconds:0} s" : $"exit status {process.ExitCode}";
            post(() =>
            {
                _running.Remove(token);
                process.Dispose();
                exited(outcome);
            });
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            post(() => exited($"{argv[0]} could not start: {e.Message}"));
            return;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _running[token] = process;
        _ = Task.Delay(timeout).ContinueWith(_ => post(() => Stop(token)), TaskScheduler.Default);

        void Forward(string? text)
        {
            if (text is not null)
            {
                post(() => line(text));
            }
        }
    }

    public void Stop(int token)
    {
        if (_running.TryGetValue(token, out var process))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>The program to run: ourselves for "appliance", else a PATH lookup, else busybox's applet of that name.</summary>
    private List<string>? Resolve(IReadOnlyList<string> command)
    {
        if (command[0] == "appliance")
        {
            return [selfPath, .. command.Skip(1)];
        }

        if (Find(command[0]) is { } path)
        {
            return [path, .. command.Skip(1)];
        }

        return Find("busybox") is { } busybox ? [busybox, .. command] : null;
    }

    private static string? Find(string program)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return directories.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    public void Dispose()
    {
        foreach (var token in _running.Keys.ToList())
        {
            Stop(token);
        }
    }
}
