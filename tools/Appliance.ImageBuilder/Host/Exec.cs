using System.Diagnostics;
using System.Text;

namespace Appliance.ImageBuilder.Host;

// Runs the tools the build drives (mmdebstrap, mksquashfs, sfdisk, ...). A failure names the command and carries the
// end of its output; output is otherwise kept quiet unless the build is verbose.
internal static class Exec
{
    public static bool Verbose { get; set; }

    public static string Run(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, Stream? stdin = null)
    {
        var result = TryRun(program, arguments, workingDirectory, environment, stdin);
        if (result.ExitCode != 0)
        {
            throw new BuildException($"{result.CommandLine} exited with {result.ExitCode}:\n{Tail(result.Output, 40)}");
        }
        return result.StandardOutput;
    }

    public static ExecResult TryRun(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, Stream? stdin = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }
        var commandLine = $"{program} {string.Join(' ', info.ArgumentList.Select(Quote))}";
        if (Verbose)
        {
            Console.Error.WriteLine($"  $ {commandLine}");
        }

        var stdout = new StringBuilder();
        var combined = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Collect(e.Data, stdout, combined);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, null, combined);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildException($"cannot run {program}: {e.Message} (is its package installed? build.sh installs every package the build needs)");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            stdin.CopyTo(process.StandardInput.BaseStream);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? Timeout.InfiniteTimeSpan))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ExecResult(commandLine, -1, stdout.ToString(), combined.ToString() + "\n(timed out)");
        }
        process.WaitForExit();
        return new ExecResult(commandLine, process.ExitCode, stdout.ToString(), combined.ToString());
    }

    private static void Collect(string? line, StringBuilder? stdout, StringBuilder combined)
    {
        if (line is null)
        {
            return;
        }
        lock (combined)
        {
            stdout?.AppendLine(line);
            combined.AppendLine(line);
            if (Verbose)
            {
                Console.Error.WriteLine($"    {line}");
            }
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+%".Contains(c)) ? argument : $"'{argument.Replace("'", "'\\''")}'";

    private static string Tail(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}

internal sealed record ExecResult(string CommandLine, int ExitCode, string StandardOutput, string Output);
