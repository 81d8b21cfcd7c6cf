using System.Diagnostics;
using System.Text;

namespace Appliance.Lab;

/// <summary>The outcome of a finished command.</summary>
public sealed record CmdResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() =>
        $"`{CommandLine}` exited with {ExitCode}\n--- stdout ---\n{StandardOutput}--- stderr ---\n{StandardError}";
}

/// <summary>A command failed or timed out; the message holds its full output.</summary>
public sealed class CmdException(string message, CmdResult? result = null) : Exception(message)
{
    public CmdResult? Result { get; } = result;
}

/// <summary>Runs programs for tests (never for the product, which talks to the kernel itself).</summary>
public static class Cmd
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs and throws, with the whole output, unless the exit code is 0.</summary>
    public static CmdResult Run(string file, params string[] args) => Run(DefaultTimeout, file, args);

    public static CmdResult Run(TimeSpan timeout, string file, params string[] args)
    {
        var result = TryRun(timeout, file, args);
        return result.Succeeded ? result : throw new CmdException(result.ToString(), result);
    }

    /// <summary>Runs and returns whatever the exit code; throws only when it does not finish in time.</summary>
    public static CmdResult TryRun(string file, params string[] args) => TryRun(DefaultTimeout, file, args);

    public static CmdResult TryRun(TimeSpan timeout, string file, params string[] args) => TryRunWithInput("", timeout, file, args);

    /// <summary>As <see cref="TryRun(TimeSpan, string, string[])"/>, with <paramref name="input"/> on standard input.</summary>
    public static CmdResult TryRunWithInput(string input, TimeSpan timeout, string file, params string[] args)
    {
        var commandLine = string.Join(' ', args.Prepend(file));
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CmdException($"`{commandLine}` could not start: {e.Message}");
        }

        process.StandardInput.Write(input);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            // Only the process we started (and its children), by pid.
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new CmdException(
                $"`{commandLine}` did not finish within {timeout.TotalSeconds:0.#} s\n--- stdout ---\n{Read(stdout)}--- stderr ---\n{Read(stderr)}");
        }

        // The parameterless wait also drains the asynchronous output readers.
        process.WaitForExit();
        return new CmdResult(commandLine, process.ExitCode, Read(stdout), Read(stderr));
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
