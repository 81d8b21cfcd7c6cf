using System.Diagnostics;
using Appliance.ConsoleUi.Tests.Support;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.ConsoleUi.Tests.Pty;

/// <summary>
/// A terminal that stops reading (XOFF, a hung terminal server) or reads at 9600 baud: the console goes on working,
/// never waits on the line, and the screen ends right once the line catches up.
/// </summary>
public sealed class SlowLineTests(ITestOutputHelper output) : ConsoleLabTest(output, boxes: 1)
{
    [RootFact]
    public void A_terminal_that_stops_reading_does_not_stop_the_console()
    {
        Start(B1, 150);
        WaitForState(B1, "master", TimeSpan.FromSeconds(15));
        var console = OpenConsole(B1);
        console.WaitFor("Choice:");

        console.PauseReading();
        for (var i = 0; i < 40; i++)
        {
            // Help and a full repaint each time: far more than the pty holds.
            console.Enter("help");
            console.Send(0x0c);
        }

        // The console still does what it is told while nobody reads what it writes.
        console.Enter("set vrrp web priority 120");
        console.Enter("commit now");
        var watch = Stopwatch.StartNew();
        while (Priority(B1) != 120 && watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            Thread.Sleep(50);
        }

        Assert.Equal(120, Priority(B1));
        Thread.Sleep(2000);
        Assert.False(console.HasExited);

        console.ResumeReading();
        console.WaitFor("Committed.");
        console.WaitFor("prio 120");
        console.WaitUntil(() => console.Line(23) == "Choice:", "the menu prompt on the bottom row");
        Assert.Empty(console.UnknownSequences);
    }

    [RootFact]
    public void At_9600_baud_the_screen_keeps_up_and_an_idle_screen_costs_next_to_nothing()
    {
        Start(B1, 150);
        WaitForState(B1, "master", TimeSpan.FromSeconds(15));
        var console = OpenConsole(B1);
        console.Throttle(960);
        var watch = Stopwatch.StartNew();
        console.WaitFor("Choice:", TimeSpan.FromSeconds(20));
        var firstScreen = watch.Elapsed;

        var before = console.BytesReceived;
        Thread.Sleep(5000);
        var idle = console.BytesReceived - before;

        // A typed character costs the character: the cursor is already there.
        before = console.BytesReceived;
        console.Type("1");
        console.WaitUntil(() => console.Line(23) == "Choice: 1", "the echo");
        Thread.Sleep(300);
        var echo = console.BytesReceived - before;

        watch.Restart();
        console.Enter();
        console.WaitFor("adverts rx", TimeSpan.FromSeconds(20));
        console.WaitUntil(() => console.Line(23) == "Choice:", "the prompt after the status");
        var status = watch.Elapsed;

        Output.WriteLine($"first screen {firstScreen.TotalSeconds:0.0} s, idle {idle} bytes in 5 s, echo {echo} bytes, status shown in {status.TotalSeconds:0.0} s");
        Assert.True(idle < 100, $"{idle} bytes in 5 idle seconds");
        Assert.True(echo <= 2, $"{echo} bytes to echo one character");
        Assert.True(status < TimeSpan.FromSeconds(8), $"the status took {status.TotalSeconds:0.0} s at 9600 baud");
        Assert.Empty(console.UnknownSequences);
    }
}
