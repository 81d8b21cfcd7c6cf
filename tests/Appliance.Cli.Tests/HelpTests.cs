namespace Appliance.Cli.Tests;

/// <summary>The help as an operator reads it on an 80-column serial console: the native binary's own output.</summary>
public sealed class HelpTests
{
    private static readonly string[][] Verbs =
    [
        ["run"], ["status"], ["failover"], ["drain"], ["undrain"], ["nginx", "restart"], ["nginx", "reload"], ["nginx", "reopen"],
        ["config", "check"], ["config", "get"], ["config", "set"], ["config", "load"], ["config", "confirm"],
        ["config", "rollback"], ["import-keepalived"], ["console"], ["passwd"], ["upgrade"], ["watchdog", "test"],
        ["probe"], ["vrrp", "decode"],
    ];

    public static TheoryData<string> Commands() => [.. Verbs.Select(v => string.Join(' ', v))];

    private static void FitsTheConsole(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Assert.True(line.Length <= 79, $"{line.Length} columns: {line}");
        }
    }

    [Fact]
    public void The_overview_fits_80_columns_and_names_every_verb()
    {
        var result = NativeBinary.Run("--help");

        Assert.Equal(0, result.ExitCode);
        FitsTheConsole(result.Output);
        foreach (var verb in Verbs)
        {
            Assert.Contains($"  {string.Join(' ', verb)} ", result.Output);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Each_verb_has_help_that_fits_80_columns_with_its_options_and_exit_codes(string command)
    {
        var words = command.Split(' ');
        var viaHelp = NativeBinary.Run(["help", .. words]);
        var viaFlag = NativeBinary.Run([.. words, "--help"]);

        Assert.Equal(0, viaHelp.ExitCode);
        Assert.Equal(viaHelp.Output, viaFlag.Output);
        FitsTheConsole(viaHelp.Output);
        Assert.StartsWith($"usage: appliance {command}", viaHelp.Output);
        Assert.Contains("exit codes:\n  0  ", viaHelp.Output);
        Assert.Contains("\n  2  ", viaHelp.Output);

        // Every option the usage line names is explained on a line of its own.
        var usage = viaHelp.Output[..viaHelp.Output.IndexOf("\n\n", StringComparison.Ordinal)];
        foreach (var option in usage.Split(' ', '[', ']', '|', '\n').Where(w => w.StartsWith("--", StringComparison.Ordinal)).Distinct())
        {
            Assert.Matches($@"\n  {System.Text.RegularExpressions.Regex.Escape(option)}( [A-Z]+)? +\S", viaHelp.Output);
        }
    }

    [Theory]
    [InlineData("config", "config rollback")]
    [InlineData("nginx", "nginx reopen")]
    public void A_word_that_starts_several_verbs_lists_them(string word, string listed)
    {
        var alone = NativeBinary.Run(word);
        var help = NativeBinary.Run("help", word);

        Assert.Equal(2, alone.ExitCode); // no verb was given
        Assert.Contains($"  {listed} ", alone.Output);
        Assert.Equal(0, help.ExitCode);
        Assert.Equal(alone.Output, help.Output);
        FitsTheConsole(help.Output);
    }

    [Fact]
    public void Help_for_an_unknown_command_says_so_and_exits_2()
    {
        var result = NativeBinary.Run("help", "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no command 'frobnicate'", result.Errors);
    }
}
