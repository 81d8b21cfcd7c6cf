using System.Diagnostics;
using System.Text;
using Appliance.ConsoleUi.Tests.Support;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.ConsoleUi.Tests.Pty;

public sealed class PasswordGateTests(ITestOutputHelper output) : ConsoleLabTest(output, boxes: 1)
{
    private const string Password = "s3cret-pw";

    [RootFact]
    public void A_password_set_at_the_console_is_stored_hashed_and_then_guards_it()
    {
        Start(B1, 150);
        WaitForState(B1, "master", TimeSpan.FromSeconds(15));
        var first = OpenConsole(B1);
        first.WaitFor("Choice:");
        first.Enter("9");
        first.WaitFor("New console password:");
        first.Enter(Password);
        first.WaitFor("The same again:");
        first.Enter(Password);
        first.WaitFor("Apply [c/n/l/d] (Enter: n):");
        Assert.Contains("[system] console_password: (not set) -> (hidden)", first.Screen, StringComparison.Ordinal);
        first.Enter();
        first.WaitFor("Committed.");

        var file = File.ReadAllText(B1.ConfigPath);
        Assert.Contains("console_password = pbkdf2-sha256$600000$", file, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, file, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, Encoding.ASCII.GetString(first.Raw), StringComparison.Ordinal);

        first.Enter("q");
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(5)), "the console did not exit after q");
        Assert.Equal(0, first.ExitCode);

        var second = OpenConsole(B1);
        second.WaitFor("Password:");
        Assert.DoesNotContain("Show status", second.Screen, StringComparison.Ordinal);

        second.Enter("wrong");
        second.WaitFor("Wrong password. Wait 1 s.");

        // Typed during the delay: dropped, so guesses cannot be queued up.
        second.Enter(Password);
        second.WaitUntil(() => second.Line(23) == "Password:", "the password prompt again");
        Thread.Sleep(700);
        Assert.DoesNotContain("Show status", second.Screen, StringComparison.Ordinal);

        second.Enter("wrong again");
        second.WaitFor("Wrong password. Wait 2 s.");
        var delay = Stopwatch.StartNew();
        second.WaitUntil(() => second.Line(23) == "Password:", "the password prompt again");
        Assert.True(delay.Elapsed >= TimeSpan.FromSeconds(1.7), $"the second delay lasted {delay.Elapsed.TotalSeconds:0.00} s");

        second.Enter(Password);
        second.WaitFor("1) Show status");
        Assert.DoesNotContain(Password, Encoding.ASCII.GetString(second.Raw), StringComparison.Ordinal);

        // And cleared again through the command line.
        second.Enter("password clear");
        second.WaitFor("Remove the console password? [y/N]:");
        second.Enter("y");
        second.WaitFor("Apply [c/n/l/d] (Enter: n):");
        second.Enter("n");
        second.WaitFor("Committed.");
        Assert.DoesNotContain("pbkdf2", File.ReadAllText(B1.ConfigPath), StringComparison.Ordinal);
    }
}
