using Appliance.ConsoleUi.Tests.Support;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.ConsoleUi.Tests.Pty;

/// <summary>
/// Every prompt gets what a noisy line or a careless hand sends: garbage, a line far too long, control characters
/// and stray escape sequences, ^C and ^D. The console must explain, stay up, and change nothing.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : ConsoleLabTest(output, boxes: 1)
{
    /// <summary>How to reach each prompt from the menu, what the prompt says, a wrong answer, and what that earns.</summary>
    public static TheoryData<string[], string, string, string> Prompts => new()
    {
        { [], "Choice:", "zz%$#!", "'zz%$#!' is not a choice" },
        { ["2"], "Hostname [b1]:", "zz%$#!", "a hostname uses only letters, digits and '-'" },
        { ["3"], "eth0 address [", "zz%$#!", "[interface:eth0] address = zz%$#!:" },
        { ["3", ""], "IPv4 gateway", "zz%$#!", "[interface:eth0] gateway = zz%$#!:" },
        { ["4"], "Field [1-8", "zz", "type a field number 1-8" },
        { ["4", "2"], "priority [", "zz%$#!", "[vrrp:web] priority = zz%$#!:" },
        { ["4", "4"], "advert_interval [", "-5s", "[vrrp:web] advert_interval = -5s:" },
        { ["4", "5"], "preempt [", "perhaps", "[vrrp:web] preempt = perhaps:" },
        { ["4", "7"], "Tracked object", "a:b", "track nginx or an interface name" },
        { ["4", "7", ""], "track nginx [", "sometimes", "[vrrp:web:track] nginx = sometimes:" },
        { ["5"], "nginx: reload", "stop", "answer reload or restart" },
        { ["6"], "Hold back for how many seconds", "soon", "a whole number of seconds" },
        { ["8"], "Address to reach", "example.com", "is not an IPv4 or IPv6 address" },
        { ["9"], "New console password:", "zz", "too short: at least 8 characters" },
        { ["10"], "Type the hostname (b1)", "B1", "That is not the hostname: nothing was reset." },
        { ["11"], "Reboot the box now? Type yes:", "y", "Not done" },
        { ["12"], "Power off the box now? Type yes:", "YES", "Not done" },
        { ["c"], "b1>", "zz%$#!", "unknown command 'zz%$#!'" },
    };

    private ConsoleDriver Ready()
    {
        Start(B1, 150);
        WaitForState(B1, "master", TimeSpan.FromSeconds(15));
        var console = OpenConsole(B1);
        console.WaitFor("Choice:");
        return console;
    }

    private static void Reach(ConsoleDriver console, string[] path, string prompt)
    {
        foreach (var step in path)
        {
            console.Enter(step);
            Thread.Sleep(50);
        }

        console.WaitUntil(() => console.Line(23).StartsWith(prompt, StringComparison.Ordinal), $"the prompt '{prompt}'");
    }

    [RootTheory]
    [MemberData(nameof(Prompts))]
    public void Garbage_noise_overlong_lines_and_control_C_change_nothing(string[] path, string prompt, string garbage, string complaint)
    {
        var console = Ready();
        var before = File.ReadAllText(B1.ConfigPath);

        // A wrong answer: the prompt's own complaint.
        Reach(console, path, prompt);
        console.Enter(garbage);
        console.WaitForPrinted(complaint);
        Home(console);

        // Noise: control characters, a BREAK's NUL, stray and overlong escape sequences, broken UTF-8.
        Reach(console, path, prompt);
        console.Send(0x00, 0x01, 0x02, 0x06, 0x0b, 0x0e, 0x10, 0x1c, 0x1d, 0x1e, 0x1f);
        console.Send([0x1b, (byte)'[', .. "9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9;9X"u8]);
        console.Send([0x1b, (byte)']', .. "0;title"u8, 0x07]);
        console.Send(0xff, 0xfe, 0xc3, 0x28, 0x9b, 0x41);

        // A line far longer than any field: refused past the limit, with a notice, and the row stays one row.
        console.Type(new string('x', 600));
        console.WaitForPrinted("characters here)");
        Assert.True(console.Line(23).Length < 80);
        Home(console);

        // ^D backs out of a question as ^C does.
        if (path.Length > 0)
        {
            Reach(console, path, prompt);
            console.Send(0x15);
            for (var i = 0; i < 4 && console.Line(23) is not ("Choice:" or "b1>"); i++)
            {
                console.Send(0x04);
                Thread.Sleep(150);
            }

            console.WaitUntil(() => console.Line(23) is "Choice:" or "b1>", "back after ^D");
        }

        Assert.False(console.HasExited, "the console died");
        Assert.Null(Staged(B1));
        Assert.Equal(before, File.ReadAllText(B1.ConfigPath));
        Assert.Empty(console.UnknownSequences);
    }

    /// <summary>^C until the menu (or the command line) asks again.</summary>
    private static void Home(ConsoleDriver console)
    {
        for (var i = 0; i < 4 && console.Line(23) is not ("Choice:" or "b1>"); i++)
        {
            console.Send(0x03);
            Thread.Sleep(100);
        }

        console.WaitUntil(() => console.Line(23) is "Choice:" or "b1>", "back at the menu or the command line");
    }

    [RootFact]
    public void Pulling_the_cable_mid_line_ends_the_console_cleanly_with_nothing_staged()
    {
        var console = Ready();
        console.Enter("4");
        console.WaitFor("Field [1-8");
        console.Enter("2");
        console.WaitFor("priority [");
        console.Type("25");
        Thread.Sleep(200);
        console.HangUp();
        Assert.True(console.WaitForExit(TimeSpan.FromSeconds(5)), "the console did not notice the hangup");
        Assert.Equal(0, console.ExitCode);
        Assert.Contains("hung up", console.Process.Log(), StringComparison.Ordinal);
        Assert.Null(Staged(B1));
    }

    [RootFact]
    public void Control_D_at_the_menu_logs_out()
    {
        var console = Ready();
        console.Send(0x04);
        Assert.True(console.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, console.ExitCode);
        Assert.True(console.Printed("Logged out."), console.Screen);
    }
}
