using System.Diagnostics;
using System.Text;

namespace Appliance.Lab;

/// <summary>Runs a command to completion. A failure throws with the command line and everything it printed.</summary>
public static class Shell
{
    public static string Run(string file, params string[] args) => Run(TimeSpan.FromSeconds(30), file, args);

    public static string Run(TimeSpan timeout, string file, params string[] args)
    {
        var result = TryRun(timeout, file, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` exited with {result.ExitCode}:\n{result.Output}{result.Errors}");
        }

        return result.Output;
    }

    public static ShellResult TryRun(TimeSpan timeout, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{file} {string.Join(' ', args)}` did not finish within {timeout}");
        }

        process.WaitForExit();
        return new ShellResult(process.ExitCode, output.Result, errors.Result);
    }

    public static string Quote(IEnumerable<string> args) =>
        string.Join(' ', args.Select(a => a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+".Contains(c)) ? a : $"'{a.Replace("'", "'\\''")}'"));

    public static string Describe(string file, IEnumerable<string> args)
    {
        var text = new StringBuilder(file);
        foreach (var a in args)
        {
            text.Append(' ').Append(a);
        }

        return text.ToString();
    }
}

public readonly record struct ShellResult(int ExitCode, string Output, string Errors);
