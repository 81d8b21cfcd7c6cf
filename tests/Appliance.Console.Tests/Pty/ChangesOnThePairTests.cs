using System.Diagnostics;
using Appliance.ConsoleUi.Tests.Support;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.ConsoleUi.Tests.Pty;

/// <summary>A person at the console of a lab box changes the pair's behaviour; the pair shows it.</summary>
public sealed class ChangesOnThePairTests(ITestOutputHelper output) : ConsoleLabTest(output)
{
    [RootFact]
    public void Priority_raised_through_the_menu_on_the_backup_moves_the_VIP_and_y_keeps_it()
    {
        StartPair(150, 100);
        var console = OpenConsole(B2);
        console.WaitFor("Choice:");
        console.WaitFor("web      BACKUP   vrid 51  prio 100");

        console.Enter("4");
        console.WaitFor("Field [1-8, l: list, Enter: done]:");
        console.Enter("2");
        console.WaitFor("priority [100]:");
        console.Enter("200");
        console.WaitFor("priority = 200");
        console.Enter();
        console.WaitFor("Apply [c/n/l/d] (Enter: c):");
        Assert.Contains("[vrrp:web] priority: 100 -> 200", console.Screen, StringComparison.Ordinal);
        Assert.Equal(100, Priority(B2));

        console.Enter();
        console.WaitFor("Committed. It rolls back in 120 s unless confirmed");
        console.WaitFor("UNCONFIRMED CHANGE: rolls back in");
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(10));
        console.WaitFor("web      MASTER   vrid 51  prio 200");

        console.Enter("y");
        console.WaitFor("Confirmed: the new configuration stays.");
        console.WaitUntil(() => !console.Screen.Contains("UNCONFIRMED", StringComparison.Ordinal), "the countdown gone from the header");
        Assert.Equal(200, Priority(B2));
        Assert.Contains("priority = 200", File.ReadAllText(B2.ConfigPath), StringComparison.Ordinal);
        Assert.True(B2.Has(Lan.Vip4));
        Assert.Empty(console.UnknownSequences);
    }

    [RootFact]
    public void Commit_confirmed_that_nobody_confirms_brings_the_old_configuration_back()
    {
        StartPair(150, 100);
        var console = OpenConsole(B2);
        console.WaitFor("Choice:");
        console.Enter("c");
        console.WaitFor("b2>");
        console.Enter("set vrrp web priority 200");
        console.WaitFor("[vrrp:web] priority: 100 -> 200");
        console.Enter("commit confirmed 10");
        console.WaitFor("Committed. It rolls back in 10 s unless confirmed");
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(10));
        Assert.Contains("priority = 200", File.ReadAllText(B2.ConfigPath), StringComparison.Ordinal);

        console.WaitFor("was not confirmed in time", TimeSpan.FromSeconds(20));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(10));
        Assert.Equal(100, Priority(B2));
        Assert.Contains("priority = 100", File.ReadAllText(B2.ConfigPath), StringComparison.Ordinal);
        Assert.DoesNotContain("UNCONFIRMED", console.Screen, StringComparison.Ordinal);
    }

    [RootFact]
    public void A_failover_from_the_master_console_hands_the_VIP_over()
    {
        StartPair(150, 100);
        var console = OpenConsole(B1);
        console.WaitFor("Choice:");
        console.Enter("6");
        console.WaitFor("Hold back for how many seconds [300]:");
        console.Enter("30");
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(10));
        console.WaitFor("web handed over");
        console.WaitFor("web      BACKUP");
    }

    [RootFact]
    public void Ping_and_HTTP_reach_the_other_box_from_the_console()
    {
        StartPair(150, 100);
        B2.StartNginx();
        var console = OpenConsole(B1);
        console.WaitFor("Choice:");
        console.Enter("8");
        console.WaitFor("Address to reach (IPv4 or IPv6):");
        console.Enter("192.0.2.12");
        console.WaitForPrinted("bytes from 192.0.2.12");
        console.WaitForPrinted("3 requests, 3 answered", TimeSpan.FromSeconds(20));
        console.WaitFor("Choice:");
    }

    [RootFact]
    public void The_log_and_the_status_are_one_key_away()
    {
        StartPair(150, 100);
        var console = OpenConsole(B1);
        console.WaitFor("Choice:");
        console.Enter("1");
        console.WaitFor("adverts rx");
        console.Enter("7");
        console.WaitFor("(show log N for more)", TimeSpan.FromSeconds(5));
    }
}
