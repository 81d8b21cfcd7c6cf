using System.Text;
using Appliance.ConsoleUi.Tests.Support;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.ConsoleUi.Tests.Pty;

public sealed class TerminalModesTests(ITestOutputHelper output) : ConsoleLabTest(output, boxes: 1)
{
    private void StartBox(bool shell = false)
    {
        Start(B1, 150, document =>
        {
            if (shell)
            {
                document.Set("system", "shell", "true");
            }
        });
        WaitForState(B1, "master", TimeSpan.FromSeconds(15));
    }

    [RootFact]
    public void A_dumb_terminal_gets_plain_lines_without_a_single_escape_sequence()
    {
        StartBox();
        var console = OpenConsole(B1, term: "dumb");
        console.WaitForPrinted("Choice:");
        console.Enter("c");
        console.WaitForPrinted("b1>");
        console.Enter("set system hostname edge-a");
        console.WaitForPrinted("[system] hostname: b1 -> edge-a");
        console.Enter("commit");
        console.WaitForPrinted("Committed.");
        Assert.Contains("hostname = edge-a", File.ReadAllText(B1.ConfigPath), StringComparison.Ordinal);
        Assert.DoesNotContain((byte)0x1b, console.Raw);
        Assert.Contains("b1> set system hostname edge-a", console.Paper, StringComparison.Ordinal);
    }

    [RootFact]
    public void Resizing_the_window_redraws_for_the_new_size()
    {
        StartBox();
        var console = OpenConsole(B1, columns: 120, rows: 40, ptySize: (80, 24));
        console.WaitFor("Choice:");
        Assert.Equal(new string('-', 79), console.Line(3));
        console.Resize(120, 40);
        console.WaitUntil(() => console.Line(3) == new string('-', 119), "a rule 119 wide");
        console.WaitUntil(() => console.Line(39) == "Choice:", "the prompt on row 40");
    }

    [RootFact]
    public void A_serial_line_without_a_size_is_measured_by_asking_the_terminal()
    {
        StartBox();
        var console = OpenConsole(B1, columns: 100, rows: 30, ptySize: (0, 0));
        console.WaitUntil(() => console.Line(29) == "Choice:", "the prompt on row 30");
        Assert.Equal(new string('-', 99), console.Line(3));
        Assert.Empty(console.UnknownSequences);
    }

    [RootFact]
    public void The_shell_is_there_only_when_enabled_and_gives_the_console_back()
    {
        StartBox(shell: true);
        var console = OpenConsole(B1);
        console.WaitFor("13) Shell");
        console.Enter("13");
        console.WaitForPrinted("A shell; type exit to come back to the console.");
        Thread.Sleep(500);
        console.Type("echo hello-$((6*7))\r");
        console.WaitUntil(() => Encoding.ASCII.GetString(console.Raw).Contains("\nhello-42", StringComparison.Ordinal), "the shell's answer");
        console.Type("exit\r");
        console.WaitFor("(back from the shell)");
        console.WaitUntil(() => console.Line(23) == "Choice:", "the menu prompt again");
        Assert.False(console.HasExited);
    }

    [RootFact]
    public void Without_shell_enabled_the_menu_has_no_shell()
    {
        StartBox();
        var console = OpenConsole(B1);
        console.WaitFor("Choice:");
        Assert.DoesNotContain("Shell", console.Screen, StringComparison.Ordinal);
        console.Enter("13");
        console.WaitFor("The shell is not enabled on this box");
    }
}
