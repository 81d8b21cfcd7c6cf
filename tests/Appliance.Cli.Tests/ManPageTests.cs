using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Appliance.Cli.Tests;

/// <summary>
/// appliance(1) as the package and the image install it (the native binary's `help --man`), read by groff, which
/// build.sh installs: the manual and the help come from one verb table, and this checks that nothing is lost between.
/// </summary>
public sealed partial class ManPageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-man-").FullName;

    [Fact]
    public void The_manual_renders_without_a_groff_warning()
    {
        var page = WritePage();

        // -ww: every warning groff knows (lintian's check of a man page is the same, through man --warnings).
        var (exit, output, errors) = Run("groff", "-man", "-ww", "-z", "-Tascii", page);

        Assert.True(exit == 0 && errors.Length == 0, $"groff exit {exit}: {errors}{output}");
    }

    [Fact]
    public void Every_command_of_the_help_is_in_the_manual_with_its_options_and_exit_codes()
    {
        var overview = NativeBinary.Run("--help");
        // The table is the overview's last block (above it, the wrapped title and the usage lines).
        var table = overview.Output[overview.Output.LastIndexOf("\n\n", StringComparison.Ordinal)..];
        var commands = TableRow().Matches(table).Select(m => m.Groups[1].Value).Where(c => c != "--version").ToList();
        var (exit, text, errors) = Run("groff", "-man", "-Tascii", "-P-cbou", "-rLL=200n", WritePage());
        Assert.Equal(0, exit);
        Assert.Empty(errors);

        var flat = Whitespace().Replace(text, " ");
        Assert.Equal(21, commands.Count); // every command of the table was found: a new verb changes this on purpose
        foreach (var command in commands)
        {
            var help = NativeBinary.Run(["help", .. command.Split(' ')]);
            // The command's heading is the usage of its help (which wraps it at 79 columns).
            var usage = Whitespace().Replace(help.Output[..help.Output.IndexOf("\n\n", StringComparison.Ordinal)], " ")["usage: ".Length..];
            Assert.Contains(usage, flat, StringComparison.Ordinal);
            foreach (var option in HelpOption().Matches(help.Output).Select(m => m.Groups[1].Value))
            {
                Assert.Contains(option, text, StringComparison.Ordinal);
            }
        }

        Assert.Contains("NAME\n       appliance - VRRP node and supervisor of a web appliance pair", text, StringComparison.Ordinal);
        Assert.Contains("/etc/appliance/appliance.ini", text, StringComparison.Ordinal);
        Assert.Contains("SEE ALSO", text, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WritePage()
    {
        var man = NativeBinary.Run("help", "--man");
        Assert.Equal(0, man.ExitCode);
        var page = Path.Combine(_directory, "appliance.1");
        File.WriteAllText(page, man.Output);
        return page;
    }

    private static (int Exit, string Output, string Errors) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"{program} did not finish");
        return (process.ExitCode, output.Result, errors.Result);
    }

    // "  nginx reload    nginx -t, then reload": a row of the overview's table (continuation lines start deeper).
    [GeneratedRegex(@"^  (\S+(?: \S+)*?)(?:  +|$)", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // "  --hold DURATION  how long ...": an option row of one verb's help.
    [GeneratedRegex(@"^  (--\S+(?: [A-Z]+)?)", RegexOptions.Multiline)]
    private static partial Regex HelpOption();
}
