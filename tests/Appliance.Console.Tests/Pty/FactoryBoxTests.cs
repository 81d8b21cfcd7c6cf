using Appliance.Config;
using Appliance.ConsoleUi.Tests.Support;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.ConsoleUi.Tests.Pty;

/// <summary>
/// The "done when": a person at a terminal takes a factory-default box to a working member of a VRRP pair
/// without editing a file. The run is kept as text (the recorded session in docs/console.md comes from here): set
/// APPLIANCE_CONSOLE_RECORDING to a directory to get it written there.
/// </summary>
public sealed class FactoryBoxTests(ITestOutputHelper output) : ConsoleLabTest(output)
{
    [RootFact]
    public void A_factory_default_box_becomes_the_backup_of_a_pair_through_the_console_alone()
    {
        // The configured box of the pair.
        B1.StartAppliance(Ini(B1, 150, [B2], document => document.Set("vrrp:web", "advert_interval", "1s")));
        WaitForState(B1, "master", TimeSpan.FromSeconds(15));

        // A box straight from the factory. Only what a lab needs is different: the state directory and nginx's
        // files are the lab's, and the supervisor leaves the namespace's addresses alone (manage = false; the
        // lab already gave eth0 its address, so the wrong factory address does no harm until it is corrected).
        var factory = ConfigDocument.Parse(FactoryDefaults.Text);
        factory.Set("system", "state_dir", B2.StateDirectory);
        factory.Set("interface:eth0", "manage", "false");
        factory.Set("nginx", "config", NginxSite.Write(B2));
        factory.Set("log", "syslog", "");
        B2.StartAppliance(factory.ToString());

        var console = OpenConsole(B2, term: "dumb");
        console.WaitForPrinted("Choice:");

        console.Enter("2");
        console.WaitForPrinted("Hostname [appliance]:");
        console.Enter("edge-b");
        console.WaitForPrinted("Apply [c/n/l/d] (Enter: n):");
        console.Enter();
        console.WaitForPrinted("Committed.");

        console.Enter("3");
        console.WaitForPrinted("eth0 address [192.0.2.11/24]:");
        console.Enter("192.0.2.12/24");
        console.WaitForPrinted("IPv4 gateway, - for none [192.0.2.1]:");
        console.Enter();

        // Only in the lab: the factory's "manage = true" was turned off above, and the console notices.
        console.WaitForPrinted("Let the appliance manage eth0? [y/N]:");
        console.Enter("n");
        console.WaitForPrinted("Apply [c/n/l/d] (Enter: c):");
        console.Enter();
        console.WaitForPrinted("Committed. It rolls back in 120 s unless confirmed");
        console.Enter("y");
        console.WaitForPrinted("Confirmed: the new configuration stays.");

        console.Enter("4");
        console.WaitForPrinted("Field [1-8, l: list, Enter: done]:");
        console.Enter("2");
        console.WaitForPrinted("priority [100]:");
        console.Enter("90");
        console.WaitForPrinted("priority = 90");
        console.Enter();
        console.WaitForPrinted("Apply [c/n/l/d] (Enter: c):");
        console.Enter();
        console.WaitForPrinted("vrrp web: applied live");
        console.Enter("y");
        console.WaitForPrinted("Confirmed: the new configuration stays.", TimeSpan.FromSeconds(20));

        console.Enter("9");
        console.WaitForPrinted("New console password:");
        console.Enter("edge-b-console");
        console.WaitForPrinted("The same again:");
        console.Enter("edge-b-console");
        console.WaitForPrinted("Apply [c/n/l/d] (Enter: n):");
        console.Enter();
        console.WaitForPrinted("Committed.\n  [system] console_password: \"\" -> (hidden)");

        WaitForState(B2, "backup", TimeSpan.FromSeconds(15));
        console.Enter("1");
        console.WaitForPrinted("BACKUP    vrid 51 on eth0 v3  prio 90");

        // The pair works: the master goes, the new member takes the address.
        B1.Appliance!.Signal(Signals.SIGTERM);
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(10));
        console.Enter("1");
        console.WaitForPrinted("MASTER    vrid 51 on eth0 v3  prio 90", TimeSpan.FromSeconds(10));
        console.Enter("q");
        console.WaitForPrinted("Logged out.");

        var file = File.ReadAllText(B2.ConfigPath);
        Assert.Contains("hostname = edge-b", file, StringComparison.Ordinal);
        Assert.Contains("address = 192.0.2.12/24", file, StringComparison.Ordinal);
        Assert.Contains("priority = 90", file, StringComparison.Ordinal);
        Assert.Contains("console_password = pbkdf2-sha256$", file, StringComparison.Ordinal);
        Assert.DoesNotContain((byte)0x1b, console.Raw);

        // The same box on a full screen, behind its new password.
        var screen = OpenConsole(B2);
        screen.WaitFor("Password:");
        screen.Enter("edge-b-console");
        screen.WaitFor("Choice:");
        screen.WaitFor("MASTER");
        Keep("console-session.txt", console.Paper);
        Keep("console-screen.txt", screen.Screen);
    }

    private void Keep(string name, string text)
    {
        File.WriteAllText(Path.Combine(B2.Directory, name), text + "\n");
        if (Environment.GetEnvironmentVariable("APPLIANCE_CONSOLE_RECORDING") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, name), text + "\n");
        }

        Output.WriteLine($"--- {name} ---\n{text}");
    }
}
