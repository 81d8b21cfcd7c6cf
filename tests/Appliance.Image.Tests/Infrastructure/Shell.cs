using System.Diagnostics;

namespace Appliance.Image.Tests.Infrastructure;

internal sealed record ShellResult(int ExitCode, string Output)
{
    public ShellResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}):\n{Output}");
}

// Runs a host command for a test, with a timeout, and returns its exit code and combined output.
internal static class Shell
{
    public static ShellResult Run(string program, params string[] arguments) => Run(TimeSpan.FromSeconds(60), program, arguments);

    public static ShellResult Run(TimeSpan timeout, string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ShellResult(-1, $"{program} timed out after {timeout}\n{stdout.Result}{stderr.Result}");
        }
        return new ShellResult(process.ExitCode, stdout.Result + stderr.Result);
    }
}
